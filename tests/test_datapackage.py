"""The data dictionary: datapackage.json beside the tables, descriptions in the Parquet files, and
`mstrack describe`."""

from __future__ import annotations

import json

import pyarrow.parquet as pq
import pytest

from conftest import run
from mstrack.datapackage import datapackage, whole_value_pattern
from mstrack.store.output import table_file
from mstrack.schema import TABLES, json_schema


def test_ingest_writes_datapackage_json_beside_the_tables(samples_out):
    descriptor = json.loads((samples_out / "datapackage.json").read_text(encoding="utf-8"))
    assert descriptor["profile"] == "tabular-data-package"
    assert [r["name"] for r in descriptor["resources"]] == list(TABLES)
    assert all((samples_out / r["path"]).exists() for r in descriptor["resources"])


def test_the_keys_are_the_schemas_own_as_they_are_declared():
    for resource in datapackage()["resources"]:
        declared = json_schema(resource["name"])
        assert resource["schema"].get("primaryKey") == declared.get("primaryKey")
        assert resource["schema"].get("foreignKeys") == declared.get("foreignKeys")


def test_every_column_has_its_type_description_and_keys():
    resources = {r["name"]: r for r in datapackage()["resources"]}
    targets = resources["targets"]["schema"]
    assert targets["primaryKey"] == ["target_id"]
    assert {"fields": ["project_id"], "reference": {"resource": "projects", "fields": ["project_id"]}} in targets["foreignKeys"]
    fields = {f["name"]: f for f in targets["fields"]}
    assert list(fields) == list(json_schema("targets")["properties"])
    assert all(f["description"] for f in fields.values())
    assert fields["value"]["type"] == "number" and "unit" in fields["value"]["x-unit"]
    assert fields["comparator"]["constraints"]["enum"] == [">=", "=", "<=", "~", "range"]
    assert fields["target_id"]["constraints"] == {"required": True, "pattern": "tgt_[0-9a-f]{16}"}
    documents = {f["name"]: f for f in resources["documents"]["schema"]["fields"]}
    assert documents["as_of"]["type"] == "date"
    assert documents["kinds"]["x-items"] == "string"


def test_a_pattern_searched_anywhere_matches_the_whole_value_in_table_schema():
    assert whole_value_pattern("^doc_[0-9a-f]{16}$") == "doc_[0-9a-f]{16}"
    assert whole_value_pattern("〔\\d{4}〕\\d+号$") == ".*〔\\d{4}〕\\d+号"
    assert whole_value_pattern("^FY") == "FY.*"


def test_frictionless_validates_the_package(samples_out):
    frictionless = pytest.importorskip("frictionless")
    report = frictionless.validate(str(samples_out / "datapackage.json"))
    assert report.valid, report.flatten(["taskName", "type", "fieldName", "note"])[:10]


def test_parquet_files_carry_the_descriptions(samples_out):
    schema = pq.read_schema(table_file(samples_out, "targets"))
    assert schema.metadata[b"description"].decode() == json_schema("targets")["description"]
    assert schema.field("metric").metadata[b"description"].decode() == json_schema("targets")["properties"]["metric"]["description"]


def test_describe_prints_tables_columns_rows_and_null_shares(samples_out):
    result = run("describe", samples_out)
    assert result.exit_code == 0
    assert "targets: 245 rows." in result.output
    assert "projects: 153 rows." in result.output
    line = next(l for l in result.output.splitlines() if l.strip().startswith("district "))
    assert "null  20.0%" in line


def test_describe_json_has_one_record_per_column(samples_out):
    records = json.loads(run("describe", samples_out, "--json").output)
    assert {r["table"] for r in records} == set(TABLES)
    assert len(records) == sum(len(json_schema(t)["properties"]) for t in TABLES)


def test_describe_of_a_folder_without_tables_says_what_to_do(tmp_path):
    result = run("describe", tmp_path)
    assert result.exit_code == 2
    assert "holds no tables; run `mstrack ingest" in result.output
