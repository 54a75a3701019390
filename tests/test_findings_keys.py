"""Findings carry the key of the row they are about, so an analyst can filter doubtful rows."""

from mstrack.findings import with_row_keys
from mstrack.model import Finding
from mstrack.pipeline import IngestOptions, ingest_file


def test_a_sum_mismatch_names_its_target_and_project(copy_of):
    path = copy_of("002")
    lines = path.read_bytes().decode("utf-8").split("\n")
    lines[81] = lines[81].replace("| 45個 |", "| 46個 |")  # L82, 新增老年助餐服务点
    path.write_bytes("\n".join(lines).encode("utf-8"))
    result = ingest_file(path, IngestOptions())
    (mismatch,) = [f for f in result.findings if f.code == "ALLOCATION_SUM_MISMATCH"]
    targets = {t["target_id"]: t for t in result.rows["targets"]}
    assert targets[mismatch.target_id]["metric"] == "新增老年助餐服务点"
    assert mismatch.project_id == targets[mismatch.target_id]["project_id"]
    assert mismatch.allocation_id is None  # about the row's sum, not one area's share


def test_sample_findings_about_projects_and_targets_carry_their_keys(tables):
    findings = tables["findings"]
    for code in ("UNPARSED_QUANTITY", "DUPLICATE_TARGET", "NOT_AN_ACHIEVEMENT"):
        assert findings[findings.code == code].project_id.notna().all(), code
    assert set(findings.project_id.dropna()) <= set(tables["projects"].project_id)
    assert set(findings.target_id.dropna()) <= set(tables["targets"].target_id)
    assert findings[findings.code == "DUPLICATE_SECTION"].project_id.isna().all()


def test_a_cell_ref_answers_for_its_row_and_a_shared_key_only_is_set():
    rows = {"allocations": [
        {"allocation_id": "alc_" + "1" * 16, "project_id": "prj_" + "1" * 16, "target_id": "tgt_" + "1" * 16, "ref": "t3 r7 c2"},
        {"allocation_id": "alc_" + "2" * 16, "project_id": "prj_" + "1" * 16, "target_id": "tgt_" + "1" * 16, "ref": "t3 r7 c3"},
    ]}
    row_finding = Finding("ALLOCATION_SUM_MISMATCH", "warning", "m", table="allocations", ref="t3 r7")
    cell_finding = Finding("UNPARSED_CELL", "warning", "m", table="allocations", ref="t3 r7 c3")
    row_keyed, cell_keyed = with_row_keys([row_finding, cell_finding], rows)
    assert (row_keyed.project_id, row_keyed.target_id, row_keyed.allocation_id) == ("prj_" + "1" * 16, "tgt_" + "1" * 16, None)
    assert cell_keyed.allocation_id == "alc_" + "2" * 16
