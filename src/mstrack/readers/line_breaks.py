"""Visual lines of a PDF → the lines the author wrote: which line breaks are wraps.

A PDF keeps no paragraph marks, only where each character stands. A layout engine (Word,
LibreOffice) breaks a line only when what comes next does not fit: the next line's first piece
that cannot be split (a CJK character with the closing punctuation after it, "个。"; a number,
"23600"; a quoted word, "个“一") would have run past the right edge, counting the space the engine
puts between CJK and Latin/digits. So a break is a wrap when that piece, placed after the line's
last character, would not have fitted ("2.已开展一季度考核工" / "作。", 001 9.x); otherwise the
author ended the paragraph there ("…进行雨污水管道施工;" / "4.紫云路…", 001 5.x). Inside a word
(digits on both sides: "480" / "5" of 003's "4805" in a narrow column) the engine breaks only when
the very next character does not fit, so "5" / "400" is a paragraph break.

Where the piece would not have fitted, geometry cannot tell a wrap from a paragraph that happens
to end at the edge; a clause end (";" "。") before a numbered item ("3.…") is then taken as a
paragraph break. A unit alone under its figure ("286" / "户") stays a wrap.

Pure functions on pdfplumber's character dicts (text, x0, x1): no PDF objects here.
"""

from __future__ import annotations

import re
import statistics
import unicodedata

# No line may start with these (closing and postfix punctuation), nor end with the opening ones:
# the engine carries them over with their neighbour (000 "2780" / "人;": 人 moved with its ;).
NO_BREAK_BEFORE = set(",.;:!?)]}%/" "、。，．；：！？）］｝％‰〉》」』】〕·…～")
NO_BREAK_AFTER = set("([{" "（［｛〈《「『【〔")
# Quotation marks hold on to both neighbours (Unicode line breaking's QU class): 003 "打造4" /
# "个“一老一小”", the line ends before 个 though 个 alone would have fitted.
QUOTES = set("\"'“”‘’")
FIT_TOLERANCE = 0.0  # points; the edge is already Word's/LibreOffice's, rounding makes pieces no narrower
CLAUSE_END = set(";.!?" "\uff1b\u3002\uff01\uff1f")  # ; . ! ? and their full-width forms
NUMBERED_ITEM = re.compile(r"^(\d{1,2}[.、．](?!\d)|[(（]\d{1,2}[)）]|[一二三四五六七八九十]是)")


def _in_word(ch: str) -> bool:
    return len(ch) == 1 and ch.isascii() and (ch.isalnum() or ch in "+~-")


def _ideograph(ch: str) -> bool:
    return len(ch) == 1 and unicodedata.category(ch) == "Lo" and ord(ch) >= 0x2E80


def may_break_between(before: str, after: str) -> bool:
    """Whether a line may wrap between two characters: a simplified Unicode line-breaking rule,
    tailored as LibreOffice lays out these notices."""
    if before.isspace():
        return True
    if after.isspace() or after in NO_BREAK_BEFORE or before in NO_BREAK_AFTER:
        return False
    if before in QUOTES or after in QUOTES:
        return False
    if _in_word(before) and _in_word(after):
        return False  # "23600", "6+3", "3~5", "Bin-hub"
    # "21.96", "(16班)": a point, comma or closing mark holds on to the figure after it
    # (000 "69%、68%", "5家在装修" / "中,5家"; 001 "(攤" / "位)6個").
    if before in NO_BREAK_BEFORE and after.isascii() and after.isalnum():
        return False
    return True


def _unbreakable_prefix(chars: list[dict]) -> list[dict]:
    """The line's first piece that a wrap could not have split."""
    for i in range(1, len(chars)):
        if may_break_between(chars[i - 1]["text"], chars[i]["text"]):
            return chars[:i]
    return chars


def mixed_script_gap(chars: list[dict]) -> float:
    """The space a layout engine puts between a CJK ideograph and a Latin letter or digit
    (LibreOffice's "autospace", 1.6pt at 8pt: 000 "床位 7"), measured on a page's characters;
    0 when the page shows none."""
    gaps = []
    for a, b in zip(chars, chars[1:]):
        if abs(a["top"] - b["top"]) > 0.5 or not _mixed(a["text"], b["text"]):
            continue
        gap = b["x0"] - a["x1"]
        if 0 < gap < a.get("size", 10) / 2:
            gaps.append(gap)
    return statistics.median(gaps) if len(gaps) >= 3 else 0.0


def _mixed(a: str, b: str) -> bool:
    latin = lambda ch: len(ch) == 1 and ch.isascii() and ch.isalnum()  # noqa: E731
    return (_ideograph(a) and latin(b)) or (latin(a) and _ideograph(b))


def continues(line: list[dict], following: list[dict], right_edge: float, mixed_gap: float = 0.0) -> bool:
    """Whether `following` goes on with `line`'s paragraph: the piece it opens with would not have
    fitted between `line`'s last character and the right edge. Both are visible characters.

    Where both fit, the geometry cannot tell a wrap from a paragraph that ends at the edge; a line
    that closes a clause (";" "。") before one that opens a numbered item ("3.制定…") is taken as
    the paragraph break it usually is (001 5.x, 9.x: "…进行雨污水管道施工;" / "4.紫云路…")."""
    if not line or not following:
        return False
    last = line[-1]
    # Where the engine broke inside what this rule holds together (a word too long for its column,
    # "480" / "5"; a figure after a comma, which a PDF library's CJK wrap may move as one: "整改," /
    # "67%的"), the piece is still the one the line opens with: the break was for want of room if
    # that piece did not fit.
    if _in_word(last["text"]) and _in_word(following[0]["text"]):
        piece = following[:1]  # a word broken where its next character ran out of room
    else:
        piece = _unbreakable_prefix(following)
    width = piece[-1]["x1"] - piece[0]["x0"]
    if _mixed(last["text"], piece[0]["text"]):
        width += mixed_gap
    if last["x1"] + width <= right_edge + FIT_TOLERANCE:
        return False
    return not (last["text"] in CLAUSE_END and _opens_item(following))


def _opens_item(chars: list[dict]) -> bool:
    return bool(NUMBERED_ITEM.match("".join(c["text"] for c in chars[:6])))


def visible_chars(line: dict) -> list[dict]:
    """A pdfplumber text line's characters without its leading and trailing blanks."""
    chars = list(line.get("chars", []))
    while chars and not chars[0]["text"].strip():
        chars.pop(0)
    while chars and not chars[-1]["text"].strip():
        chars.pop()
    return chars


def join_soft_wraps(lines: list[dict], right_edge: float, mixed_gap: float = 0.0) -> list[tuple[float, str]]:
    """pdfplumber text lines (text, top, chars) → (top, text) of each written line: a line that
    `continues` the one before is appended to it."""
    out: list[tuple[float, str]] = []
    previous: list[dict] = []
    for line in lines:
        text = line["text"].strip()
        chars = visible_chars(line)
        if not text:
            continue
        if out and continues(previous, chars, right_edge, mixed_gap):
            top, before = out[-1]
            # Words of Latin script wrap at a space, which the wrap swallowed.
            glue = " " if _latin_letter(before[-1]) and _latin_letter(text[0]) else ""
            out[-1] = (top, before + glue + text)
        else:
            out.append((line["top"], text))
        previous = chars
    return out


def _latin_letter(ch: str) -> bool:
    return ch.isascii() and ch.isalpha()
