"""One `raw` rule for every parser (mstrack.raw): a table row's cells as printed, in reading order,
joined by " | ", with cells that print nothing left out; a paragraph's lines joined by a line break."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from mstrack.model import Cell, SourceRef
from mstrack.raw import raw_of, raw_of_lines

_PRINTED = st.text(alphabet="新增老年助餐服务点个227一、(1)★", min_size=1, max_size=8)


def _cell(raw: str) -> Cell:
    return Cell(text=raw, raw=raw, ref=SourceRef(line_start=1))


def test_cells_join_with_a_bar_and_empty_cells_are_left_out():
    assert raw_of([_cell("1"), _cell(""), _cell("新增老年助餐服务点227个"), _cell("市民政局")]) == (
        "1 | 新增老年助餐服务点227个 | 市民政局"
    )


def test_paragraph_lines_join_with_a_line_break():
    assert raw_of_lines(["1.新增老年助餐", "服务点227个。"]) == "1.新增老年助餐\n服务点227个。"


@given(st.lists(st.one_of(st.just(""), _PRINTED), max_size=8))
def test_a_row_reads_the_same_whether_its_reader_kept_empty_cells_or_not(raws):
    with_empty = raw_of([_cell(r) for r in raws])
    without_empty = raw_of([_cell(r) for r in raws if r])
    assert with_empty == without_empty
    assert with_empty.split(" | ") == ([r for r in raws if r] or [""])


def test_every_table_row_of_the_samples_follows_the_rule(tables):
    projects = tables["projects"]
    table_rows = projects[projects["kind"] != "work_report"]
    assert len(table_rows) > 0
    for raw in table_rows["raw"]:
        assert all(piece.strip() for piece in raw.split(" | ")), raw
