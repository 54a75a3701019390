"""What the .docx, .pdf and .html readers share: blocks in reading order → a SourceDocument.

A native document is a sequence of blocks: paragraphs (text outside tables) and tables. Each
becomes lines of the document, so section splitting (on "附件1" lines), kind detection (first lines)
and metadata (the "发布单位 | 市政府办公厅" row of a page's metadata table) work on them as on a
text dump: a paragraph gives one line per printed line, a table one line per row, its non-empty
cells joined by " | " (the way the pipe dumps print rows, 002). Line numbers count these lines.
A section's grid is the table(s) whose rows fall in its line range; a section without a table gets
the text reader's paragraph stream, as its text dump would.

Tables are rectangular: every row has every column, a merged cell's text stands in its first
position with rowspan/colspan set, and the positions it covers hold empty cells.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from ..model import Line, Section, SourceDocument
from ..model import Cell, Grid, SourceRef
from ..limits import check_lines, check_table_cells
from ..normalise import normalise_text
from ..sections import split_sections
from ..simplify import simplify_document
from .text import grid_from_lines


@dataclass
class Paragraph:
    raw: str  # as printed; a line break inside the paragraph stays "\n"
    ref: SourceRef = field(default_factory=SourceRef)


@dataclass
class Table:
    rows: list[list[Cell]]  # rectangular
    ref: SourceRef = field(default_factory=SourceRef)

    @property
    def width(self) -> int:
        return max((len(row) for row in self.rows), default=0)


Block = Paragraph | Table


def make_cell(raw: str, ref: SourceRef, rowspan: int = 1, colspan: int = 1) -> Cell:
    """A cell from its printed text: each printed line normalised, blank lines dropped, as the text
    reader joins a cell's wrapped lines."""
    parts = [part.strip() for part in raw.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    raw_text = "\n".join(part for part in parts if part)
    text = "\n".join(t for t in (normalise_text(part) for part in parts) if t)
    return Cell(text=text, raw=raw_text, ref=ref, rowspan=rowspan, colspan=colspan)


def covered_cell(ref: SourceRef) -> Cell:
    """A grid position covered by a merged cell that starts above or to the left."""
    return Cell(text="", raw="", ref=ref)


def place_spans(rows: list[list[tuple[str, int, int, SourceRef]]], table_ref: SourceRef) -> list[list[Cell]]:
    """Rows of (raw, rowspan, colspan, ref) as a page lists them (a cell is omitted where a span from
    above covers its position, as HTML does) → a rectangular grid of Cells."""
    check_table_cells(sum(max(1, min(rowspan, len(rows) - r)) * max(1, colspan) for r, row in enumerate(rows) for _, rowspan, colspan, _ in row))
    grid: dict[tuple[int, int], Cell] = {}
    width = 0
    for r, row in enumerate(rows):
        c = 0
        for raw, rowspan, colspan, ref in row:
            while (r, c) in grid:
                c += 1
            rowspan = max(1, min(rowspan, len(rows) - r))
            colspan = max(1, colspan)
            for dr in range(rowspan):
                for dc in range(colspan):
                    position_ref = replace(ref, row=r + dr, col=c + dc)
                    grid[(r + dr, c + dc)] = covered_cell(position_ref)
            grid[(r, c)] = make_cell(raw, replace(ref, row=r, col=c), rowspan, colspan)
            c += colspan
            width = max(width, c)
    width = max([width] + [c + 1 for (_, c) in grid])
    return [
        [grid.get((r, c)) or covered_cell(replace(table_ref, row=r, col=c)) for c in range(width)]
        for r in range(len(rows))
    ]


def stitch_continued(blocks: list[Block], is_furniture=lambda text: False, continue_spans: bool = False) -> list[Block]:
    """A table that goes on after a page break (only blank or page-furniture paragraphs between)
    with the same number of columns is one table; a header row(s) printed again on the new page
    is dropped. With `continue_spans` (PDF), a merged cell cut by the page break is joined again:
    see `_continue_spans`."""
    out: list[Block] = []
    pending_gap: list[Paragraph] = []
    for block in blocks:
        if isinstance(block, Paragraph) and (not block.raw.strip() or is_furniture(block.raw.strip())):
            pending_gap.append(block)
            continue
        previous = out[-1] if out else None
        if isinstance(block, Table) and isinstance(previous, Table) and block.width == previous.width and block.rows:
            repeated = _repeated_header_rows(previous, block)
            rows = [list(row) for row in block.rows[repeated:]]
            if continue_spans and rows:
                _continue_spans(previous.rows, rows)
            previous.rows.extend(_renumbered(rows, len(previous.rows)))
            pending_gap = []
            continue
        out.extend(pending_gap)
        pending_gap = []
        out.append(block)
    out.extend(pending_gap)
    return out


def _continue_spans(before: list[list[Cell]], after: list[list[Cell]]) -> None:
    """A category or unit cell merged over rows that a page break cuts prints its text on the first
    page only; the new page shows an empty cell there. In a column that merges cells, an empty cell
    at the top of the new page under a filled one is that merged cell going on."""
    last = len(before) - 1
    first = after[0]
    covered_from_left = {c + k for c, cell in enumerate(first) for k in range(1, cell.colspan)}
    for c, cell in enumerate(first):
        if not cell.empty or c in covered_from_left or cell.colspan != 1:
            continue
        merging = any(row[c].rowspan > 1 for row in before + after if c < len(row))
        origin_row = _origin_above(before, last, c)
        if not merging or origin_row is None:
            continue
        origin = before[origin_row][c]
        if origin.empty or origin.colspan != 1:
            continue
        before[origin_row][c] = replace(origin, rowspan=origin.rowspan + cell.rowspan)
        first[c] = covered_cell(cell.ref)


def _origin_above(rows: list[list[Cell]], last: int, c: int) -> int | None:
    """The row of the merged cell (or plain cell) that holds position (last, c)."""
    for r in range(last, -1, -1):
        if c < len(rows[r]) and (not rows[r][c].empty or rows[r][c].rowspan > 1):
            return r if r + rows[r][c].rowspan - 1 >= last else None
    return None


def _repeated_header_rows(first: Table, second: Table) -> int:
    """How many of second's first rows repeat first's header (its first rows), word for word."""
    n = 0
    while n < len(second.rows) - 1 and n < len(first.rows) - 1:
        if [c.text for c in first.rows[n]] != [c.text for c in second.rows[n]]:
            break
        n += 1
    return n


def _renumbered(rows: list[list[Cell]], offset: int) -> list[list[Cell]]:
    """Rows of a continuation keep their page and table refs; their row index follows on."""
    return [[replace(cell, ref=replace(cell.ref, row=(cell.ref.row or 0) + offset)) for cell in row] for row in rows]


def assemble(path: str, media_type: str, sha256: str, encoding: str | None, blocks: list[Block]) -> SourceDocument:
    # Before any Line is made: what a document may expand to is checked before it takes the memory.
    check_table_cells(sum(len(row) for block in blocks if isinstance(block, Table) for row in block.rows))
    check_lines(sum(block.raw.count("\n") + 1 if isinstance(block, Paragraph) else len(block.rows) for block in blocks))
    lines: list[Line] = []
    table_lines: list[tuple[Table, int, int]] = []  # (table, first line number, last line number)
    for block in blocks:
        if isinstance(block, Paragraph):
            for raw in block.raw.replace("\r\n", "\n").split("\n"):
                if raw.strip():
                    lines.append(Line(number=len(lines) + 1, raw=raw.rstrip(), text=normalise_text(raw)))
            continue
        first = len(lines) + 1
        for row in block.rows:
            cells = [cell for cell in row if not cell.empty]
            raw = " | ".join(cell.raw.replace("\n", " ") for cell in cells)
            text = " | ".join(cell.text.replace("\n", " ") for cell in cells)
            lines.append(Line(number=len(lines) + 1, raw=raw, text=text))
        table_lines.append((block, first, len(lines)))
    doc = SourceDocument(path=path, media_type=media_type, sha256=sha256, encoding=encoding, lines=lines)
    for index, section_lines in enumerate(split_sections(lines)):
        start, end = section_lines[0].number, section_lines[-1].number
        tables = [table for table, first, last in table_lines if start <= first <= end]
        grid = _grid_of(tables) if tables else grid_from_lines(section_lines)
        doc.sections.append(Section(index=index, lines=section_lines, grid=grid))
    return simplify_document(doc)


def _grid_of(tables: list[Table]) -> Grid:
    """One grid for a section's tables: their rows one after another, padded to the widest."""
    width = max(table.width for table in tables)
    rows = []
    for table in tables:
        for row in table.rows:
            pad = [covered_cell(replace(row[-1].ref if row else table.ref, col=len(row) + k)) for k in range(width - len(row))]
            rows.append(list(row) + pad)
    return Grid(rows=rows)
