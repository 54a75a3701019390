"""The one list of checks of the tables: each declared once, with its stable code, when it applies
(from a column's JSON Schema property, or from a table's keys) and its two implementations side by
side, as pandera splits a check's declaration from the engines that run it:

- `python`: a test of plain Python values, True only when they surely pass. It is the per-document
  fast path (`validate.rows_fit`): column by column, most tests one pass in C over a column's
  values. Conservative: whatever it is not sure of (a Decimal, a text with a line break where a
  pattern applies) is False, for the Arrow check to judge.
- `arrow`: the check over Arrow data with pyarrow.compute, giving the rows that break it. It is what
  `mstrack validate` runs on written tables, and what judges rows the fast path is unsure of.

A list column is checked at two levels: the list itself (required: not null; a list) and its items,
with the items' property (`prop["items"]`), as JSON Schema checks `items`. `levels` gives both.
tests/test_checks.py holds both implementations to jsonschema's verdicts on random rows of every table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any, Callable

from . import arrow_type, json_types, primary_key, references

Test = Callable[[list], bool]


@dataclass(frozen=True)
class Check:
    """One rule. For a value check, `applies`, `python` and `arrow` take the property of the level
    checked (a column, or the items of a list column); `python(prop)` is a Test of that level's
    values (None for null) and `arrow(values, prop)` a boolean mask, true where a value breaks the
    rule. Key checks take the table (see their implementations)."""

    code: str
    applies: Callable[..., bool]
    python: Callable[..., Any]
    arrow: Callable[..., Any]
    message: Callable[..., str]


def _types(prop: dict) -> list[str]:
    return prop["type"] if isinstance(prop["type"], list) else [prop["type"]]


def levels(prop: dict) -> list[tuple[dict, bool]]:
    """(property, is_items) of each level a column is checked at: itself, and its items when it is
    a list."""
    if json_types(prop)[0] == "array":
        return [(prop, False), (prop["items"], True)]
    return [(prop, False)]


def items_of(values: list) -> list:
    """The items of a list column's values, for the checks of its items."""
    return [item for value in values if value for item in value]


# ---- COLUMN_TYPE -------------------------------------------------------------------------------

# The Python types the writer surely converts to each JSON type's Arrow type: exact types, so a bool
# is no integer here. An integer is a number only where float64 holds it exactly (checked below).
_SURE_TYPES = {"string": {str}, "date": {date}, "integer": {int}, "number": {float, int}, "boolean": {bool}, "array": {list}}


def _json_type(prop: dict) -> str:
    main = json_types(prop)[0]
    return "date" if main == "string" and prop.get("format") == "date" else main


def _types_fit(prop: dict) -> Test:
    sure = frozenset(_SURE_TYPES[_json_type(prop)] | {type(None)})
    main = _json_type(prop)
    if main == "string":
        return lambda values: set(map(type, values)) <= sure and _utf8("".join(filter(None, values)))
    if main == "integer":

        def integers_fit(values: list) -> bool:
            present = [v for v in values if v is not None]
            return set(map(type, values)) <= sure and (not present or (min(present) >= -(2**63) and max(present) < 2**63))

        return integers_fit
    if main == "number":
        return lambda values: set(map(type, values)) <= sure and all(abs(v) <= 2**53 for v in values if type(v) is int)
    return lambda values: set(map(type, values)) <= sure


def _utf8(text: str) -> bool:
    """Arrow refuses a text with a lone surrogate (joining texts makes no pair of two of them)."""
    if text.isascii():
        return True
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def is_json_type(value, prop: dict) -> bool:
    """Whether a Python value (not null) is of the column's JSON type, as JSON Schema sees it: what
    the rows check asks before the writer converts rows, since Arrow's conversion is lenient (an int
    becomes a date, a text a list of characters, True a 1.0)."""
    main = _json_type(prop)
    if main == "string":
        return isinstance(value, str)
    if main == "date":
        return isinstance(value, date)
    if main == "integer":
        return (isinstance(value, int) and not isinstance(value, bool)) or (isinstance(value, float) and value.is_integer())
    if main == "number":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if main == "boolean":
        return isinstance(value, bool)
    return isinstance(value, (list, tuple))  # a tuple is written as a list, and is one in JSON


def _type_differs(values, prop: dict):
    """The Arrow side of COLUMN_TYPE, for a whole column: its type is not the schema's."""
    return not same_type(values.type, arrow_type(prop))


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


COLUMN_TYPE = Check(
    "COLUMN_TYPE",
    applies=lambda prop: True,
    python=_types_fit,
    arrow=_type_differs,
    message=lambda prop: f"is not of type {_json_type(prop)}",
)


# ---- value checks ------------------------------------------------------------------------------


def _required(prop: dict) -> bool:
    return "null" not in _types(prop)


def _no_null(prop: dict) -> Test:
    return lambda values: None not in values


def _is_null(values, prop: dict):
    import pyarrow.compute as pc

    return pc.is_null(values)


def _enum_fits(prop: dict) -> Test:
    allowed = frozenset(v for v in prop["enum"] if v is not None)
    # As in JSON Schema, null passes an enum only when the enum lists it; a null in a required
    # column is NULL_VALUE's.
    null_passes = None in prop["enum"] or _required(prop)
    allowed_or_null = allowed | {None}
    return lambda values: allowed_or_null.issuperset(values) and (null_passes or None not in values)


def _outside_enum(values, prop: dict):
    import pyarrow as pa
    import pyarrow.compute as pc

    allowed = pa.array([v for v in prop["enum"] if v is not None], type=values.type)
    null_is_wrong = None not in prop["enum"] and not _required(prop)
    outside = pc.invert(pc.is_in(values, value_set=allowed, skip_nulls=True))
    return pc.if_else(pc.is_null(values), pa.scalar(null_is_wrong), outside)


def _pattern_fits(prop: dict) -> Test:
    # RE2 (pyarrow) and Python agree on these patterns given ASCII classes and no line break
    # (Python's $ also matches before a final "\n"), as JSON Schema's ECMA-262 \d is ASCII.
    pattern = re.compile(prop["pattern"], re.ASCII)

    def fits(values: list) -> bool:
        present = set(values) - {None}
        return "\n" not in "".join(present) and all(map(pattern.search, present))

    return fits


def _pattern_broken(values, prop: dict):
    import pyarrow.compute as pc

    return pc.invert(pc.match_substring_regex(values, prop["pattern"]))


def _at_least(prop: dict) -> Test:
    return lambda values: all(v >= prop["minimum"] for v in values if v is not None)


def _below(values, prop: dict):
    import pyarrow.compute as pc

    return pc.less(values, prop["minimum"])


def _at_most(prop: dict) -> Test:
    return lambda values: all(v <= prop["maximum"] for v in values if v is not None)


def _above(values, prop: dict):
    import pyarrow.compute as pc

    return pc.greater(values, prop["maximum"])


NULL_VALUE = Check("NULL_VALUE", _required, _no_null, _is_null, lambda prop: "is null but the column is required")
ENUM_VALUE = Check("ENUM_VALUE", lambda prop: "enum" in prop, _enum_fits, _outside_enum, lambda prop: f"is not one of {prop['enum']}")
PATTERN_MISMATCH = Check(
    "PATTERN_MISMATCH", lambda prop: "pattern" in prop, _pattern_fits, _pattern_broken, lambda prop: f"does not match {prop['pattern']}"
)
BELOW_MINIMUM = Check("OUT_OF_RANGE", lambda prop: "minimum" in prop, _at_least, _below, lambda prop: f"is below the minimum {prop['minimum']}")
ABOVE_MAXIMUM = Check("OUT_OF_RANGE", lambda prop: "maximum" in prop, _at_most, _above, lambda prop: f"is above the maximum {prop['maximum']}")

# The checks of a level's values, in the order the fast path runs them: types first, so that the
# others see values of their type.
VALUE_CHECKS = (COLUMN_TYPE, NULL_VALUE, ENUM_VALUE, PATTERN_MISMATCH, BELOW_MINIMUM, ABOVE_MAXIMUM)


def value_checks(prop: dict) -> list[Check]:
    """The checks that apply to one level of a column."""
    return [check for check in VALUE_CHECKS if check.applies(prop)]


def column_test(prop: dict) -> Test:
    """The fast path of one column: every check of every level, in order, the items' only once the
    column holds lists."""
    steps = [(is_items, [check.python(level) for check in value_checks(level)]) for level, is_items in levels(prop)]

    def fits(values: list) -> bool:
        for is_items, tests in steps:
            level_values = items_of(values) if is_items else values
            for test in tests:
                if not test(level_values):
                    return False
        return True

    return fits


# ---- key checks --------------------------------------------------------------------------------


def _keys_unique(table: str) -> Test:
    """Python: the rows (dicts) of a table have distinct primary keys."""
    key = primary_key(table)
    return lambda rows: len({tuple(map(row.get, key)) for row in rows}) == len(rows)


def _duplicated_keys(table: str, data):
    """Arrow: the key values held by more than one row, with their count (`count_all`)."""
    import pyarrow.compute as pc

    grouped = data.group_by(primary_key(table)).aggregate([([], "count_all")])
    return grouped.filter(pc.greater(grouped.column("count_all"), 1))


def _references_resolve(column: str, ref: str) -> Callable[[list, list], bool]:
    """Python: every value of `column` in the rows is a `ref` of the referred rows (null refers to
    nothing)."""
    return lambda rows, referred: {row.get(column) for row in rows} - {None} <= {row.get(ref) for row in referred}


def _dangling(values, referred):
    """Arrow: the rows whose value is not null and not among the referred values."""
    import pyarrow.compute as pc

    return pc.and_(pc.is_valid(values), pc.invert(pc.is_in(values, value_set=referred.combine_chunks())))


DUPLICATE_KEY = Check(
    "DUPLICATE_KEY",
    applies=lambda table: bool(primary_key(table)),
    python=_keys_unique,
    arrow=_duplicated_keys,
    message=lambda count: f"key appears {count} times",
)
DANGLING_FOREIGN_KEY = Check(
    "DANGLING_FOREIGN_KEY",
    applies=lambda table: bool(references(table)),
    python=_references_resolve,
    arrow=_dangling,
    message=lambda parent, ref: f"has no row in {parent}.{ref}",
)

CHECKS = VALUE_CHECKS + (DUPLICATE_KEY, DANGLING_FOREIGN_KEY)
