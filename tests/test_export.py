"""`mstrack export`: the same rows in SQLite (for Datasette), DuckDB, CSV and Excel."""

from __future__ import annotations

import csv
import json
import sqlite3

import pyarrow.parquet as pq
import pytest

from conftest import run
from mstrack.store.output import table_file
from mstrack.schema import TABLES, references


@pytest.fixture(scope="module")
def counts(samples_out):
    return {t: pq.read_metadata(table_file(samples_out, t)).num_rows for t in TABLES}


def test_sqlite_has_every_table_with_keys_and_indexes_for_datasette(samples_out, counts, tmp_path):
    path = tmp_path / "mstrack.db"
    result = run("export", samples_out, "--to", "sqlite", "-o", path)
    assert result.exit_code == 0, result.output
    db = sqlite3.connect(path)
    assert {t: db.execute(f"select count(*) from {t}").fetchone()[0] for t in TABLES} == counts
    assert db.execute("pragma foreign_key_check").fetchall() == []
    pk = [row[1] for row in db.execute("pragma table_info(targets)") if row[5]]
    assert pk == ["target_id"]
    linked = {(row[3], row[2]) for row in db.execute("pragma foreign_key_list(targets)")}
    assert linked == {("project_id", "projects"), ("doc_id", "documents")}
    indexed = {row[1] for row in db.execute("pragma index_list(allocations)")}
    assert {f"idx_allocations_{column}" for column, _, _ in references("allocations")} <= indexed
    lead_units = db.execute("select lead_units from projects where lead_units != '[]' limit 1").fetchone()[0]
    assert isinstance(json.loads(lead_units), list)
    assert db.execute("select typeof(value) from targets where value is not null limit 1").fetchone()[0] == "real"


def test_sqlite_export_comes_with_datasette_metadata_describing_every_column(samples_out, tmp_path):
    path = tmp_path / "mstrack.db"
    run("export", samples_out, "--to", "sqlite", "-o", path)
    metadata = json.loads((tmp_path / "mstrack.metadata.json").read_text(encoding="utf-8"))
    tables = metadata["databases"]["mstrack"]["tables"]
    assert set(tables) == set(TABLES)
    assert tables["targets"]["columns"]["metric"].startswith("What is counted")


def test_duckdb_has_every_table_and_the_descriptions(samples_out, counts, tmp_path):
    duckdb = pytest.importorskip("duckdb")
    path = tmp_path / "mstrack.duckdb"
    assert run("export", samples_out, "--to", "duckdb", "-o", path).exit_code == 0
    db = duckdb.connect(str(path), read_only=True)
    assert {t: db.execute(f"select count(*) from {t}").fetchone()[0] for t in TABLES} == counts
    comment = db.execute("select comment from duckdb_columns() where table_name = 'targets' and column_name = 'metric'").fetchone()[0]
    assert comment.startswith("What is counted")
    keys = db.execute("select table_name, constraint_column_names from duckdb_constraints() where constraint_type = 'PRIMARY KEY'").fetchall()
    assert ("targets", ["target_id"]) in keys and len(keys) == len(TABLES)


def test_csv_is_utf8_with_a_bom_so_excel_shows_chinese(samples_out, counts, tmp_path):
    folder = tmp_path / "csv"
    assert run("export", samples_out, "--to", "csv", "-o", folder).exit_code == 0
    assert sorted(p.name for p in folder.iterdir()) == sorted(f"{t}.csv" for t in TABLES)
    raw = (folder / "projects.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    with open(folder / "projects.csv", encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == counts["projects"]
    assert any("养老" in (row["name"] or "") for row in rows)
    assert all(isinstance(json.loads(row["lead_units"]), list) for row in rows)


def test_xlsx_has_a_sheet_per_table_with_the_header_frozen(samples_out, counts, tmp_path):
    from openpyxl import load_workbook

    path = tmp_path / "mstrack.xlsx"
    assert run("export", samples_out, "--to", "xlsx", "-o", path).exit_code == 0
    book = load_workbook(path, read_only=False)
    assert book.sheetnames == list(TABLES)
    sheet = book["targets"]
    assert sheet.freeze_panes == "A2"
    assert sheet.max_row == counts["targets"] + 1
    assert [c.value for c in sheet[1]][:3] == ["target_id", "project_id", "doc_id"]
    assert sheet["A1"].font.bold


def test_export_replaces_what_was_there(samples_out, tmp_path):
    path = tmp_path / "mstrack.db"
    path.write_text("not a database")
    assert run("export", samples_out, "--to", "sqlite", "-o", path).exit_code == 0
    assert sqlite3.connect(path).execute("select count(*) from documents").fetchone()[0] == 5
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mstrack.db", "mstrack.metadata.json"]


def test_export_of_a_folder_without_tables_writes_nothing(tmp_path):
    result = run("export", tmp_path, "--to", "sqlite", "-o", tmp_path / "x.db")
    assert result.exit_code == 2 and "holds no tables" in result.output
    assert not (tmp_path / "x.db").exists()


def test_export_to_an_unknown_format_is_a_usage_error(samples_out, tmp_path):
    result = run("export", samples_out, "--to", "parquet", "-o", tmp_path / "x")
    assert result.exit_code == 2 and "sqlite" in result.output
