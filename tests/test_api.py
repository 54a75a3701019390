"""The library a notebook imports: parse, ingest, validate, load, connect."""

from __future__ import annotations

import pandas as pd
import pyarrow as pa
import pytest

import mstrack
from conftest import RAW, SAMPLES
from mstrack.schema import TABLES


def test_parse_gives_one_documents_rows_as_arrow_tables_without_writing(tmp_path):
    parsed = mstrack.parse(SAMPLES["003"])
    assert parsed.status == "parsed" and parsed.kinds == ["responsibility_list", "allocation_matrix"]
    assert set(parsed.tables) == set(TABLES)
    assert all(isinstance(t, pa.Table) for t in parsed.tables.values())
    assert parsed.tables["projects"].num_rows == 10
    assert parsed.tables["documents"].column("doc_id").to_pylist() == [parsed.doc_id]
    assert parsed.to_pandas().projects.shape[0] == 10


def test_parse_of_an_unreadable_file_is_a_failed_document_with_its_finding(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    parsed = mstrack.parse(empty)
    assert parsed.status == "failed"
    assert parsed.findings.column("code").to_pylist() == ["EMPTY_INPUT"]


def test_parse_takes_the_options_of_ingest():
    parsed = mstrack.parse(SAMPLES["003"], district="拱墅区", year=2030)
    assert parsed.tables["documents"].column("year").to_pylist() == [2030]


def test_ingest_validate_load_round_trip(tmp_path):
    out = tmp_path / "out"
    summary = mstrack.ingest(RAW, out)
    assert summary.statuses["new"] == 5 and summary.counts["projects"] == 153
    report = mstrack.validate(out)
    assert report.valid and bool(report)
    assert list(report.problems.columns) == ["code", "table", "key", "column", "message"]
    assert report.problems.empty


def test_ingest_names_a_missing_path(tmp_path):
    with pytest.raises(FileNotFoundError, match="nothing-here"):
        mstrack.ingest([tmp_path / "nothing-here"], tmp_path / "out")


def test_validate_report_has_problems_as_a_data_frame(tmp_path):
    (tmp_path / "out").mkdir()
    report = mstrack.validate(tmp_path / "out")
    assert not report.valid
    assert set(report.problems.code) == {"TABLE_MISSING"}
    assert len(report.problems) == len(TABLES)


def test_load_gives_dates_as_datetimes_enums_as_categories_lists_as_lists(samples_out):
    tables = mstrack.load(samples_out)
    assert list(tables) == list(TABLES)
    documents = tables.documents
    assert pd.api.types.is_datetime64_any_dtype(documents["as_of"])
    assert isinstance(documents["media_type"].dtype, pd.CategoricalDtype)
    from mstrack.schema import json_schema

    assert list(documents["media_type"].cat.categories) == json_schema("documents")["properties"]["media_type"]["enum"]
    assert all(isinstance(kinds, list) for kinds in documents["kinds"])
    assert documents["year"].dtype == "Int64"
    assert isinstance(tables.targets["comparator"].dtype, pd.CategoricalDtype)
    assert all(isinstance(units, list) for units in tables.projects["lead_units"])
    assert pd.api.types.is_datetime64_any_dtype(tables.milestones["due"])


def test_load_of_some_tables_and_of_an_unknown_one(samples_out):
    assert list(mstrack.load(samples_out, ["targets"])) == ["targets"]
    with pytest.raises(ValueError, match="no table target"):
        mstrack.load(samples_out, ["target"])


def test_connect_gives_one_view_per_table(samples_out):
    pytest.importorskip("duckdb")
    connection = mstrack.connect(samples_out)
    counts = {t: connection.execute(f"select count(*) from {t}").fetchone()[0] for t in TABLES}
    assert counts["projects"] == 153 and counts["allocations"] == 828
    joined = connection.execute("select count(*) from targets join projects using (project_id)").fetchone()[0]
    assert joined == counts["targets"]
