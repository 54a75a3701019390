r"""The one list of checks (mstrack.schema.checks) gives jsonschema's verdict, by both of its
implementations: on random rows of every table built from its JSON Schema, valid ones and ones
with one perturbation each, the plain-Python fast path (`rows_fit`), the Arrow check (`check_rows`,
what `mstrack validate` runs on written tables) and jsonschema row by row plus the key rules of
Table Schema (`primaryKey` unique, `foreignKeys` resolve) agree.

Texts for a pattern are drawn with ASCII classes and no line break: JSON Schema's regular
expressions are ECMA-262's, whose \d is ASCII and whose $ is the end of the text, and so are the
checks'; jsonschema runs Python's re, which also takes a full-width digit and a final "\n".
A row is a complete object here: a key a row lacks is its null for the checks (the writer writes it
so), while jsonschema would call it a missing property.

`make test` runs a few examples per (table, perturbation); MSTRACK_FUZZ=long runs many more."""

from __future__ import annotations

import datetime
import os
import re

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from mstrack.schema import TABLES, json_schema, json_types, primary_key, references, schema_dir
from mstrack.schema.checks import CHECKS
from mstrack.validate import check_rows, rows_fit, validate_rows

LONG = os.environ.get("MSTRACK_FUZZ") == "long"
EXAMPLES = 200 if LONG else 5  # per (table, perturbation); the valid rows get eight times as many
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))


def _main(prop: dict) -> str:
    main = json_types(prop)[0]
    return "date" if main == "string" and prop.get("format") == "date" else main


def value_of(prop: dict) -> st.SearchStrategy:
    """Valid values of a column. Patterns are drawn with ASCII classes, as JSON Schema's regular
    expressions (ECMA-262) read \\d."""
    main, nullable = json_types(prop)
    if "enum" in prop:
        return st.sampled_from(prop["enum"])
    kind = _main(prop)
    if kind == "date":
        base = st.dates()
    elif kind == "string" and "pattern" in prop:
        base = st.from_regex(re.compile(prop["pattern"], re.ASCII), fullmatch=True)
    elif kind == "string":
        base = st.text(max_size=12)
    elif kind == "integer":
        base = st.integers(min_value=prop.get("minimum", -(2**63)), max_value=prop.get("maximum", 2**63 - 1))
    elif kind == "number":
        base = st.floats(min_value=prop.get("minimum"), max_value=prop.get("maximum"), allow_nan=False, allow_infinity=False)
    elif kind == "boolean":
        base = st.booleans()
    else:
        base = st.lists(value_of(prop["items"]), max_size=3)
    return st.one_of(st.none(), base) if nullable else base


def rows_of(table: str) -> st.SearchStrategy:
    properties = json_schema(table)["properties"]
    key = primary_key(table)
    row = st.fixed_dictionaries({name: value_of(prop) for name, prop in properties.items()})
    return st.lists(row, min_size=1, max_size=3, unique_by=lambda r: tuple(r[k] for k in key))


def with_parents(table: str) -> set[str]:
    """The table and every table its foreign keys reach."""
    return {table}.union(*(with_parents(parent) for _, parent, _ in references(table)))


@st.composite
def valid_tables(draw, of: str | None = None) -> dict[str, list[dict]]:
    """Rows of every table (or of one table and those it refers to, the others empty) whose foreign
    keys resolve: each key column takes a value of the rows it refers to (or null where it may),
    and a row whose required key has nothing to refer to goes."""
    drawn = with_parents(of) if of else set(TABLES)
    tables = {table: draw(rows_of(table)) if table in drawn else [] for table in TABLES}
    for table in TABLES:
        for column, parent, ref in references(table):
            assert TABLES.index(parent) < TABLES.index(table), "a table refers only to tables before it"
            referred = [row[ref] for row in tables[parent]]
            nullable = json_types(json_schema(table)["properties"][column])[1]
            choices = referred + [None] if nullable else referred
            kept = []
            for row in tables[table]:
                if choices:
                    row[column] = draw(st.sampled_from(choices))
                    kept.append(row)
            tables[table] = kept
        key = primary_key(table)
        unique = {tuple(row[k] for k in key): row for row in tables[table]}
        tables[table] = list(unique.values())
    return tables


VALIDATORS = {table: Draft202012Validator(json_schema(table)) for table in TABLES}


def jsonschema_verdict(tables: dict[str, list[dict]]) -> bool:
    """jsonschema on each row as an object (dates as ISO texts), then the key rules."""
    for table, rows in tables.items():
        validator = VALIDATORS[table]
        for row in rows:
            row = {k: v.isoformat() if isinstance(v, datetime.date) else v for k, v in row.items()}
            if not validator.is_valid(row):
                return False
        key = primary_key(table)
        if len({tuple(row[k] for k in key) for row in rows}) != len(rows):
            return False
        for column, parent, ref in references(table):
            referred = {row[ref] for row in tables[parent]}
            if any(row[column] is not None and row[column] not in referred for row in rows):
                return False
    return True


def verdicts(tables: dict[str, list[dict]]) -> dict[str, bool]:
    return {
        "jsonschema": jsonschema_verdict(tables),
        "python": rows_fit(tables),
        "arrow": check_rows(tables) == [],
        "validate_rows": validate_rows(tables) == [],
    }


# ---- perturbations: each makes one value (or one row) break one rule ---------------------------


def _columns(table: str, wanted) -> list[str]:
    return [name for name, prop in json_schema(table)["properties"].items() if wanted(prop)]


def _wrong_type(prop: dict):
    return 12345 if _main(prop) in ("string", "date") else "not of this type"


def _outside_range(prop: dict):
    step = 1 if _main(prop) == "integer" else 0.5
    return prop["minimum"] - step if "minimum" in prop else prop["maximum"] + step


PERTURBATIONS = {
    # name: (columns it applies to, the value it puts in a row given the column's property and value)
    "wrong type": (lambda prop: True, lambda prop, value: _wrong_type(prop)),
    "null in a required column": (lambda prop: not json_types(prop)[1], lambda prop, value: None),
    "value outside its enum": (lambda prop: "enum" in prop, lambda prop, value: "not-in-the-enum"),
    "pattern broken": (lambda prop: "pattern" in prop, lambda prop, value: "not-a-match"),
    "out of range": (lambda prop: "minimum" in prop or "maximum" in prop, lambda prop, value: _outside_range(prop)),
    "null item in a list": (lambda prop: _main(prop) == "array", lambda prop, value: list(value or []) + [None]),
}
KEY_PERTURBATIONS = ("duplicate key", "dangling foreign key")

CASES = [
    (table, name)
    for table in TABLES
    for name, (applies, _) in PERTURBATIONS.items()
    if _columns(table, applies)
] + [(table, name) for table in TABLES for name in KEY_PERTURBATIONS if name != "dangling foreign key" or references(table)]


def perturb(draw, tables: dict, table: str, name: str) -> None:
    rows = tables[table]
    assume(rows)
    row = draw(st.sampled_from(rows))
    if name == "duplicate key":
        rows.append(dict(row))
        return
    if name == "dangling foreign key":
        column, parent, ref = draw(st.sampled_from(references(table)))
        prop = json_schema(table)["properties"][column]
        row[column] = draw(value_of({**prop, "type": json_types(prop)[0]}).filter(lambda v: v not in {r[ref] for r in tables[parent]}))
        return
    applies, change = PERTURBATIONS[name]
    column = draw(st.sampled_from(_columns(table, applies)))
    prop = json_schema(table)["properties"][column]
    row[column] = change(prop, row[column])
    if name == "pattern broken":
        assert re.search(prop["pattern"], row[column]) is None


@settings(SETTINGS, max_examples=8 * EXAMPLES)
@given(tables=valid_tables())
def test_valid_rows_of_every_table_pass_all_three_and_the_fast_path_is_sure_of_them(tables):
    assert verdicts(tables) == dict.fromkeys(("jsonschema", "python", "arrow", "validate_rows"), True)


@pytest.mark.parametrize("table,name", CASES, ids=[f"{t}-{n.replace(' ', '_')}" for t, n in CASES])
@SETTINGS
@given(data=st.data())
def test_one_broken_value_or_key_is_refused_by_all_three(table, name, data):
    tables = data.draw(valid_tables(of=table))
    perturb(data.draw, tables, table, name)
    assert verdicts(tables) == dict.fromkeys(("jsonschema", "python", "arrow", "validate_rows"), False)


def test_every_check_has_its_code_in_the_catalogue_and_every_table_its_schema():
    import csv
    from importlib.resources import files

    with open(str(files("mstrack") / "data" / "validation_codes.csv"), encoding="utf-8", newline="") as f:
        catalogued = {row["code"] for row in csv.DictReader(f)}
    assert {check.code for check in CHECKS} <= catalogued
    assert {check.code for check in CHECKS} >= {"COLUMN_TYPE", "NULL_VALUE", "ENUM_VALUE", "PATTERN_MISMATCH", "OUT_OF_RANGE", "DUPLICATE_KEY", "DANGLING_FOREIGN_KEY"}
    assert sorted(p.name for p in schema_dir().glob("*.schema.json")) == sorted(f"{t}.schema.json" for t in TABLES)


def test_keys_are_declared_as_table_schema_declares_them():
    for table in TABLES:
        schema = json_schema(table)
        assert not {k for k in schema if k.startswith("x-")}, table
        assert set(schema["primaryKey"]) <= set(schema["properties"])
        for fk in schema.get("foreignKeys", []):
            assert set(fk) == {"fields", "reference"} and set(fk["reference"]) == {"resource", "fields"}
            assert set(fk["fields"]) <= set(schema["properties"])
            assert set(fk["reference"]["fields"]) <= set(json_schema(fk["reference"]["resource"])["properties"])
