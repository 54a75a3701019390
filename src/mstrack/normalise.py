"""Text normalisation: traditional → simplified, variant characters, NFKC, layout spaces.

Every text column is produced through `normalise_text`; the source text as printed is kept
separately in `raw` columns.
"""

from __future__ import annotations

import csv
import re
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
_NOT_CJK = re.compile(rf"[^{CJK}]+")


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
    import opencc

    folder = Path(opencc.__file__).parent / "dictionary"
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
    entries = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        key, value = line.strip().split("\t")
        entries[key] = value.split(" ")[0]
    return entries


@lru_cache(maxsize=1)
def variant_map() -> dict[str, str]:
    with resources.files("mstrack.data").joinpath("variants.csv").open(encoding="utf-8") as f:
        return {row["variant"]: row["standard"] for row in csv.DictReader(f)}


@lru_cache(maxsize=1)
def _variant_table() -> dict[int, str]:
    return str.maketrans(variant_map())


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
    return converted.translate(_variant_table())


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


# Cached: readers/text.py normalises each line, then each cell made of those lines (the same text
# again but for a leading tab), and table dumps repeat their cells (--, 市民政局, 已完成).
@lru_cache(maxsize=16384)
def normalise_text(text: str) -> str:
    """Simplified script, NFKC (full-width digits, ％, （）), layout spaces squeezed, ends trimmed."""
    text = unicodedata.normalize("NFKC", to_simplified(text))
    return squeeze_layout_spaces(text).strip()


def script_of(text: str) -> str:
    """simplified, traditional or mixed: the script a source is printed in."""
    sample = _NOT_CJK.sub("", text)
    if not sample:
        return "simplified"
    # Compared character by character only when conversion changed something.
    converted = to_simplified(sample)
    changed = 0 if converted == sample else sum(a != b for a, b in zip(sample, converted))
    share = changed / len(sample)
    # Real traditional text changes on roughly a fifth of its characters; a handful of changed
    # characters in simplified text is a quoted name or a variant.
    if share >= 0.08:
        return "traditional"
    return "mixed" if changed >= 3 else "simplified"
