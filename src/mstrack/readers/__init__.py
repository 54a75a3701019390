"""Readers: one per input format, each producing a SourceDocument with sections and grids."""

from __future__ import annotations

from pathlib import Path

from ..model import SourceDocument
from ..errors import InputError

TEXT_SUFFIXES = {".txt", ".text", ".csv", ".md"}
# Formats we know and cannot read, with what to do about them (each a format that is read).
UNSUPPORTED: dict[str, str] = {
    ".et": "open it in WPS or LibreOffice and save it as .xlsx",
}
HTML_SUFFIXES = {".html", ".htm"}
# Binary formats that are no notice: refused by name, not decoded as text and found undecidable. A
# folder of notices collects them (a table written by mstrack into the input folder, an archive the
# notices came in, a picture of a page).
BINARY_FORMATS = {
    "it is a table, not a notice (mstrack's own output?); keep the output folder outside the input folders": (
        ".parquet", ".arrow", ".arrows", ".feather", ".sqlite", ".db", ".duckdb",
    ),
    "it is an archive; unpack it and ingest the notices inside": (".zip", ".rar", ".7z", ".gz", ".tgz", ".bz2", ".xz", ".tar"),
    "it is a picture; run OCR on it (e.g. ocrmypdf -l chi_sim) or find the original document": (
        ".png", ".jpg", ".jpeg", ".gif", ".bmp", ".tif", ".tiff", ".webp",
    ),
    "it is not a document; remove it from the input folder": (".exe", ".dll", ".so", ".pyc", ".mp3", ".mp4", ".avi"),
}
for _what, _suffixes in BINARY_FORMATS.items():
    UNSUPPORTED.update(dict.fromkeys(_suffixes, _what))
WORD_PROCESSOR_SUFFIXES = {".doc", ".wps"}  # through LibreOffice (readers/office.py)


def media_type_of(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in TEXT_SUFFIXES or suffix == "":
        return "txt"
    if suffix in HTML_SUFFIXES:
        return "html"
    return suffix.lstrip(".")


def read_document(path: Path, data: bytes, sha256: str, encoding: str | None = None) -> SourceDocument:
    """Read one file's bytes into a SourceDocument, or raise InputError saying why not."""
    suffix = path.suffix.lower()
    if suffix in UNSUPPORTED:
        raise InputError("UNREADABLE_INPUT", f"{suffix} files cannot be read: {UNSUPPORTED[suffix]}")
    # Each reader imports its library inside, so reading text dumps never loads python-docx or pdfminer.
    if suffix == ".docx":
        from .docx import read_docx

        return read_docx(str(path), data, sha256)
    if suffix == ".pdf":
        from .pdf import read_pdf

        return read_pdf(str(path), data, sha256)
    if suffix == ".xlsx":
        from .xlsx import read_xlsx

        return read_xlsx(str(path), data, sha256)
    if suffix == ".xls":
        from .xls import read_xls

        return read_xls(str(path), data, sha256, encoding)
    if suffix in WORD_PROCESSOR_SUFFIXES:
        from .office import read_word_processor

        return read_word_processor(str(path), data, sha256, suffix, encoding)
    if suffix in HTML_SUFFIXES:
        from .html import read_html

        return read_html(str(path), data, sha256, encoding)
    from .text import read_text

    return read_text(str(path), data, sha256, encoding)
