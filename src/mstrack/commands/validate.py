"""`mstrack validate`: check written tables against their schemas and the cross-table rules."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from . import DEFAULT_OUT  # noqa: F401  (imported from here by cli and ingest)


@click.command()
@click.argument("out_dir", default=DEFAULT_OUT, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
def validate(out_dir, as_json):
    """Check the tables in OUT_DIR (default data/out) against schema/ and the cross-table rules.

    Prints one line per problem (table[row key].column: CODE: message) and a summary. Exit
    status: 0 clean, 1 problems found, 2 usage error.

    \b
    Example:
        mstrack validate data/out
        mstrack validate data/out --json > report.json
    """
    from ..api import validate as validate_tables

    if not out_dir.is_dir():
        raise click.UsageError(f"{out_dir} is not a folder; run `mstrack ingest … --out {out_dir}` first")
    report = validate_tables(out_dir)
    if as_json:
        click.echo(report.to_json())
    else:
        for line in report.lines():
            click.echo(line)
        click.echo(report.summary())
    sys.exit(0 if report.valid else 1)
