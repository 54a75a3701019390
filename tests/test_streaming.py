"""Ingest streams documents to the tables: a document's rows are let go once spilled, tables are
written in row groups of a bounded number of rows, and the tables are those of holding everything
at once (same rows, same order, same bytes run after run)."""

from __future__ import annotations

import gc
import shutil
import weakref

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from mstrack.store.writer import table_file
from conftest import RAW, SAMPLES, read_tables, run, shown
from mstrack.store import merge, writer
from mstrack.pipeline import IngestOptions, iter_ingest
from mstrack.schema import TABLES, primary_key


def test_row_groups_are_cut_to_the_same_size_whatever_the_batches():
    schema = pa.schema([pa.field("glossary_id", pa.string())])
    batches = [pa.record_batch({"glossary_id": [f"g{i}" for i in range(start, end)]}, schema=schema) for start, end in ((0, 3), (3, 4), (4, 4), (4, 11))]
    groups = list(writer.row_groups(schema, batches, 4))
    assert [g.num_rows for g in groups] == [4, 4, 3]
    assert [g.column(0).num_chunks for g in groups] == [1, 1, 1]  # contiguous, so the bytes do not depend on the cuts
    assert sum((g.column(0).to_pylist() for g in groups), []) == [f"g{i}" for i in range(11)]


def test_tables_are_written_in_row_groups_of_at_most_the_bound(tmp_path, monkeypatch, tables):
    monkeypatch.setattr(writer, "ROW_GROUP_ROWS", 100)
    out = tmp_path / "out"
    assert run("ingest", RAW, "--out", out).exit_code == 0
    allocations = pq.ParquetFile(table_file(out, "allocations")).metadata
    assert allocations.num_rows == 828
    assert [allocations.row_group(i).num_rows for i in range(allocations.num_row_groups)] == [100] * 8 + [28]
    for table in TABLES:  # the rows of one big row group, in the same order
        pd.testing.assert_frame_equal(read_tables(out)[table], tables[table])


def test_a_document_is_let_go_once_its_rows_are_spilled(tmp_path):
    """While document k is parsed, the results of documents before k - 1 are garbage: the run does
    not hold them (the loop variable of merge_into still names document k - 1)."""
    alive_too_long = []
    refs = []

    def watched():
        for result in iter_ingest([RAW], IngestOptions()):
            gc.collect()
            alive_too_long.extend(i for i, ref in enumerate(refs[:-1]) if ref() is not None)
            refs.append(weakref.ref(result))
            yield result
            del result

    summary = merge.merge_into(tmp_path / "out", None, watched())
    assert summary.files == len(refs) == 5
    assert alive_too_long == []
    assert not list(tmp_path.glob("out/.gen-*/.spill"))  # the spill files went before the switch


def test_the_same_inputs_give_the_same_bytes_serial_parallel_and_again(tmp_path):
    first, second = tmp_path / "first", tmp_path / "second"
    assert run("ingest", RAW, "--out", first).exit_code == 0
    assert run("ingest", RAW, "--out", second, "--jobs", 2).exit_code == 0
    before = {t: table_file(first, t).read_bytes() for t in TABLES}
    assert before == {t: table_file(second, t).read_bytes() for t in TABLES}
    # An unchanged re-run writes the kept rows, read back in batches, to the same bytes.
    assert "5 unchanged" in run("ingest", RAW, "--out", first).stdout
    assert before == {t: table_file(first, t).read_bytes() for t in TABLES}


def test_a_replaced_document_takes_its_rows_along_the_foreign_keys_when_old_rows_stream_in_batches(tmp_path, monkeypatch):
    # Old rows read 7 at a time and written 50 to a row group: the cuts fall inside every table.
    monkeypatch.setattr(merge, "READ_BATCH_ROWS", 7)
    monkeypatch.setattr(writer, "ROW_GROUP_ROWS", 50)
    raw = tmp_path / "raw"
    shutil.copytree(RAW, raw)
    out = tmp_path / "out"
    run("ingest", raw, "--out", out)
    old_id = read_tables(out)["documents"].set_index("source_path").doc_id[str(raw / SAMPLES["003"].name)]
    with open(raw / SAMPLES["003"].name, "a", encoding="utf-8") as f:
        f.write("\n附:本表数据截至12月31日。\n")
    result = run("ingest", raw, "--out", out)
    assert "documents: 0 new, 1 replaced, 4 unchanged, 0 failed" in result.stdout
    tables = read_tables(out)
    new_id = tables["documents"].doc_id.iloc[-1]  # the replaced document's rows come after the kept ones
    assert tables["documents"].source_path.iloc[-1] == str(raw / SAMPLES["003"].name)
    for table in TABLES:
        if "doc_id" in tables[table]:
            assert old_id not in set(tables[table].doc_id), table
    # 003's allocations, milestones and progress went with its projects; the others' stayed.
    rebuilt = tmp_path / "rebuilt"
    run("ingest", raw, "--out", rebuilt)
    expected = read_tables(rebuilt)
    for table in TABLES:
        key = primary_key(table)[0]
        got = tables[table].sort_values(key, ignore_index=True)
        pd.testing.assert_frame_equal(got, expected[table].sort_values(key, ignore_index=True), obj=table)
    assert len(tables["allocations"]) == 828
    assert new_id != old_id
    assert run("validate", out).exit_code == 0


def test_a_folder_with_no_files_writes_no_generation(tmp_path):
    (tmp_path / "empty").mkdir()
    out = tmp_path / "out"
    result = run("ingest", tmp_path / "empty", "--out", out)
    assert result.exit_code == 2
    assert not list(out.glob(".gen-*"))


def test_an_old_table_that_is_not_parquet_is_not_merged_into(tmp_path):
    out = tmp_path / "out"
    run("ingest", SAMPLES["000"], "--out", out)
    target = out / "targets.parquet"
    data = table_file(out, "targets").read_bytes()
    target.unlink()
    target.write_bytes(data[: len(data) // 2])  # the footer is gone
    result = run("ingest", SAMPLES["001"], "--out", out)
    assert result.exit_code == 2
    assert "targets.parquet is not readable Parquet" in result.stderr
    assert pd.read_parquet(out / "documents.parquet").source_path.tolist() == [shown(SAMPLES["000"])]  # untouched


def test_the_spill_gives_back_every_row_in_order_on_every_read(tmp_path, monkeypatch):
    from mstrack.model import Finding

    monkeypatch.setattr(writer, "SPILL_ROWS", 3)
    spill = writer.Spill(tmp_path / ".spill")
    rows = [Finding("NUMBERING_GAP", "info", f"task {i} is missing", source_path="a.txt").row() for i in range(7)]
    spill.append("findings", rows[:2])
    spill.append("findings", rows[2:5])  # 5 rows waiting: written as one batch
    spill.append("findings", rows[5:])  # 2 rows still waiting when read
    for _ in range(2):
        batches = list(spill.batches("findings"))
        assert [b.num_rows for b in batches] == [5, 2]
        assert sum((b.to_pylist() for b in batches), []) == rows
    assert list(spill.batches("targets")) == []
    spill.remove()
    assert not (tmp_path / ".spill").exists()


def test_the_spill_is_compressed(tmp_path):
    # Uncompressed, a run's spill took six times the disk of the tables written from it.
    from mstrack.model import Finding

    spill = writer.Spill(tmp_path / ".spill")
    rows = [Finding("UNPARSED_CELL", "warning", f"cell {i} of the table could not be placed: 新增老年助餐服务点", source_path="a.txt").row() for i in range(5000)]
    spill.append("findings", rows)
    batches = list(spill.batches("findings"))
    uncompressed = sum(b.nbytes for b in batches)
    assert (tmp_path / ".spill" / "findings.arrows").stat().st_size < uncompressed / 3
    assert sum((b.to_pylist() for b in batches), []) == rows
    spill.remove()


def test_a_rerun_with_a_copy_and_an_empty_file_keeps_each_finding_once_in_its_place(tmp_path):
    # The copy's DUPLICATE_INPUT is found again (same id, kept from before and new): one row, where
    # it was; the empty file's finding has no document, so it is replaced by this run's.
    inputs = tmp_path / "in"
    inputs.mkdir()
    shutil.copy(SAMPLES["000"], inputs / "a.txt")
    shutil.copy(SAMPLES["000"], inputs / "b_copy.txt")
    (inputs / "c_empty.txt").write_text("")
    out = tmp_path / "out"
    for _ in range(2):
        result = run("ingest", inputs, "--out", out)
        findings = read_tables(out)["findings"]
        findings = findings[findings.code != "NOT_AN_ACHIEVEMENT"]  # 000's figures that are not achievements
        assert findings.code.tolist() == ["NUMBERING_GAP", "DUPLICATE_INPUT", "EMPTY_INPUT"]
        assert findings.source_path.tolist() == [str(inputs / n) for n in ("a.txt", "b_copy.txt", "c_empty.txt")]
    assert "documents: 0 new, 0 replaced, 1 unchanged, 1 failed, 1 duplicate" in result.stdout
    assert run("validate", out).exit_code == 0
