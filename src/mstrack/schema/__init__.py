"""The eleven tables: their JSON Schemas (package data, mstrack/schema/*.schema.json, the one source
of truth), the Arrow schemas derived from them, and their keys, declared in each JSON Schema as a
Frictionless Table Schema declares them (`primaryKey`; `foreignKeys`: fields, reference resource and
fields). The checks of a table's values and keys are in mstrack.schema.checks."""

from __future__ import annotations

import json
import os
from functools import lru_cache
from importlib.resources import files
from pathlib import Path

TABLES = (
    "documents",
    "projects",
    "targets",
    "milestones",
    "allocations",
    "progress",
    "achievements",
    "indicators",
    "glossary",
    "findings",
    "links",
)
# Tables computed from the others over the whole output folder after each ingest, not merged by
# document (mstrack.links).
DERIVED_TABLES = ("links",)


def schema_dir() -> Path:
    """The schemas shipped inside the package (so an installed wheel finds them); MSTRACK_SCHEMAS
    points elsewhere."""
    override = os.environ.get("MSTRACK_SCHEMAS")
    return Path(override) if override else Path(str(files("mstrack") / "schema"))


@lru_cache(maxsize=None)
def json_schema(table: str) -> dict:
    path = schema_dir() / f"{table}.schema.json"
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def columns(table: str) -> list[str]:
    return list(json_schema(table)["properties"])


def primary_key(table: str) -> list[str]:
    return json_schema(table).get("primaryKey", [])


def foreign_keys(table: str) -> list[dict]:
    """The table's foreign keys as its schema declares them (Table Schema's `foreignKeys`)."""
    return json_schema(table).get("foreignKeys", [])


def references(table: str) -> list[tuple[str, str, str]]:
    """(column, referred table, referred column) of each foreign key: every key of the tables is one
    column."""
    return [(fk["fields"][0], fk["reference"]["resource"], fk["reference"]["fields"][0]) for fk in foreign_keys(table)]


def json_types(prop: dict) -> tuple[str, bool]:
    """(JSON type, nullable) of a column."""
    types = prop["type"] if isinstance(prop["type"], list) else [prop["type"]]
    nullable = "null" in types
    main = [t for t in types if t != "null"][0]
    return main, nullable


def arrow_type(prop: dict):
    import pyarrow as pa

    main, _ = json_types(prop)
    if main == "string":
        return pa.date32() if prop.get("format") == "date" else pa.string()
    if main == "integer":
        return pa.int64()
    if main == "number":
        return pa.float64()
    if main == "boolean":
        return pa.bool_()
    if main == "array":
        return pa.list_(arrow_type(prop["items"]))
    raise ValueError(f"no Arrow type for JSON type {main!r}")


@lru_cache(maxsize=None)
def arrow_schema(table: str):
    import pyarrow as pa

    fields = []
    for name, prop in json_schema(table)["properties"].items():
        main, nullable = json_types(prop)
        # Descriptions travel inside the Parquet files, for tools that show a column's metadata.
        metadata = {"description": prop["description"]} if prop.get("description") else None
        fields.append(pa.field(name, arrow_type(prop), nullable=nullable or main == "array", metadata=metadata))
    description = json_schema(table).get("description")
    return pa.schema(fields, metadata={"description": description} if description else None)


def to_arrow(table: str, rows: list[dict]):
    """Rows (dicts by column name, missing columns null, others ignored) as an Arrow table of the
    table's schema. Arrow reads each dict once, as a struct: taking the columns out in Python read
    every dict once per column, and rows that no longer lie in memory in the order they were made
    (the 18,000 sorted links of the 200-document corpus) cost 90 ms that way, 40 ms this way."""
    import pyarrow as pa

    return pa.Table.from_arrays(pa.array(rows, type=_row_type(table)).flatten(), schema=arrow_schema(table))


@lru_cache(maxsize=None)  # one per table
def _row_type(table: str):
    """A row of the table as one struct, every field nullable: a null where the schema wants a
    value gets into the table, for the checks to name it (NULL_VALUE), as building it column by
    column lets it."""
    import pyarrow as pa

    return pa.struct([field.with_nullable(True) for field in arrow_schema(table)])
