"""Text normalisation: NFKC, layout spaces; traditional → simplified where the text is traditional.

Every text column is produced through `normalise_text` (script kept as printed) and, for text
detected as traditional (`script_of`, decided per section by `mstrack.simplify`), `simplify`; the
source text as printed is kept separately in `raw` columns.

Conversion is never applied to simplified text: 乾, 濛, 昇 and 於 are simplified characters too
(乾县, 濛溪河, 昇腾, 於潜镇), which t2s would turn into 干, 蒙, 升 and 于. Even in traditional text the
names that conversion damages are kept, from a lexicon (`data/protected_terms.csv`).
"""

from __future__ import annotations

import csv
import re
import sys
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

CONVERTER = "opencc-python-reimplemented t2s"

CJK = r"\u3400-\u9fff"
# A space between two CJK characters is layout, not meaning, when one side is a single
# spaced-out character: "上 城 区", "工  作  任  务", "方 毅". Runs between multi-character
# tokens ("漆宪忠 邓伟民", "杭州 西湖 风景 名胜 区") are left for the cell-aware name rules,
# which know whether the tokens are separate people or parts of one name.
_SPACED_SINGLE = re.compile(rf"(?<![{CJK}])([{CJK}](?:[ \u3000\t]+[{CJK}])+)(?![{CJK}])")
_SINGLE_LEFT = re.compile(rf"(?<![{CJK}])([{CJK}])[ \u3000]+(?=[{CJK}])")
_SINGLE_RIGHT = re.compile(rf"(?<=[{CJK}])[ \u3000]+([{CJK}])(?![{CJK}])")
_SPACE_RUN = re.compile(r"[ \u3000\t]+")


@lru_cache(maxsize=1)
def _converter():
    from opencc import OpenCC  # opencc-python-reimplemented; never install the official `opencc` beside it

    return OpenCC("t2s")


@dataclass(frozen=True)
class _T2sTables:
    characters: dict[int, str]  # str.translate table of TSCharacters (every key one character)
    phrases: re.Pattern  # any key of TSPhrases whose value is not its characters converted one by one
    # Any character that TSCharacters or variants.csv changes: a text without one (most lines of a
    # simplified notice) is its own conversion, without two passes of str.translate over it.
    changed: frozenset[str]


@lru_cache(maxsize=1)
def _t2s_tables() -> _T2sTables | None:
    """OpenCC's t2s dictionaries as a translate table and a phrase pattern, or None when they are
    not laid out as expected (then every text goes through OpenCC itself).

    opencc-python-reimplemented converts with a pure-Python search tree that took half of ingest
    time. Its t2s is one group of two dictionaries: a substring that is a TSPhrases key is replaced
    by its value, then every remaining character that is a TSCharacters key by its value. So a text
    that holds no phrase key converts exactly as str.translate with the character table does: that
    is every text of the samples, traditional 001 included, and tests/test_normalise.py checks it
    against OpenCC line by line. A text with a phrase key (一目瞭然) still goes through OpenCC.

    Only the keys whose value differs from their characters converted one by one count: 258 of the
    277. OpenCC's result is its phrase values for the keys it matches and the character table
    elsewhere, so where every key in a text is one of the other 19 (有序 → 有序, in 004 L62 城市管理
    有序推进 and so in the whole text of 004), the character table alone gives the same text, and
    OpenCC's pure-Python matching (80 ms on 004's 30,000 characters) is not needed.
    """
    folder = _dictionary_folder()
    separators = _converter().split_chars_re
    try:
        characters = _dictionary(folder / "TSCharacters.txt")
        phrases = _dictionary(folder / "TSPhrases.txt")
    except (OSError, ValueError):
        return None
    # OpenCC never converts its separators nor matches across them; no key holds one today.
    if any(len(key) != 1 or separators.search(key) for key in characters) or any(separators.search(key) for key in phrases):
        return None
    table = str.maketrans(characters)
    changing = [key for key, value in phrases.items() if key.translate(table) != value]
    changed = {key for key, value in characters.items() if value != key} | {key for key, value in variant_map().items() if value != key}
    return _T2sTables(
        characters=table,
        phrases=re.compile("|".join(map(re.escape, sorted(changing, key=len, reverse=True)))),
        changed=frozenset(changed),
    )


def _dictionary(path: Path) -> dict[str, str]:
    """A dictionary file as OpenCC reads it: key, tab, candidates; the first candidate is used."""
    return {key: candidates[0] for key, candidates in _candidates(path).items()}


def _candidates(path: Path) -> dict[str, list[str]]:
    """A dictionary file with every candidate of each key, in order."""
    entries = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        key, value = line.strip().split("\t")
        entries[key] = value.split(" ")
    return entries


def _dictionary_folder() -> Path:
    import opencc

    return Path(opencc.__file__).parent / "dictionary"


@lru_cache(maxsize=1)
def variant_map() -> dict[str, str]:
    with resources.files("mstrack.data").joinpath("variants.csv").open(encoding="utf-8") as f:
        return {row["variant"]: row["standard"] for row in csv.DictReader(f)}


@lru_cache(maxsize=1)
def _variant_table() -> dict[int, str]:
    return str.maketrans(variant_map())


@lru_cache(maxsize=1)
def _variants() -> frozenset[str]:
    return frozenset(variant_map())


@lru_cache(maxsize=65536)
def to_simplified(text: str) -> str:
    """Traditional → simplified with OpenCC, then the variants OpenCC leaves alone.

    Cached: a line is converted as a line and again as the cell it makes (readers/text.py)."""
    if not text:
        return text
    tables = _t2s_tables()
    if tables is not None and tables.phrases.search(text) is None:
        if tables.changed.isdisjoint(text):
            return text
        converted = text.translate(tables.characters)
    else:
        converted = _converter().convert(text)
    # str.translate looks every character up; most texts hold no variant at all.
    return converted if _variants().isdisjoint(converted) else converted.translate(_variant_table())


@lru_cache(maxsize=1)
def protected_terms() -> tuple[str, ...]:
    """Names that traditional → simplified conversion damages, in their simplified spelling."""
    with resources.files("mstrack.data").joinpath("protected_terms.csv").open(encoding="utf-8") as f:
        return tuple(row["term"] for row in csv.DictReader(f))


@dataclass(frozen=True)
class _Protection:
    pattern: re.Pattern  # any protected term, each character printed in either script (乾縣, 乾县)
    terms: tuple[str, ...]  # the term of each alternative, by group index
    # Characters whose conversion differs from the term's character (乾 → 干, 濛 → 蒙): a text
    # without one converts every protected term to itself, so it needs no search.
    risky: frozenset[str]

    def in_text(self, text: str) -> bool:
        """Whether the text holds a risky character: sought one by one with `in` (str's own search,
        ten times faster again than a character class scanning the text, a hundred times faster
        than frozenset.isdisjoint walking it: there are few risky characters)."""
        return any(ch in text for ch in self.risky)


@lru_cache(maxsize=1)
def _protection() -> _Protection | None:
    terms = sorted(set(protected_terms()), key=len, reverse=True)  # longest first: 乾县 inside 乾县城
    if not terms:
        return None
    printed_as: dict[str, set[str]] = {}  # a simplified character → itself and the traditional ones it stands for
    for traditional, candidates in _candidates(_dictionary_folder() / "TSCharacters.txt").items():
        for candidate in candidates:
            printed_as.setdefault(candidate, {candidate}).add(traditional)
    alternatives = []
    risky: set[str] = set()
    first: set[str] = set()
    for term in terms:
        classes = []
        for ch in term:
            forms = sorted(printed_as.get(ch, {ch}))
            risky.update(form for form in forms if to_simplified(form) != ch)
            classes.append(re.escape(ch) if len(forms) == 1 else "[" + "".join(forms) + "]")
        first.update(printed_as.get(term[0], {term[0]}))
        alternatives.append("(" + "".join(classes) + ")")
    # The lookahead on the first characters lets the regex engine skip ahead to them: trying every
    # alternative at every position took 17 ms on 004's 37,000 characters, this takes 1.
    lead = "(?=[" + "".join(sorted(first)) + "])"
    pattern = re.compile(lead + "(?:" + "|".join(alternatives) + ")")
    return _Protection(pattern=pattern, terms=tuple(terms), risky=frozenset(risky))


@lru_cache(maxsize=65536)
def simplify(text: str) -> str:
    """Traditional → simplified (`to_simplified`), each protected term kept in its simplified
    spelling: "乾縣和乾燥" → 乾县和干燥, "於潛鎮" → 於潜镇. For text known to be traditional only."""
    protection = _protection()
    if protection is None or not protection.in_text(text):
        return to_simplified(text)
    parts = []
    end = 0
    for found in protection.pattern.finditer(text):
        parts.append(to_simplified(text[end : found.start()]))
        parts.append(protection.terms[found.lastindex - 1])
        end = found.end()
    parts.append(to_simplified(text[end:]))
    return "".join(parts)


@dataclass(frozen=True)
class _ScriptMarks:
    # Characters that only one script prints: conversion changes them whichever reading is meant,
    # and the other script's national character set lacks them — 個 實 濛 (traditional: not in
    # GB2312), 个 实 谘 (simplified: not in Big5). Characters of both scripts (乾 干 於 余) mark
    # neither, nor do the forms OpenCC prefers where both scripts print the same character (床 → 牀).
    traditional: frozenset[str]
    simplified: frozenset[str]


@lru_cache(maxsize=1)
def _script_marks() -> _ScriptMarks:
    folder = _dictionary_folder()

    def marks(name: str, missing_from: str) -> frozenset[str]:
        changed = (key for key, candidates in _candidates(folder / name).items() if key not in candidates)
        return frozenset(key for key in changed if not _encodable(key, missing_from))

    return _ScriptMarks(traditional=marks("TSCharacters.txt", "gb2312"), simplified=marks("STCharacters.txt", "cp950"))


def _encodable(text: str, encoding: str) -> bool:
    try:
        text.encode(encoding)
    except UnicodeEncodeError:
        return False
    return True


# Text of one script prints marks of the other only in quoted names and slips (002, traditional,
# prints 谘 once among thousands of traditional marks); a share this high is the text's own script.
DOMINANT_SHARE = 0.8


def script_evidence(text: str) -> str | None:
    """simplified, traditional or mixed by the characters only one script prints; None when the text
    holds none (figures, or only characters of both scripts). Protected terms are no evidence: 濛溪河
    and 昇腾 are printed so in simplified text."""
    protection = _protection()
    if protection is not None and protection.in_text(text):
        text = protection.pattern.sub("", text)
    traditional, simplified = mark_counts(text)
    if not traditional + simplified:
        return None
    share = traditional / (traditional + simplified)
    if share >= DOMINANT_SHARE:
        return "traditional"
    if share <= 1 - DOMINANT_SHARE:
        return "simplified"
    return "mixed"


def has_traditional_marks(text: str) -> bool:
    """Whether the text prints any character only traditional script prints (protected terms included):
    a text without one is simplified, or holds no evidence, in every part of it."""
    return mark_counts(text)[0] > 0


def mark_counts(text: str) -> tuple[int, int]:
    """(traditional marks, simplified marks) the text prints, each occurrence counted.

    Counted over the text's code points as an array (numpy): str.translate deleting the marks, the
    way it was counted before, looks every character up in a dict and took 1 ms a section."""
    import numpy as np

    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    counts = np.bincount(_mark_table()[codes], minlength=4)
    return int(counts[1] + counts[3]), int(counts[2] + counts[3])


@lru_cache(maxsize=1)
def _mark_table():
    """Code point → 1 for a traditional mark, 2 for a simplified one (3 both, 0 neither)."""
    import numpy as np

    marks = _script_marks()
    table = np.zeros(sys.maxunicode + 1, dtype=np.uint8)
    table[[ord(ch) for ch in marks.traditional]] |= 1
    table[[ord(ch) for ch in marks.simplified]] |= 2
    return table


@lru_cache(maxsize=8)
def script_of(text: str) -> str:
    """simplified, traditional or mixed: the script a source is printed in (simplified when nothing says)."""
    return script_evidence(text) or "simplified"


def squeeze_layout_spaces(text: str) -> str:
    """Remove layout spaces inside spaced-out words: "上 城 区" → 上城区, "方 毅" → 方毅."""
    if " " not in text and "\u3000" not in text and "\t" not in text:
        return text  # every pattern below needs one of them; most lines hold none
    text = _SPACED_SINGLE.sub(lambda m: _SPACE_RUN.sub("", m.group(1)), text)
    text = _SINGLE_LEFT.sub(r"\1", text)
    return _SINGLE_RIGHT.sub(r"\1", text)


def join_name_tokens(text: str) -> str:
    """A cell known to hold one name: drop every space between CJK tokens ("杭州 西湖 风景 名胜 区")."""
    return re.sub(rf"(?<=[{CJK}])[ \u3000\t]+(?=[{CJK}])", "", text)


@dataclass(frozen=True)
class CompatibilityForm:
    """What normalisation does with one compatibility character (data/compatibility_forms.csv)."""

    action: str  # fold (NFKC's form), keep (as printed), marker (kept: a list marker), map (to `to`)
    to: str  # the character as normalised
    note: str


@lru_cache(maxsize=1)
def compatibility_forms() -> dict[str, CompatibilityForm]:
    """Every character the table decides, by character. A row covers a character or a range
    ("①..⑳", "U+2070..U+207F"); the first row covering a character decides it."""
    forms: dict[str, CompatibilityForm] = {}
    with resources.files("mstrack.data").joinpath("compatibility_forms.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            first, _, last = row["printed"].partition("..")
            for code in range(_code_point(first), _code_point(last or first) + 1):
                ch = chr(code)
                folded = unicodedata.normalize("NFKC", ch)
                to = {"fold": folded, "map": row["as"]}.get(row["action"], ch)
                forms.setdefault(ch, CompatibilityForm(row["action"], to, row["note"]))
    return forms


def _code_point(printed: str) -> int:
    return int(printed[2:], 16) if printed.startswith("U+") else ord(printed)


@dataclass(frozen=True)
class _CompatibilityTables:
    mapped: dict[int, str]  # str.translate table of the `map` rows, applied before NFKC
    mapped_chars: frozenset[str]  # its characters: most texts hold none, and skip the translation
    kept: re.Pattern | None  # any character NFKC would change that the table keeps as printed


@lru_cache(maxsize=1)
def _compatibility_tables() -> _CompatibilityTables:
    forms = compatibility_forms()
    kept = sorted(ch for ch, form in forms.items() if form.action in ("keep", "marker") and unicodedata.normalize("NFKC", ch) != ch)
    return _CompatibilityTables(
        mapped=str.maketrans({ch: form.to for ch, form in forms.items() if form.action == "map"}),
        mapped_chars=frozenset(ch for ch, form in forms.items() if form.action == "map"),
        kept=re.compile("([" + "".join(map(re.escape, kept)) + "])") if kept else None,
    )


@lru_cache(maxsize=1)
def list_markers() -> frozenset[str]:
    """Characters that open a list item (① ⑴ ⒈ ㈠ ㊀ Ⓐ), kept as printed so that parsers can split on them."""
    return frozenset(ch for ch, form in compatibility_forms().items() if form.action == "marker")


def marker_numbering(printed: str) -> str | None:
    """The numbering a list marker prints, spelled as NFKC spells it, without brackets or stop:
    ② → 2, ⑵ → 2, ⒉ → 2, ㈡ → 二 (as "(二)" typed). None for anything but a list marker."""
    if printed not in list_markers():
        return None
    return unicodedata.normalize("NFKC", printed).strip("().")


def fold_compatibility_forms(text: str) -> str:
    """NFKC, as decided character by character in data/compatibility_forms.csv: full-width digits and
    letters fold (５ → 5), unit squares become their unit (㎡ → 平方米), list markers (①, ⑴, ⒈, ㈠) and
    superscripts stay as printed — NFKC would glue ② to the figure after it (②12条 → 212条)."""
    if text.isascii():
        return text
    tables = _compatibility_tables()
    if not tables.mapped_chars.isdisjoint(text):
        text = text.translate(tables.mapped)
    if tables.kept is None or tables.kept.search(text) is None:
        return unicodedata.normalize("NFKC", text)
    # re.split with a group: the kept characters stand at the odd positions.
    parts = tables.kept.split(text)
    return "".join(part if i % 2 else unicodedata.normalize("NFKC", part) for i, part in enumerate(parts))


# Cached: readers/text.py normalises each line, then each cell made of those lines (the same text
# again but for a leading tab), and table dumps repeat their cells (--, 市民政局, 已完成).
@lru_cache(maxsize=16384)
def normalise_text(text: str) -> str:
    """Compatibility forms folded (full-width digits, ％, （）; list markers kept: `fold_compatibility_forms`),
    layout spaces squeezed, ends trimmed; the script as printed."""
    text = fold_compatibility_forms(text)
    return squeeze_layout_spaces(text).strip()
