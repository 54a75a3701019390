"""Check written tables, and each document's rows before they are written, against their JSON
Schemas and keys: this module walks the one list of checks (mstrack.schema.checks), running each
check's Arrow side on tables and its plain-Python side as the per-document fast path.

Vectorised over columns with pyarrow.compute: a value check is one pass over a column, not a
jsonschema call per row. Every problem has a stable code, the table, the row's key, the column
and a message.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from functools import lru_cache
from operator import methodcaller
from pathlib import Path
from typing import Callable

from . import PARSER_VERSION
from .schema import TABLES, arrow_schema, json_schema, primary_key, references
from .schema.checks import (
    COLUMN_TYPE,
    DANGLING_FOREIGN_KEY,
    DUPLICATE_KEY,
    column_test,
    is_json_type,
    items_of,
    levels,
    value_checks,
)

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

    from .store.writer import pinned, table_file

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

    from .schema import to_arrow

    problems: list[Problem] = []
    loaded = {}
    for table in set(rows_by_table) - set(TABLES):
        problems.append(Problem("TABLE_UNKNOWN", table, f"rows for {table}, which is none of the tables ({', '.join(TABLES)})"))
    for table in TABLES:
        rows = rows_by_table.get(table, [])
        extra = sorted({name for row in rows for name in row} - set(arrow_schema(table).names))
        if extra:
            problems.append(Problem("COLUMN_EXTRA", table, f"rows hold {', '.join(extra)}, not in schema/{table}.schema.json"))
        wrong = _wrong_types(table, rows)
        if wrong:
            problems += wrong
            continue
        try:
            loaded[table] = to_arrow(table, rows)
        except (pa.ArrowException, TypeError, ValueError, OverflowError) as exc:
            problems.append(Problem("COLUMN_TYPE", table, f"rows do not fit the table's types: {type(exc).__name__}: {exc}"))
            continue
        problems += check_table(table, loaded[table])
    if "findings" not in rows_by_table:
        loaded.pop("findings", None)  # findings are checked when written, with every document's rows
    return problems + check_foreign_keys(loaded)


def rows_fit(rows_by_table: dict[str, list[dict]]) -> bool:
    """True only when validate_rows' Arrow checks would find no problem in these rows: known tables
    and columns, and every check's plain-Python side (mstrack.schema.checks) sure of them. A key a
    row lacks is its null, as the writer writes it."""
    if not rows_by_table.keys() <= set(TABLES):
        return False
    for table in TABLES:
        rows = rows_by_table.get(table, [])
        names, fits = _row_checks(table)
        if not (set(map(type, rows)) <= {dict} and all(map(names.issuperset, rows))):  # a dict's keys
            return False
        for name, fit in fits:
            if not fit(list(map(methodcaller("get", name), rows))):
                return False
        if DUPLICATE_KEY.applies(table) and not DUPLICATE_KEY.python(table)(rows):
            return False
    for table, parent, column, ref in _checked_references(rows_by_table):
        if not DANGLING_FOREIGN_KEY.python(column, ref)(rows_by_table.get(table, []), rows_by_table.get(parent, [])):
            return False
    return True


def _checked_references(rows_by_table: dict) -> list[tuple[str, str, str, str]]:
    """(table, referred table, column, referred column) of the foreign keys checked in these rows:
    without findings rows, the findings table is not checked (nor referred to)."""
    checked = [t for t in TABLES if t != "findings" or "findings" in rows_by_table]
    return [(table, parent, column, ref) for table in checked for column, parent, ref in references(table) if parent in checked]


@lru_cache(maxsize=None)
def _row_checks(table: str) -> tuple[frozenset[str], tuple[tuple[str, Callable[[list], bool]], ...]]:
    """The table's column names, and for each column the fast path of its checks."""
    properties = json_schema(table)["properties"]
    return frozenset(properties), tuple((name, column_test(prop)) for name, prop in properties.items())


def _wrong_types(table: str, rows: list[dict]) -> list[Problem]:
    """Values not of their column's JSON type, found before the writer's conversion would take
    them (Arrow converts an int to a date, a text to a list of its characters)."""
    problems = []
    for name, prop in json_schema(table)["properties"].items():
        for level, is_items in levels(prop):
            values = [row.get(name) for row in rows]
            if is_items:
                values = items_of(v for v in values if isinstance(v, (list, tuple)))
            wrong = next((v for v in values if v is not None and not is_json_type(v, level)), None)
            if wrong is not None:
                what = "an item" if is_items else "a value"
                problems.append(Problem("COLUMN_TYPE", table, f"{what} {wrong!r} {COLUMN_TYPE.message(level)}", name))
                break
    return problems


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
    properties = json_schema(table)["properties"]
    problems = []
    for field in expected:
        if field.name not in data.column_names:
            problems.append(Problem("COLUMN_MISSING", table, f"column {field.name} ({field.type}) is missing", field.name))
        elif COLUMN_TYPE.arrow(data.column(field.name), properties[field.name]):
            got = data.schema.field(field.name).type
            problems.append(Problem("COLUMN_TYPE", table, f"column {field.name} is {got}, the schema says {field.type}", field.name))
    for name in data.column_names:
        if name not in expected.names:
            problems.append(Problem("COLUMN_EXTRA", table, f"column {name} is not in schema/{table}.schema.json", name))
    return problems


def check_values(table: str, data, name: str, prop: dict) -> list[Problem]:
    problems = []
    for code, mask, message in row_masks(data, name, prop):
        problems += _rows(table, data, name, code, mask, message)
    return problems


def row_masks(data, name: str, prop: dict) -> list[tuple]:
    """(code, row mask, message) of each check of the list that applies to the column, at each of
    its levels (mstrack.schema.checks.levels): one boolean per row, true where the row breaks it.
    COLUMN_TYPE is the column's (check_columns)."""
    import pyarrow.compute as pc

    column = data.column(name)
    masks = []
    for level, is_items in levels(prop):
        values = pc.list_flatten(column) if is_items else column
        for check in value_checks(level):
            if check is COLUMN_TYPE:
                continue
            mask = pc.fill_null(check.arrow(values, level), False)
            if is_items:
                mask = _rows_holding(pc.filter(pc.list_parent_indices(column), mask), data.num_rows)
            masks.append((check.code, mask, ("holds an item that " if is_items else "") + check.message(level)))
    return masks


def invalid_rows(table: str, data) -> list[int]:
    """Indices of the rows that break their table's JSON Schema: what a jsonschema validation of
    each row as an object would reject, in one pass per column. `mstrack validate` lists at most
    MAX_ROWS_PER_PROBLEM rows per problem; this gives every one (bench/validation.py compares it
    with jsonschema's verdicts)."""
    import numpy as np
    import pyarrow.compute as pc

    invalid = np.zeros(data.num_rows, dtype=bool)
    for name, prop in json_schema(table)["properties"].items():
        for _, mask, _ in row_masks(data, name, prop):
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
    key = primary_key(table)
    if not DUPLICATE_KEY.applies(table) or not all(k in data.column_names for k in key) or data.num_rows == 0:
        return []
    dupes = DUPLICATE_KEY.arrow(table, data)
    return [
        Problem(DUPLICATE_KEY.code, table, DUPLICATE_KEY.message(row["count_all"]), "/".join(key), _key(row, key))
        for row in dupes.to_pylist()[:MAX_ROWS_PER_PROBLEM]
    ]


def check_foreign_keys(loaded: dict) -> list[Problem]:
    problems = []
    for table, data in loaded.items():
        for column, parent, ref in references(table):
            target = loaded.get(parent)
            if target is None or column not in data.column_names or ref not in target.column_names:
                continue
            dangling = DANGLING_FOREIGN_KEY.arrow(data.column(column), target.column(ref))
            problems += _rows(table, data, column, DANGLING_FOREIGN_KEY.code, dangling, DANGLING_FOREIGN_KEY.message(parent, ref))
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
