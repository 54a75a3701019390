"""A table's header read by its words: each column's role (data/column_roles.csv) and the period a
progress column speaks for ("1-10月推进情况").

Header cells are matched with their spaces and line breaks removed, so "项 目", "分 解 情 况" and a
header wrapped over two lines match. A header printed over two rows (a group label over its
columns) is read as one: each column's words are the rows' words above it joined. A header row
printed again on a later page is recognised and skipped by `is_header_row`.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from ..model import Cell
from ..periods import Period, period_of

# Roles a row can be read by: one of these must be in a header for it to be a table's header.
ROW_ROLES = ("project", "target")
# Roles whose header may name the period the column speaks for ("1-10月推进情况", "一季度目标").
PERIOD_ROLES = ("progress", "target", "achieved", "rate")
MAX_HEADER_CHARS = 16
YEAR = re.compile(r"(?:19|20)\d{2}")
_SPACES = re.compile(r"[\s\u3000]+")
_MARKS = re.compile(r"[★☆*※:：]")


@dataclass(frozen=True)
class Column:
    index: int  # position in the grid row (or in a stream row)
    role: str | None  # None: a header this vocabulary does not know (kept, read as a note)
    header: str  # the header's words, spaces removed
    period: Period | None = None  # a progress (or target) column's own period


@lru_cache(maxsize=1)
def role_words() -> tuple[dict[str, str], tuple[tuple[str, str], ...]]:
    """(exact word → role, (word, role) longest first)."""
    exact: dict[str, str] = {}
    with resources.files("mstrack.data").joinpath("column_roles.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["role"] and not row["role"].startswith("#"):
                exact[row["word"]] = row["role"]
    ordered = tuple(sorted(exact.items(), key=lambda kv: -len(kv[0])))
    return exact, ordered


# Cached by the text as printed: a stream's header is looked for from each of its first cells, and
# each of them is keyed again from the next start (4,800 keys, two regexes each, in kind detection).
@lru_cache(maxsize=16384)
def header_key(text: str) -> str:
    return _MARKS.sub("", _SPACES.sub("", text))


# Cached by the text as printed: sections, kinds and the table reader ask of the same header cells.
@lru_cache(maxsize=16384)
def role_of(text: str) -> str | None:
    """The role a header names: its exact word, else the word it holds earliest (longest first)."""
    key = header_key(text)
    # A header names a column in a few words; a longer line or one with a year is a title.
    if not key or len(key) > MAX_HEADER_CHARS or YEAR.search(key):
        return None
    return _role_of_key(key)


@lru_cache(maxsize=8192)
def _role_of_key(key: str) -> str | None:
    exact, ordered = role_words()
    if key in exact:
        return exact[key]
    best: tuple[int, int, str] | None = None
    for word, role in ordered:
        at = key.find(word)
        if at >= 0 and (best is None or (at, -len(word)) < (best[0], best[1])):
            best = (at, -len(word), role)
    return best[2] if best else None


def column_of(index: int, text: str) -> Column:
    key = header_key(text)
    role = role_of(key)
    period = period_of(key) if role in PERIOD_ROLES else None
    return Column(index=index, role=role, header=key, period=period)


def roles_in(cells: list[Cell]) -> list[str]:
    return [role for role in (role_of(c.text) for c in cells if not c.empty) if role]


def is_header_row(cells: list[Cell]) -> bool:
    """A row of header words: two roles or more, one a row role, and no cell that is not a header."""
    filled = [c for c in cells if not c.empty]
    if len(filled) < 2:
        return False
    roles = [role_of(c.text) for c in filled]
    known = [r for r in roles if r]
    return len(known) >= 2 and len(known) * 3 >= len(filled) * 2 and any(r in ROW_ROLES for r in known)


# A role two columns take: the first keeps it, the others take the second role, when no column
# has it already (项目名称 + 工作任务: the task; 牵头单位 + 责任单位: the units that help).
SECOND_OF = {"project": "target", "lead_units": "co_units"}


def settled(columns: list[Column]) -> list[Column]:
    roles = [c.role for c in columns]
    out, seen = [], set()
    for column in columns:
        second = SECOND_OF.get(column.role)
        if column.role in seen and second and second not in roles:
            column = Column(index=column.index, role=second, header=column.header, period=column.period)
        seen.add(column.role)
        out.append(column)
    return out


def columns_of(header_rows: list[list[Cell]]) -> list[Column]:
    """Columns from one header row, or from two (a group label over its columns): each position's
    words are the words above it, a label spanning columns (colspan, or empty cells to its right
    whose column the row below names) standing over each of them."""
    if len(header_rows) == 1:
        return settled([column_of(i, c.text) for i, c in enumerate(header_rows[0])])
    width = max(len(row) for row in header_rows)
    words = [""] * width
    for r, row in enumerate(header_rows):
        label, span_left = "", 0
        for i in range(width):
            cell = row[i] if i < len(row) else None
            if cell is not None and not cell.empty:
                label, span_left = header_key(cell.text), cell.colspan - 1
                words[i] += label
            elif label and (span_left > 0 or (cell is not None and _named_below(header_rows[r + 1:], i))):
                span_left -= 1
                words[i] = label + words[i]
    columns = []
    for i, key in enumerate(words):
        # The lowest row's words name the column; the group label above adds its role or period.
        lower = next((header_key(r[i].text) for r in reversed(header_rows) if i < len(r) and not r[i].empty), key)
        role = role_of(lower) or role_of(key)
        period = (period_of(lower) or period_of(key)) if role in PERIOD_ROLES else None
        columns.append(Column(index=i, role=role, header=key, period=period))
    return settled(columns)


def _named_below(rows_below: list[list[Cell]], i: int) -> bool:
    """Does a header row below name column i itself (so the empty cell above it is a label's span)?"""
    return any(i < len(r) and not r[i].empty for r in rows_below)
