"""The period a progress report speaks for, read from a title or a column header.

Codes (documents.period, progress.period): FY (the year), H1/H2 (half years), Q1–Q4 (quarters;
Q3 also for 前三季度, January to September), Mn (January to month n, "1-8月", or month n alone,
"8月份"). The words are data (`data/periods.csv`); month ranges are read here: "1-6月", "1—6月",
"一至六月", "1~11月份", and a month alone: "8月份", "截至8月底".
"""

from __future__ import annotations

import calendar
import csv
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib import resources

_CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
_MONTH = r"(1[0-2]|[1-9]|十[一二]?|[一二三四五六七八九])"
MONTH_RANGE = re.compile(_MONTH + r"\s*月?\s*(?:[-—–~～至到])\s*" + _MONTH + r"\s*月")
# A month alone: "8月份", "截至8月底", "8月末"; not a date ("8月15日") nor a due ("8月底前").
MONTH_ALONE = re.compile(r"(?<![\d月])" + _MONTH + r"\s*月(?:份|底(?!前)|末(?!前))")

# A year printed in digits: "2024年".
YEAR = re.compile(r"((?:19|20)\d{2})\s*年")


@dataclass(frozen=True)
class Period:
    code: str
    end_month: int | None
    word: str  # as found

    def as_of(self, year: int | None) -> date | None:
        if year is None or self.end_month is None:
            return None
        return date(year, self.end_month, calendar.monthrange(year, self.end_month)[1])


@lru_cache(maxsize=1)
def _vocabulary() -> tuple[tuple[tuple[str, str, int | None], ...], dict[int, str]]:
    words, codes = [], {}
    with resources.files("mstrack.data").joinpath("periods.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if not row["kind"] or row["kind"].startswith("#"):
                continue
            end = int(row["end_month"]) if row["end_month"] else None
            if row["kind"] == "word":
                words.append((row["word"], row["code"], end))
            elif row["kind"] == "end_month" and end:
                codes[end] = row["code"]
    # Longest first, so 前三季度 is read before 三季度 and 半年度 before 年度.
    words.sort(key=lambda w: -len(w[0]))
    return tuple(words), codes


# Compiled once: every title, header and header cell is asked for each word (escaping and looking
# each up in re's cache took a third of find_periods).
@lru_cache(maxsize=1)
def _word_patterns() -> tuple[tuple[str, re.Pattern, str, int | None], ...]:
    return tuple((word, re.compile(re.escape(word)), code, end) for word, code, end in _vocabulary()[0])


def _month(text: str) -> int:
    if text.isdigit():
        return int(text)
    if text.startswith("十"):
        return 10 + (_CN_DIGITS[text[1]] if len(text) > 1 else 0)
    return _CN_DIGITS[text]


def code_for_end_month(end_month: int) -> str:
    """The code of a period from January to end_month: 3 → Q1, 6 → H1, 9 → Q3, 12 → FY, else Mn."""
    return _vocabulary()[1].get(end_month, f"M{end_month}")


def find_periods(text: str) -> list[Period]:
    """Every period a text names, in the order they stand; a month range before any word inside it."""
    found: list[tuple[int, Period]] = []
    taken: list[tuple[int, int]] = []

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in taken)

    for match in MONTH_RANGE.finditer(text):
        first, last = _month(match.group(1)), _month(match.group(2))
        if first == 1 and 1 <= last <= 12:
            found.append((match.start(), Period(code_for_end_month(last), last, match.group(0))))
            taken.append(match.span())
    for match in MONTH_ALONE.finditer(text):
        if free(*match.span()):
            month = _month(match.group(1))
            found.append((match.start(), Period(f"M{month}", month, match.group(0))))
            taken.append(match.span())
    for word, pattern, code, end in _word_patterns():
        for match in pattern.finditer(text):
            if not free(*match.span()):
                continue
            taken.append(match.span())
            if code == "M":  # 本月: the month is the one the text names elsewhere, if any
                months = [p for _, p in found if p.code.startswith("M") and p.end_month]
                if months:
                    found.append((match.start(), Period(months[0].code, months[0].end_month, word)))
                continue
            found.append((match.start(), Period(code, end, word)))
    return [period for _, period in sorted(found, key=lambda f: f[0])]


# A year-long word (全年, 年度) also names a plan ("2023年度民生实事"): it decides only when nothing
# narrower is named.
_BROAD = ("FY",)


def period_of(text: str) -> Period | None:
    """The period a title or header speaks for: the narrowest it names first (a month range or a
    quarter before 年度)."""
    periods = find_periods(text)
    narrow = [p for p in periods if p.code not in _BROAD]
    return (narrow or periods or [None])[0]


_CHINESE_DIGITS = {c: str(n) for n, c in enumerate("〇一二三四五六七八九")} | {"○": "0", "零": "0", "O": "0"}
_CHINESE_YEAR = re.compile(r"([一二][〇○零O一二三四五六七八九]{3})\s*年")


def years_in(text: str) -> list[int]:
    """The years a text names, printed in digits (2014年) or Chinese numerals (二○一四年)."""
    found = [(m.start(), int(m.group(1))) for m in YEAR.finditer(text)]
    found += [
        (m.start(), int("".join(_CHINESE_DIGITS[c] for c in m.group(1)))) for m in _CHINESE_YEAR.finditer(text)
    ]
    return [year for _, year in sorted(found) if 1949 <= year <= 2099]
