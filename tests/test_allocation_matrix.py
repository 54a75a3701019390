"""附件2 任务分解表 of 002 (districts, pipe rows realigned by look) and 003 (streets, tab-led stream)."""

from __future__ import annotations

import hashlib

import pytest
from conftest import SAMPLES

from mstrack.model import Cell, Grid, SourceRef
from mstrack.parsers.allocation_matrix import aligned_rows
from mstrack.parsers.columns import split_header
from mstrack.pipeline import IngestOptions, ingest_file
from mstrack.readers.text import read_text


@pytest.fixture(scope="module")
def hangzhou():
    return ingest_file(SAMPLES["002"], IngestOptions())


@pytest.fixture(scope="module")
def gongshu():
    return ingest_file(SAMPLES["003"], IngestOptions())


def shares(result, metric: str, qualifier: str | None = None) -> dict[str, dict]:
    """area → allocation row, for the target whose metric contains `metric`."""
    (target,) = [
        t for t in result.rows["targets"]
        if metric in t["metric"] and (qualifier is None or t["qualifier"] == qualifier)
    ]  # fmt: skip
    return {a["area"]: a for a in result.rows["allocations"] if a["target_id"] == target["target_id"]}


def codes(result, code: str):
    return [f for f in result.findings if f.code == code]


# --- 002 -------------------------------------------------------------------------------------


def test_lin_an_gets_45_meal_points(hangzhou):
    assert shares(hangzhou, "老年助餐服务点")["临安区"]["value"] == 45


def test_xiao_shan_gets_40_meal_points(hangzhou):
    meals = shares(hangzhou, "老年助餐服务点")
    assert (meals["萧山区"]["value"], meals["萧山区"]["unit"]) == (40, "个")
    assert "市本级" not in meals  # "--"
    assert meals["西湖风景名胜区"]["area_level"] == "scenic_area"


def test_shang_cheng_gets_110_beds_in_the_row_without_a_lead_unit(hangzhou):
    beds = shares(hangzhou, "认知障碍照护专区床位")  # L83: the "--" after 1000张 is 市本级
    assert beds["上城区"]["value"] == 110
    assert "市本级" not in beds and "西湖风景名胜区" not in beds
    assert sum(a["value"] for a in beds.values()) == 1000


def test_xiao_shan_gets_6_new_and_13_upgraded_youth_palace_points(hangzhou):
    xiao_shan = shares(hangzhou, "家门口青少年宫")["萧山区"]
    assert (xiao_shan["value"], xiao_shan["secondary_value"], xiao_shan["value_raw"]) == (6, 13, "6(13)個")


def test_shares_printed_without_a_unit_take_their_targets_unit(hangzhou):
    care = shares(hangzhou, "长期护理保险投保人数")  # "859万" cells, L86
    assert (care["萧山区"]["value"], care["萧山区"]["unit"]) == (1390000, "人")
    assert care["西湖风景名胜区"]["value"] == 30000  # "3 万"


def test_city_level_column_is_self(hangzhou):
    schools = shares(hangzhou, "新建成中小学、幼儿园")
    assert (schools["市本级"]["value"], schools["市本级"]["area_level"]) == (3, "self")


def test_second_target_rows_link_to_the_same_project(hangzhou):
    centres = shares(hangzhou, "儿童健康管理中心")  # L112 starts at its own target text
    training = shares(hangzhou, "养育照护师资培训")  # L110
    assert {a["project_id"] for a in centres.values()} == {a["project_id"] for a in training.values()}
    assert centres["萧山区"]["value"] == 10


def test_bus_line_parts_become_targets_of_their_project(hangzhou):
    metro = shares(hangzhou, "新辟优化", qualifier="地铁接驳线")  # "40条(地铁接驳线)", L119
    assert (metro["市本级"]["value"], metro["余杭区"]["value"]) == (4, 10)
    parts = [t for t in hangzhou.rows["targets"] if t["metric"].startswith("新辟优化") and t["qualifier"]]
    assert sorted((t["qualifier"], t["value"]) for t in parts) == [
        ("地铁接驳线", 40), ("城乡公交", 20), ("定制公交", 10), ("敬老公交", 10), ("社区微公交", 20)]  # fmt: skip


def test_rates_are_allocated_but_not_summed(hangzhou):
    coverage = shares(hangzhou, "综合保障率")
    assert len(coverage) == 13 and {a["value"] for a in coverage.values()} == {83}


def test_items_11_and_12_are_notes_without_allocations(hangzhou):
    notes = codes(hangzhou, "ALLOCATION_NOT_SPLIT")
    assert [(f.severity, f.ref) for f in notes] == [("info", "L93-95"), ("info", "L96")]
    assert "不分解区、县(市)目标任务" in notes[1].message


def test_all_48_hangzhou_items_link_to_the_list(hangzhou):
    projects = {p["project_id"] for p in hangzhou.rows["projects"] if p["kind"] == "responsibility_list"}
    linked = {a["project_id"] for a in hangzhou.rows["allocations"]}
    assert len(projects) == 48 and linked <= projects
    assert len(linked) == 46  # items 11 and 12 are notes
    assert not [p for p in hangzhou.rows["projects"] if p["kind"] == "allocation_matrix"]
    targets = {t["target_id"]: t for t in hangzhou.rows["targets"]}
    assert all(targets[a["target_id"]]["project_id"] == a["project_id"] for a in hangzhou.rows["allocations"])


# --- 003 -------------------------------------------------------------------------------------


def test_gongshu_matrix_has_22_rows_of_19_areas():
    data = SAMPLES["003"].read_bytes()
    doc = read_text("003.txt", data, hashlib.sha256(data).hexdigest())
    section = doc.sections[2]
    columns, body = split_header(section.grid)
    areas = [c.area.name for c in columns if c.role == "area"]
    assert len(areas) == 19 and areas[:2] == ["区本级", "天水街道"] and areas[-1] == "大关街道"
    rows = aligned_rows(columns, body, section.grid.stream)
    assert len(rows) == 22
    assert all(len(r.shares) == 19 for r in rows)
    assert [r.text("seq") for r in rows].count("一") == 3


def test_da_guan_gets_18_households_of_home_guard(gongshu):
    home_guard = shares(gongshu, "安居守护")
    assert (home_guard["大关街道"]["value"], home_guard["大关街道"]["unit"]) == (18, "户")
    assert home_guard["大关街道"]["area_level"] == "street"


def test_ban_shan_gets_286_resettled_households(gongshu):
    resettled = shares(gongshu, "回迁安置")["半山街道"]  # "286" and "户" on lines L554–556
    assert (resettled["value"], resettled["unit"]) == (286, "户")


def test_chang_qing_screens_4805_and_guides_400(gongshu):
    screened = shares(gongshu, "社区认知症早期筛查")["长庆街道"]  # "4805\n\n400人", L407–409
    guided = shares(gongshu, "非药物干预指导")["长庆街道"]
    assert (screened["value"], screened["unit"]) == (4805, "人")
    assert (guided["value"], guided["unit"]) == (400, "人")


def test_district_level_column_holds_the_spine_screening(gongshu):
    spine = shares(gongshu, "正脊筛查")
    assert list(spine) == ["区本级"] and spine["区本级"]["value"] == 16000


def test_last_cell_drops_the_documents_closing_lines(gongshu):
    quiet = shares(gongshu, "宁静小区")["大关街道"]  # the 抄送 lines L688–694 wrap into it
    assert (quiet["value"], quiet["value_raw"]) == (1, "1个")


def test_matrix_row_missing_from_the_task_gets_its_own_target(gongshu):
    (made,) = [t for t in gongshu.rows["targets"] if t["metric"] == "新增“大运河老年学堂”"]
    (first,) = [p for p in gongshu.rows["projects"] if p["seq"] == "一"]
    assert (made["project_id"], made["value"], made["unit"]) == (first["project_id"], 6, "所")


def test_all_22_gongshu_rows_link_to_a_project_and_target(gongshu):
    projects = {p["project_id"]: p for p in gongshu.rows["projects"]}
    targets = {t["target_id"]: t for t in gongshu.rows["targets"]}
    allocations = gongshu.rows["allocations"]
    assert {projects[a["project_id"]]["kind"] for a in allocations} == {"responsibility_list"}
    assert {projects[a["project_id"]]["seq"] for a in allocations} == set("一二三四五六七八九十")
    # 22 rows, 23 targets: row 五.2 shares out both 筛查2万人 and 干预指导1500人.
    assert len({a["target_id"] for a in allocations}) == 23
    assert all(targets[a["target_id"]]["project_id"] == a["project_id"] for a in allocations)


# --- reconciliation --------------------------------------------------------------------------


def test_both_matrices_add_up_to_their_targets(hangzhou, gongshu):
    assert codes(hangzhou, "ALLOCATION_SUM_MISMATCH") == []
    assert codes(gongshu, "ALLOCATION_SUM_MISMATCH") == []


def test_a_changed_cell_raises_exactly_one_sum_mismatch(copy_of):
    path = copy_of("002")
    lines = path.read_bytes().decode("utf-8").split("\n")
    assert lines[81].startswith("1 | 新增老年助餐服務點227個")  # L82
    lines[81] = lines[81].replace("| 45個 |", "| 46個 |")
    path.write_bytes("\n".join(lines).encode("utf-8"))
    (mismatch,) = codes(ingest_file(path, IngestOptions()), "ALLOCATION_SUM_MISMATCH")
    assert mismatch.severity == "warning" and mismatch.table == "allocations"
    assert "新增老年助餐服务点 (227个" in mismatch.message and "228个" in mismatch.message and "1个 over" in mismatch.message


# --- step (1) on a rectangular grid ------------------------------------------------------------


def _row(texts: list[str], r: int) -> list[Cell]:
    return [Cell(text=t, raw=t, ref=SourceRef(table=2, row=r, col=c)) for c, t in enumerate(texts)]


def test_rectangular_matrix_rows_pass_through_and_merged_cells_inherit():
    grid = Grid(rows=[
        _row(["序号", "项目名称", "量化目标", "牵头单位", "市本级", "各区、县(市)任务分解", ""], 0),
        _row(["", "", "", "", "", "上城区", "萧山区"], 1),
        _row(["8", "规范提升26家残疾人托养机构,实施残疾人社会化照护服务1000人次", "26家", "市残联", "--", "2家", "24家"], 2),
        _row(["", "", "1000人次", "", "--", "40人次", "960人次"], 3),
        _row(["9", "新增残疾人就业1000人", "1000人", "", "", "600人", "400人"], 4),
    ])  # fmt: skip
    columns, body = split_header(grid)
    assert [c.role for c in columns] == ["seq", "name", "target", "lead_units", "area", "area", "area"]
    rows = aligned_rows(columns, body, stream=False)
    assert [(r.text("seq"), r.text("target"), r.text("lead_units")) for r in rows] == [
        ("8", "26家", "市残联"), ("8", "1000人次", "市残联"), ("9", "1000人", "市残联")]  # fmt: skip
    assert "name" not in rows[1].own and rows[1].text("name").startswith("规范提升26家")
    assert [c.text if c else None for c in rows[2].shares] == [None, "600人", "400人"]
