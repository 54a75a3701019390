"""`mstrack describe`: the tables of an output folder, their columns, row counts and null shares."""

from __future__ import annotations

import json
from pathlib import Path

import click

from . import CommandError, out_argument


@click.command()
@out_argument
@click.option("--json", "as_json", is_flag=True, help="Print one record per column as JSON.")
def describe(out_dir, as_json):
    """Show the tables in OUT_DIR (default data/out): rows, and per column its type, share of nulls
    (empty lists count as null) and description.

    \b
    Example:
        mstrack describe data/out
        mstrack describe data/out --json > columns.json
    """
    from ..describe import as_records, as_text
    from ..describe import describe as describe_tables
    from ..store.output import NoTables

    try:
        tables = describe_tables(out_dir)
    except NoTables as exc:
        raise CommandError(str(exc), exit_code=2) from None
    if as_json:
        click.echo(json.dumps(as_records(tables), ensure_ascii=False, indent=2))
    else:
        click.echo(as_text(tables), nl=False)
