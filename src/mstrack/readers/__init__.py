"""Readers: one per input format, each producing a SourceDocument with sections and grids."""

from __future__ import annotations

from pathlib import Path

from ..document import SourceDocument
from ..errors import InputError

TEXT_SUFFIXES = {".txt", ".text", ".csv", ".md"}
# Formats we know and cannot read, with what to do about them.
UNSUPPORTED = {
    ".doc": "convert it to .docx first (soffice --headless --convert-to docx FILE)",
    ".wps": "convert it to .docx first (soffice --headless --convert-to docx FILE)",
    ".xls": "convert it to .xlsx or save the sheet as text",
    ".xlsx": "save the sheet as text; spreadsheets are not read yet",
    ".docx": "Word files are not read yet; save it as text (.txt)",
    ".pdf": "PDF files are not read yet; save its text as .txt",
    ".html": "web pages are not read yet; save the page text as .txt",
    ".htm": "web pages are not read yet; save the page text as .txt",
}


def media_type_of(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in TEXT_SUFFIXES or suffix == "":
        return "txt"
    return suffix.lstrip(".")


def read_document(path: Path, data: bytes, sha256: str, encoding: str | None = None) -> SourceDocument:
    """Read one file's bytes into a SourceDocument, or raise InputError saying why not."""
    suffix = path.suffix.lower()
    if suffix in UNSUPPORTED:
        raise InputError("UNREADABLE_INPUT", f"{suffix} files cannot be read: {UNSUPPORTED[suffix]}")
    from .text import read_text

    return read_text(str(path), data, sha256, encoding)
