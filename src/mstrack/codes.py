"""Every code mstrack reports, declared once: the findings of an ingest (data/finding_codes.csv:
code, group, severity, meaning) and the problems `mstrack validate` finds (data/validation_codes.csv).
The README's codes tables are generated from here (scripts/readme.py), and tests hold every code
the source emits, and every severity it gives one, to this catalogue."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files


@dataclass(frozen=True)
class Code:
    code: str  # stable UPPER_SNAKE
    meaning: str  # what it says and what to do
    group: str | None = None  # findings: input (why a file failed) or data (what parsers notice)
    severity: str | None = None  # findings: error, warning or info ("error / warning": either, by case)

    @property
    def severities(self) -> tuple[str, ...]:
        return tuple(part.strip() for part in (self.severity or "").split("/") if part.strip())


def _rows(name: str) -> list[dict]:
    with files("mstrack.data").joinpath(name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@lru_cache(maxsize=1)
def finding_codes() -> dict[str, Code]:
    """The findings codes, in the catalogue's order."""
    return {row["code"]: Code(row["code"], row["meaning"], row["group"], row["severity"]) for row in _rows("finding_codes.csv")}


@lru_cache(maxsize=1)
def validation_codes() -> dict[str, Code]:
    """The codes of `mstrack validate`'s problems, in the catalogue's order."""
    return {row["code"]: Code(row["code"], row["meaning"]) for row in _rows("validation_codes.csv")}


def severities_of(code: str) -> tuple[str, ...]:
    """The severities the catalogue allows a finding code (KeyError for a code it does not list):
    one, but UNKNOWN_KIND is an error for a document and a warning for one of its sections."""
    return finding_codes()[code].severities
