"""`mstrack export`: copies of the tables as SQLite, DuckDB, CSV or Excel."""

from __future__ import annotations

from pathlib import Path

import click

from . import CommandError, out_argument

FORMATS = ("sqlite", "duckdb", "csv", "xlsx")  # export.FORMATS, kept here so --help loads no library


@click.command()
@out_argument
@click.option("--to", "to", required=True, type=click.Choice(FORMATS), help="Format: sqlite (for Datasette), duckdb, csv (a folder of files), xlsx.")
@click.option("-o", "--output", "path", required=True, type=click.Path(path_type=Path), help="File to write (a folder for csv); replaced if it exists.")
def export(out_dir, to, path):
    """Export the tables in OUT_DIR (default data/out) for other tools.

    sqlite: one table per table with types, primary and foreign keys and an index per foreign key,
    ready for Datasette, with the descriptions in NAME.metadata.json beside it
    (`datasette mstrack.db -m mstrack.metadata.json`). duckdb: a database file with the tables, their primary keys and descriptions.
    csv: a folder with one <table>.csv per table, UTF-8 with a BOM so Excel shows Chinese. xlsx:
    one sheet per table, header row frozen. Lists are JSON arrays where the format has none.

    \b
    Example:
        mstrack export data/out --to sqlite -o mstrack.db
        datasette mstrack.db -m mstrack.metadata.json
        mstrack export data/out --to xlsx -o mstrack.xlsx
        mstrack export data/out --to csv -o csv/
    """
    from ..export import ExportError, datasette_metadata
    from ..export import export as export_tables
    from ..store.output import NoTables

    try:
        written = export_tables(out_dir, to, path)
    except NoTables as exc:
        raise CommandError(str(exc), exit_code=2) from None
    except ExportError as exc:
        raise CommandError(str(exc)) from None
    except OSError as exc:
        raise CommandError(f"cannot write {path}: {exc.strerror or exc}") from None
    click.echo(f"wrote {written} ({to})")
    if to == "sqlite":
        click.echo(f"wrote {datasette_metadata(written)} (Datasette: datasette {written} -m {datasette_metadata(written)})")
