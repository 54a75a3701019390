"""000: 下城区 2011 为民办实事项目半年度完成情况表, parsed through the CLI and step by step."""

from datetime import date

import pytest

from mstrack.model import Cell, Grid, SourceRef
from mstrack.parsers.completion import looks_like_units, status_of
from mstrack.parsers.numbered_tasks import aligned_rows

SOURCE = "data/raw/000_xiacheng_2011_half_year.txt"


@pytest.fixture(scope="module")
def projects(tables):
    return tables["projects"][tables["projects"].kind == "half_year"].set_index("seq")


@pytest.fixture(scope="module")
def progress(tables, projects):
    frame = tables["progress"].merge(projects.reset_index()[["project_id", "seq"]], on="project_id")
    return frame.set_index("seq")


def units(projects, seq):
    return list(projects.loc[seq, "lead_units"])


def test_xiacheng_has_33_tasks_numbered_1_3_to_34(projects):
    assert len(projects) == 33
    assert list(projects.index) == ["1"] + [str(n) for n in range(3, 35)]


def test_missing_task_2_is_a_numbering_gap_warning(tables):
    findings = tables["findings"]
    gaps = findings[findings.code == "NUMBERING_GAP"]
    assert len(gaps) == 1
    gap = gaps.iloc[0]
    assert gap.severity == "warning"
    assert gap.ref == "L9-23"
    assert gap.message.startswith("task 2 not printed: the numbering jumps from 1 (L16) to 3 (L32)")
    assert "一是加强小额担保贷款政策" in gap.message


def test_text_of_the_missing_task_2_is_kept_with_task_1(progress):
    text = progress.loc["1", "text"]
    assert text.startswith("全区城镇新增就业人数16358人")
    assert text.split("\n")[1].startswith("一是加强小额担保贷款政策的宣传")
    assert progress.loc["1", "ref"] == "L20-23"


def test_task_7_is_led_by_education_and_family_planning(projects):
    assert units(projects, "7") == ["教育局", "人口计生局"]


def test_task_4_inherits_civil_affairs_from_task_3(projects):
    assert units(projects, "3") == ["民政局"]
    assert units(projects, "4") == ["民政局"]
    assert projects.loc["4", "category"] == "推进养老服务设施建设"


@pytest.mark.parametrize(
    "seq, unit",
    [("1", "劳动和社会保障局"), ("8", "消防下城大队"), ("9", "消防下城大队"), ("11", "农居建管中心"), ("12", "政府投资建设项目管理中心")],
)
def test_units_split_over_lines_are_joined(projects, seq, unit):
    assert units(projects, seq) == [unit]


def test_sports_bureau_in_brackets_belongs_to_its_unit(projects):
    assert units(projects, "27") == ["文广新局(体育局)"]
    assert units(projects, "30") == ["文广新局(体育局)", "总工会"]


def test_category_wrapped_over_lines_is_one_name_without_numbering(projects):
    assert projects.loc["1", "category"] == "创建充分就业城区和创业型城区"
    assert projects.loc["1", "raw"].startswith("一、创建\n充分就业\n城区和创\n业型城区 | 1、新增城镇就业人数")


def test_fire_safety_repeated_after_page_break_is_one_category(projects):
    assert projects.loc[["8", "9", "10"], "category"].tolist() == ["着力保障消防安全"] * 3
    assert units(projects, "10") == ["消防下城大队"]
    assert projects.loc["10", "task"] == "80%以上的消防安全重点单位达到“四个能力”要求"


def test_task_and_name_are_the_task_text_without_its_number(projects):
    assert projects.loc["3", "task"] == "新增机构养老床位800张"
    assert projects.loc["3", "name"] == "新增机构养老床位800张"
    assert projects.loc["3", "ref"] == "L27-34"


def test_page_footer_is_not_progress(progress):
    assert progress.loc["34", "text"].endswith("目前正处于重新规划阶段。")


def test_task_1_has_three_employment_targets(tables, projects):
    targets = tables["targets"][tables["targets"].project_id == projects.loc["1", "project_id"]]
    assert list(zip(targets.metric, targets.value, targets.unit)) == [
        ("新增城镇就业人数", 23600.0, "人"), ("失业人员再就业", 12500.0, "人"), ("就业困难人员再就业", 2780.0, "人")
    ]


def test_task_15_has_records_and_a_coverage_floor(tables, projects):
    targets = tables["targets"][tables["targets"].project_id == projects.loc["15", "project_id"]]
    assert list(zip(targets.value, targets.unit, targets.comparator)) == [(50000.0, "份", "="), (75.0, "%", ">=")]


def test_progress_speaks_for_the_first_half_of_2011(progress):
    assert set(progress.period) == {"H1"}
    assert set(progress.as_of) == {date(2011, 6, 30)}
    assert progress.reported_by.isna().all()


@pytest.mark.parametrize(
    "seq, status",
    [
        ("23", "completed"),  # 已配合直运公司完成13座 of 5座
        ("19", "completed"),  # 新增绿化面积5.8万平方米 of 4万, 完成年度目标145%
        ("4", "in_progress"),  # 已完成…8家 of 20家, 完成率40%
        ("15", "in_progress"),  # 44841份 of 50000份
        ("20", "in_progress"),  # 已完成前期的拆迁调查摸底工作
        ("26", "in_progress"),  # "4条支小路:" restates the target; 进场施工
        ("29", "in_progress"),  # 正在开展针对性的辅导和培训
    ],
)
def test_status_is_read_from_the_wording(progress, seq, status):
    assert progress.loc[seq, "status"] == status


def test_statuses_of_the_whole_table(progress):
    assert progress.status.value_counts().to_dict() == {"in_progress": 30, "completed": 3}
    # 16: 已完成…网络连接,启动运行“预约挂号服务进社区系统” — the task (开通…系统) has no figure to check.
    assert sorted(progress[progress.status == "completed"].index, key=int) == ["16", "19", "23"]


def test_status_words():
    assert status_of(None, []) == "unknown"
    assert status_of("暂未开展暑托工作,计划于6月开展摸排调查。", []) == "not_started"
    assert status_of("已完成前期工作。", []) == "in_progress"


@pytest.mark.parametrize(
    "cell, is_units",
    [("劳动和\n社会保障局", True), ("文广新局\n(体育局)\n总工会", True), ("住建局、建管中心", True), ("各产业平台、各街道", True),
     ("已进入建设布展阶段。", False), ("已建成145个。", False)],
)
def test_unit_cells_are_told_from_progress_by_look(cell, is_units):
    assert looks_like_units(cell) is is_units


# --- step 1 on a rectangular grid, as the docx/html/pdf readers give it -----------------------


def cell(text: str, line: int) -> Cell:
    return Cell(text=text, raw=text, ref=SourceRef(line_start=line))


def empty(line: int) -> Cell:
    return Cell(text="", raw="", ref=SourceRef(line_start=line))


def test_rectangular_rows_align_with_merged_cells_inherited():
    grid = Grid(rows=[
        [cell("项目名称", 1), cell("工作任务", 1), cell("责任单位", 1), cell("完成情况", 1)],
        [cell("二、推进\n养老服务\n设施建设", 2), cell("3、新增机构养老床位800张;", 2), cell("民政局", 2), cell("在建项目…", 2)],
        [empty(3), cell("4、新建社区老年食堂20家。", 3), empty(3), cell("已完成…8家社区老年食堂建设", 3)],
        [cell("三、加快学前教育发展", 4), cell("5、制订学前教育发展新政;", 4), cell("教育局", 4), empty(4)],
    ])
    rows = aligned_rows(grid)
    assert [r.task.text[:2] for r in rows] == ["3、", "4、", "5、"]
    assert [r.category.text[:2] for r in rows] == ["二、", "二、", "三、"]
    assert [r.units.text for r in rows] == ["民政局", "民政局", "教育局"]
    assert [[c.text for c in r.progress] for r in rows] == [["在建项目…"], ["已完成…8家社区老年食堂建设"], []]
    assert rows[1].inherited == {"category", "units"}


def test_stream_with_empty_cells_aligns_by_position():
    # The tab dump keeps a lone tab as an empty cell (000 L36, L38): task 4's category and unit
    # positions are empty, merged with task 3's; L25's stray empty cell after task 1 holds nothing.
    grid = Grid(rows=[[
        cell("项目名称", 4), cell("工作任务", 5), cell("责任单位", 6), cell("完成情况", 7),
        cell("一、创建\n充分就业", 9), cell("1、新增城镇就业人数23600人", 16), cell("劳动和\n社会保障局", 17),
        cell("全区城镇新增就业人数16358人", 20), empty(25),
        cell("二、推进\n养老服务\n设施建设", 27), cell("3、新增机构养老床位800张;", 32), cell("民政局", 33), cell("竣工并投入使用项目…", 34),
        empty(36), cell("4、新建社区老年食堂20家。", 37), empty(38), cell("已完成灯芯巷…8家社区老年食堂建设", 39),
    ]], stream=True)
    rows = aligned_rows(grid)
    assert [(r.task.text[:2], r.category.text[:2], r.units.text, [c.text for c in r.progress]) for r in rows] == [
        ("1、", "一、", "劳动和\n社会保障局", ["全区城镇新增就业人数16358人"]),
        ("3、", "二、", "民政局", ["竣工并投入使用项目…"]),
        ("4、", "二、", "民政局", ["已完成灯芯巷…8家社区老年食堂建设"]),
    ]
    assert rows[2].inherited == {"category", "units"}
