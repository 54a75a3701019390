"""The data objects every stage passes on, and nothing else: where something stands in a source
(`SourceRef`), the one table model (`Cell`, `Grid`), what a reader hands on (`Line`, `Section`,
`SourceDocument`), what the pipeline noticed (`Finding`) and what one file gave (`DocumentResult`).

A `Grid` is rows of `Cell`s. Readers that know the row boundaries (.docx, .html, .pdf, the
pipe-separated text dumps) give real rows; text dumps that print one cell per line with no row
markers (tab-led lines, blank-line paragraphs) give a *stream*: one row holding every cell in
reading order, which the kind parser regroups by what its columns look like.

Readers build them, parsers read them, `store` writes what they carry; this module imports none
of those.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from operator import attrgetter

from .ids import make_id

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
        if self.page is None and self.table is None and self.row is None and self.col is None:
            return self._lines()  # a text dump's ref: most of them, and rows print their refs
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
            parts.append(self._lines())
        return " ".join(parts)

    def _lines(self) -> str:
        if self.line_start is None:
            return ""
        end = self.line_end if self.line_end is not None else self.line_start
        return f"L{self.line_start}" if end == self.line_start else f"L{self.line_start}-{end}"

    @staticmethod
    def covering(refs: "list[SourceRef]") -> "SourceRef":
        """The ref covering all of refs, as `span` folded over them (refs[0].span(refs[1]).span(…)),
        in one pass: a long stream row spans thousands of cells, and folding made a SourceRef per cell."""
        if not refs:
            return SourceRef()
        first = refs[0]
        if len(refs) == 1:
            return first
        starts = [start for start in map(_LINE_START, refs) if start is not None]
        ends = [end for end in map(_LINE_END, refs) if end is not None] + starts
        return SourceRef(
            line_start=min(starts) if starts else None,
            line_end=max(ends) if ends else None,
            page=first.page,
            table=first.table,
            row=first.row if len(set(map(_ROW, refs))) == 1 else None,
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


_LINE_START, _LINE_END, _ROW = attrgetter("line_start"), attrgetter("line_end"), attrgetter("row")


@lru_cache(maxsize=65536)
def line_ref(start: int, end: int | None = None) -> SourceRef:
    """The ref of lines start…end of a text dump, made once and shared (refs are frozen): the text
    reader gives every cell one, and the same spans come again in every notice."""
    return SourceRef(line_start=start, line_end=end)


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
        if "\n" not in self.text:  # most cells
            line = self.text.strip()
            return [line] if line else []
        return [line for line in map(str.strip, self.text.split("\n")) if line]


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


@dataclass(frozen=True)
class Line:
    number: int  # 1-based line number in the decoded source
    raw: str  # as printed
    text: str  # normalised


@dataclass(frozen=True)
class Section:
    """A part of a document (the cover letter, an attachment, a table): built once, with its kind
    and title once the pipeline has decided them (`dataclasses.replace`)."""

    index: int
    lines: list[Line]
    grid: Grid
    kind: str | None = None
    title: str | None = None

    @property
    def ref(self) -> SourceRef:
        if not self.lines:
            return SourceRef()
        return line_ref(self.lines[0].number, self.lines[-1].number)

    @cached_property  # kind detection reads it rule by rule
    def text(self) -> str:
        return "\n".join([line.text for line in self.lines])


@dataclass
class SourceDocument:
    path: str
    media_type: str  # txt, docx, pdf, html
    sha256: str
    encoding: str | None
    lines: list[Line]
    sections: list[Section] = field(default_factory=list)
    replaced_bytes: int = 0  # undecodable bytes of a text dump read as U+FFFD (decode.Decoded.replaced)

    @property
    def text(self) -> str:
        return "\n".join([line.text for line in self.lines])

    @property
    def raw_text(self) -> str:
        return "\n".join([line.raw for line in self.lines])


SEVERITIES = ("error", "warning", "info")


@dataclass(frozen=True)
class Finding:
    code: str  # stable UPPER_SNAKE code
    severity: str  # error, warning, info
    message: str  # one sentence a person can act on
    doc_id: str | None = None
    source_path: str | None = None
    table: str | None = None
    ref: str | None = None
    # The row the finding is about, so doubtful rows can be filtered; not part of the id (a finding
    # is what it says, where).
    project_id: str | None = None
    target_id: str | None = None
    allocation_id: str | None = None

    def row(self) -> dict:
        return {
            "finding_id": make_id("fnd", self.doc_id, self.source_path, self.table, self.ref, self.code, self.message),
            "doc_id": self.doc_id,
            "source_path": self.source_path,
            "project_id": self.project_id,
            "target_id": self.target_id,
            "allocation_id": self.allocation_id,
            "table": self.table,
            "ref": self.ref,
            "code": self.code,
            "severity": self.severity,
            "message": self.message,
        }


@dataclass
class DocumentResult:
    source_path: str  # printable: undecodable bytes of a file name shown as \xNN
    doc_id: str | None
    rows: dict[str, list[dict]] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)  # the document's sections, with their kinds
    # parsed; failed; unchanged (same bytes, path and parser version as in the tables already
    # written: not parsed again); duplicate (same bytes as another file of this run)
    status: str = "parsed"
    error: str | None = None  # one-line reason, when the file could not be read
    trace: str | None = None  # traceback of an unexpected exception, shown with --verbose

    @property
    def failed(self) -> bool:
        return self.status == "failed"
