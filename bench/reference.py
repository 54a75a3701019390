""".txt ingest beside an earlier checkout of mstrack, on the same corpus in the same run.

The tables-from-any-place work asked that reading every layout cost no more than 10% of the .txt
throughput mstrack had before it was merged: REFERENCE is that checkout. Its sources are taken
from git (`git archive`) into a temporary folder and run with the same Python and packages.

The two are run alternately, `tries` times each. A machine shared with other work drifts in speed
over minutes (single runs of the same code were seen 20% apart), so the figure is the median of
the ratios of each pair, run one after the other; the least CPU time of each is given beside it.
"""

from __future__ import annotations

import io
import statistics
import subprocess
import tarfile
from pathlib import Path

from bench.measure import ROOT, mstrack

# The checkout before the merge of the tables, places, work-report, text, native-format, tracking,
# tools and reliability work (2026-12-03): what "within 10% of the speed won" is measured against.
REFERENCE = "49f8a2b"


def checkout(rev: str, dest: Path) -> str | None:
    """The files of `rev` extracted into `dest` (its sources read data beside them: schemas/ then); the
    reason when they cannot be (no git, a shallow clone)."""
    try:
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", "--format=tar", rev], capture_output=True, timeout=120)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"git is not usable here: {exc}"
    if archive.returncode != 0:
        return f"git has no {rev} here (a shallow clone?): {archive.stderr.decode(errors='replace').strip()}"
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(dest, filter="data")
    return None


def measure(folder: Path, documents: int, work: Path, tries: int, rev: str = REFERENCE) -> dict:
    """CPU and wall time of `mstrack ingest folder` by this checkout and by `rev`, alternated."""
    source = work / f"reference-{rev}"
    missing = checkout(rev, source)
    if missing:
        return {"reference": rev, "skipped": missing}
    runs: dict[str, list] = {"reference": [], "current": []}
    for n in range(tries + 1):  # the first pair untimed: both compile their modules to bytecode then
        for name, env in (("reference", {"PYTHONPATH": str(source / "src")}), ("current", None)):
            out = work / f"reference-out-{name}"
            run = mstrack("ingest", folder, "--out", out, "--rebuild", "--quiet", env=env)
            if run.returncode != 0:
                raise SystemExit(f"{name} ingest of {folder} failed ({run.returncode}): {run.stdout}")
            if n:
                runs[name].append(run)
    best = {name: (min(r.cpu_seconds for r in rs), min(r.seconds for r in rs)) for name, rs in runs.items()}
    pairs = [c.cpu_seconds / r.cpu_seconds for r, c in zip(runs["reference"], runs["current"])]
    return {
        "reference": rev,
        "documents": documents,
        "tries": tries,
        "reference_cpu_s": round(best["reference"][0], 3),
        "current_cpu_s": round(best["current"][0], 3),
        "reference_docs_per_s": round(documents / best["reference"][1], 2),
        "current_docs_per_s": round(documents / best["current"][1], 2),
        "cpu_ratio": round(statistics.median(pairs), 3),
        "cpu_ratio_of_least": round(best["current"][0] / best["reference"][0], 3),
        "cpu_ratios_by_pair": [round(ratio, 3) for ratio in pairs],
    }


def lines(result: dict) -> list[str]:
    if "skipped" in result:
        return ["", f"against {result['reference']}: skipped, {result['skipped']}"]
    return [
        "",
        f".txt ingest against the checkout {result['reference']} ({result['documents']} documents, {result['tries']} alternated pairs):",
        f"  CPU {result['cpu_ratio']}× (median of the pairs {', '.join(map(str, result['cpu_ratios_by_pair']))}); "
        f"least of each {result['current_cpu_s']} s vs {result['reference_cpu_s']} s ({result['cpu_ratio_of_least']}×), "
        f"{result['current_docs_per_s']} vs {result['reference_docs_per_s']} docs/s",
    ]
