"""validate_rows: rows that surely pass skip the Arrow check (rows_fit, plain Python); every row the
Arrow check would fault must still reach it, with the same verdict."""

import copy
import math
from decimal import Decimal

import pytest

from conftest import SAMPLES
from mstrack.pipeline import IngestOptions, ingest_file
from mstrack.validate import check_rows, rows_fit, validate_rows


@pytest.fixture(scope="module")
def rows_002():
    """002's rows (documents, projects, targets, milestones, allocations) with its findings."""
    result = ingest_file(SAMPLES["002"], IngestOptions())
    return {**result.rows, "findings": [f.row() for f in result.findings]}


def test_the_samples_rows_pass_without_arrow(rows_002):
    assert rows_fit(rows_002)
    assert check_rows(rows_002) == []
    assert validate_rows(rows_002) == []


def _set(table, column, value, row=0):
    def change(rows):
        rows[table][row][column] = value

    return change


def _duplicate(table):
    def change(rows):
        rows[table].append(dict(rows[table][0]))

    return change


def _extra_column(rows):
    rows["targets"][0]["colour"] = "red"


def _unknown_table(rows):
    rows["budgets"] = []


# (change to 002's rows, the problem code the Arrow check gives, or None when it finds none)
CHANGES = {
    "an id off its pattern": (_set("projects", "project_id", "prj_XYZ"), "PATTERN_MISMATCH"),
    "an id with a final line break": (_set("targets", "target_id", "tgt_0123456789abcdef\n"), "PATTERN_MISMATCH"),
    "a full-width digit in an id": (_set("projects", "doc_id", "doc_０123456789abcdef"), "PATTERN_MISMATCH"),
    "a value outside its enum": (_set("documents", "media_type", "rtf"), "ENUM_VALUE"),
    "a null in a required column": (_set("targets", "metric", None), "NULL_VALUE"),
    "a Decimal where a float goes": (_set("targets", "value", Decimal("1.5")), "COLUMN_TYPE"),
    "a text where a number goes": (_set("allocations", "value", "12"), "COLUMN_TYPE"),
    "a lone surrogate in a text": (_set("projects", "name", "caf\udce9"), "COLUMN_TYPE"),
    "a bool where an integer goes": (_set("projects", "section", True), "COLUMN_TYPE"),
    "a negative section": (_set("projects", "section", -1), "OUT_OF_RANGE"),
    "a NaN share, against its minimum": (_set("milestones", "share", math.nan), None),
    "a tuple of units": (_set("projects", "lead_units", ("市民政局",)), None),
    # JSON Schema's `items` refuses a null item where the items are strings, as it refuses a null list.
    "a null unit in a list": (_set("projects", "lead_units", [None]), "NULL_VALUE"),
    "a null list of units": (_set("projects", "lead_units", None), "NULL_VALUE"),
    # Arrow would convert these (a date of day 5, a list of characters, 1.0); JSON Schema refuses them.
    "a number where a date goes": (_set("documents", "as_of", 5), "COLUMN_TYPE"),
    "a text where a list goes": (_set("projects", "co_units", "市民政局"), "COLUMN_TYPE"),
    "a bool where a number goes": (_set("targets", "value", True), "COLUMN_TYPE"),
    "a duplicated target": (_duplicate("targets"), "DUPLICATE_KEY"),
    "a target of no project": (_set("targets", "project_id", "prj_ffffffffffffffff"), "DANGLING_FOREIGN_KEY"),
    "a column of no schema": (_extra_column, "COLUMN_EXTRA"),
    "a table of no schema": (_unknown_table, "TABLE_UNKNOWN"),
}


@pytest.mark.parametrize("change", CHANGES, ids=list(CHANGES))
def test_rows_the_python_check_is_unsure_of_go_to_arrow(rows_002, change):
    rows = copy.deepcopy(rows_002)
    apply, code = CHANGES[change][0], CHANGES[change][1]
    apply(rows)
    assert not rows_fit(rows)
    problems = check_rows(rows)
    assert validate_rows(rows) == problems
    assert [p.code for p in problems][:1] == ([code] if code else [])
