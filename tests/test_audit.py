from mstrack.audit import audit_quantities
from mstrack.normalise import normalise_text
from mstrack.quantity import parse_cell
from mstrack.rows import project_row, target_row, target_rows


def rows_for(task):
    project = project_row("doc_0000000000000000", 0, "responsibility_list", 0, name="n", task=normalise_text(task),
                          ref="L1", raw=task)
    return {"projects": [project], "targets": target_rows(project, project["task"], "L1")}


def test_a_target_without_unit_is_named_not_guessed():
    # 002 附件2 row 5 prints its 量化目标 as "859万", no unit.
    rows = rows_for("全市长期护理保险投保人数达到859万人")
    rows["targets"] = [target_row(rows["projects"][0], 0, "长期护理保险投保人数", parse_cell("859万"), "859万", "L86")]
    findings = audit_quantities(rows)
    assert [(f.code, f.table) for f in findings] == [("UNPARSED_QUANTITY", "targets")]
    assert "859万 with no unit" in findings[0].message


def test_a_task_with_figures_but_no_target_is_named():
    findings = audit_quantities(rows_for("学前教育1＋5新政"))
    assert [(f.code, f.table) for f in findings] == [("UNPARSED_QUANTITY", "projects")]


def test_a_task_without_figures_needs_no_finding():
    assert audit_quantities(rows_for("完善电控门防控功能和长效管理机制；")) == []


def test_typed_targets_need_no_finding():
    assert audit_quantities(rows_for("新增机构养老床位800张；")) == []
