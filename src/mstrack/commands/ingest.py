"""`mstrack ingest`: read notices, merge their rows into the tables of the output folder."""

from __future__ import annotations

import sys
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
@click.option("--max-bytes", type=click.IntRange(min=1), default=DEFAULT_MAX_BYTES, show_default=True, help="Largest file read; a larger one is reported (INPUT_TOO_LARGE) and not read.")
@click.option("--timeout", type=click.FloatRange(min=0), default=DEFAULT_TIMEOUT, show_default=True, help="Seconds one document may take; a slower one is stopped (TIMEOUT). 0: no limit.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=1, show_default=True, help="Documents parsed at once, each in a worker process; the tables are the same as with 1.")
@click.option("-q", "--quiet", is_flag=True, help="No progress lines, only errors and the summary.")
@click.option("-v", "--verbose", is_flag=True, help="Also print the traceback when a parser fails (PARSER_ERROR).")
def ingest(paths, out_dir, city, district, year, encoding, rebuild, max_bytes, timeout, jobs, quiet, verbose):
    """Read notices (files or folders, recursively) and write the tables.

    Rows are merged by document into the tables already in --out: a file read again replaces its
    own rows, files not named keep theirs, and a file whose bytes and path are unchanged since
    the last run is not parsed again. All tables change together or not at all. A file that cannot
    be read is reported on stderr in one line and in the findings table; the others are still
    written. Exit status: 0 all read, 1 some inputs failed, 2 usage error.

    \b
    Example:
        mstrack ingest data/raw --out data/out
        mstrack ingest notices/2024_q1.txt --district 滨江区 --year 2024
        mstrack ingest data/raw --out data/out --rebuild
        mstrack ingest archive/ --out data/out --jobs 4
    """
    from ..merge import IncompatibleTables, NoDocuments, load_previous, merge_into, unchanged_documents
    from ..pipeline import IngestOptions, iter_ingest
    from ..writer import OutputBusy, output_lock

    missing = [str(p) for p in paths if not p.exists() and not p.is_symlink()]
    if missing:
        raise click.UsageError(f"no such file or folder: {', '.join(missing)}")
    options = IngestOptions(
        city=city, district=district, year=year, encoding=encoding, max_bytes=max_bytes, timeout=timeout or None
    )
    show_progress = not quiet and sys.stderr.isatty()

    def report(n: int, result) -> None:
        if result.failed and result.error:
            click.echo(f"mstrack: error: {result.source_path}: {result.error}", err=True)
            if verbose and result.trace:
                click.echo(result.trace.rstrip(), err=True)
        elif show_progress:
            click.echo(f"[{n}] {result.source_path}: {_progress(result)}", err=True)

    _use_system_allocator()
    try:
        with output_lock(out_dir):
            previous = None if rebuild else load_previous(out_dir)
            # --city and the like change rows without changing bytes: then every file is parsed again.
            unchanged = set() if options.overrides_metadata else unchanged_documents(previous)
            # Documents stream from the parser into the new tables; none is held until the end.
            results = iter_ingest(list(paths), options, on_document=report, unchanged=unchanged, jobs=jobs)
            summary = merge_into(out_dir, previous, results)
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
    failed = summary.failed
    click.echo(f"read {summary.read} of {summary.files} files into {out_dir}" + (f"; {failed} failed" if failed else ""))
    click.echo(summary.line())
    click.echo("rows: " + ", ".join(f"{table} {n}" for table, n in summary.counts.items()))
    click.echo("findings: " + ", ".join(f"{summary.severities.get(s, 0)} {s}" for s in ("error", "warning", "info")))
    sys.exit(1 if failed else 0)


def _use_system_allocator() -> None:
    """Arrow memory from malloc, not mimalloc (pyarrow's default), which keeps the pages of freed row
    groups: writing 800 documents' tables peaked at 210 MB with it, 152 MB with malloc (bench, N = 200)."""
    import pyarrow as pa

    pa.set_memory_pool(pa.system_memory_pool())


def _progress(result) -> str:
    if result.status in ("unchanged", "duplicate"):
        return result.status
    projects = len(result.rows.get("projects", []))
    return f"{', '.join(result.kinds)}; {projects} projects"
