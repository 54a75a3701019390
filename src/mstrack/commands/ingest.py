"""`mstrack ingest`: read notices, merge their rows into the tables of the output folder."""

from __future__ import annotations

import gc
import importlib.abc
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import click

from ..limits import DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT
from . import CommandError
from .validate import DEFAULT_OUT


def _known_encoding(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """An unknown codec name is a mistake in the command, not in each file: stop before reading any."""
    if value is None:
        return None
    from ..decode import check_encoding

    try:
        return check_encoding(value)
    except ValueError as exc:
        raise CommandError(f"--encoding: {exc}", exit_code=2) from None


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--out", "out_dir", default=DEFAULT_OUT, show_default=True, type=click.Path(path_type=Path), help="Folder for the Parquet tables.")
@click.option("--city", help="City for notices that do not say (e.g. 杭州市).")
@click.option("--district", help="District for notices that do not say (e.g. 滨江区).")
@click.option("--year", type=click.IntRange(1990, 2100), help="Plan year for notices that do not say.")
@click.option("--encoding", callback=_known_encoding, help="Text encoding of the inputs when it cannot be detected (gb18030, cp950, utf-16, …).")
@click.option("--rebuild", is_flag=True, help="Start from empty tables instead of merging into those already in --out.")
@click.option("--prune", is_flag=True, help="Drop the documents whose file is gone (deleted or moved) from the tables, with all their rows.")
@click.option("--max-bytes", type=click.IntRange(min=1), default=DEFAULT_MAX_BYTES, show_default=True, help="Largest file read; a larger one is reported (INPUT_TOO_LARGE) and not read.")
@click.option("--timeout", type=click.FloatRange(min=0), default=DEFAULT_TIMEOUT, show_default=True, help="Seconds one document may take; a slower one is stopped (TIMEOUT). 0: no limit.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=1, show_default=True, help="Documents parsed at once, each in a worker process; the tables are the same as with 1.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar, only errors and the summary.")
@click.option("-v", "--verbose", is_flag=True, help="Also print the traceback when a parser fails (PARSER_ERROR).")
def ingest(paths, out_dir, city, district, year, encoding, rebuild, prune, max_bytes, timeout, jobs, quiet, verbose):
    """Read notices (files or folders, recursively) and write the tables.

    Rows are merged by document into the tables already in --out: a file read again replaces its
    own rows, files not named keep theirs, and a file whose bytes and path are unchanged since
    the last run is not parsed again. All tables change together or not at all. A file that cannot
    be read is reported on stderr in one line and in the findings table; the others are still
    written. Documents of files that are gone keep their rows, counted in the summary, unless
    --prune is given. Exit status: 0 all read, 1 some inputs failed, 2 usage error.

    \b
    Example:
        mstrack ingest data/raw --out data/out
        mstrack ingest notices/2024_q1.txt --district 滨江区 --year 2024
        mstrack ingest data/raw --out data/out --rebuild
        mstrack ingest data/raw --out data/out --prune
        mstrack ingest archive/ --out data/out --jobs 4
    """
    from ..api import ingest as ingest_paths
    from ..store.merge import IncompatibleTables, NoDocuments
    from ..progress import ProgressBar, count_files, summary_lines
    from ..store.writer import OutputBusy

    missing = [str(p) for p in paths if not p.exists() and not p.is_symlink()]
    if missing:
        raise click.UsageError(f"no such file or folder: {', '.join(missing)}")
    started = time.monotonic()
    bar = ProgressBar(count_files(list(paths)), sys.stderr) if not quiet and sys.stderr.isatty() else None

    say = bar.message if bar else lambda text: click.echo(text, err=True)  # above the bar, on stderr

    def report(n: int, result) -> None:
        if result.failed and result.error:
            say(f"mstrack: error: {result.source_path}: {result.error}")
            if verbose and result.trace:
                say(result.trace.rstrip())
        if bar:
            bar.update(n, result.source_path)

    _use_system_allocator()
    try:
        with _without_pandas(), _fewer_collections():
            summary = ingest_paths(
                paths, out_dir, jobs=jobs, rebuild=rebuild, prune=prune, on_document=report, city=city, district=district,
                year=year, encoding=encoding, max_bytes=max_bytes, timeout=timeout or None,
            )
    except NoDocuments:
        raise click.UsageError(f"no files found under {', '.join(map(str, paths))}") from None
    except IncompatibleTables as exc:
        raise CommandError(str(exc), exit_code=2) from None
    except OutputBusy as exc:
        raise CommandError(str(exc)) from None
    except OSError as exc:
        if verbose:
            raise
        raise CommandError(f"cannot write the tables to {out_dir}: {exc.strerror or exc}; the tables there are unchanged") from None
    finally:
        if bar:
            bar.clear()
    # The findings written, by code, as the merge counted them: reading findings.parquet back took
    # 0.37 s, pq.read_table's dataset module importing pandas once the ingest lets it.
    for line in summary_lines(summary, out_dir, time.monotonic() - started, summary.codes):
        click.echo(line)
    sys.exit(1 if summary.failed else 0)


# New objects between two passes of the garbage collector over the young ones (Python's default: 700).
GC_YOUNG_THRESHOLD = 10_000


@contextmanager
def _fewer_collections():
    """The garbage collector's young pass every 10,000 new objects instead of 700: ingest makes
    millions of short-lived cells, lines and row dicts, next to none of them in reference cycles,
    and those passes took about 8% of a run (bench, N = 200). Workers started by the run collect
    alike (pipeline.start_worker); the setting is put back after."""
    before = gc.get_threshold()
    gc.set_threshold(GC_YOUNG_THRESHOLD, *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)


class _NoPandas(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name == "pandas":
            raise ModuleNotFoundError("pandas is not imported during ingest", name=name)
        return None


@contextmanager
def _without_pandas():
    """pandas kept out of the ingest: pyarrow imports it the first time it makes an array, only to
    ask whether its input is a DataFrame (0.25 s of every run, a fifth of a run over a handful of
    notices), and ingest never hands it one. While the command runs, `import pandas` fails and
    pyarrow takes pandas as absent; after it, pandas imports again (pyarrow tries again when asked
    for a DataFrame, as `mstrack.api`'s to_pandas does)."""
    if "pandas" in sys.modules:
        yield
        return
    finder = _NoPandas()
    sys.meta_path.insert(0, finder)
    try:
        yield
    finally:
        sys.meta_path.remove(finder)


def _use_system_allocator() -> None:
    """Arrow memory from malloc, not mimalloc (pyarrow's default), which keeps the pages of freed row
    groups: writing 800 documents' tables peaked at 210 MB with it, 152 MB with malloc (bench, N = 200)."""
    import pyarrow as pa

    pa.set_memory_pool(pa.system_memory_pool())
