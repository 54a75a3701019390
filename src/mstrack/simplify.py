"""A document's traditional parts in simplified script, and nothing else converted.

Readers normalise text without changing its script; this pass converts the sections printed in
traditional script. A notice is mostly one script, but not always: a simplified cover letter may
carry a traditional attachment, or quote a traditional name. So the script is decided per section,
by the characters only one script prints (`normalise.script_evidence`):

- traditional: every line and cell of the section is converted;
- simplified: nothing is;
- no evidence (a table of figures and names): as the document as a whole;
- mixed: line by line and cell by cell, each converted only when it is itself traditional.

`raw` keeps the text as printed; only `text` changes.
"""

from __future__ import annotations

from dataclasses import replace

from .model import Line, SourceDocument
from .model import Cell
from .normalise import has_traditional_marks, script_evidence, script_of, simplify


def simplify_document(doc: SourceDocument) -> SourceDocument:
    """The document with the text of its traditional sections (lines and grid cells) in simplified script."""
    raw_text = doc.raw_text
    if not has_traditional_marks(raw_text):
        return doc  # every section is simplified or without evidence, so as the document: nothing converts
    document_script = script_of(raw_text)
    converted: dict[int, Line] = {}
    sections = []
    for section in doc.sections:
        script = script_evidence(_raw(section.lines)) or document_script
        if script == "simplified":
            sections.append(section)
            continue
        if script == "traditional":  # every line and cell, without asking each
            lines = [_converted_line(line) for line in section.lines]
            rows = [[_converted_cell(cell) for cell in row] for row in section.grid.rows]
        else:
            lines = [_converted_line(line) if _is_traditional(line.raw) else line for line in section.lines]
            rows = [[_converted_cell(cell) if _is_traditional(cell.raw) else cell for cell in row] for row in section.grid.rows]
        converted.update({line.number: line for line in lines})
        # The grid as read (stream, layout, a cut-off last row), its cells converted.
        sections.append(replace(section, lines=lines, grid=replace(section.grid, rows=rows)))
    if not converted:
        return doc
    lines = [converted.get(line.number, line) for line in doc.lines]
    return replace(doc, lines=lines, sections=sections)


def _raw(lines: list[Line]) -> str:
    return "\n".join([line.raw for line in lines])


def _is_traditional(raw: str) -> bool:
    return script_evidence(raw) == "traditional"


# The same object back when conversion changes nothing (figures, names in characters of both
# scripts): most cells of a table.
def _converted_line(line: Line) -> Line:
    text = simplify(line.text) if line.text else line.text
    return line if text == line.text else Line(number=line.number, raw=line.raw, text=text)


def _converted_cell(cell: Cell) -> Cell:
    text = simplify(cell.text) if cell.text else cell.text
    return cell if text == cell.text else cell.with_text(text)
