"""Excel workbooks (.xlsx) → SourceDocument, with openpyxl; one section a sheet (see `sheets`).

Formulas are read as the values Excel saved with them (a workbook saved by a program that does not
compute formulas has none: such a cell is empty).
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile

from ..model import SourceDocument
from ..errors import InputError, reason
from .docx import check_package
from .sheets import Sheet, printed_date, printed_number, workbook_document

CONVERT = "open it in Excel or LibreOffice and save it again as .xlsx"


def read_xlsx(path: str, data: bytes, sha256: str) -> SourceDocument:
    check_package(data, ".xlsx", "xl/workbook.xml")
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    except (KeyError, ValueError, zipfile.BadZipFile, OSError) as exc:
        raise InputError("UNREADABLE_INPUT", f".xlsx file cannot be read: not an Excel workbook ({reason(exc)}); {CONVERT}") from None
    except Exception as exc:  # lxml and friends: a damaged part
        raise InputError("UNREADABLE_INPUT", f".xlsx file cannot be read: a part of it is damaged ({reason(exc)}); {CONVERT}") from None
    sheets = [_sheet(worksheet) for worksheet in book.worksheets]
    return workbook_document(path, "xlsx", sha256, sheets)


def _sheet(worksheet) -> Sheet:
    sheet = Sheet(name=worksheet.title)
    for row in worksheet.iter_rows():
        for cell in row:
            text = printed(cell.value, cell.number_format)
            if text:
                sheet.cells[(cell.row - 1, cell.column - 1)] = text
    for merged in worksheet.merged_cells.ranges:
        sheet.merges.append((merged.min_row - 1, merged.min_col - 1, merged.max_row - 1, merged.max_col - 1))
    return sheet


def printed(value, number_format: str) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, (dt.datetime, dt.date)):
        return printed_date(value)
    if isinstance(value, (int, float)):
        return printed_number(value, number_format)
    return str(value)
