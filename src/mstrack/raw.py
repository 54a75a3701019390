"""What a row's `raw` column holds: the source as printed of what the row was read from, before any
conversion (normalisation, simplification, joining of wrapped lines), so that every derived figure
can be checked against the notice.

One rule for every parser:
- a table row: its cells as printed, in reading order, joined by " | "; a cell with nothing printed
  (a merged cell's empty part, an empty cell of a pipe row) is left out, so that a row reads the same
  whichever reader produced its grid (a text dump drops empty cells that a .docx keeps);
- a paragraph (a work report's item): its lines as printed, joined by a line break.
"""

from __future__ import annotations

from collections.abc import Iterable

from .model import Cell

CELL_SEPARATOR = " | "
LINE_SEPARATOR = "\n"


def raw_of(cells: Iterable[Cell]) -> str:
    """A table row's raw: its cells as printed, joined by " | ", empty ones left out."""
    return CELL_SEPARATOR.join(cell.raw for cell in cells if cell.raw)


def raw_of_lines(lines: Iterable[str]) -> str:
    """A paragraph's raw: its lines as printed, joined by a line break."""
    return LINE_SEPARATOR.join(lines)
