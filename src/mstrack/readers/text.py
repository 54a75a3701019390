"""Text dumps (.txt) → SourceDocument.

The dumps serialise tables in these ways, recognised per section:
- pipe rows, "序号 | 类别 | …" (002): one row per line; a line that does not end in "|" wraps
  into the next line's first cell (002 L43–44); a last row not closed by "|" is cut off;
- one cell per line, each ending in " |", as some sites print a table (a line "||" is an empty
  cell, a line "|" alone closes a row): a stream of cells;
- tab rows, "序号<TAB>项目<TAB>…": one row per line, cells between tabs;
- tab-led cells (000, 003): a line starting with a tab starts a cell, the lines after it without a
  tab are that cell's wrapped lines; a line holding only a tab is an empty (merged) cell;
- columns aligned by spaces: one row per line, cells apart by two spaces or more;
- paragraphs (001, blank-line-separated cells): every non-blank line is a cell, rows are not marked.
"""

from __future__ import annotations

import re

from ..decode import decode
from ..model import Line, Section, SourceDocument
from ..model import Cell, Grid, line_ref
from ..limits import check_lines
from ..normalise import normalise_text
from ..sections import split_sections
from ..simplify import simplify_document


def read_text(path: str, data: bytes, sha256: str, encoding: str | None = None) -> SourceDocument:
    decoded = decode(data, encoding)
    raw_lines = split_lines(decoded.text)
    check_lines(len(raw_lines))  # before the lines are made: a million of them took gigabytes
    lines = [Line(number=i, raw=_as_printed(raw), text=normalise_text(raw)) for i, raw in enumerate(raw_lines, 1)]
    doc = SourceDocument(
        path=path, media_type="txt", sha256=sha256, encoding=decoded.encoding, lines=lines, replaced_bytes=decoded.replaced
    )
    doc.sections = [
        Section(index=i, lines=section_lines, grid=grid_from_lines(section_lines))
        for i, section_lines in enumerate(split_sections(lines))
    ]
    return simplify_document(doc)


# Line breaks written out as the characters "\r\n" (a page's JSON or script dumped as text): a
# file of one line that holds several of them is split there.
LITERAL_BREAK = re.compile(r"\\r\\n|\\n|\\r")
_LITERAL_BREAKS_MIN = 2


def split_lines(text: str) -> list[str]:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if sum(1 for line in lines if line.strip()) <= 1 and len(LITERAL_BREAK.findall(text)) >= _LITERAL_BREAKS_MIN:
        return split_lines(LITERAL_BREAK.sub("\n", text))
    return lines


def _as_printed(raw: str) -> str:
    """The line without its trailing blanks, but a leading tab stays even on a line that holds
    nothing else: a lone tab is an empty table cell of a tab-led dump (000 L36, L38: task 4's
    category and unit, merged with task 3's; 003 L146-149: the header cells before 天水), and the
    parsers need it to keep their columns."""
    lead = "\t" if raw.startswith("\t") else ""
    return lead + raw[len(lead):].rstrip()


# A line that is one cell closed by "|" (or "||", an empty cell; "|", a row closed).
ONE_CELL_LINE = re.compile(r"^(?:[^|]+\|\s*|\|\|?)$")
MARKDOWN_RULE = re.compile(r"^\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?$")
ALIGNED_GAP = re.compile(r"[ \u3000]{2,}")
MIN_TABLE_LINES = 3
MIN_PIPE_LINES = 2  # a header and one row


def layout_of(lines: list[Line]) -> str:
    """pipe, cell_lines, tab_rows, tab, columns or paragraph: how this section prints its table."""
    body = [line.raw for line in lines if line.raw.strip()]
    if not body:
        return "paragraph"
    piped = [raw.strip() for raw in body if "|" in raw]
    if len(piped) >= max(MIN_PIPE_LINES, len(body) // 4):
        one_cell = sum(1 for raw in piped if ONE_CELL_LINE.match(raw))
        return "cell_lines" if one_cell >= 6 and one_cell * 5 >= len(piped) * 4 else "pipe"
    tab_rows = sum(1 for raw in body if raw.strip("\t").count("\t") >= 2)
    tabbed = sum(1 for raw in body if raw.startswith("\t"))
    if tab_rows >= MIN_TABLE_LINES and tab_rows >= tabbed:
        return "tab_rows"
    if tabbed >= MIN_TABLE_LINES:
        return "tab"
    aligned = sum(1 for raw in body if len(ALIGNED_GAP.split(raw.strip())) >= 3)
    if aligned >= MIN_TABLE_LINES and aligned * 3 >= len(body):
        return "columns"
    return "paragraph"


def grid_from_lines(lines: list[Line]) -> Grid:
    layout = layout_of(lines)
    if layout == "pipe":
        grid = _pipe_grid(lines)
    elif layout == "cell_lines":
        grid = _cell_lines_grid(lines)
    elif layout == "tab_rows":
        grid = _split_rows(lines, lambda raw: raw.strip("\t").count("\t") >= 2, re.compile(r"\t"))
    elif layout == "columns":
        grid = _split_rows(lines, lambda raw: len(ALIGNED_GAP.split(raw.strip())) >= 3, ALIGNED_GAP)
    elif layout == "tab":
        grid = Grid(rows=[_tab_cells(lines)], stream=True)
    else:
        grid = Grid(rows=[[_cell([line]) for line in lines if line.raw.strip()]], stream=True)
    grid.layout = layout
    return grid


def _cell_lines_grid(lines: list[Line]) -> Grid:
    """One cell per line: "text |" a cell, "||" an empty cell, "|" the end of a row (dropped); lines
    without "|" wrap into the next cell. Lines before the first cell are the section's title."""
    cells: list[Cell] = []
    pending: list[Line] = []
    started = False
    for line in lines:
        raw = line.raw.strip()
        started = started or "|" in raw
        if not raw or not started:
            continue
        if "|" not in raw:
            pending.append(line)
            continue
        if raw == "|":
            pending = []
            continue
        if raw == "||":
            cells.append(Cell(text="", raw="", ref=line_ref(line.number)))
            continue
        parts = pending + [line]
        cells.append(_cell(parts, [p.raw.strip() for p in pending] + [raw.rstrip("|").strip()]))
        pending = []
    if pending:
        cells.append(_cell(pending))
    return Grid(rows=[cells], stream=True, open_end=bool(pending))


def _split_rows(lines: list[Line], is_row, separator: re.Pattern) -> Grid:
    """One row per line, cells apart by the separator; other lines after the first row are rows of one cell."""
    rows: list[list[Cell]] = []
    for line in lines:
        raw = line.raw.strip()
        if not raw or (not rows and not is_row(line.raw)):
            continue
        rows.append([_cell([line], [piece.strip()]) if piece.strip() else
                     Cell(text="", raw="", ref=line_ref(line.number)) for piece in separator.split(raw)])
    return Grid(rows=rows)


def _cell(lines: list[Line], raw_parts: list[str] | None = None) -> Cell:
    raw_parts = raw_parts if raw_parts is not None else [line.raw.strip() for line in lines]
    if len(raw_parts) == 1:  # most cells
        raw = raw_parts[0]
        text = normalise_text(raw)
    else:
        raw = "\n".join(filter(None, raw_parts))
        text = "\n".join(filter(None, map(normalise_text, raw_parts)))
    return Cell(text=text, raw=raw, ref=line_ref(lines[0].number, lines[-1].number))


def _tab_cells(lines: list[Line]) -> list[Cell]:
    """Tab-led cells; lines before the first tab line are the section's title, not cells."""
    cells: list[list[Line]] = []
    for line in lines:
        if line.raw.startswith("\t"):
            cells.append([line])
        elif cells:
            cells[-1].append(line)
    out = []
    for cell_lines in cells:
        while len(cell_lines) > 1 and not cell_lines[-1].raw.strip():
            cell_lines.pop()
        out.append(_cell(cell_lines))
    return out


def _pipe_grid(lines: list[Line]) -> Grid:
    """Rows of a pipe dump. Where rows are closed by "|" (002), a line that is not wraps into the
    next; where they are not ("1 | 项目 | 单位"), each line is a row (one without a pipe, a row of
    one cell: a category heading, or text the parser puts on the row above). A leading "|"
    (markdown) and a rule line "|---|---|" are no cells."""
    piped = [line.raw.strip() for line in lines if "|" in line.raw]
    closed = sum(1 for raw in piped if raw.endswith("|")) * 2 > len(piped)
    framed = sum(1 for raw in piped if raw.startswith("|")) * 2 > len(piped)
    rows: list[list[Cell]] = []
    pending: list[tuple[Line, str]] = []  # (line, its raw text) of a row still open
    started = False
    for line in lines:
        raw = line.raw.strip()
        # Lines before the first piped line are the section's title (002 L78–79), not cells.
        started = started or "|" in raw
        if not raw or not started or MARKDOWN_RULE.match(raw):
            continue
        if framed and raw.startswith("|"):
            raw = raw[1:].lstrip()
        if not closed and pending:
            rows.append(_pipe_row(pending))
            pending = []
        pending.append((line, raw))
        if closed and raw.endswith("|"):
            rows.append(_pipe_row(pending))
            pending = []
    if pending:
        rows.append(_pipe_row(pending))
    return Grid(rows=[row for row in rows if row], open_end=closed and bool(pending))


def _pipe_row(parts: list[tuple[Line, str]]) -> list[Cell]:
    """One row from its lines; a cell that wraps over a line break keeps the break."""
    cells: list[tuple[list[Line], list[str]]] = [([], [])]
    for n, (line, raw) in enumerate(parts):
        if n:
            cells[-1][1].append("\n")
        pieces = raw.split("|")
        for k, piece in enumerate(pieces):
            if k:
                cells.append(([], []))
            cells[-1][0].append(line)
            cells[-1][1].append(piece)
    row = []
    for cell_lines, pieces in cells:
        raw = "".join(pieces).strip()
        row.append(_cell(cell_lines, [p.strip() for p in raw.split("\n")]) if raw else
                   Cell(text="", raw="", ref=line_ref(cell_lines[0].number, cell_lines[-1].number)))
    # Trailing empty cells are the dump's padding ("| ||||"), not table cells.
    while row and row[-1].empty:
        row.pop()
    return row
