"""Write the tables as Parquet, all of them or none: a crash (even SIGKILL) at any moment leaves
either the tables of the last complete run or those of this one, never a mix.

Layout of an output folder:

    out/.gen-7/<table>.parquet      one complete set of tables (a generation)
    out/.current -> .gen-7          which generation is live
    out/<table>.parquet -> .current/<table>.parquet

A run writes every table into a new generation folder, then switches `.current` by one rename of a
symlink (atomic on POSIX), then removes the older generations. `pd.read_parquet("out/targets.parquet")`
goes through the two links to the live generation. Tables written as plain files (before generations,
or copied in) are first adopted into a generation without changing what they hold.
"""

from __future__ import annotations

import os
import shutil
import time
from contextlib import contextmanager
from pathlib import Path

from .tables import TABLES, arrow_schema

CURRENT = ".current"
GENERATION_PREFIX = ".gen-"
LOCK = ".lock"
# Test hook: seconds to sleep after each table is written and after the switch, so a test can
# SIGKILL a run in the middle of writing (tests/test_crash_safety.py).
PAUSE_VARIABLE = "MSTRACK_WRITE_PAUSE"


class OutputBusy(Exception):
    """Another mstrack process is writing to the same output folder."""


def to_arrow(table: str, rows: list[dict]):
    import pyarrow as pa

    schema = arrow_schema(table)
    columns = {name: [row.get(name) for row in rows] for name in schema.names}
    return pa.Table.from_pydict(columns, schema=schema)


@contextmanager
def output_lock(out_dir: Path):
    """Hold the output folder for one run (read the old tables, merge, write), so two runs cannot
    both merge into the same old tables and lose each other's documents."""
    import fcntl

    out_dir.mkdir(parents=True, exist_ok=True)
    with open(out_dir / LOCK, "a") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise OutputBusy(f"another mstrack ingest is writing to {out_dir}; wait for it to finish") from None
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def write_tables(out_dir: Path, rows_by_table: dict[str, list[dict]]) -> dict[str, int]:
    """Write every table (empty ones too, with their columns); return rows written per table."""
    import pyarrow.parquet as pq

    out_dir.mkdir(parents=True, exist_ok=True)
    _adopt_plain_tables(out_dir)
    generation = _new_generation(out_dir)
    counts: dict[str, int] = {}
    try:
        for table in TABLES:
            rows = rows_by_table.get(table, [])
            path = out_dir / generation / f"{table}.parquet"
            pq.write_table(to_arrow(table, rows), path)
            _fsync(path)
            counts[table] = len(rows)
            _pause()
        _fsync(out_dir / generation)
        _link_tables(out_dir)
        _point(out_dir / CURRENT, generation)
    except BaseException:
        shutil.rmtree(out_dir / generation, ignore_errors=True)
        raise
    _pause()
    _remove_stale(out_dir)
    return counts


def live_generation(out_dir: Path) -> str | None:
    link = out_dir / CURRENT
    return os.readlink(link) if link.is_symlink() else None


def _new_generation(out_dir: Path) -> str:
    numbers = [int(p.name[len(GENERATION_PREFIX):]) for p in out_dir.glob(GENERATION_PREFIX + "*") if p.name[len(GENERATION_PREFIX):].isdigit()]
    name = f"{GENERATION_PREFIX}{max(numbers, default=0) + 1}"
    (out_dir / name).mkdir()
    return name


def _adopt_plain_tables(out_dir: Path) -> None:
    """Turn plain table files into links to a generation holding the same bytes. Every step leaves
    each table path showing what it showed before, so a crash here changes nothing a reader sees."""
    plain = [t for t in TABLES if (out_dir / f"{t}.parquet").exists() and not (out_dir / f"{t}.parquet").is_symlink()]
    if not plain:
        return
    generation = _new_generation(out_dir)
    for table in TABLES:
        shown = out_dir / f"{table}.parquet"
        if shown.exists():
            target = out_dir / generation / f"{table}.parquet"
            try:
                os.link(shown.resolve(), target)
            except OSError:
                shutil.copy2(shown.resolve(), target)
                _fsync(target)
    _fsync(out_dir / generation)
    _point(out_dir / CURRENT, generation)
    _link_tables(out_dir)


def _link_tables(out_dir: Path) -> None:
    """out/<table>.parquet → .current/<table>.parquet. Made before the first switch, a link dangles
    until then, which reads as no table yet."""
    for table in TABLES:
        _point(out_dir / f"{table}.parquet", f"{CURRENT}/{table}.parquet")


def _point(link: Path, target: str) -> None:
    """Make `link` a symlink to `target` by one atomic rename."""
    if link.is_symlink() and os.readlink(link) == target:
        return
    tmp = link.with_name(f"{link.name}.tmp-{os.getpid()}")
    if tmp.is_symlink() or tmp.exists():
        tmp.unlink()
    os.symlink(target, tmp)
    os.replace(tmp, link)
    _fsync(link.parent)


def _remove_stale(out_dir: Path) -> None:
    """Older generations, and what a killed run left: its half-written generation and temp links."""
    live = live_generation(out_dir)
    for path in out_dir.iterdir():
        if path.name.startswith(GENERATION_PREFIX) and path.name != live:
            shutil.rmtree(path, ignore_errors=True)
        elif ".tmp-" in path.name and path.is_symlink():
            path.unlink()


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _pause() -> None:
    seconds = os.environ.get(PAUSE_VARIABLE)
    if seconds:
        time.sleep(float(seconds))
