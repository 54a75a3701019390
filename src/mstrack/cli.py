"""The command line. It parses arguments and prints; the work is done in pipeline and validate.

Heavy libraries (pandas, pyarrow, opencc) are imported inside the commands, so `mstrack --help`
starts fast.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from . import __version__

DEFAULT_OUT = "data/out"


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="mstrack")
def main() -> None:
    """Turn Chinese local-government notices about 民生实事 into clean, typed tables.

    \b
    Example:
        mstrack ingest data/raw --out data/out
        mstrack validate data/out
    """


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--out", "out_dir", default=DEFAULT_OUT, show_default=True, type=click.Path(path_type=Path), help="Folder for the Parquet tables.")
@click.option("--city", help="City for notices that do not say (e.g. 杭州市).")
@click.option("--district", help="District for notices that do not say (e.g. 滨江区).")
@click.option("--year", type=click.IntRange(1990, 2100), help="Plan year for notices that do not say.")
@click.option("--encoding", help="Text encoding of the inputs when it cannot be detected (gb18030, big5, utf-16, …).")
@click.option("-q", "--quiet", is_flag=True, help="No progress lines, only errors and the summary.")
def ingest(paths, out_dir, city, district, year, encoding, quiet):
    """Read notices (files or folders, recursively) and write the tables.

    Every table is written on every run, empty ones with their columns. A file that cannot be
    read is reported on stderr and in the findings table; the others are still written. Exit
    status: 0 all read, 1 some inputs failed, 2 usage error.

    \b
    Example:
        mstrack ingest data/raw --out data/out
        mstrack ingest notices/2024_q1.txt --district 滨江区 --year 2024
    """
    from .pipeline import IngestOptions, collect, ingest_paths, severity_counts
    from .writer import write_tables

    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        raise click.UsageError(f"no such file or folder: {', '.join(missing)}")
    options = IngestOptions(city=city, district=district, year=year, encoding=encoding)
    show_progress = not quiet and sys.stderr.isatty()

    def report(n: int, result) -> None:
        if result.failed and result.error:
            click.echo(f"mstrack: error: {result.source_path}: {result.error}", err=True)
        elif show_progress:
            kinds = ", ".join(result.kinds) or "duplicate"
            projects = len(result.rows.get("projects", []))
            click.echo(f"[{n}] {result.source_path}: {kinds}; {projects} projects", err=True)

    results = ingest_paths(list(paths), options, on_document=report)
    if not results:
        raise click.UsageError(f"no files found under {', '.join(map(str, paths))}")
    counts = write_tables(out_dir, collect(results))
    severities = severity_counts(results)
    failed = sum(r.failed for r in results)
    read = sum(1 for r in results if r.rows.get("documents") and not r.failed)
    click.echo(f"read {read} of {len(results)} files into {out_dir}" + (f"; {failed} failed" if failed else ""))
    click.echo("rows: " + ", ".join(f"{table} {n}" for table, n in counts.items()))
    click.echo("findings: " + ", ".join(f"{severities.get(s, 0)} {s}" for s in ("error", "warning", "info")))
    sys.exit(1 if failed else 0)


@main.command()
@click.argument("out_dir", default=DEFAULT_OUT, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
def validate(out_dir, as_json):
    """Check the tables in OUT_DIR (default data/out) against schemas/ and the cross-table rules.

    Prints one line per problem (table[row key].column: CODE: message) and a summary. Exit
    status: 0 clean, 1 problems found, 2 usage error.

    \b
    Example:
        mstrack validate data/out
        mstrack validate data/out --json > report.json
    """
    from .validate import as_json as to_json
    from .validate import validate_dir

    if not out_dir.is_dir():
        raise click.UsageError(f"{out_dir} is not a folder; run `mstrack ingest … --out {out_dir}` first")
    problems = validate_dir(out_dir)
    if as_json:
        click.echo(to_json(problems))
    else:
        for problem in problems:
            click.echo(problem.line())
        click.echo(f"{out_dir}: {'valid' if not problems else f'{len(problems)} problems'}")
    sys.exit(1 if problems else 0)
