"""A PDF table as printed on one page, and rows that a page break cut in two joined again.

`PageTable` keeps each cell's visual lines with where their characters stand, so that a cell's
text can be made from them (visual wraps joined, written line breaks kept: `line_breaks`) after a
row cut by a page break has had its two parts put together.

Word and LibreOffice let a row break across pages unless told not to (Word's "allow row to break
across pages" is on by default): the part after the break stands at the top of the next page,
under the repeated header if there is one, as a row of its own whose short cells — the number, the
lead unit — are empty, since they were printed whole before the break. Such a row is not a new
project: its text goes on with the row above. It is told by the table's key column (the leftmost
column whose every body row prints a text of its own, usually the number) being empty — or, where
the number is a merged cell and the name runs on, most such columns (the figures) being empty —
with text only in columns that were still running on the page before.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model import SourceRef
from ..model import Cell
from .layout import Paragraph, Table, covered_cell, make_cell
from .line_breaks import join_soft_wraps
from .pdf_chars import CellChars, visual_lines

# Points between a cell's border and its text, at most: Word's and LibreOffice's default cell margin
# (5.4-5.5), reportlab's (6). A cell's own left inset, when smaller, is taken as its right one too.
CELL_PADDING = 6.0


@dataclass
class PageCell:
    row: int
    col: int
    rowspan: int
    colspan: int
    lines: list[dict]  # visual lines (line_breaks' dicts), top to bottom; a continuation's follow on
    right_edge: float  # where a line of this cell would have to wrap
    page: int = 0
    number: int = 0  # the table's number on its page
    mixed_gap: float = 0.0

    @property
    def empty(self) -> bool:
        return not any(line["text"].strip() for line in self.lines)

    @property
    def end(self) -> int:
        return self.row + self.rowspan


@dataclass
class PageTable:
    """A table as one page prints it; after `stitch_pages`, a table continued over pages."""

    page: int
    number: int
    width: int  # columns
    height: int  # rows
    cells: list[PageCell]
    row_pages: list[tuple[int, int]] = field(default_factory=list)  # (page, table number) of each row
    _owner: dict = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        if not self.row_pages:
            self.row_pages = [(self.page, self.number)] * self.height
        self.reindex()

    def reindex(self) -> None:
        self.cells.sort(key=lambda cell: (cell.row, cell.col))
        self._owner = {}
        for cell in self.cells:
            for r in range(cell.row, cell.end):
                for c in range(cell.col, cell.col + cell.colspan):
                    self._owner[(r, c)] = cell

    def owner(self, r: int, c: int) -> PageCell | None:
        return self._owner.get((r, c))

    def starting(self, r: int, c: int) -> PageCell | None:
        """The cell that starts at (r, c), or None where a span covers it or no cell is."""
        cell = self._owner.get((r, c))
        return cell if cell is not None and (cell.row, cell.col) == (r, c) else None

    def row_texts(self, r: int) -> list[str]:
        return [cell_text(cell) if (cell := self.starting(r, c)) else "" for c in range(self.width)]

    def merging(self, c: int) -> bool:
        """Whether column c merges cells over rows anywhere."""
        return any(cell.rowspan > 1 and cell.col <= c < cell.col + cell.colspan for cell in self.cells)


def page_table(page: int, number: int, cells: list[CellChars], width: int, height: int, mixed_gap: float) -> PageTable:
    """Cells with their characters → a PageTable of visual lines."""
    page_cells = []
    for cell in cells:
        lines = visual_lines(cell.chars)
        inset = min((line["x0"] - cell.box[0] for line in lines if line["text"].strip()), default=CELL_PADDING)
        right_edge = cell.box[2] - min(max(inset, 0.0), CELL_PADDING)
        page_cells.append(PageCell(cell.row, cell.col, cell.rowspan, cell.colspan, lines, right_edge, page, number, mixed_gap))
    return PageTable(page=page, number=number, width=width, height=height, cells=page_cells)


def cell_text(cell: PageCell) -> str:
    """A cell's written lines: visual wraps joined, its own line breaks kept."""
    return "\n".join(text for _, text in join_soft_wraps(cell.lines, cell.right_edge, cell.mixed_gap))


def as_table(table: PageTable) -> Table:
    """The rectangular grid of a table for layout.assemble. Each position keeps the page it was
    printed on; a position no cell holds (a gap in the rules) is an empty cell."""
    def ref(r: int, c: int) -> SourceRef:
        page, number = table.row_pages[r]
        return SourceRef(page=page, table=number, row=r, col=c)

    grid: list[list[Cell | None]] = [[None] * table.width for _ in range(table.height)]
    for cell in table.cells:
        rowspan = min(cell.rowspan, table.height - cell.row)
        for r in range(cell.row, cell.row + rowspan):
            for c in range(cell.col, min(cell.col + cell.colspan, table.width)):
                grid[r][c] = covered_cell(ref(r, c))
        grid[cell.row][cell.col] = make_cell(cell_text(cell), ref(cell.row, cell.col), rowspan, cell.colspan)
    rows = [[cell or covered_cell(ref(r, c)) for c, cell in enumerate(row)] for r, row in enumerate(grid)]
    return Table(rows=rows, ref=SourceRef(page=table.page, table=table.number))


def stitch_pages(blocks: list, is_furniture) -> list:
    """A table that goes on at the top of the next page (only furniture between) with as many
    columns is one table: its repeated header rows are dropped, the rest of a row the page break
    cut joins that row (see the module's docstring), and a merged cell the break cut is one cell
    again, whichever part prints its text (LibreOffice prints it before the break, a browser in the
    middle of the merged area, so possibly after)."""
    out: list = []
    previous: PageTable | None = None
    for block in blocks:
        if isinstance(block, Paragraph):
            out.append(block)
            if block.raw.strip() and not is_furniture(block.raw.strip()):
                previous = None
            continue
        if previous is not None and block.width == previous.width and block.page > previous.page:
            _append(previous, block)
            continue
        out.append(block)
        previous = block
    return [block for block in out if not isinstance(block, PageTable) or block.height]


def _append(before: PageTable, after: PageTable) -> None:
    header = repeated_header_rows(before, after)
    if header >= after.height:
        return  # only the repeated header: nothing of its own
    rest = is_rest_of_row(before, after, header)
    last = before.height - 1
    offset = last - header if rest else before.height - header
    merging = {c for c in range(before.width) if before.merging(c) or after.merging(c)}
    for cell in after.cells:
        if cell.row < header:
            continue
        cell.row += offset
        if rest and cell.row == last:
            above = before.owner(last, cell.col)
            if above is not None and (above.col, above.colspan) == (cell.col, cell.colspan):
                _merge(above, cell)
                continue
        elif not rest and cell.row == last + 1:
            above = before.owner(last, cell.col)
            if above is not None and _cut_span(above, cell, cell.col in merging):
                _merge(above, cell)
                continue
        before.cells.append(cell)
    before.row_pages += after.row_pages[header + (1 if rest else 0):]
    before.height = len(before.row_pages)
    before.reindex()


def _cut_span(above: PageCell, below: PageCell, column_merges: bool) -> bool:
    """Whether two cells on either side of a page break are one merged cell cut by it: in a column
    that merges cells, the same columns, one of the two parts without text (LibreOffice leaves the
    part after the break empty; a browser may print the text after it, leaving the part before
    empty, and then one of the parts spans rows)."""
    if (above.col, above.colspan) != (below.col, below.colspan) or above.empty == below.empty:
        return False
    if below.empty:
        return column_merges
    return above.rowspan > 1 or below.rowspan > 1


def _merge(into: PageCell, cell: PageCell) -> None:
    into.lines.extend(cell.lines)
    into.rowspan = max(into.end, cell.end) - into.row


def repeated_header_rows(first: PageTable, second: PageTable) -> int:
    """How many of second's first rows repeat first's first rows, word for word."""
    n = 0
    while n < min(first.height - 1, second.height) and first.row_texts(n) == second.row_texts(n) and any(first.row_texts(n)):
        n += 1
    return n


def filled_columns(table: PageTable, body_from: int) -> list[int]:
    """The columns in which every body row of the table's last page starts a cell of its own with
    text (the number, the name, a figure every row has); the first is the table's key column."""
    rows = [r for r in range(body_from, table.height) if table.row_pages[r] == table.row_pages[-1]]
    if not rows:
        return []
    filled = []
    for c in range(table.width):
        cells = [table.starting(r, c) for r in rows]
        if all(cell is not None and cell.rowspan == 1 and not cell.empty for cell in cells):
            filled.append(c)
    return filled


def is_rest_of_row(before: PageTable, after: PageTable, header: int) -> bool:
    """Whether after's row `header` is the rest of before's last row (see the module's docstring)."""
    filled = filled_columns(before, max(header, 1))
    if not filled:
        return False
    last = before.height - 1
    rest = [after.starting(header, c) for c in range(after.width)]
    emptied = [c for c in filled if rest[c] is not None and rest[c].empty]
    # The key column empty (the number printed whole before the break), or, where the key is a
    # merged number and the name runs on, most of the columns every row fills (figures) empty.
    if filled[0] not in emptied and 2 * len(emptied) <= len(filled):
        return False
    if all(cell is None or cell.empty for cell in rest):
        return False
    for c, cell in enumerate(rest):
        if cell is None or cell.empty:
            continue
        above = before.owner(last, c)
        if cell.rowspan != 1 or above is None or above.empty or (above.col, above.colspan) != (c, cell.colspan):
            return False
    return True
