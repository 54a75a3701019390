"""Workbooks (.xlsx, .xls) read into the one grid: merged cells, a section a sheet, figures as printed."""

import io

import openpyxl
import pytest

from mstrack.readers.sheets import printed_number
from native import fixture, find_row, read


def workbook(tmp_path, build) -> object:
    book = openpyxl.Workbook()
    build(book)
    path = tmp_path / "book.xlsx"
    book.save(path)
    return read(path)


def test_each_sheet_is_a_section_with_its_title_as_a_line(tmp_path):
    def build(book):
        first = book.active
        first.append(["附件1"])
        first.append(["2024年民生实事项目责任清单"])
        first.append(["序号", "项目", "牵头单位"])
        first.append([1, "新增老年助餐服务点227个", "区民政局"])
        second = book.create_sheet("附件2")
        second.append(["附件2"])
        second.append(["序号", "项目", "长庆", "潮鸣"])
        second.append([1, "新增老年助餐服务点227个", 120, 107])

    doc = workbook(tmp_path, build)
    assert [section.lines[0].text for section in doc.sections] == ["附件1", "附件2"]
    assert [[c.text for c in row] for row in doc.sections[1].grid.rows] == [["序号", "项目", "长庆", "潮鸣"], ["1", "新增老年助餐服务点227个", "120", "107"]]
    assert str(doc.sections[1].grid.rows[1][2].ref) == "t2 r1 c2"


def test_merged_cells_are_spans(tmp_path):
    def build(book):
        sheet = book.active
        sheet.append(["类别", "项目", "单位"])
        sheet.append(["一、养老服务", "助餐点", "个"])
        sheet.append([None, "床位", "张"])
        sheet.merge_cells("A2:A3")

    grid = workbook(tmp_path, build).sections[0].grid
    assert [(c.text, c.rowspan) for c in (grid.rows[1][0], grid.rows[2][0])] == [("一、养老服务", 2), ("", 1)]


@pytest.mark.parametrize(("value", "number_format", "text"), [
    (227, "General", "227"), (227.0, "General", "227"), (12.5, "General", "12.5"), (0.75, "0%", "75%"),
    (0.125, "0.0%", "12.5%"), (1200, "#,##0", "1,200"), (3.1, "0.00", "3.10"),
])
def test_numbers_stored_as_numbers_read_as_printed(value, number_format, text):
    assert printed_number(value, number_format) == text


@pytest.mark.parametrize("name", ["002_hangzhou_2024_responsibility_allocation.xlsx", "002_hangzhou_2024_responsibility_allocation.xls"])
def test_the_allocation_workbook_keeps_its_two_level_header_and_figures(name):
    doc = fixture(name)
    assert len(doc.sections) == 3
    matrix = doc.sections[2].grid
    assert matrix.rows[0][0].rowspan == 2 and matrix.rows[0][5].colspan > 1
    r = find_row(matrix, "1")
    assert matrix.rows[r][0].ref.table == 3


from hypothesis import HealthCheck, given, settings, strategies as st  # noqa: E402

FIGURES = st.one_of(st.integers(0, 10**6), st.sampled_from(["新增托位", "区民政局", "227个", "各街道", "--"]),
                    st.decimals(min_value=0, max_value=1000, places=1).map(float))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.lists(FIGURES, min_size=3, max_size=3), min_size=1, max_size=6))
def test_rows_written_to_a_workbook_come_back_as_printed(tmp_path, rows):
    header = ["项目", "长庆", "潮鸣"]

    def build(book):
        sheet = book.active
        sheet.append(["2024年民生实事项目任务分解表"])
        sheet.append(header)
        for row in rows:
            sheet.append(row)

    doc = workbook(tmp_path, build)
    printed = [[printed_number(v) if not isinstance(v, str) else v for v in row] for row in rows]
    # Rows after the table that hold one text between them are lines of their own, as notes are.
    table_rows = [i for i, row in enumerate(printed) if sum(1 for v in row if v) > 1]
    expected = [header] + (printed[: table_rows[-1] + 1] if table_rows else [])
    assert doc.lines[0].text == "2024年民生实事项目任务分解表"
    assert [[cell.text for cell in row] for row in doc.sections[0].grid.rows] == expected


def test_an_xls_that_is_a_web_page_or_a_new_workbook_is_read_as_what_it_is(tmp_path):
    # Sites export tables as .xls files that hold an HTML table, or an .xlsx under the old name.
    page = tmp_path / "export.xls"
    page.write_text("<html><body><table><tr><td>序号</td><td>项目</td></tr><tr><td>1</td><td>新增托位</td></tr></table></body></html>", encoding="utf-8")
    doc = read(page)
    assert doc.media_type == "html" and [[c.text for c in row] for row in doc.sections[0].grid.rows] == [["序号", "项目"], ["1", "新增托位"]]
    renamed = tmp_path / "renamed.xls"
    renamed.write_bytes(fixture_bytes("002_hangzhou_2024_responsibility_allocation.xlsx"))
    assert read(renamed).media_type == "xlsx"


def fixture_bytes(name: str) -> bytes:
    from native import NATIVE

    return (NATIVE / name).read_bytes()
