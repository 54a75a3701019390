"""What the spreadsheet readers (.xlsx, .xls) share: a workbook's sheets → a SourceDocument.

Allocation tables are often published as workbooks. Each sheet is a section of its own (a sheet
"附件2" holds the allocation matrix; a first sheet may hold the cover letter, one line a row). A
sheet's cells become one table, merged ranges its spans; rows above the table that hold a single
text (the title, "附件1", a unit line) and such rows below it (notes, the issuer) are paragraphs,
as the notice prints them. A ref is `t2 r5 c3`: sheet 2, row 5, column 3 of its table.

A number is stored as a number and shown by its cell's format: it becomes the text the sheet
prints ("227", "12.5", "75%", "1,200"), since the parsers read printed figures.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace

from ..model import Line, Section, SourceDocument
from ..model import SourceRef
from .layout import Paragraph, Table, assemble, covered_cell, make_cell


@dataclass
class Sheet:
    """A sheet as its reader sees it: printed texts by (row, column), 0-based, and merged ranges
    as (first row, first column, last row, last column), inclusive."""

    name: str
    cells: dict[tuple[int, int], str] = field(default_factory=dict)
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)


DECIMALS = re.compile(r"0\.(0+)")


def printed_number(value: float | int, number_format: str = "General") -> str:
    """A stored number as its cell format prints it: percentages, decimals and thousands
    separators of the format; otherwise the number without a trailing ".0"."""
    fmt = (number_format or "General").split(";")[0]
    decimals = DECIMALS.search(fmt)
    places = len(decimals.group(1)) if decimals else None
    if "%" in fmt:
        value = value * 100
    if places is not None:
        text = f"{value:,.{places}f}" if "," in fmt else f"{value:.{places}f}"
    elif isinstance(value, float) and not value.is_integer():
        text = f"{value:.15g}"
    else:
        text = f"{int(value):,}" if "," in fmt and "#" in fmt else str(int(value))
    return text + ("%" if "%" in fmt else "")


def printed_date(value: dt.datetime | dt.date) -> str:
    """A date cell as the notices print dates: 2024年3月31日 (a time of day only when it has one)."""
    text = f"{value.year}年{value.month}月{value.day}日"
    if isinstance(value, dt.datetime) and (value.hour, value.minute) != (0, 0):
        text += f" {value.hour:02d}:{value.minute:02d}"
    return text


def workbook_document(path: str, media_type: str, sha256: str, sheets: list[Sheet]) -> SourceDocument:
    """Sheets → one SourceDocument whose sections are the sheets' (a sheet holding "附件N" lines
    may split further, as any document does)."""
    lines: list[Line] = []
    sections: list[Section] = []
    number = 0
    for sheet in sheets:
        blocks = sheet_blocks(sheet, number + 1)
        if not blocks:
            continue
        number += 1
        part = assemble(path, media_type, sha256, None, blocks)
        offset = len(lines)
        shifted = {line.number: replace(line, number=line.number + offset) for line in part.lines}
        lines.extend(shifted.values())
        for section in part.sections:
            sections.append(Section(index=len(sections), lines=[shifted[line.number] for line in section.lines], grid=section.grid))
    doc = SourceDocument(path=path, media_type=media_type, sha256=sha256, encoding=None, lines=lines)
    doc.sections = sections
    return doc


def sheet_blocks(sheet: Sheet, number: int) -> list[Paragraph | Table]:
    """A sheet's paragraphs (single-text rows above and below its table) and its table."""
    if not any(text.strip() for text in sheet.cells.values()):
        return []
    rows = sorted({r for (r, _), text in sheet.cells.items() if text.strip()})
    columns = sorted({c for (_, c), text in sheet.cells.items() if text.strip()})
    first_col, last_col = columns[0], columns[-1]

    def texts(r: int) -> list[str]:
        return [sheet.cells.get((r, c), "").strip() for c in range(first_col, last_col + 1)]

    def single(r: int) -> bool:
        return sum(1 for text in texts(r) if text) <= 1

    body = [r for r in rows if not single(r)]
    if not body:
        return [Paragraph(raw=" ".join(t for t in texts(r) if t), ref=SourceRef(table=number, row=r)) for r in rows]
    top, bottom = body[0], body[-1]
    before = [Paragraph(raw=" ".join(t for t in texts(r) if t)) for r in rows if r < top]
    after = [Paragraph(raw=" ".join(t for t in texts(r) if t)) for r in rows if r > bottom]
    return before + [_table(sheet, number, top, bottom, first_col, last_col)] + after


def _table(sheet: Sheet, number: int, top: int, bottom: int, first_col: int, last_col: int) -> Table:
    spans: dict[tuple[int, int], tuple[int, int]] = {}
    covered: set[tuple[int, int]] = set()
    for r0, c0, r1, c1 in sheet.merges:
        r0, c0, r1, c1 = max(r0, top), max(c0, first_col), min(r1, bottom), min(c1, last_col)
        if r0 > r1 or c0 > c1:
            continue
        spans[(r0, c0)] = (r1 - r0 + 1, c1 - c0 + 1)
        covered.update((r, c) for r in range(r0, r1 + 1) for c in range(c0, c1 + 1) if (r, c) != (r0, c0))
    rows = []
    for r in range(top, bottom + 1):
        row = []
        for c in range(first_col, last_col + 1):
            ref = SourceRef(table=number, row=r - top, col=c - first_col)
            if (r, c) in covered:
                row.append(covered_cell(ref))
                continue
            rowspan, colspan = spans.get((r, c), (1, 1))
            row.append(make_cell(sheet.cells.get((r, c), ""), ref, rowspan=rowspan, colspan=colspan))
        rows.append(row)
    return Table(rows=rows, ref=SourceRef(table=number))
