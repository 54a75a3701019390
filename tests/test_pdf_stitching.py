"""Tables cut by page breaks come back whole: generated tables, cut at any row and inside any row."""

from hypothesis import given, settings, strategies as st

from mstrack.readers.layout import Paragraph
from mstrack.readers.pdf_tables import PageCell, PageTable, as_table, stitch_pages

HEADER = ["序号", "项目", "责任单位", "完成情况"]
WORDS = st.sampled_from(["新增老年助餐服务点", "完成改造", "区民政局", "各街道", "已完成", "正在施工", "227个", "4805", "400人"])


def line(text: str, top: float) -> dict:
    chars = [dict(text=ch, x0=10 + 8 * i, x1=18 + 8 * i, top=top, bottom=top + 8, size=8) for i, ch in enumerate(text)]
    return dict(text=text, x0=10, x1=10 + 8 * len(text), top=top, bottom=top + 8, chars=chars)


def cell(r: int, c: int, lines: list[str], page: int) -> PageCell:
    # A right edge far beyond every line: each printed line is a line the author wrote.
    return PageCell(r, c, 1, 1, [line(text, 10 * k) for k, text in enumerate(lines)], right_edge=1000.0, page=page, number=1)


def page_table(page: int, rows: list[list[list[str]]]) -> PageTable:
    cells = [cell(r, c, lines, page) for r, row in enumerate(rows) for c, lines in enumerate(row)]
    return PageTable(page=page, number=1, width=len(HEADER), height=len(rows), cells=cells)


rows_strategy = st.lists(
    st.lists(st.lists(WORDS, min_size=1, max_size=3), min_size=3, max_size=3), min_size=2, max_size=6
)


@settings(max_examples=60, deadline=None)
@given(rows=rows_strategy, data=st.data())
def test_a_table_cut_by_a_page_break_reads_as_the_whole_table(rows, data):
    body = [[[str(n)]] + row for n, row in enumerate(rows, 1)]
    cut = data.draw(st.integers(1, len(body) - 1), label="first row on the next page")
    inside = data.draw(st.booleans(), label="the break also cuts the row above")
    header = [[text] for text in HEADER]
    first = [header] + [list(r) for r in body[:cut]]
    second = [header] + [list(r) for r in body[cut:]]
    last = first[-1]
    if inside and max(len(lines) for lines in last[1:]) > 1:
        # The row above goes on: its number and short cells end before the break, longer cells go
        # on over it.
        rest = [[]] + [lines[1:] for lines in last[1:]]
        first[-1] = [last[0]] + [lines[:1] for lines in last[1:]]
        second.insert(1, rest)
    blocks = [page_table(1, first), Paragraph(raw="— 1 —"), page_table(2, second)]
    stitched = [b for b in stitch_pages(blocks, lambda text: text.startswith("—")) if isinstance(b, PageTable)]
    assert len(stitched) == 1
    got = [[cell.text for cell in row] for row in as_table(stitched[0]).rows]
    assert got == [HEADER] + [["\n".join(lines) for lines in row] for row in body]
