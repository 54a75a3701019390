import shutil

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from mstrack.store.writer import table_file
from conftest import run


@pytest.fixture()
def out(tmp_path, samples_out):
    target = tmp_path / "out"
    shutil.copytree(samples_out, target)
    return target


def rewrite(path, change):
    table = pq.read_table(path)
    pq.write_table(change(table), path)


def test_a_dropped_column_is_named(out):
    rewrite(table_file(out, "documents"), lambda t: t.drop(["city"]))
    result = run("validate", out)
    assert result.exit_code == 1
    assert "documents.city: COLUMN_MISSING: column city (string) is missing" in result.output


def test_a_value_outside_its_enum_is_named_with_its_row(out):
    def break_media_type(t):
        i = t.schema.get_field_index("media_type")
        return t.set_column(i, "media_type", pa.array(["txt"] * (t.num_rows - 1) + ["rtf"]))

    rewrite(table_file(out, "documents"), break_media_type)
    result = run("validate", out)
    assert result.exit_code == 1
    line = next(l for l in result.output.splitlines() if "ENUM_VALUE" in l)
    assert line.startswith("documents[doc_") and ".media_type: ENUM_VALUE: value 'rtf'" in line


def test_a_dangling_foreign_key_is_named(out):
    findings = pq.read_table(out / "findings.parquet")
    row = {name: [None] for name in findings.schema.names}
    row.update(finding_id=["fnd_0123456789abcdef"], doc_id=["doc_ffffffffffffffff"], code=["TEST"],
               severity=["info"], message=["a finding about no document"])
    pq.write_table(pa.concat_tables([findings, pa.Table.from_pydict(row, schema=findings.schema)]), table_file(out, "findings"))
    result = run("validate", out)
    assert result.exit_code == 1
    assert ("findings[fnd_0123456789abcdef].doc_id: DANGLING_FOREIGN_KEY: value 'doc_ffffffffffffffff' "
            "has no row in documents.doc_id") in result.output


def test_a_duplicated_key_is_named(out):
    rewrite(table_file(out, "documents"), lambda t: pa.concat_tables([t, t.slice(0, 1)]))
    result = run("validate", out)
    assert result.exit_code == 1
    assert "DUPLICATE_KEY: key appears 2 times" in result.output


def test_a_missing_table_is_named(out):
    shutil.rmtree(out / "glossary.parquet")
    result = run("validate", out)
    assert result.exit_code == 1
    assert "glossary: TABLE_MISSING" in result.output


def test_json_report_is_machine_readable(out):
    import json

    shutil.rmtree(out / "glossary.parquet")
    report = json.loads(run("validate", out, "--json").output)
    assert report["valid"] is False
    assert report["problems"][0]["code"] == "TABLE_MISSING"


def test_validate_of_no_folder_is_a_usage_error(tmp_path):
    result = run("validate", tmp_path / "missing")
    assert result.exit_code == 2
    assert "run `mstrack ingest" in result.output + result.stderr


def test_tables_with_no_documents_are_valid(tmp_path):
    """An ingest whose every input failed writes empty tables and the findings; they validate."""
    (tmp_path / "empty.txt").write_bytes(b"")
    assert run("ingest", tmp_path / "empty.txt", "--out", tmp_path / "out").exit_code == 1
    result = run("validate", tmp_path / "out")
    assert result.exit_code == 0, result.output
def test_null_passes_an_enum_that_lists_it(out):
    # findings.table is nullable and its enum lists null: a finding about no table is valid.
    findings = pq.read_table(out / "findings.parquet")
    row = {name: [None] for name in findings.schema.names}
    row.update(finding_id=["fnd_0123456789abcdef"], code=["TEST"], severity=["info"], message=["about no table"])
    pq.write_table(pa.concat_tables([findings, pa.Table.from_pydict(row, schema=findings.schema)]), table_file(out, "findings"))
    assert run("validate", out).exit_code == 0


def test_a_null_in_a_nullable_enum_column_is_valid(out):
    # milestones.comparator is null where a step states no figure (002 L29 "3月底前确定项目点位…").
    table = pq.read_table(out / "milestones.parquet")
    assert table.column("comparator").null_count > 0
    assert run("validate", out).exit_code == 0


def test_a_null_item_in_a_list_column_is_named_as_json_schema_would(out):
    # projects.lead_units: a list of texts; JSON Schema's `items` refuses a null among them.
    def null_lead_unit(t):
        units = t.column("lead_units").to_pylist()
        units[0] = (units[0] or []) + [None]
        return t.set_column(t.schema.get_field_index("lead_units"), "lead_units", pa.array(units, t.schema.field("lead_units").type))

    rewrite(table_file(out, "projects"), null_lead_unit)
    result = run("validate", out)
    assert result.exit_code == 1
    line = next(l for l in result.output.splitlines() if "NULL_VALUE" in l)
    assert line.startswith("projects[prj_") and ".lead_units: NULL_VALUE:" in line and "holds an item that is null" in line
