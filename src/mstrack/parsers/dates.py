"""Due dates as the notices print them: "11月底", "5月18日", "4月-8月", "9月份", "3月前".

The year is the plan year of the notice (context.year); the text gives only months and days.
"""

from __future__ import annotations

import calendar
import re
from datetime import date

# A month, an optional day or part of the month, an optional second month closing a range, 前.
DUE = re.compile(
    r"(?P<m1>1[0-2]|0?[1-9])月(?:(?P<d1>[0-3]?\d)日|(?P<q1>底|份|上旬|中旬|下旬|末))?"
    r"(?:\s*[-~至—–]\s*(?P<m2>1[0-2]|0?[1-9])月(?:(?P<d2>[0-3]?\d)日|(?P<q2>底|份|上旬|中旬|下旬|末))?)?"
    r"(?P<before>前)?"
)
_PART_DAY = {"上旬": 10, "中旬": 20}


def _day(year: int, month: int, day: str | None, part: str | None) -> date:
    if day:
        return date(year, month, min(int(day), calendar.monthrange(year, month)[1]))
    if part in _PART_DAY:
        return date(year, month, _PART_DAY[part])
    # "11月底", "9月份", "3月", and "11月前": the notice means by the end of that month, as its
    # cover letter's "11月前全面完成" is 附件1's 预计完成时间 "11月底" (002 L8, L29).
    return date(year, month, calendar.monthrange(year, month)[1])


def due_from_match(found: re.Match[str], year: int) -> date:
    """The date a DUE match stands for; a range "4月-8月" is due at its end."""
    if found.group("m2"):
        return _day(year, int(found.group("m2")), found.group("d2"), found.group("q2"))
    return _day(year, int(found.group("m1")), found.group("d1"), found.group("q1"))


def parse_due(text: str | None, year: int | None) -> date | None:
    """"11月底" → 2024-11-30 for year 2024; None without a year or a month in the text."""
    if not text or year is None:
        return None
    found = DUE.search(text)
    return due_from_match(found, year) if found else None
