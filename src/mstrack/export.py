"""Copies of the tables for people who do not read Parquet: SQLite (ready for Datasette: typed
columns, primary and foreign keys, an index per foreign key), DuckDB, CSV (UTF-8 with a BOM, so
that Excel shows Chinese) and Excel (one sheet per table, header row frozen).

Every format holds the same rows and columns. Lists (projects.lead_units, documents.kinds) become
JSON arrays where the format has no list type; dates stay dates where it has one, else ISO text.
Each export is written beside its target and moved into place at the end: an export that fails
leaves no half-written file. An SQLite export also gets its Datasette metadata (table and column
descriptions) beside it: `datasette mstrack.db -m mstrack.metadata.json`.
"""

from __future__ import annotations

import datetime
import json
import os
import shutil
from pathlib import Path
from typing import Callable

from .store.output import present_tables, read_table, table_file
from .store.writer import pinned
from .schema import TABLES, arrow_schema, json_schema, primary_key, references

FORMATS = ("sqlite", "duckdb", "csv", "xlsx")
# Excel's limits: rows of a sheet (the header is one) and characters in a cell.
XLSX_MAX_ROWS = 1_048_576
XLSX_MAX_CELL = 32_767
SQLITE_TYPES = {"string": str, "integer": int, "number": float, "boolean": int}


class ExportError(Exception):
    """The tables cannot be exported as asked (a limit of the format, an unknown format)."""


def export(out: Path | str, to: str, path: Path | str) -> Path:
    """Export the tables of `out` to `path` in format `to` (one of FORMATS); return the path. For
    csv, `path` is a folder that gets one <table>.csv per table."""
    writers: dict[str, Callable[[Path, Path], None]] = {
        "sqlite": to_sqlite,
        "duckdb": to_duckdb,
        "csv": to_csv,
        "xlsx": to_xlsx,
    }
    if to not in writers:
        raise ExportError(f"cannot export to {to!r}; the formats are {', '.join(FORMATS)}")
    out, path = Path(out), Path(path)
    present_tables(out)  # NoTables before anything is created
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    _remove(tmp)
    try:
        writers[to](out, tmp)
        _remove(path)
        os.replace(tmp, path)
    finally:
        _remove(tmp)
    if to == "sqlite":
        datasette_metadata(path).write_text(json.dumps(datasette_metadata_for(path), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path


def datasette_metadata(path: Path) -> Path:
    """Where the Datasette metadata of an SQLite export goes: `datasette x.db -m x.metadata.json`."""
    return path.with_name(f"{path.stem}.metadata.json")


def datasette_metadata_for(path: Path) -> dict:
    """Datasette's metadata for the export at `path`: each table's and column's description."""
    return {
        "title": "民生实事 (mstrack)",
        "description": "Tables written by mstrack; datapackage.json beside the Parquet tables describes them too.",
        "databases": {
            path.stem: {
                "tables": {
                    table: {
                        "description": json_schema(table).get("description", ""),
                        "columns": {name: prop.get("description", "") for name, prop in json_schema(table)["properties"].items()},
                    }
                    for table in TABLES
                }
            }
        },
    }


def cell(value):
    """A value as text-based formats hold it: lists as JSON arrays, dates as ISO text."""
    if isinstance(value, list):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def rows_of(out: Path, table: str) -> tuple[list[str], list[tuple]]:
    data = read_table(out, table)
    columns = data.column_names
    values = [data.column(c).to_pylist() for c in columns]
    return columns, list(zip(*values)) if values else []


def to_sqlite(out: Path, path: Path) -> None:
    import sqlite_utils

    db = sqlite_utils.Database(path)
    db.execute("PRAGMA foreign_keys = ON")
    # Tables in the order of TABLES: each after those its foreign keys point to.
    for table in present_tables(out):
        columns, rows = rows_of(out, table)
        properties = json_schema(table)["properties"]
        db[table].create(
            {c: SQLITE_TYPES.get(_json_type(properties.get(c, {})), str) for c in columns},
            pk=primary_key(table)[0] if len(primary_key(table)) == 1 else tuple(primary_key(table)) or None,
            foreign_keys=[link for link in references(table) if link[1] in db.table_names()],
            not_null={c for c in columns if _required(table, c)},
        )
        db[table].insert_all(({c: cell(v) for c, v in zip(columns, row)} for row in rows), batch_size=1_000)
        for column, _, _ in references(table):
            db[table].create_index([column], if_not_exists=True)
    db.close()


def to_duckdb(out: Path, path: Path) -> None:
    try:
        import duckdb
    except ImportError:
        raise ExportError("exporting to DuckDB needs DuckDB: pip install 'mstrack[duckdb]'") from None
    connection = duckdb.connect(str(path))
    try:
        for table in present_tables(out):
            source = os.path.abspath(table_file(pinned(Path(out)), table)).replace("'", "''")
            connection.execute(f"CREATE TABLE {table} AS SELECT * FROM read_parquet('{source}')")
            if primary_key(table):  # DuckDB cannot add foreign keys to a table after it is made
                connection.execute(f"ALTER TABLE {table} ADD PRIMARY KEY ({', '.join(primary_key(table))})")
            description = json_schema(table).get("description", "").replace("'", "''")
            connection.execute(f"COMMENT ON TABLE {table} IS '{description}'")
            for name, prop in json_schema(table)["properties"].items():
                comment = prop.get("description", "").replace("'", "''")
                connection.execute(f"COMMENT ON COLUMN {table}.{name} IS '{comment}'")
    finally:
        connection.close()


def to_csv(out: Path, folder: Path) -> None:
    import csv

    folder.mkdir(parents=True)
    for table in present_tables(out):
        columns, rows = rows_of(out, table)
        # utf-8-sig: the BOM tells Excel the file is UTF-8, else it reads Chinese as mojibake.
        with open(folder / f"{table}.csv", "w", encoding="utf-8-sig", newline="") as f:
            writer = csv.writer(f)
            writer.writerow(columns)
            writer.writerows(tuple(cell(v) for v in row) for row in rows)


def to_xlsx(out: Path, path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    book = Workbook(write_only=True)
    for table in present_tables(out):
        columns, rows = rows_of(out, table)
        if len(rows) + 1 > XLSX_MAX_ROWS:
            raise ExportError(f"{table} has {len(rows)} rows, more than an Excel sheet holds; export to sqlite or csv")
        sheet = book.create_sheet(table)
        sheet.freeze_panes = "A2"
        for index, name in enumerate(columns):
            sheet.column_dimensions[_column_letter(index)].width = _width(name, arrow_schema(table).field(name).type)
        header = []
        for name in columns:
            heading = WriteOnlyCell(sheet, value=name)
            heading.font = Font(bold=True)
            header.append(heading)
        sheet.append(header)
        for row in rows:
            values = [v if isinstance(v, datetime.date) else cell(v) for v in row]
            for name, value in zip(columns, values):
                if isinstance(value, str) and len(value) > XLSX_MAX_CELL:
                    raise ExportError(f"{table}.{name} holds a text longer than an Excel cell holds; export to sqlite or csv")
            sheet.append(values)
    book.save(path)


def _json_type(prop: dict) -> str:
    types = prop.get("type", "string")
    types = types if isinstance(types, list) else [types]
    return [t for t in types if t != "null"][0]


def _required(table: str, column: str) -> bool:
    prop = json_schema(table)["properties"].get(column, {})
    return column in json_schema(table).get("required", []) and not (isinstance(prop.get("type"), list) and "null" in prop["type"])


def _column_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


def _width(name: str, arrow_type) -> float:
    """Columns of ids, codes and figures narrow, of text wide: a sheet readable when opened."""
    import pyarrow as pa

    if pa.types.is_floating(arrow_type) or pa.types.is_integer(arrow_type):
        return max(10, len(name) + 2)
    if name in ("text", "task", "raw", "message", "definition", "evidence", "title", "name"):
        return 60
    return max(14, min(30, len(name) + 4))


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif path.exists() or path.is_symlink():
        path.unlink()
