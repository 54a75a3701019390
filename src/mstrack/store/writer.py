"""Write the tables as Parquet, all of them or none: a crash (even SIGKILL) at any moment leaves
either the tables of the last complete run or those of this one, never a mix.

Layout of an output folder:

    out/README.md                           how to read the folder (a file that is not Parquet:
                                            reading `out` as one dataset fails instead of gluing
                                            ten tables into one)
    out/targets.parquet -> .current/targets.parquet
    out/.current -> .gen-7                  which generation is live
    out/.gen-7/targets.parquet/part-7.parquet
                                            one folder per table (Spark's and Hive's layout; room
                                            for year=/province= partitions without changing
                                            readers), its file named by the generation

A run writes every table into a new generation folder, then switches `.current` by one rename of a
symlink (atomic on POSIX). `pd.read_parquet("out/targets.parquet")` reads the table's folder through
the two links. A reader that lists the folder before a switch and opens the file after it finds no
part-7.parquet in generation 8: it fails, and never reads a footer of one generation with pages of
another. A reader that must see one generation of every table resolves `.current` once
(`pinned`); generations that stop being live stay readable for GRACE_SECONDS.

Rows stream: while documents are parsed their rows are appended to spill files in the new
generation (`.spill/<table>.arrows`, Arrow IPC), and each table is then written from record batches
in row groups of at most ROW_GROUP_ROWS rows, so a run holds a bounded number of rows whatever the
number of documents. Tables written as plain files (before generations, or copied in), and
generations of one file per table, are read as they are and written anew in this layout.
"""

from __future__ import annotations

import os
import shutil
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterable, Iterator

from ..schema import TABLES, arrow_schema, to_arrow

CURRENT = ".current"
GENERATION_PREFIX = ".gen-"
LOCK = ".lock"
README = "README.md"
# A generation that stopped being live is kept this long (from the mark RETIRED), so that a reader
# who pinned it, or listed a table's folder just before a switch, can finish reading it.
GRACE_SECONDS = 600
RETIRED = ".retired"
# Test hook: seconds to sleep after each table is written and after the switch, so a test can
# SIGKILL a run in the middle of writing (tests/test_crash_safety.py).
PAUSE_VARIABLE = "MSTRACK_WRITE_PAUSE"
SPILL = ".spill"
# Rows of a table held at once while writing it, and the size of its Parquet row groups: large
# enough for fast reading and compression, small enough that memory does not grow with the corpus.
ROW_GROUP_ROWS = 8_192
# Rows of a table converted to Arrow and spilled at once while documents are parsed.
SPILL_ROWS = 1_024
# Spill files are compressed: uncompressed they took 6 times the disk of the tables written from them
# (200 generated notices: 18 MB of spill for 2.9 MB of tables; a run peaked at 7.3 times the tables);
# zstd takes them to 3.1 MB (LZ4: 5.7 MB) and the run's peak to 2.1 times the tables.
SPILL_COMPRESSION = "zstd"


class OutputBusy(Exception):
    """Another mstrack process is writing to the same output folder."""


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


class Generation:
    """A generation being written. Its folder is not live until `commit`; until then a crash or an
    error leaves the tables of before (and `new_generation` removes the folder on an error)."""

    def __init__(self, out_dir: Path):
        out_dir.mkdir(parents=True, exist_ok=True)
        _adopt_plain_tables(out_dir)
        self.out_dir = out_dir
        self.name = _new_generation(out_dir)
        self.path = out_dir / self.name
        self.spill = Spill(self.path / SPILL)
        self.committed = False

    def write_table(self, table: str, batches: Iterable) -> int:
        """Write one table from record batches of its schema, in row groups of ROW_GROUP_ROWS rows
        (the last one shorter); return the rows written. The bytes depend only on the rows, not on
        how they were cut into batches: each row group is made contiguous before it is written."""
        import pyarrow.parquet as pq

        folder = self.path / f"{table}.parquet"
        folder.mkdir(exist_ok=True)
        path = folder / f"part-{self.name[len(GENERATION_PREFIX):]}.parquet"
        rows = 0
        with pq.ParquetWriter(path, arrow_schema(table)) as parquet:
            for group in row_groups(arrow_schema(table), batches, ROW_GROUP_ROWS):
                parquet.write_table(group, row_group_size=ROW_GROUP_ROWS)
                rows += group.num_rows
        _fsync(path)
        _fsync(folder)
        _pause()
        return rows

    def commit(self) -> None:
        """Make this generation the live one (one atomic rename), then remove the older ones."""
        from ..datapackage import FILE_NAME, write_datapackage

        self.spill.remove()
        write_datapackage(self.path)  # the data dictionary goes live with the tables it describes
        _fsync(self.path)
        _link_tables(self.out_dir)
        _point(self.out_dir / FILE_NAME, f"{CURRENT}/{FILE_NAME}")
        _write_readme(self.out_dir)
        retiring = live_generation(self.out_dir)
        _point(self.out_dir / CURRENT, self.name)
        self.committed = True
        if retiring and (self.out_dir / retiring).is_dir():
            (self.out_dir / retiring / RETIRED).touch()
        _pause()
        _remove_stale(self.out_dir)

    def discard(self) -> None:
        shutil.rmtree(self.path, ignore_errors=True)


@contextmanager
def new_generation(out_dir: Path) -> Iterator[Generation]:
    """A new generation of out_dir's tables, removed again unless it was committed."""
    generation = Generation(out_dir)
    try:
        yield generation
    except BaseException:
        if not generation.committed:
            generation.discard()
        raise
    if not generation.committed:
        generation.discard()


class Spill:
    """Rows appended table by table as documents arrive, kept on disk (Arrow IPC streams, cheap to
    write and read back) until the tables are written, so that a document's rows can be let go. Rows
    wait in memory until SPILL_ROWS of a table have come: one Arrow conversion per document and
    table cost more than the Parquet writing itself."""

    def __init__(self, folder: Path):
        self.folder = folder
        self._pending: dict[str, list[dict]] = {}
        self._writers: dict = {}
        self._files: dict = {}

    def append(self, table: str, rows: list[dict]) -> None:
        pending = self._pending.setdefault(table, [])
        pending.extend(rows)
        if len(pending) >= SPILL_ROWS:
            self._flush(table)

    def _flush(self, table: str) -> None:
        import pyarrow as pa

        rows = self._pending.pop(table, None)
        if not rows:
            return
        writer = self._writers.get(table)
        if writer is None:
            self.folder.mkdir(exist_ok=True)
            self._files[table] = pa.OSFile(str(self.folder / f"{table}.arrows"), "wb")
            writer = self._writers[table] = pa.ipc.new_stream(
                self._files[table], arrow_schema(table), options=pa.ipc.IpcWriteOptions(compression=SPILL_COMPRESSION)
            )
        writer.write_table(to_arrow(table, rows))

    def batches(self, table: str) -> Iterator:
        """The rows appended to `table`, in order, a batch at a time; read again on every call. Read
        with plain file reads, not a memory map, whose pages would count as this process's memory."""
        import pyarrow as pa

        self._flush(table)
        if table not in self._files:
            return
        writer = self._writers.pop(table, None)
        if writer is not None:
            writer.close()
            self._files[table].close()
        with pa.OSFile(str(self.folder / f"{table}.arrows"), "rb") as source:
            yield from pa.ipc.open_stream(source)

    def remove(self) -> None:
        for writer in self._writers.values():
            writer.close()
        for file in self._files.values():
            if not file.closed:
                file.close()
        self._pending.clear()
        self._writers.clear()
        self._files.clear()
        shutil.rmtree(self.folder, ignore_errors=True)


def row_groups(schema, batches: Iterable, size: int) -> Iterator:
    """Tables of exactly `size` rows (the last one fewer), each in one contiguous chunk, from record
    batches of any sizes."""
    import pyarrow as pa

    pending: list = []
    count = 0
    for batch in batches:
        if batch.num_rows == 0:
            continue
        pending.append(batch)
        count += batch.num_rows
        if count >= size:
            joined = pa.Table.from_batches(pending, schema=schema)
            start = 0
            while count - start >= size:
                yield joined.slice(start, size).combine_chunks()
                start += size
            rest = joined.slice(start)
            pending, count = rest.to_batches(), rest.num_rows
    if count:
        yield pa.Table.from_batches(pending, schema=schema).combine_chunks()


def live_generation(out_dir: Path) -> str | None:
    link = out_dir / CURRENT
    return os.readlink(link) if link.is_symlink() else None


def pinned(out_dir: Path) -> Path:
    """The folder that holds one consistent set of out_dir's tables, `.current` resolved once: read
    every table from it and they are of one generation, whatever ingest does meanwhile (for
    GRACE_SECONDS after it stops being live). out_dir itself when it has no generations."""
    live = live_generation(out_dir)
    return out_dir / live if live and (out_dir / live).is_dir() else out_dir


def table_file(folder: Path, table: str) -> Path:
    """The Parquet file that holds `table` in `folder` (an output folder, or a generation): the
    table's path itself when it is one file (copied in, or written before tables had folders), else
    the one part file in its folder."""
    path = folder / f"{table}.parquet"
    if not path.is_dir():
        return path
    parts = sorted(path.glob("*.parquet"))
    if len(parts) != 1:
        raise FileNotFoundError(f"{path} holds {len(parts)} Parquet files, not one")
    return parts[0]


def _new_generation(out_dir: Path) -> str:
    numbers = [int(p.name[len(GENERATION_PREFIX):]) for p in out_dir.glob(GENERATION_PREFIX + "*") if p.name[len(GENERATION_PREFIX):].isdigit()]
    name = f"{GENERATION_PREFIX}{max(numbers, default=0) + 1}"
    (out_dir / name).mkdir()
    return name


def _adopt_plain_tables(out_dir: Path) -> None:
    """Turn plain tables (files, or folders as `cp -rL` copies them) into links to a generation
    holding the same bytes. Every step leaves each table path showing what it showed before, so a
    crash here changes nothing a reader sees."""
    plain = [t for t in TABLES if (out_dir / f"{t}.parquet").exists() and not (out_dir / f"{t}.parquet").is_symlink()]
    if not plain:
        return
    generation = _new_generation(out_dir)
    for table in TABLES:
        shown = out_dir / f"{table}.parquet"
        if shown.exists():
            target = out_dir / generation / f"{table}.parquet"
            if shown.resolve().is_dir():
                shutil.copytree(shown.resolve(), target, copy_function=_link_or_copy)
                continue
            _link_or_copy(shown.resolve(), target)
    _fsync(out_dir / generation)
    _point(out_dir / CURRENT, generation)
    _link_tables(out_dir)


def _link_or_copy(source, target) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)
        _fsync(Path(target))


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
    """Generations retired more than GRACE_SECONDS ago, and what a killed run left: its half-written
    generation (never live, so never marked retired) and temp links."""
    live = live_generation(out_dir)
    now = time.time()
    for path in out_dir.iterdir():
        if path.name.startswith(GENERATION_PREFIX) and path.name != live:
            try:
                retired = (path / RETIRED).stat().st_mtime
            except OSError:
                retired = None
            if retired is None or now - retired > GRACE_SECONDS:
                shutil.rmtree(path, ignore_errors=True)
        elif ".tmp-" in path.name and (path.is_symlink() or path.is_file()):
            path.unlink()


README_TEXT = """\
# Tables written by mstrack

One folder per table: read one with

    pandas.read_parquet("{out}/targets.parquet")

While an ingest may be writing here, read every table from one generation (kept {grace} minutes
after a newer one goes live), so that tables read one after another agree:

    import os, pandas
    generation = os.path.realpath("{out}/.current")
    pandas.read_parquet(f"{{generation}}/targets.parquet")

Do not read this folder as one dataset: its ten tables have ten schemas.
"""


def _write_readme(out_dir: Path) -> None:
    """README.md of the output folder, written once (and when its text changes), by one rename."""
    path = out_dir / README
    text = README_TEXT.format(out=out_dir, grace=GRACE_SECONDS // 60)
    if path.is_file() and path.read_text(encoding="utf-8") == text:
        return
    tmp = out_dir / f"{README}.tmp-{os.getpid()}"
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


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
