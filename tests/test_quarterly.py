"""001: 滨江区 2024 民生实事 完成情况(1-3月), traditional script, cells as blank-line paragraphs."""

from datetime import date

import pytest

from mstrack.model import Cell, Grid, SourceRef
from mstrack.normalise import to_simplified
from mstrack.parsers.led_rows import aligned_rows


@pytest.fixture(scope="module")
def projects(tables):
    return tables["projects"][tables["projects"].kind == "quarterly"].reset_index(drop=True)


@pytest.fixture(scope="module")
def progress(tables, projects):
    return tables["progress"].merge(projects[["project_id", "seq", "task"]], on="project_id")


def project(projects, seq, task_start=""):
    [row] = [r for r in projects.itertuples() if r.seq == seq and r.task.startswith(task_start)]
    return row


def test_binjiang_has_52_projects(projects):
    # 48 numbered rows (7.5 twice) + 4 targets without a number of their own.
    assert len(projects) == 52


def test_co_units_of_1_1(projects):
    row = project(projects, "1.1")
    assert list(row.lead_units) == ["教育局"]
    assert list(row.co_units) == ["发改局", "财政局", "住建局", "综合行政执法局", "规划资源分局", "高新资产公司", "城建发展公司",
                                  "各街道", "滨江交警大队"]
    assert row.category == "教育惠民"
    assert row.ref == "L17-26"


def test_7_4_is_one_project_led_by_three_streets(projects, progress):
    [row] = [r for r in projects.itertuples() if r.seq == "7.4"]
    assert list(row.lead_units) == ["西兴街道", "长河街道", "浦沿街道"]
    assert list(row.co_units) == ["住建局", "建管中心"]
    assert row.task == "基本实现全区安置小区地下车库通信信号全覆盖,新覆盖小区不少于20个。"
    reports = progress[progress.seq == "7.4"]
    assert list(zip(reports.reported_by, reports.ref, reports.status)) == [
        ("西兴街道", "L431", "in_progress"), ("长河街道", "L438", "in_progress"), ("浦沿街道", "L447", "in_progress")
    ]
    assert reports.text.iloc[2] == "当前已完成所有小区的地库信号检测,同步制定信号覆盖方案。"


def test_7_4_target_printed_again_is_kept_in_raw(projects):
    [row] = [r for r in projects.itertuples() if r.seq == "7.4"]
    assert row.raw.count("基本實現全區安置小區地下車庫通信信號全覆蓋") == 2


def test_7_5_is_printed_twice_as_two_projects_and_an_info_finding(projects, tables):
    assert [r.task for r in projects.itertuples() if r.seq == "7.5"] == [
        "建设集党务、居务、服务和居民生活为一体美好生活共同体8个。",
        "打造“人人有责、人人尽责、人人享有”的社区治理共同体3个。",
        "建设未来社区3个。",
    ]
    [finding] = tables["findings"][tables["findings"].code == "DUPLICATE_SEQ"].itertuples()
    assert finding.severity == "info"
    assert finding.message.startswith("seq 7.5 is printed 2 times (L451, L487)")


def test_7_5_first_target_reports_per_street_under_the_social_work_department(projects, progress):
    row = project(projects, "7.5", "建设集党务")
    assert list(row.lead_units) == ["社会工作部", "西兴街道", "长河街道", "浦沿街道"]
    reports = progress[progress.project_id == row.project_id]
    assert reports.reported_by.tolist() == ["西兴街道", "长河街道", "浦沿街道"]


@pytest.mark.parametrize(
    "seq, task, lead, co_units",
    [
        ("2.3", "推进校园公共停车位开放不少于300个。", "综合行政执法局", ["教育局"]),
        ("7.5", "打造“人人有责、人人尽责、人人享有”的社区治理共同体3个。", "社会工作部", ["组织部", "政法委", "各街道"]),
        ("9.1", "新增托育园托位100个。", "卫生健康局", ["各街道"]),
        ("9.6", "建成3个儿童综合服务驿站。", "区妇联", ["教育局", "民政局", "住建局", "各街道"]),
    ],
)
def test_target_without_its_own_seq_is_a_project_with_the_seq_above(projects, seq, task, lead, co_units):
    row = project(projects, seq, task)
    assert (list(row.lead_units), list(row.co_units)) == ([lead], co_units)


def test_slash_seq_stays_in_raw(projects):
    row = project(projects, "9.1", "新增托育园托位")
    assert row.raw.startswith("九、溫馨善育 | / | 新增托育園托位100個。")


def test_numbered_progress_paragraphs_are_one_report(progress):
    [report] = progress[progress.seq == "2.1"].itertuples()
    assert report.text.count("\n") == 4
    assert report.ref == "L74-82"


def test_no_traditional_character_is_left(projects, progress):
    for frame, columns in ((projects, ["category", "name", "task", "seq"]), (progress, ["text", "reported_by"])):
        for column in columns:
            for value in frame[column].dropna():
                assert to_simplified(value) == value, value
        for column in ("lead_units", "co_units"):
            for names in frame.get(column, []):
                assert all(to_simplified(name) == name for name in names)


@pytest.mark.parametrize(
    "seq, task_start, status",
    [
        ("1.3", "", "not_started"),  # 暂未开展暑托工作
        ("9.1", "新增公办", "not_started"),  # 暂未开展托班托位工作
        ("2.4", "", "in_progress"),  # 已建成145个 of 200个
        ("7.3", "", "in_progress"),  # 3个小区…完工通水 of 11个
        ("6.5", "", "in_progress"),  # 正在进行北侧幕墙施工…已完成施工总量的20%
    ],
)
def test_status_of_named_rows(projects, progress, seq, task_start, status):
    row = project(projects, seq, task_start)
    assert progress[progress.project_id == row.project_id].status.tolist() == [status]


def test_progress_speaks_for_the_first_quarter_of_2024(progress):
    assert set(progress.period) == {"Q1"}
    assert set(progress.as_of) == {date(2024, 3, 31)}
    assert len(progress) == 56


def test_repeated_clause_of_5_4_is_one_target(projects, tables):
    row = project(projects, "5.4")
    targets = tables["targets"][tables["targets"].project_id == row.project_id]
    assert targets.value.tolist() == [3000.0, 50.0, 50.0, 150.0]
    assert "DUPLICATE_TARGET" in tables["findings"].code.tolist()


# --- step 1 on a rectangular grid: merged cells empty, ★lead and co-units in one cell ---------


def cell(text: str, row: int, col: int) -> Cell:
    return Cell(text=text, raw=text, ref=SourceRef(row=row, col=col))


def test_rectangular_rows_align_into_targets_and_lead_rows():
    empty = lambda row, col: cell("", row, col)  # noqa: E731
    grid = Grid(rows=[
        [cell("项目类别", 0, 0), cell("项目", 0, 1), cell("项目目标", 0, 2), cell("责任★及配合单位", 0, 3), cell("完成情况(1-3月)", 0, 4)],
        [cell("二、交通畅行", 1, 0), cell("2.3", 1, 1), cell("新增机动车泊位1200个。", 1, 2), cell("★住建局\n发改局、教育局", 1, 3),
         cell("已完成交警等部门初验。", 1, 4)],
        [empty(2, 0), empty(2, 1), cell("推进校园公共停车位开放不少于300个。", 2, 2), cell("★综合行政执法局\n教育局", 2, 3),
         cell("三所学校停车场均已完成道闸系统改造。", 2, 4)],
        [cell("七、宜居提升", 3, 0), cell("7.4", 3, 1), cell("新覆盖小区不少于20个。", 3, 2), cell("★西兴街道\n住建局", 3, 3),
         cell("对接移动、电信、联通三大供应商。", 3, 4)],
        [empty(4, 0), empty(4, 1), empty(4, 2), cell("★长河街道\n住建局、建管中心", 4, 3), cell("已与运营商对接。", 4, 4)],
    ])
    rows = aligned_rows(grid)
    assert [(r.seq_text, r.target.text) for r in rows] == [
        ("2.3", "新增机动车泊位1200个。"), ("2.3", "推进校园公共停车位开放不少于300个。"), ("7.4", "新覆盖小区不少于20个。")
    ]
    assert [r.category.text for r in rows] == ["二、交通畅行", "二、交通畅行", "七、宜居提升"]
    assert [[(l.lead.text, l.co_units.text, [c.text for c in l.progress]) for l in r.leads] for r in rows][2] == [
        ("★西兴街道", "住建局", ["对接移动、电信、联通三大供应商。"]), ("★长河街道", "住建局、建管中心", ["已与运营商对接。"])
    ]
