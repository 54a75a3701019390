from pathlib import Path

import pytest

from mstrack.errors import InputError
from mstrack.readers.pdf import join_soft_wraps, text_layer_problem
from native import NATIVE, find_row, fixture, read
import pdf_bytes


def cells(grid):
    """Each cell as (text without line breaks, rowspan, colspan): a PDF wraps lines where Word did not."""
    return [[(c.text.replace("\n", ""), c.rowspan, c.colspan) for c in row] for row in grid.rows]


@pytest.mark.parametrize("stem", ["000_xiacheng_2011_half_year", "001_binjiang_2024_q1",
                                  "003_gongshu_2024_responsibility_allocation"])
def test_pdf_grids_equal_the_docx_they_were_printed_from(stem):
    from_docx, from_pdf = fixture(f"{stem}.docx"), fixture(f"{stem}.pdf")
    assert len(from_pdf.sections) == len(from_docx.sections)
    for a, b in zip(from_docx.sections, from_pdf.sections):
        if not a.grid.stream:
            assert cells(b.grid) == cells(a.grid)


def test_table_over_several_pages_is_stitched_with_its_repeated_header_dropped():
    doc = fixture("000_xiacheng_2011_half_year.pdf")
    grid = doc.sections[0].grid
    pages = {cell.ref.page for row in grid.rows for cell in row}
    assert len(pages) > 1
    assert [row[0].text for row in grid.rows].count("项目名称") == 1
    assert len(grid.rows) == 34  # header + 33 tasks (1, 3 … 34)


def test_merged_category_cut_by_a_page_break_is_one_cell_again():
    # 000 L121-144: 七、切实改善生态环境 spans tasks 19-23; LibreOffice breaks the page after task 19,
    # where the new page shows an empty cell.
    grid = fixture("000_xiacheng_2011_half_year.pdf").sections[0].grid
    r = find_row(grid, "19、", col=1)
    category = grid.rows[r][0]
    assert (category.text, category.rowspan) == ("七、切实改善生态环境", 5)
    assert grid.rows[r + 1][0].ref.page == category.ref.page + 1
    assert [grid.rows[r + k][0].text for k in range(1, 5)] == ["", "", "", ""]


def test_multi_line_cell_stays_one_cell_and_keeps_its_refs():
    grid = fixture("003_gongshu_2024_responsibility_allocation.pdf").sections[1].grid
    r = find_row(grid, "一")
    leaders = grid.rows[r][3]
    assert leaders.text == "樊峥\n王一平\n贾元元"
    assert (leaders.ref.page, leaders.ref.table, leaders.ref.row, leaders.ref.col) == (leaders.ref.page, 1, r, 3)
    assert leaders.ref.page is not None


def test_text_outside_tables_gives_title_and_metadata_lines():
    doc = fixture("003_gongshu_2024_responsibility_allocation.pdf")
    assert [line.text for line in doc.lines[:4]] == ["拱政办发〔2024〕3号", "杭州市拱墅区人民政府办公室",
                                                     "关于对2024年区政府民生实事项目", "进行责任分解的通知"]
    assert (doc.media_type, doc.encoding) == ("pdf", None)


def test_wrapped_lines_join_and_own_breaks_stay():
    lines = [dict(text="完成6个“大运河幸福家园”服务", x0=10, x1=99, top=1),
             dict(text="阵地建设", x0=10, x1=40, top=2),
             dict(text="提升10处", x0=10, x1=50, top=3)]
    assert join_soft_wraps(lines, right_edge=100) == [(1, "完成6个“大运河幸福家园”服务阵地建设"), (3, "提升10处")]


def test_cid_fonts_are_refused_not_passed_on(tmp_path):
    path = tmp_path / "cid.pdf"
    path.write_bytes(pdf_bytes.cid_font_pdf())
    with pytest.raises(InputError) as err:
        read(path)
    assert err.value.code == "UNREADABLE_INPUT"
    assert err.value.message.startswith(".pdf file cannot be read: its fonts have no Unicode map (40 characters read as (cid:N))")


def test_doubled_characters_are_refused(tmp_path):
    path = tmp_path / "bold.pdf"
    path.write_bytes(pdf_bytes.latin_text_pdf(["TThhiiss  nnoottiiccee  pprriinnttss  eevveerryy  cchhaarraacctteerr  ttwwiiccee"]))
    with pytest.raises(InputError, match=r"printed twice \(fake-bold fonts\)"):
        read(path)


def test_doubled_cjk_text_is_a_problem_and_plain_text_is_not():
    assert text_layer_problem(list("民民生生实实事事项项目目责责任任清清单单新新增增")).code == "doubled"
    assert text_layer_problem(list("2024年区政府民生实事项目责任清单新增老年助餐服务点")) is None
    assert text_layer_problem(["(cid:12)"] * 30).code == "cid"
    assert text_layer_problem([" ", "\n"]).code == "none"
