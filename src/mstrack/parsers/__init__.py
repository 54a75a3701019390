"""One parser per section kind. Each is a pure function from a Section (with its Grid) and the
document's context to rows of the tables; none of them looks at file formats.

A parser module exposes `parse(section, context) -> ParseResult` and registers itself in PARSERS.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from ..model import Finding


@dataclass
class ParseContext:
    doc_id: str
    source_path: str
    year: int | None
    period: str | None
    as_of: date | None
    # Rows of the sections already parsed in the same document, by table: an allocation matrix
    # links its rows to the projects of the same notice's responsibility list.
    rows: dict[str, list[dict]] = field(default_factory=dict)


@dataclass
class ParseResult:
    rows: dict[str, list[dict]] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)

    def add(self, table: str, row: dict) -> None:
        self.rows.setdefault(table, []).append(row)


def registry() -> dict:
    """kind → parse function, for the kinds that have a parser."""
    from . import allocation_matrix, progress, responsibility_list, work_report

    return {
        "half_year": progress.parse_as("half_year"),
        "quarterly": progress.parse_as("quarterly"),
        "progress": progress.parse_as("progress"),
        "responsibility_list": responsibility_list.parse,
        "allocation_matrix": allocation_matrix.parse,
        "work_report": work_report.parse,
    }
