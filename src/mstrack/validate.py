"""Check written tables against their JSON Schemas and the cross-table rules.

Vectorised over columns with pyarrow.compute: a value check is one pass over a column, not a
jsonschema call per row. Every problem has a stable code, the table, the row's key, the column
and a message.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Callable

from . import PARSER_VERSION
from .schema import TABLES, arrow_schema, json_schema, primary_key, references

MAX_ROWS_PER_PROBLEM = 10  # rows listed for one (table, column, code); the rest are counted
COLUMN_CODES = ("COLUMN_MISSING", "COLUMN_EXTRA", "COLUMN_TYPE")


@dataclass(frozen=True)
class Problem:
    code: str
    table: str
    message: str
    column: str | None = None
    key: str | None = None  # the row's primary key value(s)

    def line(self) -> str:
        where = self.table
        if self.key is not None:
            where += f"[{self.key}]"
        if self.column:
            where += f".{self.column}"
        return f"{where}: {self.code}: {self.message}"


def validate_dir(out_dir: Path) -> list[Problem]:
    """Check the tables of out_dir, all read from one generation (`writer.pinned`): an ingest that
    goes live meanwhile cannot make tables of two generations look like dangling keys."""
    import pyarrow.parquet as pq

    from .writer import pinned, table_file

    generation = pinned(out_dir)
    problems: list[Problem] = []
    loaded = {}
    for table in TABLES:
        path = out_dir / f"{table}.parquet"
        if not path.exists() or not (generation / f"{table}.parquet").exists():
            problems.append(Problem("TABLE_MISSING", table, f"{path} does not exist; run `mstrack ingest` first"))
            continue
        try:
            loaded[table] = pq.read_table(table_file(generation, table))
        except Exception as exc:  # a damaged file is a finding, not a crash
            problems.append(Problem("TABLE_UNREADABLE", table, f"{path} is not a readable Parquet file: {exc}"))
            continue
        problems += check_table(table, loaded[table])
    problems += check_foreign_keys(loaded)
    problems += check_parser_version(loaded.get("documents"), [p for p in problems if p.code in COLUMN_CODES])
    return problems


def validate_rows(rows_by_table: dict[str, list[dict]]) -> list[Problem]:
    """Check rows before they are written: the same checks as validate_dir, on one document's rows,
    so that a parser's bad row fails its document instead of the write (or a later validate).

    Rows that surely pass (`rows_fit`, in plain Python) are not turned into Arrow tables: for one
    document's few hundred rows, building ten tables and running the compute calls of every column
    took 11% of ingest time. Any doubt goes to the full check, which says what is wrong."""
    return [] if rows_fit(rows_by_table) else check_rows(rows_by_table)


def check_rows(rows_by_table: dict[str, list[dict]]) -> list[Problem]:
    """validate_rows' checks in Arrow, the same as validate_dir's on written tables."""
    import pyarrow as pa

    from .writer import to_arrow

    problems: list[Problem] = []
    loaded = {}
    for table in set(rows_by_table) - set(TABLES):
        problems.append(Problem("TABLE_UNKNOWN", table, f"rows for {table}, which is none of the tables ({', '.join(TABLES)})"))
    for table in TABLES:
        rows = rows_by_table.get(table, [])
        extra = sorted({name for row in rows for name in row} - set(arrow_schema(table).names))
        if extra:
            problems.append(Problem("COLUMN_EXTRA", table, f"rows hold {', '.join(extra)}, not in schema/{table}.schema.json"))
        try:
            loaded[table] = to_arrow(table, rows)
        except (pa.ArrowException, TypeError, ValueError, OverflowError) as exc:
            problems.append(Problem("COLUMN_TYPE", table, f"rows do not fit the table's types: {type(exc).__name__}: {exc}"))
            continue
        problems += check_table(table, loaded[table])
    if "findings" not in rows_by_table:
        loaded.pop("findings")  # findings are checked when written, with every document's rows
    return problems + check_foreign_keys(loaded)


def rows_fit(rows_by_table: dict[str, list[dict]]) -> bool:
    """True only when validate_rows' Arrow checks would find no problem in these rows: known tables
    and columns, values of their column's type that pass its enum, pattern and bounds, unique keys
    and resolving foreign keys. Conservative: whatever it is not sure of (a Decimal, a text with a
    line break where a pattern applies, a bool where an integer goes) is False, for the full check
    to judge. Column by column, so that most tests are one pass in C over a column's values."""
    if not rows_by_table.keys() <= set(TABLES):
        return False
    for table in TABLES:
        rows = rows_by_table.get(table, [])
        names, fits = _row_checks(table)
        if not all(type(row) is dict and row.keys() <= names for row in rows):
            return False
        for name, fit in fits:
            if not fit([row.get(name) for row in rows]):
                return False
        key = primary_key(table)
        if key and len({tuple(row.get(k) for k in key) for row in rows}) != len(rows):
            return False
    # As validate_rows: without findings rows, the findings table is not checked (nor referred to).
    checked = [t for t in TABLES if t != "findings" or "findings" in rows_by_table]
    for table in checked:
        for column, parent, ref in references(table):
            if parent not in checked:
                continue
            referred = {row.get(ref) for row in rows_by_table.get(parent, [])}
            if not {row.get(column) for row in rows_by_table.get(table, [])} - {None} <= referred:
                return False
    return True


@lru_cache(maxsize=None)
def _row_checks(table: str) -> tuple[frozenset[str], tuple[tuple[str, Callable[[list], bool]], ...]]:
    """The table's column names, and for each column a test that its values surely pass its checks."""
    properties = json_schema(table)["properties"]
    return frozenset(properties), tuple((name, _column_fits(prop)) for name, prop in properties.items())


# The Python types to_arrow surely converts to each JSON type's Arrow type: exact types, so a bool
# is no integer here. An integer is a number only where float64 holds it exactly (checked below).
_PYTHON_TYPES = {"string": {str}, "date": {date}, "integer": {int}, "number": {float, int}, "boolean": {bool}}


def _column_fits(prop: dict, nulls: bool = True) -> Callable[[list], bool]:
    """A test of a column's values (a list, None for null); `nulls=False` for the items of a list
    column, where a null item is left to Arrow."""
    types = prop["type"] if isinstance(prop["type"], list) else [prop["type"]]
    main = next(t for t in types if t != "null")
    if main == "array":
        # A null list is no problem (value_checks checks only the items).
        items_fit = _column_fits(prop["items"], nulls=False)
        return lambda values: set(map(type, values)) <= {list, type(None)} and items_fit(
            [item for value in values if value for item in value]
        )
    # A null passes where the column may be null, and an enum only when the enum lists null.
    null_fits = nulls and "null" in types and ("enum" not in prop or None in prop["enum"])
    allowed_types = _PYTHON_TYPES["date" if prop.get("format") == "date" else main] | ({type(None)} if null_fits else set())
    tests: list[Callable[[list], bool]] = []
    if main == "string" and prop.get("format") != "date":
        tests.append(lambda present: _utf8("".join(present)))
    if main == "integer":
        tests.append(lambda present: not present or (min(present) >= -(2**63) and max(present) < 2**63))
    if main == "number":
        tests.append(lambda present: all(abs(v) <= 2**53 for v in present if type(v) is int))
    if "enum" in prop:
        allowed = frozenset(v for v in prop["enum"] if v is not None)
        tests.append(lambda present: allowed.issuperset(present))
    if "pattern" in prop:
        # RE2 (pyarrow) and Python agree on these patterns given ASCII classes and no line break
        # (Python's $ also matches before a final "\n").
        pattern = re.compile(prop["pattern"], re.ASCII)
        tests.append(lambda present: all("\n" not in v and pattern.search(v) is not None for v in set(present)))
    if "minimum" in prop:
        tests.append(lambda present: all(v >= prop["minimum"] for v in present))
    if "maximum" in prop:
        tests.append(lambda present: all(v <= prop["maximum"] for v in present))

    def fits(values: list) -> bool:
        if not set(map(type, values)) <= allowed_types:
            return False
        present = [v for v in values if v is not None]
        return all(test(present) for test in tests)

    return fits


def _utf8(text: str) -> bool:
    """Arrow refuses a text with a lone surrogate (joining texts makes no pair of two of them)."""
    if text.isascii():
        return True
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def check_table(table: str, data) -> list[Problem]:
    problems = check_columns(table, data)
    expected = arrow_schema(table)
    for name, prop in json_schema(table)["properties"].items():
        if name in data.column_names and data.schema.field(name).type == expected.field(name).type:
            problems += check_values(table, data, name, prop)
    problems += check_unique(table, data)
    return problems


def check_columns(table: str, data) -> list[Problem]:
    """Columns missing, extra or of another type. The one test of a compatible table: ingest merges
    into the tables that pass it (casting them to the schema), so validate and ingest agree."""
    expected = arrow_schema(table)
    problems = []
    for field in expected:
        if field.name not in data.column_names:
            problems.append(Problem("COLUMN_MISSING", table, f"column {field.name} ({field.type}) is missing", field.name))
        elif not same_type(data.schema.field(field.name).type, field.type):
            got = data.schema.field(field.name).type
            problems.append(Problem("COLUMN_TYPE", table, f"column {field.name} is {got}, the schema says {field.type}", field.name))
    for name in data.column_names:
        if name not in expected.names:
            problems.append(Problem("COLUMN_EXTRA", table, f"column {name} is not in schema/{table}.schema.json", name))
    return problems


def same_type(got, expected) -> bool:
    """Whether a column of type `got` holds what the schema's type `expected` holds. Offsets and
    nullability are how a table was written, not what it says: pandas (3: every text column) and
    Polars write large_string and large_list, a column of nulls only comes back from pandas typed
    null, and any rewrite makes every field nullable; whether a required column holds a null is
    NULL_VALUE's question. Ingest casts such a table back to the schema's types."""
    import pyarrow as pa

    if pa.types.is_null(got):
        return True
    if _is_text(got) and _is_text(expected):
        return True
    if _is_list(got) and _is_list(expected):
        return same_type(got.value_type, expected.value_type)
    return got == expected


def _is_text(type_) -> bool:
    import pyarrow as pa

    return pa.types.is_string(type_) or pa.types.is_large_string(type_)


def _is_list(type_) -> bool:
    import pyarrow as pa

    return pa.types.is_list(type_) or pa.types.is_large_list(type_)


def check_values(table: str, data, name: str, prop: dict) -> list[Problem]:
    problems = []
    for code, mask, message in value_checks(data, name, prop):
        problems += _rows(table, data, name, code, mask, message)
    return problems


def value_checks(data, name: str, prop: dict) -> list[tuple]:
    """(code, row mask, message) of each check the column's JSON Schema asks of its values: one
    boolean per row, true where the row breaks it."""
    import pyarrow as pa
    import pyarrow.compute as pc

    column = data.column(name)
    types = prop["type"] if isinstance(prop["type"], list) else [prop["type"]]
    checks = []
    if "null" not in types and "array" not in types:
        checks.append(("NULL_VALUE", pc.is_null(column), "is null but the column is required"))
    values, item = column, prop
    if "array" in types:
        values = pc.list_flatten(column)
        item = prop["items"]
        parent = pc.list_parent_indices(column)
    if pa.types.is_date32(values.type):
        return checks
    item_checks = []
    if "enum" in item:
        # As in JSON Schema, null passes an enum only when the enum lists it; a null in a required
        # column is already a NULL_VALUE.
        allowed = pa.array([v for v in item["enum"] if v is not None], type=values.type)
        null_is_wrong = None not in item["enum"] and "null" in (item["type"] if isinstance(item["type"], list) else [item["type"]])
        outside = pc.invert(pc.is_in(values, value_set=allowed, skip_nulls=True))
        outside = pc.if_else(pc.is_null(values), pa.scalar(null_is_wrong), outside)
        item_checks.append(("ENUM_VALUE", outside, f"is not one of {item['enum']}"))
    if "pattern" in item:
        item_checks.append(("PATTERN_MISMATCH", pc.invert(pc.match_substring_regex(values, item["pattern"])), f"does not match {item['pattern']}"))
    if "minimum" in item:
        item_checks.append(("OUT_OF_RANGE", pc.less(values, item["minimum"]), f"is below the minimum {item['minimum']}"))
    if "maximum" in item:
        item_checks.append(("OUT_OF_RANGE", pc.greater(values, item["maximum"]), f"is above the maximum {item['maximum']}"))
    for code, mask, message in item_checks:
        mask = pc.fill_null(mask, False)
        if "array" in types:
            mask = _rows_holding(pc.filter(parent, mask), data.num_rows)
        checks.append((code, mask, message))
    return checks


def invalid_rows(table: str, data) -> list[int]:
    """Indices of the rows that break their table's JSON Schema: what a jsonschema validation of
    each row as an object would reject, in one pass per column. `mstrack validate` lists at most
    MAX_ROWS_PER_PROBLEM rows per problem; this gives every one (bench/validation.py compares it
    with jsonschema's verdicts)."""
    import numpy as np
    import pyarrow.compute as pc

    invalid = np.zeros(data.num_rows, dtype=bool)
    for name, prop in json_schema(table)["properties"].items():
        for _, mask, _ in value_checks(data, name, prop):
            invalid |= pc.fill_null(mask, False).to_numpy(zero_copy_only=False)
    return np.flatnonzero(invalid).tolist()


def _rows_holding(bad_items, num_rows: int):
    """Row mask from the row indices of the bad items of a list column."""
    import numpy as np
    import pyarrow as pa

    mask = np.zeros(num_rows, dtype=bool)
    mask[bad_items.to_numpy(zero_copy_only=False)] = True
    return pa.array(mask)


def check_unique(table: str, data) -> list[Problem]:
    import pyarrow.compute as pc

    key = primary_key(table)
    if not key or not all(k in data.column_names for k in key) or data.num_rows == 0:
        return []
    grouped = data.group_by(key).aggregate([([], "count_all")])
    dupes = grouped.filter(pc.greater(grouped.column("count_all"), 1))
    return [
        Problem("DUPLICATE_KEY", table, f"key appears {row['count_all']} times", "/".join(key), _key(row, key))
        for row in dupes.to_pylist()[:MAX_ROWS_PER_PROBLEM]
    ]


def check_foreign_keys(loaded: dict) -> list[Problem]:
    import pyarrow.compute as pc

    problems = []
    for table, data in loaded.items():
        for column, parent, ref in references(table):
            target = loaded.get(parent)
            if target is None or column not in data.column_names or ref not in target.column_names:
                continue
            values = data.column(column)
            dangling = pc.and_(pc.is_valid(values), pc.invert(pc.is_in(values, value_set=target.column(ref).combine_chunks())))
            problems += _rows(table, data, column, "DANGLING_FOREIGN_KEY", dangling, f"has no row in {parent}.{ref}")
    return problems


def check_parser_version(documents, column_problems: list[Problem] = ()) -> list[Problem]:
    """Tables written by another parser version: said once, with what to do. When their columns
    differ too, the column problems above are that version's layout, not damage, and it says so."""
    versions = documents_versions(documents)
    if not versions:
        return []
    tables = sorted({p.table for p in column_problems})
    columns = (
        f", whose tables have other columns ({len(column_problems)} differences in {', '.join(tables)})"
        if column_problems
        else ""
    )
    return [
        Problem(
            "PARSER_VERSION_MISMATCH",
            "documents",
            f"rows were written by parser version {', '.join(versions)}{columns}; this is {PARSER_VERSION}: "
            "re-ingest with `mstrack ingest PATH… --rebuild`",
            "parser_version",
        )
    ]


def documents_versions(documents) -> list[str]:
    """Parser versions other than this one that wrote rows of the documents table."""
    if documents is None:
        return []
    if "parser_version" not in documents.column_names:
        return ["unknown (no parser_version column)"]
    return sorted(set(documents.column("parser_version").to_pylist()) - {PARSER_VERSION, None})


def _rows(table: str, data, column: str, code: str, mask, message: str) -> list[Problem]:
    import pyarrow.compute as pc

    bad = pc.filter(data, mask)
    if bad.num_rows == 0:
        return []
    key = primary_key(table) or [column]
    problems = []
    for row in bad.select([k for k in key if k in bad.column_names] + [column]).to_pylist()[:MAX_ROWS_PER_PROBLEM]:
        value = row.get(column)
        problems.append(Problem(code, table, f"value {value!r} {message}", column, _key(row, key)))
    if bad.num_rows > MAX_ROWS_PER_PROBLEM:
        problems.append(Problem(code, table, f"… and {bad.num_rows - MAX_ROWS_PER_PROBLEM} more rows with this problem", column))
    return problems


def _key(row: dict, key: list[str]) -> str:
    return "/".join(str(row.get(k)) for k in key)


def as_json(problems: list[Problem]) -> str:
    return json.dumps({"valid": not problems, "problems": [asdict(p) for p in problems]}, ensure_ascii=False, indent=2)
