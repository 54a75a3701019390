"""Ingesting into a folder that already has tables merges by document: nothing duplicated, nothing
of the files not in this run lost, and the tables valid after every run."""

import shutil

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from mstrack.store.writer import table_file
from conftest import RAW, SAMPLES, read_tables, run, shown
from mstrack import PARSER_VERSION, pipeline
from mstrack.model import Finding
from mstrack.parsers import ParseResult
from mstrack.schema import TABLES


@pytest.fixture()
def raw(tmp_path):
    """A copy of data/raw that a test may change."""
    target = tmp_path / "raw"
    shutil.copytree(RAW, target)
    return target


def ingest(*args):
    result = run("ingest", *args)
    assert "Traceback" not in result.output + result.stderr
    return result


def test_a_second_run_of_the_same_files_parses_nothing_and_changes_nothing(raw, tmp_path, monkeypatch):
    out = tmp_path / "out"
    assert ingest(raw, "--out", out).exit_code == 0
    before = read_tables(out)

    def must_not_parse(*args):
        raise AssertionError("an unchanged document was parsed again")

    monkeypatch.setattr(pipeline, "parse_document", must_not_parse)
    result = ingest(raw, "--out", out)
    assert result.exit_code == 0
    assert "documents: 0 new, 0 replaced, 5 unchanged, 0 failed" in result.output
    for table in TABLES:
        pd.testing.assert_frame_equal(read_tables(out)[table], before[table])
    assert run("validate", out).exit_code == 0


def test_an_edited_file_replaces_its_own_rows(raw, tmp_path):
    out = tmp_path / "out"
    ingest(raw, "--out", out)
    old_id = read_tables(out)["documents"].set_index("source_path").doc_id[str(raw / SAMPLES["001"].name)]
    with open(raw / SAMPLES["001"].name, "a", encoding="utf-8") as f:
        f.write("\n附:本表数据截至3月31日。\n")
    result = ingest(raw, "--out", out)
    assert "documents: 0 new, 1 replaced, 4 unchanged, 0 failed" in result.output
    documents = read_tables(out)["documents"]
    assert len(documents) == 5 and documents.doc_id.is_unique
    assert old_id not in documents.doc_id.tolist()
    assert run("validate", out).exit_code == 0


def test_files_not_in_this_run_keep_their_rows(tmp_path):
    out = tmp_path / "out"
    ingest(SAMPLES["000"], SAMPLES["001"], "--out", out)
    result = ingest(SAMPLES["001"], SAMPLES["002"], "--out", out)
    assert "documents: 1 new, 0 replaced, 1 unchanged, 0 failed" in result.output
    assert sorted(read_tables(out)["documents"].source_path) == sorted(shown(SAMPLES[k]) for k in ("000", "001", "002"))


def test_rebuild_starts_from_empty_tables(tmp_path):
    out = tmp_path / "out"
    ingest(SAMPLES["000"], SAMPLES["001"], "--out", out)
    result = ingest(SAMPLES["002"], "--out", out, "--rebuild")
    assert "documents: 1 new, 0 replaced, 0 unchanged, 0 failed" in result.output
    assert read_tables(out)["documents"].source_path.tolist() == [shown(SAMPLES["002"])]


def test_the_same_bytes_under_a_new_name_replace_the_document(tmp_path, copy_of):
    out = tmp_path / "out"
    first = copy_of("000", "first.txt")
    ingest(first, "--out", out)
    second = copy_of("000", "second.txt")
    result = ingest(second, "--out", out)
    assert "documents: 0 new, 1 replaced, 0 unchanged, 0 failed" in result.output
    assert read_tables(out)["documents"].source_path.tolist() == [str(second)]


def year_finding(section, context):
    result = ParseResult()
    result.findings.append(Finding("YEAR_SEEN", "info", f"parsed for {context.year}", doc_id=context.doc_id, source_path=context.source_path))
    return result


def test_findings_of_a_document_are_replaced_with_it(tmp_path, monkeypatch):
    monkeypatch.setattr(pipeline, "registry", lambda: {"half_year": year_finding})
    out = tmp_path / "out"
    ingest(SAMPLES["000"], "--out", out)
    assert read_tables(out)["findings"].message.tolist() == ["parsed for 2011"]
    # --year changes rows without changing bytes, so the file is parsed again despite being unchanged.
    result = ingest(SAMPLES["000"], "--out", out, "--year", 2012)
    assert "documents: 0 new, 1 replaced, 0 unchanged, 0 failed" in result.output
    assert read_tables(out)["findings"].message.tolist() == ["parsed for 2012"]


def test_a_file_that_failed_is_read_and_reported_again(tmp_path):
    out = tmp_path / "out"
    prose = tmp_path / "prose.txt"
    prose.write_text("今天天气很好。\n", encoding="utf-8")
    assert ingest(prose, "--out", out).exit_code == 1
    again = ingest(prose, "--out", out)
    assert again.exit_code == 1
    assert "UNKNOWN_KIND" in again.stderr
    assert read_tables(out)["findings"].code.tolist() == ["UNKNOWN_KIND"]


def test_a_file_that_cannot_be_read_this_time_keeps_its_rows_from_before(tmp_path):
    out = tmp_path / "out"
    ingest(SAMPLES["000"], "--out", out)
    result = ingest(SAMPLES["000"], "--out", out, "--max-bytes", 1000)
    assert result.exit_code == 1
    assert "is 11.2 kB, over the 1000 bytes limit" in result.stderr
    tables = read_tables(out)
    assert tables["documents"].source_path.tolist() == [shown(SAMPLES["000"])]
    # 000's own finding (it numbers its tasks 1, 3, 4 …) stays with its rows.
    assert sorted(set(tables["findings"].code) - {"NOT_AN_ACHIEVEMENT"}) == ["INPUT_TOO_LARGE", "NUMBERING_GAP"]
    # Read again within the limit, the error goes and the rows stay.
    ingest(SAMPLES["000"], "--out", out)
    assert set(read_tables(out)["findings"].code) == {"NUMBERING_GAP", "NOT_AN_ACHIEVEMENT"}


def test_tables_of_another_version_with_other_columns_are_not_merged_into(tmp_path):
    out = tmp_path / "out"
    ingest(SAMPLES["000"], "--out", out)
    documents = pq.read_table(out / "documents.parquet")
    old = documents.drop(["converter"]).set_column(
        documents.schema.get_field_index("parser_version"), "parser_version", pa.array(["0.0.9"] * documents.num_rows)
    )
    pq.write_table(old, table_file(out, "documents"))
    result = ingest(SAMPLES["001"], "--out", out)
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        f"mstrack: error: {out} holds tables written by parser version 0.0.9 that this version ({PARSER_VERSION}) cannot "
        "merge into (documents: column converter (string) is missing); re-ingest with --rebuild to start from empty tables"
    )
    assert read_tables(out)["documents"].source_path.tolist() == [shown(SAMPLES["000"])]  # untouched
    assert ingest(SAMPLES["001"], "--out", out, "--rebuild").exit_code == 0
    assert run("validate", out).exit_code == 0


def test_validate_tells_another_versions_tables_apart(tmp_path):
    out = tmp_path / "out"
    ingest(SAMPLES["000"], "--out", out)
    documents = pq.read_table(out / "documents.parquet")
    i = documents.schema.get_field_index("parser_version")
    pq.write_table(documents.set_column(i, "parser_version", pa.array(["0.0.9"])).drop(["converter"]), table_file(out, "documents"))
    result = run("validate", out)
    assert result.exit_code == 1
    assert result.output.splitlines()[-2] == (
        "documents.parser_version: PARSER_VERSION_MISMATCH: rows were written by parser version 0.0.9, whose tables "
        f"have other columns (1 differences in documents); this is {PARSER_VERSION}: re-ingest with `mstrack ingest PATH… --rebuild`"
    )


def test_validate_of_tables_of_this_version_with_a_column_gone_does_not_blame_the_version(tmp_path):
    out = tmp_path / "out"
    ingest(SAMPLES["000"], "--out", out)
    pq.write_table(pq.read_table(out / "documents.parquet").drop(["converter"]), table_file(out, "documents"))
    result = run("validate", out)
    assert "documents.converter: COLUMN_MISSING" in result.output
    assert "PARSER_VERSION_MISMATCH" not in result.output


def test_tables_written_as_plain_files_are_adopted(tmp_path, samples_out):
    """Tables copied in as plain files (or written before generations) are merged into like any."""
    out = tmp_path / "out"
    out.mkdir()
    for table in TABLES:
        shutil.copy(table_file(samples_out, table), out / f"{table}.parquet")
    result = ingest(SAMPLES["000"], "--out", out)
    assert "documents: 0 new, 0 replaced, 1 unchanged, 0 failed" in result.output
    assert all((out / f"{t}.parquet").is_symlink() for t in TABLES)
    assert len(read_tables(out)["documents"]) == 5
    assert run("validate", out).exit_code == 0


def test_a_second_ingest_into_a_busy_folder_is_refused(tmp_path):
    from mstrack.store.writer import output_lock

    out = tmp_path / "out"
    with output_lock(out):
        result = ingest(SAMPLES["000"], "--out", out)
    assert result.exit_code == 1
    assert result.stderr.strip() == f"mstrack: error: another mstrack ingest is writing to {out}; wait for it to finish"
