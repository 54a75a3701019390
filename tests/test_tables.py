"""Progress tables and responsibility lists of other places, read by their headers: one fixture of
our own writing per layout (tests/fixtures/tables/), the period vocabulary, the header matcher, and
what is said when a table cannot be read."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from conftest import read_tables, run
from mstrack.model import Cell, Grid, SourceRef
from mstrack.parsers.header import columns_of, role_of
from mstrack.parsers.table import find_header
from mstrack.periods import period_of
from mstrack.pipeline import IngestOptions, parse_document
from mstrack.readers import read_document

FIXTURES = Path(__file__).parent / "fixtures" / "tables"


def parsed(name: str):
    path = FIXTURES / name
    doc = read_document(path, path.read_bytes(), "0" * 64)
    result = parse_document(doc, "doc_0000000000000000", IngestOptions())
    return result, doc


def projects_of(name: str) -> list[dict]:
    return parsed(name)[0].rows.get("projects", [])


def codes(result) -> set[str]:
    return {f.code for f in result.findings}


# --- periods --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, code, end_month",
    [
        ("2023年度省政府民生实事一季度进展情况", "Q1", 3),
        ("第一季度完成情况", "Q1", 3),
        ("完成情况(1-3月)", "Q1", 3),
        ("一至三月推进情况", "Q1", 3),
        ("上半年完成情况表", "H1", 6),
        ("实事项目1—6月份进展情况", "H1", 6),
        ("前三季度进展情况", "Q3", 9),
        ("1-8月进展", "M8", 8),
        ("推进情况(1-11月)", "M11", 11),
        ("8月份进展情况", "M8", 8),
        ("截至8月底本月进展情况", "M8", 8),
        ("全年完成情况", "FY", 12),
        ("2022年度民生实事完成情况", "FY", 12),
    ],
)
def test_a_period_is_read_in_any_of_its_wordings(text, code, end_month):
    period = period_of(text)
    assert (period.code, period.end_month) == (code, end_month)
    assert period.as_of(2023) == date(2023, end_month, [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][end_month - 1])


def test_a_due_date_is_no_period():
    assert period_of("12月底前完成") is None


# --- headers --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "header, role",
    [
        ("项 目", "project"), ("分管\n领导", "leaders"), ("1-10月推进情况", "progress"),
        ("进展情况、存在问题及下一步打算", "progress"), ("目标完成情况", "status"), ("责任主体与协同单位", "co_units"),
        ("一季度目标", "target"), ("是否达序", "on_pace"), ("完成时限", "due"), ("牵头单位分管领导", "unit_leaders"),
        ("项目责任人", "person"), ("完成率", "rate"), ("2023年区政府民生实事项目上半年进展情况", None),
    ],
)
def test_a_header_is_read_by_its_words(header, role):
    assert role_of(header) == role


def _cell(text: str, col: int, colspan: int = 1) -> Cell:
    return Cell(text=text, raw=text, ref=SourceRef(row=0, col=col), colspan=colspan)


def test_a_header_over_two_rows_gives_each_progress_column_its_period():
    top = [_cell("序号", 0), _cell("项目", 1), _cell("推进情况", 2, colspan=2), _cell("", 3)]
    bottom = [_cell("", 0), _cell("", 1), _cell("1-10月", 2), _cell("1-11月", 3)]
    body = [_cell("1", 0), _cell("新增养老床位300张", 1), _cell("已完成100张", 2), _cell("已完成180张", 3)]
    columns, _, start = find_header(Grid(rows=[top, bottom, body]))
    assert [(c.role, c.period.code if c.period else None) for c in columns] == [
        ("seq", None), ("project", None), ("progress", "M10"), ("progress", "M11")
    ]
    assert start == 2
    assert [c.role for c in columns_of([top])] == ["seq", "project", "progress", None]


# --- one fixture per layout ------------------------------------------------------------------


def test_pipe_rows_read_a_second_target_on_a_row_without_number_and_skip_the_total():
    result, _ = parsed("pipe_q1_continuation.txt")
    projects = result.rows["projects"]
    assert [(p["seq"], p["name"], p["lead_units"]) for p in projects] == [
        ("1", "新建城乡公交候车亭60个", ["县交通运输局"]),
        ("2", "改造农村饮用水管网80公里", ["县水利局"]),
        ("3", "新增普惠性托育机构托位300个", ["县卫健局"]),
    ]
    targets = [t["text"] for t in result.rows["targets"] if t["project_id"] == projects[0]["project_id"]]
    assert "新增公交线路4条" in targets
    document = result.rows["documents"][0]
    assert (document["kinds"], document["period"], document["as_of"]) == (["quarterly"], "Q1", date(2022, 3, 31))
    assert [p["status"] for p in result.rows["progress"]] == ["in_progress", "in_progress", "not_started"]


def test_one_cell_per_line_gives_a_progress_row_per_period_and_a_cut_off_warning():
    result, doc = parsed("cell_lines_two_periods.txt")
    assert doc.sections[0].grid.layout == "cell_lines"
    projects = result.rows["projects"]
    assert [(p["seq"], p["leaders"], p["co_units"]) for p in projects] == [
        ("7", ["周明远"], ["县公安局", "各镇街"]), ("8", ["周明远"], ["县公安局"])
    ]
    progress = [(p["period"], p["as_of"], p["text"]) for p in result.rows["progress"]][:2]
    assert progress == [("M8", date(2022, 8, 31), "已完成600个泊位改造。"), ("Q3", date(2022, 9, 30), "已完成950个泊位改造。")]
    truncated = [f for f in result.findings if f.code == "TRUNCATED_ROW"]
    assert len(truncated) == 1 and "新增社区食堂12家" in truncated[0].message and truncated[0].ref == "L33-36"
    assert result.status == "parsed"


def test_tab_rows_keep_category_rows_as_categories():
    projects = projects_of("tab_rows_h1.txt")
    assert [(p["seq"], p["category"], p["name"], p["co_units"], p["due"]) for p in projects] == [
        ("1", "教育文化", "新增中小学学位1800个", ["区住建局"], date(2021, 8, 31)),
        ("2", "教育文化", "建设城市书房6家", ["各街道"], date(2021, 12, 31)),
        ("3", "医疗养老", "新增家庭养老床位500张", ["区卫健局"], date(2021, 11, 30)),
    ]


def test_columns_aligned_by_spaces_with_numbered_categories():
    result, doc = parsed("columns_q3.txt")
    assert doc.sections[0].grid.layout == "columns"
    assert [(p["seq"], p["category"], p["name"], p["lead_units"]) for p in result.rows["projects"]] == [
        ("1", "出行便利", "硬化村组道路35公里", ["镇建设办"]),
        ("2", "出行便利", "新增农村客运站点10个", ["镇交管站"]),
        ("3", "生活环境", "改造农村户厕400户", ["镇农办"]),
    ]
    assert result.rows["documents"][0]["period"] == "Q3"


def test_blank_line_cells_after_a_bare_attachment_label_are_a_responsibility_list():
    result, doc = parsed("blank_lines_list.txt")
    assert [s.kind for s in result.sections] == ["cover", "responsibility_list"]
    projects = result.rows["projects"]
    assert [(p["seq"], p["name"], p["lead_units"], p["due"]) for p in projects] == [
        ("1", "新建乡镇敬老院3所", ["县民政局", "县发改局"], date(2019, 11, 30)),
        ("2", "完成农村危房改造620户", ["县住建局"], date(2019, 10, 31)),
        ("3", "建设县城应急避难场所2处", ["县应急局", "县自然资源局"], date(2019, 12, 31)),
    ]
    second = [t["text"] for t in result.rows["targets"] if t["project_id"] == projects[1]["project_id"]]
    assert any("新建农村公厕40座" in t for t in second)


def test_labelled_paragraphs_on_one_line_are_rows():
    result, _ = parsed("labelled_h1.txt")
    projects = result.rows["projects"]
    assert [(p["seq"], p["name"], p["leaders"], p["lead_units"], p["co_units"]) for p in projects] == [
        ("1", "新建停车泊位2000个", ["钱立群"], ["市交通局"], ["市公安局", "市城管局"]),
        ("2", "新增城区绿地30万平方米", ["钱立群"], ["市园林局"], []),
    ]
    assert [p["text"] for p in result.rows["progress"]] == ["已建成停车泊位1260个,其余正在施工。", "已新增绿地16万平方米。"]
    assert result.rows["documents"][0]["period"] == "H1"
    assert "TRUNCATED_ROW" in codes(result)  # item 3 stops inside 实际完成情况



@pytest.mark.parametrize("text", [
    "1.新建停车泊位。 牵头领导:钱立群 责任单位:市交通局",
    "实际完成情况 \u3000：已建成",
    "各位代表：\n现在，我代表区人民政府向大会报告工作",
    "责任单位市交通局",
    "",
])
def test_a_label_is_found_from_its_colon_as_from_its_word(text):
    """Whether a text holds a label, read backwards from the colon, as the label pattern reads it."""
    from mstrack.parsers.table import _label_pattern, _label_pattern_backwards

    assert (_label_pattern_backwards().search(text[::-1]) is None) == (_label_pattern().search(text) is None)


# --- never silent ----------------------------------------------------------------------------


def test_cells_run_together_are_a_layout_finding_naming_the_header():
    result, _ = parsed("run_together.txt")
    finding = next(f for f in result.findings if f.code == "LAYOUT_UNDECIDED")
    assert finding.severity == "error" and "序号项目名称责任单位完成情况" in finding.message
    assert result.status == "failed" and not result.rows.get("projects")


def test_a_table_without_rows_names_the_header_it_saw_and_the_roles_missing(tmp_path):
    notice = tmp_path / "no_rows.txt"
    notice.write_text("2021年区政府民生实事项目上半年完成情况表\n序号 | 项目名称 | 牵头领导 |\n", encoding="utf-8")
    result = run("ingest", notice, "--out", tmp_path / "out")
    assert result.exit_code == 1
    assert "no_rows.txt" in result.stderr and "gave no rows" in result.stderr
    assert "tables: 1 tables without rows (NO_ROWS)" in result.stdout
    findings = read_tables(tmp_path / "out")["findings"]
    message = findings.query("code == 'NO_ROWS'").message.iloc[0]
    assert "序号, 项目名称, 牵头领导" in message and "roles not found: progress" in message


def test_the_run_summary_counts_rows_cut_off(tmp_path):
    result = run("ingest", FIXTURES / "cell_lines_two_periods.txt", "--out", tmp_path / "out")
    assert result.exit_code == 0
    assert "tables: 1 rows cut off (TRUNCATED_ROW)" in result.stdout


def test_a_title_line_opens_a_table_of_its_own_after_a_letter_and_after_another_table():
    result, doc = parsed("two_tables_after_a_letter.txt")
    assert [s.kind for s in result.sections] == ["cover", "responsibility_list", "progress"]
    projects = result.rows["projects"]
    assert [(p["kind"], p["seq"], p["due"]) for p in projects] == [
        ("responsibility_list", "1", date(2022, 10, 31)), ("responsibility_list", "2", date(2022, 12, 31)),
        ("progress", "1", None), ("progress", "2", None),
    ]
    assert [(p["period"], p["as_of"]) for p in result.rows["progress"]] == [("M8", date(2022, 8, 31))] * 2


def test_a_column_of_figures_completes_the_target_and_stands_for_progress():
    result, _ = parsed("tab_rows_achieved_figures.txt")
    assert [(t["metric"], t["value"], t["unit"]) for t in result.rows["targets"]] == [
        ("新增停车泊位", 2000.0, "个"), ("新建公厕", 30.0, "座")
    ]
    assert [p["text"] for p in result.rows["progress"]] == ["1200个", "12座"]
    assert len(result.rows["projects"]) == 2  # the 合计 row is a total


def test_a_native_table_with_merged_cells_and_a_two_row_header():
    result, doc = parsed("html_two_row_header.html")
    projects = result.rows["projects"]
    assert [(p["seq"], p["name"], p["lead_units"]) for p in projects] == [
        ("1", "新增托育托位400个", ["县卫健局"]), ("2", "改造城镇燃气管道60公里", ["县住建局"])
    ]
    second = [t["text"] for t in result.rows["targets"] if t["project_id"] == projects[1]["project_id"]]
    assert "新建燃气调压站2座" in second  # the row under the merged number
    progress = [(p["period"], p["text"]) for p in result.rows["progress"]]
    assert progress[:2] == [("M10", "已新增托位150个"), ("M11", "已新增托位260个")]
    document = result.rows["documents"][0]
    assert (document["period"], document["as_of"]) == ("M11", date(2021, 11, 30))  # the latest column's


def test_pipe_rows_framed_as_markdown_or_left_open_and_a_title_ending_in_fen_gong():
    result, doc = parsed("pipe_markdown_unclosed.txt")
    assert [s.kind for s in result.sections] == ["quarterly", "responsibility_list"]
    assert [(p["seq"], p["name"], p["lead_units"], p["leaders"]) for p in result.rows["projects"]] == [
        ("1", "新建社区食堂4家", ["民政科"], []), ("2", "改造背街小巷12条", ["城管科"], []),
        ("1", "新增社区足球场2片", ["文体科"], ["陈立"]), ("2", "加装电梯30台", ["城建科"], ["吴敏"]),
    ]
    assert "TRUNCATED_ROW" not in codes(result)


def test_fen_jie_biao_decides_nothing_its_header_does():
    from mstrack.kinds import detect_kind

    text = (
        "2018年民生工程目标任务分解表\n"
        "项 目 | 目 标 | 分 解 情 况 | 责任领导 | 责任单位 |\n"
        "新建村级活动室 | 40个 | 甲镇10 乙镇12 丙乡18 | 刘强 | 区民政局 |\n"
    )
    path = FIXTURES / "allocation_header.txt"
    doc = read_document(path, text.encode("utf-8"), "0" * 64)
    assert detect_kind(doc.sections[0]) == "allocation_matrix"
    listed, _ = parsed("blank_lines_list.txt")  # "…目标任务分解表" over 序号/民生实事/责任单位/完成时限
    assert listed.sections[1].kind == "responsibility_list"


def test_a_row_cut_off_after_category_headings_is_still_seen_as_cut():
    # Heading rows ("三、教育惠民") print one cell: they do not set how wide a whole row is.
    result, _ = parsed("cell_lines_cut_after_a_category.txt")
    assert [p["seq"] for p in result.rows["projects"]] == ["1", "2"]
    assert "TRUNCATED_ROW" in codes(result)


def test_one_number_over_a_group_of_projects_each_with_its_own_units():
    # A merged 序号 and 类别 over two projects: the row below prints its own task and units, so it
    # is a project of the group, not a second target; 牵头单位 leads and 责任单位 helps.
    result, _ = parsed("html_group_numbers.html")
    projects = result.rows["projects"]
    assert [(p["seq"], p["category"], p["name"], p["task"], p["lead_units"], p["co_units"], p["due"]) for p in projects] == [
        ("1", "住有宜居", "老旧小区改造", "改造老旧小区9个", ["镇建设办"], ["各村(社区)"], date(2023, 11, 30)),
        ("1", "住有宜居", "加装电梯", "加装电梯24台", ["镇建设办"], ["镇财政所"], date(2023, 12, 31)),
        ("2", "学有优教", "幼儿园扩容", "新增幼儿园学位360个", ["镇社会事务办"], ["镇中心幼儿园"], date(2023, 8, 31)),
    ]


def test_ze_ren_dan_wei_alone_is_the_lead_unit():
    projects = projects_of("pipe_list_ze_ren_dan_wei.txt")
    assert [(p["name"], p["lead_units"], p["co_units"]) for p in projects] == [
        ("新建城市书房5家", ["县文旅局"], []), ("新增公共停车位800个", ["县住建局", "县公安局"], [])
    ]


def test_a_header_cell_wrapped_over_two_paragraphs_is_one_column():
    # "责任★及" / "配合单位": one header cell printed over two blank-line paragraphs, as one-cell-per-
    # line dumps of a table print a long header; without the rejoin the header stopped before it.
    path = Path(__file__).parent / "fixtures" / "tracking" / "linping_2025_m11.txt"
    doc = read_document(path, path.read_bytes(), "0" * 64)
    result = parse_document(doc, "doc_0000000000000000", IngestOptions())
    assert result.kinds == ["progress"]
    assert [(p["seq"], p["lead_units"], p["co_units"]) for p in result.rows["projects"]] == [
        ("1.1", ["区民政局"], ["各街道"]), ("2.1", ["区住建局"], ["各街道", "临平区住建集团"]), ("3.1", ["区文广旅体局"], ["各街道"]),
    ]
    assert [p["period"] for p in result.rows["progress"]] == ["M11"] * 3
