"""Text dumps (.txt) → SourceDocument.

The dumps serialise tables three ways, recognised per section:
- pipe rows, "序号 | 类别 | …" (002): one row per line; a line that does not end in "|" wraps
  into the next line's first cell (002 L43–44);
- tab-led cells (000, 003): a line starting with a tab starts a cell, the lines after it without a
  tab are that cell's wrapped lines; a line holding only a tab is an empty (merged) cell;
- paragraphs (001): every non-blank line is a cell, rows are not marked.
"""

from __future__ import annotations

from ..decode import decode
from ..document import Line, Section, SourceDocument
from ..grid import Cell, Grid, SourceRef
from ..normalise import normalise_text
from ..sections import split_sections
from ..simplify import simplify_document


def read_text(path: str, data: bytes, sha256: str, encoding: str | None = None) -> SourceDocument:
    decoded = decode(data, encoding)
    raw_lines = decoded.text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    lines = [Line(number=i, raw=_as_printed(raw), text=normalise_text(raw)) for i, raw in enumerate(raw_lines, 1)]
    doc = SourceDocument(
        path=path, media_type="txt", sha256=sha256, encoding=decoded.encoding, lines=lines, replaced_bytes=decoded.replaced
    )
    doc.sections = [
        Section(index=i, lines=section_lines, grid=grid_from_lines(section_lines))
        for i, section_lines in enumerate(split_sections(lines))
    ]
    return simplify_document(doc)


def _as_printed(raw: str) -> str:
    """The line without its trailing blanks, but a leading tab stays even on a line that holds
    nothing else: a lone tab is an empty table cell of a tab-led dump (000 L36, L38: task 4's
    category and unit, merged with task 3's; 003 L146-149: the header cells before 天水), and the
    parsers need it to keep their columns."""
    lead = "\t" if raw.startswith("\t") else ""
    return lead + raw[len(lead):].rstrip()


def layout_of(lines: list[Line]) -> str:
    """pipe, tab or paragraph: how this section prints its table."""
    body = [line.raw for line in lines if line.raw.strip()]
    if not body:
        return "paragraph"
    piped = sum(1 for raw in body if "|" in raw)
    tabbed = sum(1 for raw in body if raw.startswith("\t"))
    if piped >= max(3, len(body) // 4):
        return "pipe"
    if tabbed >= 3:
        return "tab"
    return "paragraph"


def grid_from_lines(lines: list[Line]) -> Grid:
    layout = layout_of(lines)
    if layout == "pipe":
        return _pipe_grid(lines)
    if layout == "tab":
        return Grid(rows=[_tab_cells(lines)], stream=True)
    return Grid(rows=[[_cell([line]) for line in lines if line.raw.strip()]], stream=True)


def _cell(lines: list[Line], raw_parts: list[str] | None = None) -> Cell:
    raw_parts = raw_parts if raw_parts is not None else [line.raw.strip() for line in lines]
    raw = "\n".join(part for part in raw_parts if part)
    text = "\n".join(t for t in (normalise_text(part) for part in raw_parts) if t)
    return Cell(text=text, raw=raw, ref=SourceRef(line_start=lines[0].number, line_end=lines[-1].number))


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
    rows: list[list[Cell]] = []
    pending: list[tuple[Line, str]] = []  # (line, its raw text) of a row still open
    started = False
    for line in lines:
        raw = line.raw.strip()
        # Lines before the first piped line are the section's title (002 L78–79), not cells.
        started = started or "|" in raw
        if not raw or not started:
            continue
        pending.append((line, raw))
        if raw.endswith("|"):
            rows.append(_pipe_row(pending))
            pending = []
    if pending:
        rows.append(_pipe_row(pending))
    return Grid(rows=[row for row in rows if row])


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
                   Cell(text="", raw="", ref=SourceRef(line_start=cell_lines[0].number, line_end=cell_lines[-1].number)))
    # Trailing empty cells are the dump's padding ("| ||||"), not table cells.
    while row and row[-1].empty:
        row.pop()
    return row
