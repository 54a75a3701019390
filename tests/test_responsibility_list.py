"""附件1 责任清单 of 002 (杭州市, pipe rows with merged cells missing) and 003 (拱墅区, tab-led stream)."""

from __future__ import annotations

from datetime import date

import pytest
from conftest import SAMPLES

from mstrack.model import Cell, Grid, SourceRef
from mstrack.parsers.columns import split_header
from mstrack.parsers.dates import parse_due
from mstrack.parsers.responsibility_list import aligned_rows
from mstrack.pipeline import IngestOptions, ingest_file


@pytest.fixture(scope="module")
def hangzhou():
    return ingest_file(SAMPLES["002"], IngestOptions()).rows


@pytest.fixture(scope="module")
def gongshu():
    return ingest_file(SAMPLES["003"], IngestOptions()).rows


def listed(rows):
    return [p for p in rows["projects"] if p["kind"] == "responsibility_list"]


def project(rows, name_start):
    (found,) = [p for p in listed(rows) if p["name"].startswith(name_start)]
    return found


def targets_of(rows, prj):
    return [t for t in rows["targets"] if t["project_id"] == prj["project_id"]]


def milestones_of(rows, prj):
    return [m for m in rows["milestones"] if m["project_id"] == prj["project_id"]]


# --- 002 -------------------------------------------------------------------------------------


def test_hangzhou_lists_48_projects_in_ten_groups(hangzhou):
    projects = listed(hangzhou)
    assert len(projects) == 48
    assert [p["seq"] for p in projects].count("1") == 5
    assert len({p["category"] for p in projects}) == 10


def test_rows_without_seq_inherit_group_and_category(hangzhou):
    beds = project(hangzhou, "新增认知障碍照护专区床位1000张")  # L30 starts at the project name
    assert (beds["seq"], beds["category"]) == ("1", "“幸福助老”在杭州")


def test_spring_rain_category_repeated_after_the_page_break_is_one_category(hangzhou):
    housing = project(hangzhou, "新开工保障房100万平方米")  # L43 prints "3 | “春雨计划”在杭州" again
    hostel = project(hangzhou, "推出“青荷驿站”房源500套(间)")
    assert housing["category"] == hostel["category"] == "“春雨计划”在杭州"
    assert housing["seq"] == hostel["seq"] == "3"


@pytest.mark.parametrize(
    "name, due",
    [
        ("新增老年助餐服务点227个", date(2024, 11, 30)),  # 11月底
        ("实施孤独症儿童康复救助680人", date(2024, 9, 30)),  # 9月底
        ("新增认定乡村(社区)博物馆20家", date(2024, 5, 31)),  # 5月底
        ("建成中小学校“示范食堂”160家", date(2024, 10, 31)),  # 10月底
    ],
)
def test_due_dates_are_month_ends_of_the_plan_year(hangzhou, name, due):
    assert project(hangzhou, name)["due"] == due


def test_leaders_and_units_are_split_and_joined(hangzhou):
    meals = project(hangzhou, "新增老年助餐服务点227个")
    assert meals["leaders"] == ["方毅"]  # "方 毅"
    assert meals["lead_units"] == ["市民政局"]
    assert meals["unit_leaders"] == ["吴金富"]
    assert meals["co_units"] == ["市财政局", "市商务局", "市市场监管局", "各区、县(市)政府"]
    flu = project(hangzhou, "为全市60岁以上老年人免费接种流感疫苗")
    assert flu["lead_units"] == ["市卫生健康委员会"]  # "市衛生健康 委員會"
    fitness = project(hangzhou, "新建群众身边体育健身设施300处")
    assert fitness["unit_leaders"] == ["漆宪忠", "邓伟民"]  # "漆憲忠 鄧偉民": two people


def test_hangzhou_targets(hangzhou):
    flu = targets_of(hangzhou, project(hangzhou, "为全市60岁以上老年人免费接种流感疫苗"))
    assert [(t["value"], t["unit"]) for t in flu] == [(858000, "人次")]
    care = targets_of(hangzhou, project(hangzhou, "全市长期护理保险投保人数达到859万人"))
    assert [(t["value"], t["unit"]) for t in care] == [(8590000, "人")]
    rivers = targets_of(hangzhou, project(hangzhou, "完成幸福河湖农村水系整治100公里"))
    assert [(t["value"], t["unit"], t["kind"]) for t in rivers] == [(100, "公里", "length"), (80, "个", "count")]


# --- 002 milestones --------------------------------------------------------------------------


def test_meal_points_plan_has_four_dated_steps(hangzhou):
    meals = project(hangzhou, "新增老年助餐服务点227个")
    steps = milestones_of(hangzhou, meals)
    assert [m["due"] for m in steps] == [date(2024, 3, 31), date(2024, 6, 30), date(2024, 9, 30), date(2024, 11, 30)]
    september = steps[2]
    assert (september["value"], september["unit"], september["comparator"]) == (100, "个", ">=")
    assert september["target_id"] == targets_of(hangzhou, meals)[0]["target_id"]
    assert steps[0]["value"] is None and steps[0]["target_id"] is None


def test_completion_rate_is_a_share(hangzhou):
    drowning = milestones_of(hangzhou, project(hangzhou, "举办青少年防溺水公益培训1000堂"))
    june = next(m for m in drowning if m["text"] == "6月底前完成率达50%以上")
    assert (june["share"], june["comparator"], june["due"]) == (0.5, ">=", date(2024, 6, 30))
    # "5月-8月每月完成…250堂" is a monthly rate, not a figure to reach by August.
    summer = next(m for m in drowning if m["text"].startswith("5月-8月"))
    assert (summer["due"], summer["value"]) == (date(2024, 8, 31), None)


def test_month_range_is_due_at_its_end(hangzhou):
    care_homes = milestones_of(hangzhou, project(hangzhou, "规范提升26家残疾人托养机构"))
    assert next(m for m in care_homes if m["text"].startswith("4月-8月"))["due"] == date(2024, 8, 31)


def test_a_day_in_the_plan_is_kept(hangzhou):
    museums = milestones_of(hangzhou, project(hangzhou, "新增认定乡村(社区)博物馆20家"))
    assert [m["due"] for m in museums] == [date(2024, 4, 30), date(2024, 5, 18)]


def test_rate_target_steps_are_values_not_shares(hangzhou):
    medical = milestones_of(hangzhou, project(hangzhou, "全市困难群众医疗费用综合保障率达到83%"))
    assert [(m["value"], m["unit"], m["share"]) for m in medical][0] == (80, "%", None)


def test_sub_plans_link_their_steps_to_their_own_target(hangzhou):
    housing = project(hangzhou, "新开工保障房100万平方米")  # L43–44, one row over two lines
    area_target, rental_target = targets_of(hangzhou, housing)
    steps = milestones_of(hangzhou, housing)
    assert len(steps) == 8
    first, fifth = steps[0], steps[4]
    assert (first["due"], first["value"], first["unit"], first["target_id"]) == (
        date(2024, 3, 31), 200000, "平方米", area_target["target_id"])  # fmt: skip
    assert (fifth["due"], fifth["value"], fifth["unit"], fifth["target_id"]) == (
        date(2024, 3, 31), 1500, "套", rental_target["target_id"])  # fmt: skip


# --- 003 -------------------------------------------------------------------------------------


def test_gongshu_lists_ten_projects_numbered_one_to_ten(gongshu):
    assert [p["seq"] for p in listed(gongshu)] == list("一二三四五六七八九十")


def test_gongshu_leaders_on_separate_lines_are_three_people(gongshu):
    first = project(gongshu, "“阳光相伴”老幼融合服务项目")
    assert first["leaders"] == ["樊峥", "王一平", "贾元元"]  # "樊  峥" / 王一平 / 贾元元
    assert first["lead_units"] == ["区民政局", "区教育局", "区卫健局"]
    assert first["task"].startswith("打造8个“一老一小”示范型融合服务点")


def test_gongshu_targets_come_from_the_task_column(gongshu):
    health = targets_of(gongshu, project(gongshu, "“病有良医”健康服务项目"))
    assert [(t["value"], t["unit"]) for t in health] == [(4, "家"), (20000, "人"), (1500, "人")]
    growth = targets_of(gongshu, project(gongshu, "“幼有善育”成长守护项目"))
    assert (growth[1]["metric"], growth[1]["value"], growth[1]["unit"]) == ("正脊筛查", 16000, "人")


# --- step (1) and dates on their own ----------------------------------------------------------


def _cell(text: str, row: int, col: int, rowspan: int = 1) -> Cell:
    return Cell(text=text, raw=text, ref=SourceRef(table=1, row=row, col=col), rowspan=rowspan)


def test_rectangular_grid_rows_pass_through_and_merged_cells_inherit():
    header = ["序号", "类别", "项目名称", "分管市领导", "牵头单位", "预计完成时间"]
    body = [
        ["1", "“幸福助老”在杭州", "新增老年助餐服务点227个", "方毅", "市民政局", "11月底"],
        ["", "", "新增认知障碍照护专区床位1000张", "方毅", "市民政局", "11月底"],
        ["2", "“弱有众扶”在杭州", "新增残疾人就业1000人", "陈卫强", "市残联", "9月底"],
    ]
    grid = Grid(rows=[[_cell(t, r, c, rowspan=2 if (r, c) in ((1, 0), (1, 1)) else 1)
                       for c, t in enumerate(row)] for r, row in enumerate([header] + body)])  # fmt: skip
    columns, rows = split_header(grid)
    assert [c.role for c in columns] == ["seq", "category", "name", "leaders", "lead_units", "due"]
    aligned = aligned_rows(columns, rows, stream=False)
    assert [(r.text("seq"), r.text("category"), r.text("name")) for r in aligned] == [
        ("1", "“幸福助老”在杭州", "新增老年助餐服务点227个"),
        ("1", "“幸福助老”在杭州", "新增认知障碍照护专区床位1000张"),
        ("2", "“弱有众扶”在杭州", "新增残疾人就业1000人"),
    ]


@pytest.mark.parametrize(
    "text, due",
    [("11月底", date(2024, 11, 30)), ("9月份", date(2024, 9, 30)), ("5月18日", date(2024, 5, 18)),
     ("4月-8月", date(2024, 8, 31)), ("2月底前", date(2024, 2, 29)), ("11月前", date(2024, 11, 30))],
)  # fmt: skip
def test_parse_due(text, due):
    assert parse_due(text, 2024) == due


def test_no_year_gives_no_due():
    assert parse_due("11月底", None) is None
