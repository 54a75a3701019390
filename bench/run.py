"""`make bench`: print the figures of BENCHMARKS.md and write bench/results.json.

    python -m bench.run                 # N = 200 documents
    python -m bench.run --n 5 --validation-rows 4000   # the smoke run of `make test`
    python -m bench.run --only ingest                  # ingest alone: .txt, .docx and .pdf, --jobs 1 and 2
    python -m bench.run --only pdf                     # .pdf ingest beside pdfplumber's and pypdfium2's passes
    python -m bench.run --only reference               # .txt ingest beside the checkout bench/reference.py names

Every baseline is measured in the same run, on the same machine, as what it is compared with.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from bench import attacks, corpus, pdf_speed, reference, stages, validation  # noqa: E402
from bench.measure import mstrack  # noqa: E402

PARTS = ("startup", "ingest", "reference", "pdf", "memory", "attacks", "stages", "validation")
GOALS = {
    "help_s": ("mstrack --help wall time", "<=", 0.3),
    "txt_docs_per_s_1": (".txt ingest on one core, documents/s", ">=", 50),
    "validation_speedup": ("validate rows/s over the per-row jsonschema loop", ">=", 20),
    "memory_ratio_4n": ("peak RSS at 4N over that at N", "<=", 1.5),
    "jobs2_speedup": ("--jobs 2 over serial, .txt", ">=", 1.6),
    "pdf_ratio_to_pdfplumber": (".pdf ingest time over pdfplumber's page.chars pass, same files", "<=", 1.5),
    "txt_cpu_vs_reference": (f".txt ingest CPU over that of {reference.REFERENCE}", "<=", 1.1),
}


def machine() -> dict:
    cpu = platform.processor()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {"nproc": os.cpu_count(), "cpu": cpu, "python": platform.python_version(), "platform": platform.platform()}


def ingest_figures(folder: Path, paths: list[Path], jobs: int, work: Path) -> dict:
    out = work / f"out-{folder.name}-{jobs}"
    run = mstrack("ingest", folder, "--out", out, "--rebuild", "--quiet", "--jobs", jobs)
    if run.returncode != 0:
        raise SystemExit(f"ingest of {folder} failed ({run.returncode}): {run.stdout}")
    size = corpus.size_of(paths)
    shutil.rmtree(out, ignore_errors=True)
    return {
        "documents": len(paths),
        "jobs": jobs,
        "seconds": round(run.seconds, 3),
        "docs_per_s": round(len(paths) / run.seconds, 2),
        "cpu_seconds": round(run.cpu_seconds, 3),
        "mb_per_s": round(size / 1e6 / run.seconds, 3),
        "peak_rss_mb": round(run.peak_rss_mb, 1),
    }


def startup(tries: int = 5) -> dict:
    times = []
    for _ in range(tries):
        times.append(mstrack("--help").seconds)
    import subprocess

    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    imports = subprocess.run([sys.executable, "-X", "importtime", "-m", "mstrack", "--help"], env=env, capture_output=True, text=True).stderr
    heavy = sorted({name for name in ("pandas", "pyarrow", "opencc", "numpy", "jsonschema") if f"| {name}\n" in imports or f"|   {name}\n" in imports or f" {name}\n" in imports})
    return {"help_s": round(min(times), 3), "help_s_median": round(sorted(times)[len(times) // 2], 3), "heavy_imports": heavy}


def _at_least_one(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {value}")
    return value


def arguments() -> argparse.ArgumentParser:
    """The options; the examples of the module's docstring are parsed with them in the tests."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=_at_least_one, default=200, help="documents in the .txt corpus (docx N/10, pdf N/20, at least 1)")
    parser.add_argument("--validation-rows", type=_at_least_one, default=1_000_000, help="rows of the generated targets table")
    parser.add_argument("--jsonschema-budget", type=float, default=180.0, help="seconds the per-row baseline may take before it runs on a sample")
    parser.add_argument("--attacks-scale", type=float, default=1.0, help="size of the expanding inputs, as a fraction of the full cases")
    parser.add_argument("--results", type=Path, default=ROOT / "bench" / "results.json")
    parser.add_argument(
        "--only", choices=PARTS, action="append",
        help="run only this part (repeatable); memory runs the .txt ingest with --jobs 2 at N and 4N and nothing else",
    )
    return parser


def main(argv: list[str] | None = None) -> dict:
    args = arguments().parse_args(argv)
    parts = set(args.only or PARTS)
    n = args.n
    results: dict = {"machine": machine(), "n": n}
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="mstrack-bench-") as tmp:
        work = Path(tmp)
        txt = corpus.txt_corpus(work / "txt", n)
        if "ingest" in parts:
            docx = corpus.docx_corpus(work / "docx", max(1, n // 10))
            pdf = corpus.pdf_corpus(work / "pdf", max(1, n // 20))
        if "startup" in parts:
            results["startup"] = startup(5 if n >= 50 else 2)

        ingest = {}
        if "ingest" in parts:
            # An untimed run first: a fresh install compiles every module to bytecode on its first
            # import, which would be charged to whichever figure came first (23.6 vs 32.3 docs/s seen).
            warm = work / "warm"
            warm.mkdir()
            shutil.copy(txt[0], warm / txt[0].name)
            ingest_figures(warm, [warm / txt[0].name], 1, work)
            for name, paths in (("txt", txt), ("docx", docx), ("pdf", pdf)):
                for jobs in (1, 2):
                    ingest[f"{name}_jobs{jobs}"] = ingest_figures(work / name, paths, jobs, work)
            results["ingest"] = ingest

        if "reference" in parts:
            results["reference"] = reference.measure(work / "txt", len(txt), work, tries=5 if n >= 50 else 1)

        if "pdf" in parts:
            pdfs = sorted(corpus.NATIVE.glob("*.pdf"))
            results["pdf"] = pdf_speed.measure(pdfs if n >= 50 else pdfs[:1], tries=3 if n >= 50 else 1)

        if "memory" in parts:
            # Memory: the main process's own peak at N and 4N documents (with --jobs 2, which keeps
            # the 4N run short; the rows of every document come back to the main process either way).
            at_n = ingest.get("txt_jobs2") or ingest_figures(work / "txt", txt, 2, work)
            txt4 = corpus.txt_corpus(work / "txt4n", 4 * n, seed=1)
            at_4n = ingest_figures(work / "txt4n", txt4, 2, work)
            results["memory"] = {
                "n": n,
                "peak_rss_mb_n": at_n["peak_rss_mb"],
                "peak_rss_mb_4n": at_4n["peak_rss_mb"],
                "ratio_4n": round(at_4n["peak_rss_mb"] / at_n["peak_rss_mb"], 2),
                "seconds_n": at_n["seconds"],
                "seconds_4n": at_4n["seconds"],
            }
        if "attacks" in parts:
            # Files small on disk that expand in memory; each must be stopped by a limit, its peak
            # RSS that of an ingest of one document. Full size whatever N (the cases as reported).
            results["attacks"] = attacks.measure(args.attacks_scale)
        if "stages" in parts:
            sample = work / "profile"
            for path in txt[: min(len(txt), 25)]:
                sample.mkdir(exist_ok=True)
                shutil.copy(path, sample / path.name)
            own = stages.profile_ingest(sample)
            total = sum(own.values())
            results["stages"] = {stage: {"seconds": round(s, 3), "share": round(s / total, 3)} for stage, s in own.items()}
            texts = [p.read_bytes() for p in txt[:5]]
            from mstrack.decode import decode

            results["conversion"] = {k: round(v, 3) if isinstance(v, float) else v for k, v in stages.conversion_seconds([decode(t).text for t in texts]).items()}

        if "validation" in parts:
            tables = work / "validation"
            seeded = validation.make_tables(tables, args.validation_rows)
            rows = sum(__import__("pyarrow.parquet").parquet.read_metadata(tables / f"{t}.parquet").num_rows for t in ("documents", "projects", "targets"))
            cli = mstrack("validate", tables)
            ours, ours_s = validation.vectorised_verdict(tables)
            baseline = validation.jsonschema_verdict(tables, args.jsonschema_budget)
            ours_in_sample = [i for i in ours if i < baseline["rows"]]
            results["validation"] = {
                "targets_rows": args.validation_rows,
                "rows_all_tables": rows,
                "mstrack_validate_s": round(cli.seconds, 3),
                "mstrack_validate_exit": cli.returncode,
                "mstrack_rows_per_s": round(rows / cli.seconds),
                "invalid_rows_s": round(ours_s, 3),
                "jsonschema_rows": baseline["rows"],
                "jsonschema_all_rows": baseline["all_rows"],
                "jsonschema_s": round(baseline["seconds"], 3),
                "jsonschema_rows_per_s": round(baseline["rows"] / baseline["seconds"]),
                "seeded_invalid_rows": len(seeded),
                "mstrack_invalid_rows": len(ours),
                "jsonschema_invalid_rows": len(baseline["invalid"]),
                "verdicts_agree": ours_in_sample == baseline["invalid"] and ours == seeded,
            }
            results["validation"]["speedup"] = round(results["validation"]["mstrack_rows_per_s"] / results["validation"]["jsonschema_rows_per_s"], 1)
    results["goals"] = goals(results)
    results["bench_seconds"] = round(time.perf_counter() - started, 1)
    args.results.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(table(results))
    return results


def goals(results: dict) -> dict:
    """The goals whose figures this run measured (all of them unless --only)."""
    got = {}
    if "startup" in results:
        got["help_s"] = results["startup"]["help_s"]
    if "ingest" in results:
        ingest = results["ingest"]
        got["txt_docs_per_s_1"] = ingest["txt_jobs1"]["docs_per_s"]
        got["jobs2_speedup"] = round(ingest["txt_jobs2"]["docs_per_s"] / ingest["txt_jobs1"]["docs_per_s"], 2)
    if "cpu_ratio" in results.get("reference", {}):
        got["txt_cpu_vs_reference"] = results["reference"]["cpu_ratio"]
    if "pdf" in results:
        got["pdf_ratio_to_pdfplumber"] = results["pdf"]["ratio_to_pdfplumber"]
    if "validation" in results:
        got["validation_speedup"] = results["validation"]["speedup"]
    if "memory" in results:
        got["memory_ratio_4n"] = results["memory"]["ratio_4n"]
    out = {}
    for key, (what, op, goal) in GOALS.items():
        if key not in got:
            continue
        value = got[key]
        met = value <= goal if op == "<=" else value >= goal
        # How far off: the factor by which the figure must improve to meet the goal.
        off = 1.0 if met else round(value / goal if op == "<=" else goal / value, 2)
        out[key] = {"what": what, "goal": f"{op} {goal}", "value": value, "met": met, "short_by_factor": off}
    return out


def table(results: dict) -> str:
    m = results["machine"]
    lines = [f"mstrack bench, N = {results['n']} on {m['nproc']} × {m['cpu']}, Python {m['python']}"]
    if "ingest" in results:
        lines += ["", f"{'ingest':<14}{'docs':>6}{'jobs':>6}{'s':>9}{'docs/s':>9}{'MB/s':>8}{'peak MB':>9}"]
        for name, r in results["ingest"].items():
            lines.append(f"{name:<14}{r['documents']:>6}{r['jobs']:>6}{r['seconds']:>9.2f}{r['docs_per_s']:>9.2f}{r['mb_per_s']:>8.3f}{r['peak_rss_mb']:>9.1f}")
    if "reference" in results:
        lines += reference.lines(results["reference"])
    if "pdf" in results:
        lines += pdf_speed.lines(results["pdf"])
    if "memory" in results:
        mem = results["memory"]
        lines += [
            "",
            f"memory (main process, --jobs 2): {mem['peak_rss_mb_n']:.0f} MB at N ({mem['seconds_n']:.1f} s), "
            f"{mem['peak_rss_mb_4n']:.0f} MB at 4N ({mem['seconds_4n']:.1f} s): {mem['ratio_4n']}×",
        ]
    if "attacks" in results:
        lines += ["", "inputs that expand in memory (one document each, python -m bench.attacks):"]
        for name, r in results["attacks"].items():
            lines.append(f"  {name:<14}{r['mb']:>8.2f} MB on disk {r['peak_rss_mb']:>8.1f} MB peak RSS  {r['verdict']}")
    if "stages" in results:
        lines += ["", "where ingest's own time goes (cProfile, 25 .txt documents):"]
        for stage, s in results["stages"].items():
            lines.append(f"  {stage:<40}{s['seconds']:>8.3f} s {s['share'] * 100:>5.1f}%")
        c = results["conversion"]
        lines.append(f"  conversion of {c['lines']} lines: to_simplified {c['to_simplified_s']} s, opencc-python-reimplemented {c['opencc_python_reimplemented_s']} s")
    if "validation" in results:
        v = results["validation"]
        sample = "all rows" if v["jsonschema_all_rows"] else f"a SAMPLE of {v['jsonschema_rows']} rows (all would exceed the budget)"
        lines += [
            "",
            f"validation: {v['rows_all_tables']} rows ({v['targets_rows']} targets) in {v['mstrack_validate_s']} s = {v['mstrack_rows_per_s']} rows/s (mstrack validate, start-up included)",
            f"  per-row jsonschema on {sample}: {v['jsonschema_s']} s = {v['jsonschema_rows_per_s']} rows/s; speed-up {v['speedup']}×",
            f"  verdicts agree: {v['verdicts_agree']} ({v['mstrack_invalid_rows']} invalid rows vs {v['jsonschema_invalid_rows']}, {v['seeded_invalid_rows']} seeded)",
        ]
    if "startup" in results:
        lines += ["", f"start-up: mstrack --help {results['startup']['help_s']} s (best of several); heavy imports at --help: {results['startup']['heavy_imports'] or 'none'}"]
    lines += ["", "goals:"]
    for g in results["goals"].values():
        verdict = "met" if g["met"] else f"MISSED by {g['short_by_factor']}×"
        lines.append(f"  {g['what']:<52} {g['goal']:>8}  got {g['value']:<8} {verdict}")
    lines.append(f"\nbench took {results['bench_seconds']} s; figures in {ROOT / 'bench' / 'results.json'}")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
