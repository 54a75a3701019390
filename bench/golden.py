"""Guard the tables while making ingest faster: dump every table of a few ingests in a canonical form
(all columns, rows sorted) and compare with a dump saved before the change.

    python -m bench.golden save /tmp/golden.json     # before optimising
    python -m bench.golden check /tmp/golden.json    # after each change: exit 1 on any difference

The inputs: data/raw, tests/fixtures/native and a dozen generated .txt variants (bench.corpus, fixed
seed), each ingested on its own with the CLI, so that what is compared is what a user gets.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from bench import corpus  # noqa: E402
from mstrack.schema import TABLES  # noqa: E402


def _canonical(value):
    """A cell as JSON can hold it: dates as ISO text, NaN as a string, lists element-wise."""
    if value is None:
        return None
    if isinstance(value, float) and math.isnan(value):
        return "NaN"
    if isinstance(value, (list, tuple)):
        return [_canonical(v) for v in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def dump_tables(out: Path) -> dict[str, list[str]]:
    import pyarrow.parquet as pq

    dumped = {}
    for table in TABLES:
        rows = pq.read_table(out / f"{table}.parquet").to_pylist()
        dumped[table] = sorted(json.dumps({k: _canonical(v) for k, v in row.items()}, ensure_ascii=False, sort_keys=True) for row in rows)
    return dumped


def ingest(folder: Path, out: Path, cwd: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    # Exit status 1 (some inputs failed) is a result like any other; only a crash is not.
    run = subprocess.run(
        [sys.executable, "-m", "mstrack", "ingest", str(folder), "--out", str(out), "--rebuild", "--quiet"],
        env=env, capture_output=True, text=True, cwd=cwd,
    )
    if run.returncode not in (0, 1):
        raise SystemExit(f"ingest of {folder} failed ({run.returncode}): {run.stderr}")


def collect() -> dict[str, dict[str, list[str]]]:
    with tempfile.TemporaryDirectory(prefix="mstrack-golden-") as tmp:
        work = Path(tmp)
        variants = work / "variants"
        corpus.txt_corpus(variants, 12, seed=7)
        # Paths relative to where ingest runs, so that source_path (and the ids made from it) do not
        # depend on the temporary folder.
        inputs = {"raw": (ROOT, "data/raw"), "native": (ROOT, "tests/fixtures/native"), "variants": (work, "variants")}
        dumps = {}
        for name, (cwd, folder) in inputs.items():
            out = work / f"out-{name}"
            ingest(Path(folder), out, cwd)
            dumps[name] = dump_tables(out)
        return dumps


def _on_saved_columns(saved: list[str], now: list[str]) -> tuple[list[str], list[str]]:
    """The rows of now cut down to the columns the saved dump has, and the columns added since: a
    column added by later work is no change to the rows that were there before."""
    if not saved or not now:
        return now, []
    columns = set(json.loads(saved[0]))
    added = sorted(set(json.loads(now[0])) - columns)
    if not added:
        return now, []
    cut = (json.dumps({k: v for k, v in json.loads(row).items() if k in columns}, ensure_ascii=False, sort_keys=True) for row in now)
    return sorted(cut), added


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("action", choices=("save", "check"))
    parser.add_argument("path", type=Path)
    args = parser.parse_args(argv)
    dumps = collect()
    if args.action == "save":
        args.path.write_text(json.dumps(dumps, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        counts = {name: sum(len(rows) for rows in tables.values()) for name, tables in dumps.items()}
        print(f"saved {args.path}: rows {counts}")
        return 0
    saved = json.loads(args.path.read_text(encoding="utf-8"))
    differences = 0
    for name, tables in saved.items():
        for table, rows in tables.items():
            now, added = _on_saved_columns(rows, dumps[name].get(table, []))
            if added:
                print(f"{name}/{table}: new columns {', '.join(added)} (not compared)")
            if now != rows:
                differences += 1
                gone, new = sorted(set(rows) - set(now)), sorted(set(now) - set(rows))
                print(f"{name}/{table}: {len(rows)} rows saved, {len(now)} now; {len(gone)} gone, {len(new)} new")
                for row in gone[:2]:
                    print(f"  - {row[:300]}")
                for row in new[:2]:
                    print(f"  + {row[:300]}")
    print("identical" if not differences else f"{differences} tables differ")
    return 1 if differences else 0


if __name__ == "__main__":
    raise SystemExit(main())
