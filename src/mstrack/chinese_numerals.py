"""Chinese integers in their standard spelling (三千, 两万, 一万零五十, 一亿零三百万), read here;
digits side by side (十二五) are no figure; every other spelling is cn2an's (一万二 is 12000).

cn2an reads every spelling notices print, the loose ones too (一万二 is 12000, 一二三 is 123), but
importing it compiles its patterns and its dependency's list of city names: 0.18 s of every run,
more than reading the five samples' figures takes. Notices print figures in the standard spelling,
which this module reads by place value; a spelling outside that grammar goes to cn2an, imported then.
tests/test_chinese_numerals.py holds the two to the same values.
"""

from __future__ import annotations

import re
from functools import lru_cache

_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000}
_GROUPS = {"万": 10**4, "亿": 10**8}

# The standard spelling. A group under 1,000 after a higher one takes 零 (一万零五十); without it
# the figure is spoken shorthand (一万二 is 12000), which is cn2an's to read.
_D = "[一二两三四五六七八九]"
_TENS = f"{_D}?十{_D}?"  # 十, 十五, 二十, 二十五
_HUNDREDS = f"{_D}百(?:零{_D}|{_TENS})?"
_THOUSANDS = f"{_D}千(?:零(?:{_TENS}|{_D})|{_HUNDREDS})?"
_SECTION = f"(?:{_THOUSANDS}|{_HUNDREDS}|{_TENS}|{_D})"  # 1 … 9999
_SMALL = f"(?:{_HUNDREDS}|{_TENS}|{_D})"  # 1 … 999
_AFTER_GROUP = f"(?:{_THOUSANDS}|零{_SMALL})"
_WAN = f"{_SECTION}万{_AFTER_GROUP}?"
_YI = f"{_SECTION}亿(?:{_THOUSANDS}万{_AFTER_GROUP}?|零{_SMALL}万{_AFTER_GROUP}?|零{_SECTION})?"
# Digits side by side with no unit between them (十二五, 一三五, 六五普法) name a plan or a campaign,
# not a figure; cn2an would read 十二五 as 125.
DIGIT_RUN = re.compile("[〇一二两三四五六七八九][零〇一二两三四五六七八九]")
STANDARD = re.compile(f"零|{_YI}|{_WAN}|{_SECTION}")


def standard_value(text: str) -> int | None:
    """The integer a standard spelling gives ("一万零五十" → 10050), None for any other text."""
    if not STANDARD.fullmatch(text):
        return None
    total = section = digit = 0
    for char in text:
        if char in _DIGITS:
            digit = _DIGITS[char]
        elif char in _UNITS:
            section += (digit or 1) * _UNITS[char]  # 十 alone is one ten
            digit = 0
        elif char in _GROUPS:
            total = (total + section + digit) * _GROUPS[char] if char == "亿" else total + (section + digit) * _GROUPS[char]
            section = digit = 0
    return total + section + digit


@lru_cache(maxsize=4096)
def chinese_integer(text: str) -> int | float | str:
    """The value of a Chinese integer as cn2an's "normal" mode gives it (ValueError when it is none)."""
    value = standard_value(text)
    if value is not None:
        return value
    if DIGIT_RUN.search(text):
        raise ValueError(f"{text} names something (十二五, 一三五), it is no figure")
    import cn2an

    return cn2an.cn2an(text, "normal")
