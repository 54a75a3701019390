import pytest

from conftest import SAMPLES
from mstrack.pipeline import IngestOptions, parse_document
from mstrack.readers import read_document


def sections_of(sample):
    path = SAMPLES[sample]
    doc = read_document(path, path.read_bytes(), "0" * 64)
    return parse_document(doc, "doc_0000000000000000", IngestOptions()).sections


@pytest.mark.parametrize(
    "sample, kinds",
    [
        ("000", ["half_year"]),
        ("001", ["quarterly"]),
        ("002", ["cover", "responsibility_list", "allocation_matrix"]),
        ("003", ["cover", "responsibility_list", "allocation_matrix"]),
        ("004", ["work_report"]),
    ],
)
def test_every_section_of_the_samples_has_its_kind(sample, kinds):
    assert [s.kind for s in sections_of(sample)] == kinds


def test_attachments_start_where_their_label_stands():
    cover, responsibilities, allocations = sections_of("003")
    assert (responsibilities.lines[0].number, allocations.lines[0].number) == (27, 134)
    assert responsibilities.title == "2024年区政府民生实事项目责任清单"
    assert allocations.title == "2024年区政府民生实事项目任务分解表"


def test_pipe_rows_keep_a_cell_that_wraps_over_a_line_break():
    # 002 L43–44: the 工作计划 cell of 新开工保障房 runs over two lines.
    responsibilities = sections_of("002")[1]
    row = next(r for r in responsibilities.grid.rows if r[0].text == "3" and "保障房" in r[2].text)
    plan = row[-1]
    assert plan.text.startswith("[新开工保障房100万平方米]")
    assert "\n[分配公租房实物配租房源6000套]" in plan.text
    assert (plan.ref.line_start, plan.ref.line_end) == (43, 44)


def test_a_lone_tab_is_an_empty_cell_of_the_stream():
    # 000 L36 and L38: task 4's category and unit cells print a tab and nothing else (merged with
    # task 3's); L25 is a stray one after task 1.
    stream = sections_of("000")[0].grid.rows[0]
    empty = [cell.ref.line_start for cell in stream if cell.text == "" and cell.raw == ""]
    assert empty[:3] == [25, 36, 38]
    assert len(empty) == 30
    at = next(i for i, cell in enumerate(stream) if cell.text.startswith("4、"))
    assert [(c.ref.line_start, c.text[:3]) for c in stream[at - 1 : at + 3]] == [
        (36, ""), (37, "4、新"), (38, ""), (39, "已完成")
    ]


def test_gongshu_matrix_header_keeps_the_four_empty_cells_before_tian_shui():
    # 003 L146-149: the second header row's cells under 编号, 项目内容, 牵头单位 and 区本级任务.
    stream = sections_of("003")[2].grid.rows[0]
    at = next(i for i, cell in enumerate(stream) if cell.text == "天水")
    assert [(c.ref.line_start, c.text) for c in stream[at - 5 : at]] == [
        (144, "各街道任务"), (146, ""), (147, ""), (148, ""), (149, "")
    ]
    # An empty 编号 cell (L192) opens each row that goes on under the number above.
    assert sum(1 for cell in stream if cell.empty) == 16


def test_a_section_with_no_known_kind_is_a_finding(tmp_path):
    from conftest import read_tables, run

    prose = tmp_path / "prose.txt"
    prose.write_text("今天天气很好，我们去公园散步。\n\n公园里有很多花。\n", encoding="utf-8")
    result = run("ingest", prose, "--out", tmp_path / "out")
    assert result.exit_code == 1
    assert "prose.txt" in result.stderr and "UNKNOWN_KIND" in result.stderr
    findings = read_tables(tmp_path / "out")["findings"]
    assert findings.code.tolist() == ["UNKNOWN_KIND"]
