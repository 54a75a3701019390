"""Word files (.docx) → SourceDocument, with python-docx.

Body paragraphs and tables are read in document order. python-docx shows a merged cell at every
grid position it covers; here each position is mapped to the `w:tc` element that owns it
(`gridSpan` widens a tc to the right, `vMerge="continue"` hands the position to the tc above),
so a tc's positions give its rowspan and colspan. A cell's paragraphs stay separate lines.
"""

from __future__ import annotations

import io
import zipfile

from ..model import SourceDocument
from ..errors import InputError, reason
from ..model import Cell, SourceRef
from ..limits import check_docx_xml
from .layout import Block, Paragraph, Table, assemble, covered_cell, make_cell, stitch_continued

# A .docx is a zip; a notice's is a few MB at most. Refuse before extracting anything bigger or
# anything that inflates like a zip bomb (a real document.xml compresses about 5-20 to 1).
MAX_UNCOMPRESSED = 200 * 1024 * 1024
MAX_RATIO = 200
RATIO_FLOOR = 10 * 1024 * 1024  # small parts may compress very well; only large ones are judged by ratio

CONVERT = "open it in Word or LibreOffice and save it again as .docx"


def read_docx(path: str, data: bytes, sha256: str) -> SourceDocument:
    check_package(data)
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise InputError("UNREADABLE_INPUT", f".docx file cannot be read: not a Word document ({reason(exc)}); {CONVERT}") from None
    except Exception as exc:  # lxml XMLSyntaxError and friends: a damaged part
        raise InputError("UNREADABLE_INPUT", f".docx file cannot be read: a part of it is damaged ({reason(exc)}); {CONVERT}") from None
    blocks = body_blocks(document)
    return assemble(path, "docx", sha256, None, stitch_continued(blocks))


def check_package(data: bytes, suffix: str = ".docx", main_part: str = "word/document.xml") -> None:
    """Raise InputError for bytes that are not a whole Office Open XML zip (.docx, .xlsx), or would
    inflate too far. `main_part`: the part a package of this kind cannot be without."""
    convert = f"open it in Word or LibreOffice and save it again as {suffix}" if suffix == ".docx" else f"open it in Excel or LibreOffice and save it again as {suffix}"
    if not data.startswith(b"PK"):
        old = {".docx": "doc", ".xlsx": "xls"}.get(suffix, "")
        raise InputError("UNREADABLE_INPUT", f"{suffix} file cannot be read: it is not a zip package as {suffix} files are; if it is an old .{old}, convert it: soffice --headless --convert-to {suffix[1:]} FILE")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            members = package.infolist()
    except (zipfile.BadZipFile, EOFError) as exc:
        raise InputError("UNREADABLE_INPUT", f"{suffix} file cannot be read: truncated or damaged (zip: {exc}); {convert}") from None
    total = sum(member.file_size for member in members)
    if total > MAX_UNCOMPRESSED:
        raise InputError("UNREADABLE_INPUT", f"{suffix} file cannot be read: it would inflate to {total // 2**20} MB, over the {MAX_UNCOMPRESSED // 2**20} MB limit; it was not extracted")
    for member in members:
        if member.file_size > RATIO_FLOOR and member.file_size > MAX_RATIO * max(member.compress_size, 1):
            raise InputError(
                "UNREADABLE_INPUT",
                f"{suffix} file cannot be read: its part {member.filename} inflates {member.file_size // max(member.compress_size, 1)} to 1 (a zip bomb?); it was not extracted",
            )
    check_docx_xml(sum(member.file_size for member in members if member.filename.endswith(".xml")))
    if main_part not in {member.filename for member in members}:
        kind = "Word document" if suffix == ".docx" else "workbook"
        raise InputError("UNREADABLE_INPUT", f"{suffix} file cannot be read: a zip without {main_part} is no {kind}; {convert}")


def body_blocks(document) -> list[Block]:
    from docx.oxml.ns import qn
    from docx.text.paragraph import Paragraph as DocxParagraph

    blocks: list[Block] = []
    tables = 0
    for element in document.element.body.iterchildren():
        if element.tag == qn("w:p"):
            blocks.append(Paragraph(raw=DocxParagraph(element, document).text))
        elif element.tag == qn("w:tbl"):
            tables += 1
            blocks.append(table_block(element, document, tables))
    return blocks


def table_block(tbl, parent, number: int) -> Table:
    """A w:tbl as a rectangular table; merged cells become spans by the tc that owns each position."""
    owners: list[list[object]] = []  # owners[r][c] = the w:tc element owning grid position (r, c)
    for r, tr in enumerate(tbl.tr_lst):
        row: list[object] = [None] * _grid_before(tr)
        for tc in tr.tc_lst:
            for _ in range(tc.grid_span):
                c = len(row)
                if tc.vMerge == "continue" and r > 0 and c < len(owners[r - 1]) and owners[r - 1][c] is not None:
                    row.append(owners[r - 1][c])
                else:
                    row.append(tc)
        owners.append(row)
    width = max((len(row) for row in owners), default=0)
    for row in owners:
        row.extend([None] * (width - len(row)))
    boxes: dict[int, list[int]] = {}  # id(tc) → [top, left, bottom, right]
    for r, row in enumerate(owners):
        for c, tc in enumerate(row):
            if tc is None:
                continue
            box = boxes.setdefault(id(tc), [r, c, r, c])
            box[2], box[3] = max(box[2], r), max(box[3], c)
    table_ref = SourceRef(table=number)
    rows: list[list[Cell]] = []
    for r, row in enumerate(owners):
        cells = []
        for c, tc in enumerate(row):
            ref = SourceRef(table=number, row=r, col=c)
            if tc is None:
                cells.append(covered_cell(ref))
                continue
            top, left, bottom, right = boxes[id(tc)]
            if (top, left) != (r, c):
                cells.append(covered_cell(ref))
            else:
                cells.append(make_cell(_cell_text(tc, parent), ref, rowspan=bottom - top + 1, colspan=right - left + 1))
        rows.append(cells)
    return Table(rows=rows, ref=table_ref)


def _cell_text(tc, parent) -> str:
    """A cell's paragraphs, one line each (a cell of several paragraphs keeps its line breaks)."""
    from docx.text.paragraph import Paragraph as DocxParagraph

    return "\n".join(DocxParagraph(p, parent).text for p in tc.p_lst)


def _grid_before(tr) -> int:
    try:
        return int(tr.grid_before)
    except (AttributeError, TypeError, ValueError):
        return 0
