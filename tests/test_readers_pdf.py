from pathlib import Path

import pytest

from mstrack.errors import InputError
from mstrack.readers.line_breaks import continues, join_soft_wraps, may_break_between, mixed_script_gap
from mstrack.readers.pdf import text_layer_problem
from native import NATIVE, find_row, fixture, read
import pdf_bytes


def cells(grid):
    """Each cell as (text, rowspan, colspan), line breaks included."""
    return [[(c.text, c.rowspan, c.colspan) for c in row] for row in grid.rows]


@pytest.mark.parametrize(("stem", "variant"), [
    ("000_xiacheng_2011_half_year", ""), ("001_binjiang_2024_q1", ""), ("003_gongshu_2024_responsibility_allocation", ""),
    # Rows allowed to break across pages (Word's default), the header repeated on each page: the
    # rest of a row cut by the break joins its row.
    ("000_xiacheng_2011_half_year", "_rows_break"), ("001_binjiang_2024_q1", "_rows_break"),
    ("003_gongshu_2024_responsibility_allocation", "_padded"),
])
def test_pdf_grids_equal_the_docx_they_were_printed_from(stem, variant):
    # Cell for cell, line breaks too: the PDF's visual wraps are joined, the docx cells' own
    # paragraphs kept.
    from_docx, from_pdf = fixture(f"{stem}.docx"), fixture(f"{stem}{variant}.pdf")
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


PDF_003 = ["003_gongshu_2024_responsibility_allocation.pdf", "003_gongshu_2024_responsibility_allocation_padded.pdf"]


@pytest.mark.parametrize("name", PDF_003)
def test_multi_line_cell_stays_one_cell_and_keeps_its_refs(name):
    grid = fixture(name).sections[1].grid
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


def printed(text: str, x0: float, top: float, width: dict[str, float] | None = None) -> dict:
    """A pdfplumber text line: its characters side by side from x0 (CJK 8pt wide, the rest 4.8)."""
    chars, x = [], x0
    for ch in text:
        w = (width or {}).get(ch, 4.8 if ch.isascii() else 8.0)
        chars.append(dict(text=ch, x0=x, x1=x + w, top=top, size=8.0))
        x += w
    return dict(text=text, x0=x0, x1=x, top=top, chars=chars)


def test_a_line_whose_next_character_would_not_fit_wrapped():
    # 001 9.x: "2.已开展一季度考核工" stops one character short of the edge: 作 did not fit.
    lines = [printed("2.已开展一季度考核工", 10, 1), printed("作。", 10, 2), printed("3.已完成", 10, 3)]
    assert join_soft_wraps(lines, right_edge=10 + 9.6 + 8 * 9 + 5) == [(1, "2.已开展一季度考核工作。"), (3, "3.已完成")]


def test_a_line_that_leaves_room_for_the_next_word_ended_its_paragraph():
    # 003 附件2 长庆: "4805" broke as "480" / "5" (no room for the fourth digit); after "5" there is
    # room for "400", so "400人" is a paragraph of its own.
    lines = [printed("480", 10, 1), printed("5", 10, 2), printed("400", 10, 3), printed("人", 10, 4)]
    assert join_soft_wraps(lines, right_edge=10 + 16.8) == [(1, "4805"), (3, "400人")]


def test_a_numbered_item_after_a_full_clause_starts_a_paragraph():
    # 001 L74-82: "…;" ends at the edge, "4." would not have fitted; the numbered item opens its own
    # paragraph all the same.
    lines = [printed("3.诚业南路进行雨污水管道施工;", 10, 1), printed("4.紫云路桥桩", 10, 2)]
    edge = lines[0]["x1"] + 2
    assert [text for _, text in join_soft_wraps(lines, right_edge=edge)] == ["3.诚业南路进行雨污水管道施工;", "4.紫云路桥桩"]


def test_quotes_and_figures_wrap_with_their_neighbours():
    assert not may_break_between("个", "“") and not may_break_between("”", "工")  # 003 "打造4" / "个“一老一小”"
    assert not may_break_between("3", "~") and not may_break_between("、", "6")  # 001 "3~5層", 000 "69%、68%"
    assert may_break_between("0", "人") and may_break_between("区", "域")


def test_cjk_next_to_a_figure_takes_the_autospace_gap():
    # 000 "床位7" / "月进场施工": 月 alone fits by 1.1pt but not with the 1.6pt autospace before it.
    line, following = printed("期100张床位7", 10, 1)["chars"], printed("月进场", 10, 2)["chars"]
    edge = line[-1]["x1"] + 8 + 1.1
    assert not continues(line, following, edge) and continues(line, following, edge, mixed_gap=1.6)
    assert mixed_script_gap([dict(text="位", x0=0, x1=8, top=1, size=8), dict(text="7", x0=9.6, x1=14.4, top=1, size=8)] * 3) == pytest.approx(1.6)


@pytest.mark.parametrize("name", PDF_003)
def test_pdf_cells_keep_their_figures_whole(name):
    # 003 附件2 二.2: "2.提升10" / "处基层体育设施" wraps in the narrow 项目内容 column; split, the
    # row's target 10处 was lost and its nine street shares with it.
    grid = fixture(name).sections[2].grid
    names = [row[1].text for row in grid.rows]
    assert "2.提升10处基层体育设施" in names and "1.新增残疾人就业35人" in names
    r = find_row(grid, "2.完成社区认知症", col=1)
    streets = [cell.text for cell in grid.rows[1]]
    assert [grid.rows[r][streets.index(name)].text for name in ("长庆", "潮鸣")] == ["4805\n400人", "6425\n400人"]


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


def test_a_scan_with_a_stray_text_line_is_called_scanned_not_an_unknown_kind(tmp_path):
    path = tmp_path / "scan_with_stamp.pdf"
    path.write_bytes(pdf_bytes.scanned_pages_with_a_text_line(pages=3))
    with pytest.raises(InputError) as err:
        read(path)
    assert err.value.code == "UNREADABLE_INPUT"
    assert "looks scanned (3 of 3 pages are an image with hardly any text); run OCR" in err.value.message



def test_a_title_keeps_its_year_with_its_characters():
    # A title's large font widens the gap a layout engine leaves between a figure and an ideograph;
    # it is spacing, not a space ("2024 年" would hide the year from the metadata).
    from mstrack.readers.pdf_chars import line_text, visual_lines

    title = printed("2024", 100, 50, {"2": 11, "0": 11, "4": 11})["chars"] + printed("年区政府", 100 + 44 + 5.5, 50)["chars"]
    assert line_text(title) == "2024年区政府"
    latin = printed("Bin", 10, 1)["chars"] + printed("hub", 10 + 14.4 + 3, 1)["chars"]
    assert line_text(latin) == "Bin hub"
    for char in title + latin:
        char["bottom"] = char["top"] + 8
    assert [line["text"] for line in visual_lines(latin + title)] == ["Bin hub", "2024年区政府"]


def test_a_character_touching_the_rule_above_belongs_to_the_cell_its_centre_is_in():
    # No cell padding above the text (Word's default): the "1" of the first row reaches over the
    # header's bottom rule; by its centre it is in the first row, and the header stays "序号".
    from mstrack.readers.pdf_chars import assign, grid_cells

    xs, ys, cells = grid_cells([(0, 0, 40, 20), (0, 20, 40, 40)], 2.0)
    chars = [dict(text="序", x0=4, x1=12, top=6, bottom=14), dict(text="号", x0=12, x1=20, top=6, bottom=14),
             dict(text="1", x0=4, x1=9, top=19, bottom=28)]
    assert assign(chars, [((0, 0, 40, 40), xs, ys, cells)]) == []
    assert ["".join(c["text"] for c in cell.chars) for cell in cells] == ["序号", "1"]
