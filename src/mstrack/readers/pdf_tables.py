"""A PDF table as printed on one page, and rows that a page break cut in two joined again.

`PageTable` keeps each cell's visual lines with where their characters stand, so that a cell's
text can be made from them (visual wraps joined, written line breaks kept: `line_breaks`) after a
row cut by a page break has had its two parts put together.

Word and LibreOffice let a row break across pages unless told not to (Word's "allow row to break
across pages" is on by default): the part after the break stands at the top of the next page,
under the repeated header if there is one, as a row of its own whose short cells — the number, the
lead unit — are empty, since they were printed whole before the break. Such a row is not a new
project: its text goes on with the row above. It is told by the table's key column (the leftmost
column whose every body row prints a text of its own, usually the number) being empty, with text
only in columns that were still running on the page before.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..grid import SourceRef
from .layout import Paragraph, Table, place_spans
from .line_breaks import join_soft_wraps
from .pdf_chars import CellChars, visual_lines

# Points between a cell's border and its text, at most: Word's and LibreOffice's default cell margin
# (5.4-5.5). A cell's own left inset, when smaller, is taken as its right one too.
CELL_PADDING = 5.4


@dataclass
class PageCell:
    row: int
    col: int
    rowspan: int
    colspan: int
    lines: list[dict]  # visual lines (line_breaks' dicts), top to bottom; a continuation's follow on
    right_edge: float  # where a line of this cell would have to wrap

    @property
    def empty(self) -> bool:
        return not any(line["text"].strip() for line in self.lines)


@dataclass
class PageTable:
    page: int
    number: int
    width: int  # columns
    height: int  # rows
    cells: list[PageCell]  # sorted by (row, col)
    mixed_gap: float = 0.0
    top: float = 0.0
    _owner: dict = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self.reindex()

    def reindex(self) -> None:
        self._owner = {}
        for cell in self.cells:
            for r in range(cell.row, cell.row + cell.rowspan):
                for c in range(cell.col, cell.col + cell.colspan):
                    self._owner[(r, c)] = cell

    def owner(self, r: int, c: int) -> PageCell | None:
        return self._owner.get((r, c))

    def starting(self, r: int, c: int) -> PageCell | None:
        """The cell that starts at (r, c), or None where a span covers it or no cell is."""
        cell = self._owner.get((r, c))
        return cell if cell is not None and (cell.row, cell.col) == (r, c) else None

    def row_texts(self, r: int) -> list[str]:
        return [cell_text(cell, self.mixed_gap) if (cell := self.starting(r, c)) else "" for c in range(self.width)]


def page_table(page: int, number: int, cells: list[CellChars], width: int, height: int, mixed_gap: float, top: float) -> PageTable:
    """Cells with their characters → a PageTable of visual lines."""
    page_cells = []
    for cell in cells:
        lines = visual_lines(cell.chars)
        inset = min((line["x0"] - cell.box[0] for line in lines if line["text"].strip()), default=CELL_PADDING)
        right_edge = cell.box[2] - min(max(inset, 0.0), CELL_PADDING)
        page_cells.append(PageCell(cell.row, cell.col, cell.rowspan, cell.colspan, lines, right_edge))
    return PageTable(page=page, number=number, width=width, height=height, cells=page_cells, mixed_gap=mixed_gap, top=top)


def cell_text(cell: PageCell, mixed_gap: float) -> str:
    """A cell's written lines: visual wraps joined, its own line breaks kept."""
    return "\n".join(text for _, text in join_soft_wraps(cell.lines, cell.right_edge, mixed_gap))


def as_table(table: PageTable) -> Table:
    """The grid of a page's table for layout.assemble: rows of (text, rowspan, colspan, ref), an
    empty cell where a row has a gap that no span covers, so later cells keep their columns."""
    ref = SourceRef(page=table.page, table=table.number)
    rows = []
    for r in range(table.height):
        row = []
        for c in range(table.width):
            cell = table.owner(r, c)
            if cell is None:
                row.append(("", 1, 1, ref))
            elif (cell.row, cell.col) == (r, c):
                rowspan = min(cell.rowspan, table.height - r)
                row.append((cell_text(cell, table.mixed_gap), rowspan, cell.colspan, ref))
        rows.append(row)
    return Table(rows=place_spans(rows, ref), ref=ref)


def join_broken_rows(blocks: list, is_furniture) -> list:
    """Where a table goes on at the top of the next page (only furniture between) with as many
    columns, and its first row after a repeated header is the rest of a row cut by the page break,
    that rest joins the row above. A continuation left with nothing but its repeated header is
    dropped."""
    out: list = []
    previous: PageTable | None = None
    for block in blocks:
        if isinstance(block, Paragraph):
            out.append(block)
            if block.raw.strip() and not is_furniture(block.raw.strip()):
                previous = None
            continue
        if previous is not None and block.width == previous.width and block.page > previous.page:
            header = repeated_header_rows(previous, block)
            if header < block.height and is_rest_of_row(previous, block, header):
                _join_rest(previous, block, header)
            if header >= block.height:
                continue  # only the repeated header: nothing of its own
        out.append(block)
        previous = block
    return out


def repeated_header_rows(first: PageTable, second: PageTable) -> int:
    """How many of second's first rows repeat first's first rows, word for word."""
    n = 0
    while n < min(first.height - 1, second.height) and first.row_texts(n) == second.row_texts(n) and any(first.row_texts(n)):
        n += 1
    return n


def key_column(table: PageTable, body_from: int) -> int | None:
    """The leftmost column in which every body row starts a cell of its own with text."""
    rows = range(body_from, table.height)
    if not rows:
        return None
    for c in range(table.width):
        cells = [table.starting(r, c) for r in rows]
        if all(cell is not None and cell.rowspan == 1 and not cell.empty for cell in cells):
            return c
    return None


def is_rest_of_row(before: PageTable, after: PageTable, header: int) -> bool:
    """Whether after's row `header` is the rest of before's last row (see the module's docstring)."""
    key = key_column(before, max(header, 1))
    if key is None:
        return False
    last = before.height - 1
    rest = [after.starting(header, c) for c in range(after.width)]
    if rest[key] is None or not rest[key].empty:
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


def _join_rest(before: PageTable, after: PageTable, header: int) -> None:
    last = before.height - 1
    for c in range(after.width):
        cell = after.starting(header, c)
        if cell is not None and not cell.empty:
            before.owner(last, c).lines.extend(cell.lines)
    kept = []
    for cell in after.cells:
        if cell.row == header:
            continue
        if cell.row > header:
            cell.row -= 1
        elif cell.row + cell.rowspan > header:
            cell.rowspan -= 1
        kept.append(cell)
    after.cells = kept
    after.height -= 1
    after.reindex()

