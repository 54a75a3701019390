"""Units real notices print, with their scale; a figure in a unit mstrack does not know is reported,
never read as a target nor named in one; names and ordinals are not quantities."""

import csv
from decimal import Decimal
from importlib import resources

import pytest

from mstrack.audit import audit_quantities
from mstrack.normalise import normalise_text
from mstrack.quantity import find_quantities, find_unknown_units
from mstrack.rows import project_row, target_rows
from mstrack.targets import extract_targets


def _rows(name: str) -> list[dict[str, str]]:
    with resources.files("mstrack.data").joinpath(name).open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


UNITS = _rows("units.csv")
NOT_UNITS = _rows("not_units.csv")


@pytest.mark.parametrize("row", UNITS, ids=[row["unit_raw"] for row in UNITS])
def test_every_unit_reads_with_its_scale(row):
    (quantity,) = find_quantities(f"新增30{row['unit_raw']};")
    assert (quantity.value, quantity.unit, quantity.kind, quantity.unit_raw) == (
        Decimal(30) * Decimal(row["factor"]),
        row["unit"],
        row["kind"],
        row["unit_raw"],
    )


@pytest.mark.parametrize(
    "task, metric, value, unit",
    [
        ("新建保障性住房4万平米", "新建保障性住房", 40000, "平方米"),
        ("为困难群众发放大米5000斤", "困难群众发放大米", Decimal("2.5"), "吨"),  # 斤 is half a kilogram
        ("新增智能终端设备200部", "新增智能终端设备", 200, "部"),
        ("完成白内障复明手术300例", "白内障复明手术", 300, "例"),
        ("港口集装箱吞吐量达到120万标箱", "港口集装箱吞吐量", 1200000, "标箱"),
        ("新增光伏装机容量5000千瓦", "新增光伏装机容量", 5000, "千瓦"),
        ("新增光伏装机30万千瓦", "新增光伏装机", 300000, "千瓦"),
        ("年发电量1.2亿千瓦时", "年发电量", 120000000, "千瓦时"),
        ("新增护理型床位300床", "新增护理型床位", 300, "床"),
        ("新增公交班次120班次", "新增公交班次", 120, "班次"),
        ("新增造林面积50公顷", "新增造林面积", 500000, "平方米"),
        ("新增路灯350盏", "新增路灯", 350, "盏"),
        ("种植乔木2000株", "种植乔木", 2000, "株"),
        ("城镇登记失业率下降0.5个百分点", "城镇登记失业率下降", Decimal("0.5"), "百分点"),
    ],
)
def test_units_of_livelihood_notices(task, metric, value, unit):
    (target,) = extract_targets(normalise_text(task))
    assert (target.metric, target.quantity.value, target.quantity.unit) == (metric, value, unit)


@pytest.mark.parametrize("row", NOT_UNITS, ids=[row["word"] for row in NOT_UNITS])
def test_a_word_that_is_no_unit_makes_no_quantity(row):
    text = f"完成30{row['word']}"
    assert [q for q in find_quantities(text) if q.value_raw.endswith(row["word"][0])] == []
    assert find_unknown_units(text + ";") == ()


def test_no_word_is_both_a_unit_and_not_one():
    assert {row["word"] for row in NOT_UNITS} & {row["unit_raw"] for row in UNITS} == set()


@pytest.mark.parametrize(
    "task",
    [
        "完成7.21片区雨污分流改造",  # a place named after a date
        "为每一名学生建立健康档案",  # the base of a rate
        "第一批老旧小区完成改造",  # an ordinal
        "每1000名老人配备社工",
        "新建3部门联动机制",
    ],
)
def test_names_and_ordinals_are_not_quantities(task):
    assert extract_targets(normalise_text(task)) == []


def test_a_fractional_count_is_no_count():
    assert find_quantities("7.21个") == []
    assert [q.value for q in find_quantities("1.5万个")] == [15000]


def _audit(task: str):
    project = project_row("doc_0000000000000000", 0, "responsibility_list", 0, name="路灯", task=normalise_text(task),
                          ref="L1", raw=task, seq="3")
    rows = {"projects": [project], "targets": target_rows(project, project["task"], "L1")}
    return rows, audit_quantities(rows)


def test_a_figure_in_an_unknown_unit_is_a_finding_naming_the_unit():
    rows, findings = _audit("新增路灯200只")
    assert rows["targets"] == []
    assert [(f.code, f.severity, f.table) for f in findings] == [("UNPARSED_QUANTITY", "info", "projects")]
    assert "200只" in findings[0].message and "does not know, 只" in findings[0].message


def test_a_figure_in_an_unknown_unit_is_never_part_of_a_metric():
    rows, findings = _audit("新增路灯200只及垃圾桶300个")
    assert [(t["metric"], t["value"], t["unit"]) for t in rows["targets"]] == [("垃圾桶", 300, "个")]
    assert len(findings) == 1 and "200只" in findings[0].message


@pytest.mark.parametrize("task", ["建成1号楼", "创建3级医院", "开通101路公交", "拨打12345热线", "截至6月30日"])
def test_figures_that_name_or_date_are_no_unknown_unit(task):
    assert find_unknown_units(normalise_text(task)) == ()
