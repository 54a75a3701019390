"""How notices number their rows, items and headings: one grammar for every place that reads a number.

A number is printed in one of a few styles — "1" "1." "1、" "1.2" "一、" "(一)" "(1)" "①" "⑴" "⒈" "㈠"
"一是" — and this module reads any of them into a `Number`: its style, its value (一 → 1, ⑳ → 20),
its depth (1.2.3 → 3) and the level the style conventionally takes in an official document's outline
(一、 over (一) over 1. over (1) over ①). The styles are one table, `STYLES`; every reader of numbers
(table rows, 序号 cells, work-report chapters and items, inline lists, 名词解释 entries) picks the
styles it accepts from it instead of writing its own pattern.

Text reaches here normalised (NFKC: "（1）" is "(1)", "１" is "1"); the one-character markers
① ⑴ ⒈ ㈠ are kept as printed by normalisation (data/compatibility_forms.csv), so they are styles
of their own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

CN_DIGITS = "一二三四五六七八九"
CN_NUMERAL = r"[一二三四五六七八九十]{1,3}"
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
PAREN_MARKERS = "⑴⑵⑶⑷⑸⑹⑺⑻⑼⑽⑾⑿⒀⒁⒂⒃⒄⒅⒆⒇"
STOP_MARKERS = "⒈⒉⒊⒋⒌⒍⒎⒏⒐⒑⒒⒓⒔⒕⒖⒗⒘⒙⒚⒛"
CN_PAREN_MARKERS = "㈠㈡㈢㈣㈤㈥㈦㈧㈨㈩"
# One-character markers, each its own number: ③ is 3, ⑶ is 3, ⒊ is 3, ㈢ is 3.
MARKERS = {"circled": CIRCLED, "paren_marker": PAREN_MARKERS, "stop_marker": STOP_MARKERS,
           "cn_paren_marker": CN_PAREN_MARKERS}


@dataclass(frozen=True)
class Style:
    mark: str  # the number as printed, its digits in group "n"; {n} is where the group goes
    level: int  # the outline level the style takes: 一、 1, (一) 2, 1. 3, (1) 4, ① 5
    example: str  # the number 3 in this style


def _alone(number: str) -> str:
    return "(?P<n>" + number + ")"


# Each style once. Arabic numbers stop at "." or "、" (not at a decimal point: "1.5万" is no item 1);
# dotted numbers are outline numbers ("1.2"), never a percentage or a longer figure ("1.25%").
STYLES: dict[str, Style] = {
    "dotted": Style(_alone(r"\d{1,3}(?:\.\d{1,3})+") + r"(?![\d%])[.、．]?", 3, "1.3"),
    "arabic": Style(_alone(r"\d{1,3}") + r"\s*(?:[.．](?!\d)|、)", 3, "3."),
    "cn": Style(_alone(CN_NUMERAL) + r"\s*、", 1, "三、"),
    "paren_cn": Style(r"[(（]\s*" + _alone(CN_NUMERAL) + r"\s*[)）]", 2, "(三)"),
    "cn_paren_marker": Style(_alone(f"[{CN_PAREN_MARKERS}]"), 2, "㈢"),
    "paren": Style(r"[(（]\s*" + _alone(r"\d{1,3}") + r"\s*[)）]", 4, "(3)"),
    "paren_marker": Style(_alone(f"[{PAREN_MARKERS}]"), 4, "⑶"),
    "stop_marker": Style(_alone(f"[{STOP_MARKERS}]"), 3, "⒊"),
    "circled": Style(_alone(f"[{CIRCLED}]"), 5, "③"),
    "yishi": Style(_alone(CN_NUMERAL) + "是", 5, "三是"),
    # A note's number: "[3]" "〔3〕" "【3】" (名词解释 entries).
    "bracket": Style(r"[\[〔【]\s*" + _alone(r"\d{1,3}") + r"\s*[\]〕】]", 4, "[3]"),
}
# The styles a row of a table may be numbered in (its own 序号 cell or inside its task cell).
ROW_STYLES = ("dotted", "arabic", "cn", "paren_cn", "paren", "circled")


@dataclass(frozen=True)
class Number:
    style: str
    printed: str  # the digits as printed: "3", "三", "③", "1.2"
    value: int  # the last part's value: 3 for "三", "③", "1.3"
    depth: int = 1  # parts of a dotted number: "1.2.3" is 3

    @property
    def level(self) -> int:
        return STYLES[self.style].level + self.depth - 1

    @property
    def parts(self) -> tuple[int, ...]:
        return tuple(int(p) for p in self.printed.split(".")) if self.style == "dotted" else (self.value,)

    @property
    def plain(self) -> str:
        """The numbering a marker prints, as typed: ③ → "3", ⑶ → "3", ⒊ → "3", ㈢ → "三"."""
        if self.style == "cn_paren_marker":
            return CN_DIGITS[self.value - 1] if self.value < 10 else "十"
        return str(self.value) if self.style in MARKERS else self.printed


def value_of(printed: str) -> int | None:
    """"十" → 10, "十二" → 12, "二十" → 20, "两" → 2, "7" → 7, "⑦" "⑺" "⒎" → 7, "㈦" → 7."""
    for markers in MARKERS.values():
        if printed in markers:  # before isdigit(): "①".isdigit() is True
            return markers.index(printed) + 1
    if printed.isascii() and printed.isdigit():
        return int(printed)
    printed = printed.replace("两", "二")
    if not printed or any(c not in CN_DIGITS + "十" for c in printed):
        return None
    if "十" not in printed:
        return CN_DIGITS.index(printed) + 1 if len(printed) == 1 else None
    tens, _, units = printed.partition("十")
    if "十" in units:
        return None
    tens_value = CN_DIGITS.index(tens) + 1 if tens else 1
    units_value = CN_DIGITS.index(units) + 1 if units else 0
    return tens_value * 10 + units_value


def _named(style: str) -> str:
    return STYLES[style].mark.replace("(?P<n>", f"(?P<{style}>")


@cache
def opening_pattern(styles: tuple[str, ...]) -> re.Pattern[str]:
    """A number in one of `styles` at the start of a text, with the spaces after it."""
    return re.compile(r"^\s*(?:" + "|".join(_named(s) for s in styles) + r")\s*")


@cache
def mark_pattern(styles: tuple[str, ...]) -> re.Pattern[str]:
    """A number in one of `styles` anywhere (for runs of numbers inside a paragraph)."""
    return re.compile("(?:" + "|".join(_named(s) for s in styles) + ")")


def _number(found: re.Match[str]) -> Number:
    style = found.lastgroup  # each style is one named group, the others unnamed
    if style not in STYLES or not found.group(style):
        style = next(name for name, value in found.groupdict().items() if value)
    printed = found.group(style)
    if style == "dotted":
        return Number(style, printed, int(printed.split(".")[-1]), printed.count(".") + 1)
    return Number(style, printed, value_of(printed))


def opening(text: str, styles: tuple[str, ...] = tuple(STYLES)) -> tuple[Number, str] | None:
    """(number, text after it) of a text that opens with a number in one of `styles`, else None."""
    found = opening_pattern(styles).match(text)
    return (_number(found), text[found.end():]) if found else None


# A number alone in its cell (a 序号 column) may go without its stop: "3", "三", "1.2".
_BARE = {"arabic": r"\d{1,3}", "cn": CN_NUMERAL, "dotted": r"\d{1,3}(?:\.\d{1,3})+"}


_STOP = re.compile(r"[.、．]?")


# Cached: a table asks of every cell whether it is a 序号, and its cells repeat (--, 已完成, a unit).
@lru_cache(maxsize=8192)
def read_number(token: str, styles: tuple[str, ...] = tuple(STYLES)) -> Number | None:
    """The Number a token is, whole ("3", "3.", "三", "(三)", "(三)、", "③", "1.2"), else None."""
    token = token.strip()
    found = opening(token, styles)
    if found and _STOP.fullmatch(found[1].strip()):
        return found[0]
    for style, bare in _BARE.items():
        if style in styles and re.fullmatch(bare, token):
            return _number(re.fullmatch(f"(?P<{style}>{bare})", token))
    return None


def is_seq(text: str, styles: tuple[str, ...], depth: int | None = None) -> bool:
    """Is the text a number alone as a 序号 column prints it: in one of `styles`, without its stop
    ("3", "三", "1.2"), of `depth` parts when given?"""
    found = read_number(text, styles)
    return found is not None and found.printed == text.strip() and depth in (None, found.depth)


def render(style: str, value: int, parent: int = 1) -> str:
    """`value` printed in `style` ("三、", "(3)", "③", "1.3" under parent 1): the inverse of `opening`."""
    cn = _cn(value)
    if style == "dotted":
        return f"{parent}.{value}"
    if style in MARKERS:
        return MARKERS[style][value - 1]
    return STYLES[style].example.replace("3", str(value)).replace("三", cn)


def _cn(value: int) -> str:
    tens, units = divmod(value, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else CN_DIGITS[tens - 1] + "十")
    return head + (CN_DIGITS[units - 1] if units else "")
