"""Old Excel workbooks (.xls, BIFF) → SourceDocument, with xlrd (which reads .xls only, the one
format it is kept for); one section a sheet (see `sheets`)."""

from __future__ import annotations

from ..model import SourceDocument
from ..errors import InputError
from .sheets import Sheet, printed_date, printed_number, workbook_document

CONVERT = "open it in Excel or LibreOffice and save it as .xlsx (soffice --headless --convert-to xlsx FILE)"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def read_xls(path: str, data: bytes, sha256: str, encoding: str | None = None) -> SourceDocument:
    # Sites export tables as "Excel" files that are HTML or .xlsx inside: read what the bytes are.
    from .office import HTML_START

    if HTML_START.match(data[:4096].lstrip(b"\xef\xbb\xbf")):
        from .html import read_html

        return read_html(path, data, sha256, encoding)
    if data.startswith(b"PK"):
        from .xlsx import read_xlsx

        return read_xlsx(path, data, sha256)
    if not data.startswith(OLE_MAGIC):
        raise InputError("UNREADABLE_INPUT", f".xls file cannot be read: it is not an Excel 97-2003 workbook; {CONVERT}")
    import xlrd

    try:
        book = xlrd.open_workbook(file_contents=data, formatting_info=True, on_demand=False)
    except Exception as exc:  # xlrd raises XLRDError, CompDocError, struct errors on damaged files
        reason = (str(exc).splitlines() or [type(exc).__name__])[0][:120]
        raise InputError("UNREADABLE_INPUT", f".xls file cannot be read: damaged or not a workbook ({reason}); {CONVERT}") from None
    sheets = [_sheet(book, book.sheet_by_index(i)) for i in range(book.nsheets)]
    return workbook_document(path, "xls", sha256, sheets)


def _sheet(book, worksheet) -> Sheet:
    import xlrd

    sheet = Sheet(name=worksheet.name)
    for r in range(worksheet.nrows):
        for c in range(worksheet.ncols):
            cell = worksheet.cell(r, c)
            if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK, xlrd.XL_CELL_ERROR):
                continue
            if cell.ctype == xlrd.XL_CELL_NUMBER:
                text = printed_number(cell.value, _format(book, cell.xf_index))
            elif cell.ctype == xlrd.XL_CELL_DATE:
                text = printed_date(xlrd.xldate_as_datetime(cell.value, book.datemode))
            elif cell.ctype == xlrd.XL_CELL_BOOLEAN:
                text = "是" if cell.value else "否"
            else:
                text = str(cell.value)
            if text:
                sheet.cells[(r, c)] = text
    for r0, r1, c0, c1 in worksheet.merged_cells:  # half-open ranges
        sheet.merges.append((r0, c0, r1 - 1, c1 - 1))
    return sheet


def _format(book, xf_index: int | None) -> str:
    try:
        return book.format_map[book.xf_list[xf_index].format_key].format_str
    except (IndexError, KeyError, TypeError, AttributeError):
        return "General"
