"""Helpers shared by the native-format reader tests."""

from __future__ import annotations

from pathlib import Path

from mstrack.readers import read_document

NATIVE = Path(__file__).resolve().parent / "fixtures" / "native"


def read(path: Path, data: bytes | None = None):
    data = path.read_bytes() if data is None else data
    return read_document(path, data, "0" * 64)


def fixture(name: str):
    return read(NATIVE / name)


def row_texts(grid, r: int) -> list[str]:
    return [cell.text for cell in grid.rows[r]]


def find_row(grid, first_text: str, col: int = 0) -> int:
    """Index of the first row whose cell `col` starts with first_text."""
    return next(r for r, row in enumerate(grid.rows) if row[col].text.startswith(first_text))
