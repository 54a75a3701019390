"""What a reader hands on: the source's lines and its sections, each with a grid."""

from __future__ import annotations

from dataclasses import dataclass, field

from .grid import Grid, SourceRef


@dataclass(frozen=True)
class Line:
    number: int  # 1-based line number in the decoded source
    raw: str  # as printed
    text: str  # normalised


@dataclass
class Section:
    index: int
    lines: list[Line]
    grid: Grid
    kind: str | None = None
    title: str | None = None

    @property
    def ref(self) -> SourceRef:
        if not self.lines:
            return SourceRef()
        return SourceRef(line_start=self.lines[0].number, line_end=self.lines[-1].number)

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)


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
        return "\n".join(line.text for line in self.lines)

    @property
    def raw_text(self) -> str:
        return "\n".join(line.raw for line in self.lines)
