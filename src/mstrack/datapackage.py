"""The data dictionary: a Frictionless Data Package (tabular) describing the tables of an output
folder, made from the same JSON Schemas as the tables, so any tool that reads Data Packages
(frictionless, Datasette's plugins, Open Data portals) knows each field's type, meaning, unit,
constraints and the keys between tables.

`datapackage()` is pure (schemas in, a dict out); `write_datapackage()` is what the writer calls
when it completes a set of tables, so the file always sits beside the tables it describes.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from . import __version__
from .store.output import table_file, table_path
from .schema import TABLES, foreign_keys, json_schema, primary_key

FILE_NAME = "datapackage.json"
PROFILE = "tabular-data-package"

# Table Schema type of each (JSON type, format) of the JSON Schemas.
FIELD_TYPES = {
    ("string", None): "string",
    ("string", "date"): "date",
    ("integer", None): "integer",
    ("number", None): "number",
    ("boolean", None): "boolean",
    # A list column is typed `any`, its items in x-items: frictionless reads Parquet through
    # pandas, where a list cell is a numpy array, which its `array` type refuses.
    ("array", None): "any",
}
# Columns whose figure is in the unit named by another column of the same row.
UNIT_COLUMN = "unit"


def datapackage(out_dir: Path | str = ".") -> dict:
    """The datapackage.json descriptor of the ten tables; resource paths are relative to out_dir,
    where the descriptor is written."""
    return {
        "profile": PROFILE,
        "name": "mstrack-tables",
        "title": "民生实事: promises, allocations and progress read from local-government notices",
        "description": (
            "Tables written by mstrack: one row per document, project, target, milestone, allocation, "
            "progress report, achievement, indicator, glossary entry and finding. Every row says "
            "where it came from (ref) and, for figures, how it was printed (raw)."
        ),
        "version": __version__,
        "licenses": [],
        "resources": [resource(table, out_dir) for table in TABLES],
    }


def resource(table: str, out_dir: Path | str = ".") -> dict:
    schema = json_schema(table)
    descriptor = {
        "profile": "tabular-data-resource",
        "name": table,
        "path": _resource_path(out_dir, table),
        "format": "parquet",
        "mediatype": "application/vnd.apache.parquet",
        "title": table,
        "description": schema.get("description", ""),
        "schema": table_schema(table),
    }
    return descriptor


def _resource_path(out_dir: Path | str, table: str) -> str:
    """The table's Parquet file relative to out_dir: its one part file once it is written (a table
    is a folder, and frictionless reads files), else the table's own path."""
    try:
        path = table_file(out_dir, table)
    except FileNotFoundError:
        path = table_path(out_dir, table)
    return path.relative_to(Path(out_dir)).as_posix()


def table_schema(table: str) -> dict:
    """The Table Schema of one table: fields, primaryKey, foreignKeys."""
    properties = json_schema(table)["properties"]
    required = set(json_schema(table).get("required", []))
    fields = [field(name, prop, name in required and not _nullable(prop), UNIT_COLUMN in properties) for name, prop in properties.items()]
    result: dict = {"fields": fields, "missingValues": [""]}
    if primary_key(table):
        result["primaryKey"] = primary_key(table)
    if foreign_keys(table):
        result["foreignKeys"] = foreign_keys(table)
    return result


def field(name: str, prop: dict, required: bool, has_unit_column: bool) -> dict:
    json_type = _main_type(prop)
    descriptor = {
        "name": name,
        "type": FIELD_TYPES[(json_type, prop.get("format"))],
        "description": prop.get("description", ""),
    }
    if json_type == "integer" and _nullable(prop):
        # Through pandas (as frictionless reads Parquet) a column of whole numbers with a gap is
        # float64 (2021.0, NaN), which `integer` refuses: such a column is a number here, whole in
        # the Parquet file (Int64 through mstrack.load), its bounds in the description.
        json_type = "number"
        descriptor["type"] = "number"
        descriptor["description"] += " (a whole number)"
    if json_type == "number" and has_unit_column and name != UNIT_COLUMN:
        descriptor["x-unit"] = f"in the unit of the row's `{UNIT_COLUMN}` column (canonical units: units.csv)"
    if json_type == "array":
        descriptor["x-items"] = FIELD_TYPES[(_main_type(prop["items"]), None)]
        descriptor["description"] += " (a list)"
    constraints: dict = {}
    if required:
        constraints["required"] = True
    enum = [v for v in prop.get("enum", []) if v is not None]
    if enum:
        constraints["enum"] = enum
    if "pattern" in prop:
        constraints["pattern"] = whole_value_pattern(prop["pattern"])
    bounds = {bound: prop[bound] for bound in ("minimum", "maximum") if bound in prop}
    if bounds and json_type == "number" and _nullable(prop):
        # Read through pandas (as frictionless reads Parquet), a missing number is NaN, which fails
        # any bound: the range goes into the description; `mstrack validate` checks it.
        descriptor["description"] += " (" + ", ".join(f"{'≥' if b == 'minimum' else '≤'} {v}" for b, v in bounds.items()) + ")"
    else:
        constraints.update(bounds)
    if constraints:
        descriptor["constraints"] = constraints
    return descriptor


def whole_value_pattern(pattern: str) -> str:
    """A JSON Schema pattern (searched anywhere in the value) as a Table Schema pattern (matched
    against the whole value): unanchored ends become `.*`."""
    if not pattern.startswith("^"):
        pattern = ".*" + pattern
    if not pattern.endswith("$") or pattern.endswith("\\$"):
        pattern += ".*"
    return re.sub(r"^\^|\$$", "", pattern)


def write_datapackage(out_dir: Path | str) -> Path:
    """Write datapackage.json into out_dir (beside the tables); return its path."""
    path = Path(out_dir) / FILE_NAME
    path.write_text(json.dumps(datapackage(out_dir), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path


def _main_type(prop: dict) -> str:
    types = prop["type"] if isinstance(prop["type"], list) else [prop["type"]]
    return [t for t in types if t != "null"][0]


def _nullable(prop: dict) -> bool:
    return isinstance(prop.get("type"), list) and "null" in prop["type"]
