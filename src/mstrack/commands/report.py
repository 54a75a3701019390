"""`mstrack report`: one self-contained HTML page to look at the tables."""

from __future__ import annotations

from pathlib import Path

import click

from . import CommandError, out_argument


@click.command()
@out_argument
@click.option("-o", "--output", "path", default="report.html", show_default=True, type=click.Path(path_type=Path, dir_okay=False), help="HTML file to write; replaced if it exists.")
def report(out_dir, path):
    """Write a report of the tables in OUT_DIR (default data/out) as one HTML file that opens
    offline: per document the allocation per area, completion and pace per project, indicators
    actual against planned, and the findings grouped by code.

    \b
    Example:
        mstrack report data/out -o report.html
    """
    from ..store.output import NoTables
    from ..report import write_report

    try:
        written = write_report(out_dir, path)
    except NoTables as exc:
        raise CommandError(str(exc), exit_code=2) from None
    except OSError as exc:
        raise CommandError(f"cannot write {path}: {exc.strerror or exc}") from None
    click.echo(f"wrote {written}")
