"""The one table model every reader produces and every table parser consumes.

A `Grid` is rows of `Cell`s. Readers that know the row boundaries (.docx, .html, .pdf, the
pipe-separated text dumps) give real rows; text dumps that print one cell per line with no row
markers (tab-led lines, blank-line paragraphs) give a *stream*: one row holding every cell in
reading order, which the kind parser regroups by what its columns look like.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class SourceRef:
    """Where something stands in the source: a line span of a text dump, or page/table/row/cell."""

    line_start: int | None = None
    line_end: int | None = None
    page: int | None = None
    table: int | None = None
    row: int | None = None
    col: int | None = None

    def __str__(self) -> str:
        parts = []
        if self.page is not None:
            parts.append(f"p{self.page}")
        if self.table is not None:
            parts.append(f"t{self.table}")
        if self.row is not None:
            parts.append(f"r{self.row}")
        if self.col is not None:
            parts.append(f"c{self.col}")
        if self.line_start is not None:
            end = self.line_end if self.line_end is not None else self.line_start
            parts.append(f"L{self.line_start}" if end == self.line_start else f"L{self.line_start}-{end}")
        return " ".join(parts)

    @staticmethod
    def covering(refs: "list[SourceRef]") -> "SourceRef":
        """The ref covering all of refs, as `span` folded over them (refs[0].span(refs[1]).span(…)),
        in one pass: a long stream row spans thousands of cells, and folding made a SourceRef per cell."""
        if not refs:
            return SourceRef()
        first = refs[0]
        if len(refs) == 1:
            return first
        starts = [r.line_start for r in refs if r.line_start is not None]
        ends = [r.line_end for r in refs if r.line_end is not None] + starts
        return SourceRef(
            line_start=min(starts) if starts else None,
            line_end=max(ends) if ends else None,
            page=first.page,
            table=first.table,
            row=first.row if all(r.row == first.row for r in refs) else None,
        )

    def span(self, other: "SourceRef") -> "SourceRef":
        """The ref covering self and other (for a row made of several cells)."""
        starts = [r for r in (self.line_start, other.line_start) if r is not None]
        ends = [r for r in (self.line_end, other.line_end, self.line_start, other.line_start) if r is not None]
        return SourceRef(
            line_start=min(starts) if starts else None,
            line_end=max(ends) if ends else None,
            page=self.page,
            table=self.table,
            row=self.row if self.row == other.row else None,
        )


@dataclass(frozen=True)
class Cell:
    text: str  # normalised: simplified script, NFKC, layout spaces squeezed; wrapped lines joined by "\n"
    raw: str  # as printed in the source
    ref: SourceRef
    colspan: int = 1
    rowspan: int = 1

    @property
    def empty(self) -> bool:
        return not self.text.strip()

    def with_text(self, text: str) -> "Cell":
        """The same cell with its text changed (as dataclasses.replace, at a fifth of its cost)."""
        return Cell(text, self.raw, self.ref, self.colspan, self.rowspan)

    def lines(self) -> list[str]:
        """The cell's non-empty wrapped lines."""
        return [line.strip() for line in self.text.split("\n") if line.strip()]


@dataclass
class Grid:
    rows: list[list[Cell]] = field(default_factory=list)
    stream: bool = False  # True: one row of cells in reading order, no row boundaries known
    # The source stops inside its last row (a pipe row not closed by its "|"): a cut-off page.
    open_end: bool = False
    layout: str | None = None  # how a text dump printed the table: pipe, cell_lines, tab, columns, paragraph

    @property
    def cells(self) -> list[Cell]:
        return [cell for row in self.rows for cell in row]

    def __len__(self) -> int:
        return len(self.rows)


def ref_of(cells: "list[Cell]") -> SourceRef:
    """The ref covering a row's cells."""
    return SourceRef.covering([cell.ref for cell in cells])
