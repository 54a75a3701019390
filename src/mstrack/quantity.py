"""The quantity grammar: a figure as printed in a 民生实事 notice, read into a typed `Quantity`.

A figure is, in order:

    [before-word] number [range] [(secondary)] [infix-word] [multiplier] unit [(qualifier)] [after-word]

e.g. "不少于10000名", "3~5层", "5(4)个", "1000余人次", "4万 平方米", "20条(城乡公交)", "75%以上".

Inputs are already simplified Chinese and NFKC-normalised, so digits, %, ( ) and ~ are ASCII.
The unit and comparator lexicons are data (`data/units.csv`, `data/comparators.csv`); the code below
only knows the grammar. Values are `Decimal` throughout: 16.4亿 must be exactly 1640000000.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cache, lru_cache
from importlib.resources import files

from .chinese_numerals import chinese_integer


@dataclass(frozen=True)
class Quantity:
    value: Decimal  # in the canonical unit
    unit: str | None  # canonical unit; None when the text gives none (never guessed)
    unit_raw: str | None  # as printed ("万平方米")
    kind: str | None  # count, area, length, mass, volume, money, percent, permille, duration, age
    comparator: str  # ">=", "=", "<=", "~", "range"
    value_raw: str  # the figure as printed, e.g. "21.96万平方米", "5(4)个"
    value_max: Decimal | None = None  # upper end of a range "3~5层"
    secondary: Decimal | None = None  # "5(4)个": new 5, of which/plus upgraded 4 (002's matrix)
    qualifier: str | None = None  # "20条(城乡公交)" -> 城乡公交
    start: int = 0  # span in the text given, comparator words included
    end: int = 0


def as_float(value: Decimal | None) -> float | None:
    """A figure as the tables' float64 columns hold it. Decimal arithmetic upstream keeps 16.4亿
    exact; float64 holds it exactly too."""
    return None if value is None else float(value)


# --- lexicons -------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Unit:
    unit: str
    kind: str
    factor: Decimal


@dataclass(frozen=True)
class _Comparator:
    word: str
    position: str  # before the number, infix (between number and unit: "1000余人次"), after the figure
    comparator: str


def _read_csv(name: str) -> list[dict[str, str]]:
    text = files("mstrack.data").joinpath(name).read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


@cache
def _units() -> dict[str, _Unit]:
    return {
        row["unit_raw"]: _Unit(row["unit"], row["kind"], Decimal(row["factor"]))
        for row in _read_csv("units.csv")
    }


@cache
def _comparators(position: str) -> tuple[_Comparator, ...]:
    rows = [
        _Comparator(row["word"], row["position"], row["comparator"])
        for row in _read_csv("comparators.csv")
        if row["position"] == position
    ]
    # Longest first, so 不低于 wins over 低于 and 力争达到 over 力争.
    return tuple(sorted(rows, key=lambda c: -len(c.word)))


@cache
def _unit_words() -> tuple[str, ...]:
    # Longest first: 万平方米 before 平方米 before 米, 人次 before 人, 套(间) before 套.
    return tuple(sorted(_units(), key=len, reverse=True))


@cache
def _unit_pattern() -> re.Pattern[str]:
    """Any unit word, tried longest first like _unit_words: an alternation tries its branches in
    order, so it matches what a loop of startswith over _unit_words would, without the Python loop
    over 60 words at every figure."""
    return re.compile("|".join(map(re.escape, _unit_words())))


@cache
def _not_units() -> dict[str, str]:
    """Words that follow a figure without being its unit (data/not_units.csv), with why: nouns that
    begin with a unit word (7.21片区, 3部门) and words of dates, ranks and names (1号楼, 3级)."""
    return {row["word"]: row["note"] for row in _read_csv("not_units.csv")}


@cache
def _not_unit_pattern() -> re.Pattern[str]:
    return re.compile("|".join(map(re.escape, sorted(_not_units(), key=len, reverse=True))))


@cache
def _comparator_pattern(position: str) -> tuple[re.Pattern[str], dict[str, str]]:
    """Any comparator word of a position, longest first (as `_comparators`), and its comparator."""
    rules = _comparators(position)
    return re.compile("|".join(re.escape(rule.word) for rule in rules)), {rule.word: rule.comparator for rule in rules}


def unit_info(unit_raw: str) -> tuple[str, str, Decimal] | None:
    """(canonical unit, kind, factor to the canonical unit) for a unit as printed, from units.csv."""
    found = _units().get(unit_raw)
    return (found.unit, found.kind, found.factor) if found else None


# --- numbers --------------------------------------------------------------------------------

_MULTIPLIERS = {"万": Decimal(10**4), "萬": Decimal(10**4), "亿": Decimal(10**8), "億": Decimal(10**8), "千": Decimal(10**3)}
_CN_DIGITS = {"零": "0", "〇": "0", "一": "1", "二": "2", "两": "2", "三": "3", "四": "4",
              "五": "5", "六": "6", "七": "7", "八": "8", "九": "9"}  # fmt: skip

_ARABIC = r"\d+(?:,\d{3}(?!\d))*(?:\.\d+)?"
# A Chinese numeral needs a digit-like character: 百/千/万 alone are words (百姓, 千家万户), not figures.
_CHINESE = r"(?=[零〇一二两三四五六七八九十百千万亿]*[零〇一二两三四五六七八九十])[零〇一二两三四五六七八九十百千万亿]+(?:点[零〇一二两三四五六七八九]+[万亿]?)?"
# Not glued to an id ("XC10-060-R21-05" in 002's plot codes) and not an ordinal (第二批, 第十期).
_NUMBER_START = r"(?<![0-9A-Za-z.第])(?<![0-9A-Za-z][-~])"
_NUMBER_BODY_RE = re.compile(f"{_ARABIC}|{_CHINESE}")  # where the grammar already expects one ("3-5个")
_NUMBER_RE = re.compile(f"{_NUMBER_START}(?:{_ARABIC}|{_CHINESE})")  # where a figure may begin
_ARABIC_FULL = re.compile(f"({_ARABIC})([万萬亿億千]*)")


def _tidy(value: Decimal) -> Decimal:
    """Drop the trailing zeros Decimal keeps from "16.4" × 10^8, so values print as written."""
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


def _parse_chinese(text: str) -> Decimal | None:
    whole, _, rest = text.partition("点")
    # chinese_integer reads 三千, 两, 一万二千 well but not a decimal before 万 (八十五点八万 in 002),
    # so the fraction and its multiplier are read here, exactly.
    multiplier = Decimal(1)
    if rest and rest[-1] in _MULTIPLIERS:
        multiplier, rest = _MULTIPLIERS[rest[-1]], rest[:-1]
    try:
        integer = chinese_integer(whole) if whole else 0
    except ValueError:
        return None
    if not isinstance(integer, int):
        return None
    fraction = Decimal("0." + "".join(_CN_DIGITS[c] for c in rest)) if rest else Decimal(0)
    return (Decimal(integer) + fraction) * multiplier


# The caches below hold results by text: parsers ask about the same cell several times (its look while
# aligning rows, then its figure; 002's shares over again per target) and the same figures recur
# in a document (在建, 个, 万元). The results are immutable (Decimal, frozen Quantity, tuples).
_CACHE_SIZE = 8192


@lru_cache(maxsize=_CACHE_SIZE)
def parse_number(text: str) -> Decimal | None:
    """A number as printed: "1,200", "21.96", "16.4亿", "两", "三千", "八十五点八万"; None if it is not one."""
    text = text.strip()
    if not text:
        return None
    arabic = _ARABIC_FULL.fullmatch(text)
    if arabic:
        value = Decimal(arabic.group(1).replace(",", ""))
        for char in arabic.group(2):
            value *= _MULTIPLIERS[char]
        return _tidy(value)
    if re.fullmatch(_CHINESE, text):
        value = _parse_chinese(text)
        return _tidy(value) if value is not None else None
    return None


# --- the figure grammar ---------------------------------------------------------------------

_SPACES = re.compile(r"[ \t]*")
_RANGE_SEPARATOR = re.compile(r"[ \t]*(?:~|-|—|–|至|到)[ \t]*")
_SECONDARY = re.compile(rf"\(({_ARABIC})\)")
# A short parenthesised note after the unit, not a figure: "20条(城乡公交)", "3000对(夫妻)" in 001.
_QUALIFIER = re.compile(r"\(([^()\d]{1,12})\)")


class _Cursor:
    """A position in one text; each `take_*` consumes what it matched, callers rewind `pos` when an
    optional part of the grammar turns out to be absent."""

    def __init__(self, text: str, pos: int) -> None:
        self.text = text
        self.pos = pos

    def skip_spaces(self) -> None:
        self.pos = _SPACES.match(self.text, self.pos).end()

    def take(self, pattern: re.Pattern[str]) -> re.Match[str] | None:
        found = pattern.match(self.text, self.pos)
        if found:
            self.pos = found.end()
        return found

    def take_word(self, words_longest_first: re.Pattern[str]) -> str | None:
        found = self.take(words_longest_first)
        return found.group() if found else None

    def take_unit(self) -> str | None:
        """A unit word at the cursor, unless a word that is no unit starts there (片区, 部门)."""
        if _not_unit_pattern().match(self.text, self.pos):
            return None
        return self.take_word(_unit_pattern())

    def take_number(self) -> tuple[str, Decimal] | None:
        found = _NUMBER_BODY_RE.match(self.text, self.pos)
        if not found:
            return None
        value = parse_number(found.group())
        if value is None:
            return None
        self.pos = found.end()
        return found.group(), value


def _before_comparator(text: str, start: int) -> tuple[str, int]:
    """Comparator word printed just before the number ("不少于10000名"), and where it begins."""
    # The head is text[:start] without its trailing spaces, not sliced off: the text may be a long paragraph.
    head_end = start
    while head_end > 0 and text[head_end - 1] in " \t":
        head_end -= 1
    for rule in _comparators("before"):
        if text.endswith(rule.word, 0, head_end):
            return rule.comparator, head_end - len(rule.word)
    return "=", start


def _take_comparator(cursor: _Cursor, position: str) -> str | None:
    """Comparator word at the cursor ("余" infix, "以上" after), consumed; None leaves the cursor."""
    pattern, comparator_of = _comparator_pattern(position)
    word = cursor.take_word(pattern)
    return comparator_of[word] if word else None


def _take_infix(cursor: _Cursor) -> str | None:
    return _take_comparator(cursor, "infix")


def _take_after(cursor: _Cursor) -> str | None:
    start = cursor.pos
    cursor.skip_spaces()
    comparator = _take_comparator(cursor, "after")
    if comparator is None:
        cursor.pos = start
    return comparator


def _take_unit(cursor: _Cursor) -> tuple[str, Decimal, str | None]:
    """The unit after the number, longest match first: "万平方米", "万 平方米", "万名", "万余元".

    Returns the unit as printed ("" when there is none), the multiplier still to apply, and an
    infix comparator met after the multiplier ("10万余元"). "4万 平方米" reads as 万平方米 because
    units.csv lists that pair; "1.6万名" reads as 名 × 10000; a bare "859万" has no unit.
    """
    start = cursor.pos
    cursor.skip_spaces()
    unit_raw = cursor.take_unit()
    if unit_raw:
        return unit_raw, Decimal(1), None
    # A layout space may stand before the multiplier too: 002 L86 prints 西湖风景名胜区's share as "3 万".
    multiplier_char = cursor.text[cursor.pos : cursor.pos + 1]
    if multiplier_char not in _MULTIPLIERS:
        cursor.pos = start
        return "", Decimal(1), None
    cursor.pos += 1
    infix = _take_infix(cursor)
    after_multiplier = cursor.pos
    cursor.skip_spaces()
    unit_raw = cursor.take_unit()
    if not unit_raw:
        cursor.pos = after_multiplier
        return "", _MULTIPLIERS[multiplier_char], infix
    if multiplier_char + unit_raw in _units():
        return multiplier_char + unit_raw, Decimal(1), infix
    return unit_raw, _MULTIPLIERS[multiplier_char], infix


def _figure_at(text: str, start: int) -> Quantity | None:
    """Read one figure whose number begins at `start`, or None if no number starts there."""
    cursor = _Cursor(text, start)
    first = cursor.take_number()
    if first is None:
        return None
    value = first[1]
    value_max = secondary = None
    comparator, span_start = _before_comparator(text, start)

    after_first = cursor.pos
    second = cursor.take_number() if cursor.take(_RANGE_SEPARATOR) else None
    if second:
        value_max = second[1]
        comparator = "range"
        if second[0][-1] in _MULTIPLIERS and first[0][-1] not in _MULTIPLIERS:
            # "三至五万人" means 3万 to 5万: the multiplier printed once covers both ends.
            value *= _MULTIPLIERS[second[0][-1]]
    else:
        cursor.pos = after_first

    parenthesised = cursor.take(_SECONDARY)
    if parenthesised:
        secondary = parse_number(parenthesised.group(1))

    infix = _take_infix(cursor)
    unit_raw, multiplier, late_infix = _take_unit(cursor)
    value_end = cursor.pos
    qualifier = cursor.take(_QUALIFIER) if unit_raw else None
    after = _take_after(cursor)
    if qualifier is None and unit_raw:
        qualifier = cursor.take(_QUALIFIER)
    comparator = _combine_comparators(comparator, infix or late_infix, after)

    info = unit_info(unit_raw) if unit_raw else None
    factor = multiplier * (info[2] if info else Decimal(1))
    return Quantity(
        value=_tidy(value * factor),
        unit=info[0] if info else None,
        unit_raw=unit_raw or None,
        kind=info[1] if info else None,
        comparator=comparator,
        value_raw=text[start:value_end],
        value_max=_tidy(value_max * factor) if value_max is not None else None,
        secondary=_tidy(secondary * factor) if secondary is not None else None,
        qualifier=qualifier.group(1) if qualifier else None,
        start=span_start,
        end=cursor.pos,
    )


def _combine_comparators(before: str, infix: str | None, after: str | None) -> str:
    """A range stays a range; otherwise the word after the figure decides "达到75%以上" (>=)."""
    if before == "range":
        return before
    for word in (after, infix):
        if word:
            return word
    return before


def find_quantities(text: str) -> list[Quantity]:
    """Every figure with a unit in running text, left to right, comparator words included.

    Figures without a unit (dates such as 3月底, house numbers such as 1号楼) are not returned;
    ages (岁) and years (2024年) are, with their unit, for the caller to judge.
    """
    return list(_quantities_in(text))


@lru_cache(maxsize=_CACHE_SIZE)
def _quantities_in(text: str) -> tuple[Quantity, ...]:
    found: list[Quantity] = []
    pos = 0
    while (number := _NUMBER_RE.search(text, pos)) is not None:
        quantity = _figure_at(text, number.start())
        if quantity is not None and quantity.unit is not None and not _is_fractional_count(quantity):
            found.append(quantity)
            pos = quantity.end
        else:
            pos = number.end()
    return tuple(found)


def _is_fractional_count(quantity: Quantity) -> bool:
    """Things are counted whole: "1.5万个" is 15000, but "7.21个" is no count (a date or a code)."""
    return quantity.kind == "count" and quantity.value != quantity.value.to_integral_value()


@dataclass(frozen=True)
class UnknownUnit:
    """A figure printed with a measure word the unit lexicon does not know: "新增路灯200盏;"."""

    value_raw: str  # "200盏"
    word: str  # "盏"
    start: int
    end: int


# An Arabic figure (with 万/亿 and 余/多) closing its clause or list item with one character: a
# measure word, as Chinese counts print them. Two-character units (标箱, 千瓦) are in units.csv.
_UNKNOWN_UNIT = re.compile(
    rf"{_NUMBER_START}{_ARABIC}[万亿]?[余多]?([\u4e00-\u9fff])(?=$|[,;。:、)\s]|及|和|与|并|或)"
)


@lru_cache(maxsize=_CACHE_SIZE)
def find_unknown_units(text: str) -> tuple[UnknownUnit, ...]:
    """Figures whose measure word is neither a unit (units.csv) nor a word known not to be one
    (not_units.csv), left to right. Such a figure is reported, never read as a target or named in one."""
    known = _units()
    found = []
    for figure in _UNKNOWN_UNIT.finditer(text):
        word = figure.group(1)
        if word in known or word in _MULTIPLIERS or _not_unit_pattern().match(text, figure.start(1)):
            continue
        if _figure_at(text, figure.start()) is not None and _figure_at(text, figure.start()).unit is not None:
            continue
        found.append(UnknownUnit(figure.group(), word, figure.start(), figure.end()))
    return tuple(found)


_EMPTY_CELLS = {"", "-", "--", "—", "——", "/", "无"}


@lru_cache(maxsize=_CACHE_SIZE)
def parse_cell(text: str) -> Quantity | None:
    """The one figure in a table cell ("227个", "5(4)个", "859万"); None for an empty or "--" cell,
    or for a cell that holds anything besides one figure (the caller reports it as unparsed)."""
    cell = text.strip()
    if cell in _EMPTY_CELLS:
        return None
    number = _NUMBER_RE.search(cell)
    if number is None:
        return None
    quantity = _figure_at(cell, number.start())
    if quantity is None or quantity.start != 0 or quantity.end != len(cell):
        return None
    return quantity
