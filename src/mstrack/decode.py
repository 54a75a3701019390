"""Bytes of a text dump → str, with the encoding detected and named.

Government sites serve the same notice as UTF-8 (with or without BOM), UTF-16, GB18030/GBK or Big5.
GB18030 and Big5 byte ranges overlap, so a strict decode in both can succeed on the same bytes; the
one whose characters are common Chinese characters wins. Common means: in GB2312 level 1 (the 3,755
most frequent characters) once converted to simplified script, which real text of either script
reaches at well over 90% and mis-decoded text does not.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from functools import lru_cache

from .errors import InputError
from .normalise import CJK

BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# cp950 is Big5 with the Microsoft extensions that real Big5 files use (001 prints 墻, outside strict Big5).
LEGACY_ENCODINGS = ("gb18030", "cp950")
LEGACY_NAMES = {"gb18030": "GB18030", "cp950": "Big5"}
# Share of CJK characters that must be common for a legacy decode to count as plausible, and the
# margin by which the winner must beat the runner-up.
PLAUSIBLE_SHARE = 0.80
DECISIVE_MARGIN = 0.15


# A UTF-8 file with a few bad bytes (a page cut off mid-character, a byte flipped in transit) is still
# UTF-8: up to this share of its bytes is replaced by U+FFFD, and the document says how many.
REPLACEABLE_SHARE = 0.005


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str
    replaced: int = 0  # undecodable bytes read as U+FFFD


def check_encoding(name: str) -> str:
    """The codec name if Python knows it as a text encoding, else ValueError saying so (for --encoding)."""
    try:
        info = codecs.lookup(name)
    except LookupError:
        raise ValueError(f"unknown encoding {name!r}; use a codec name such as gb18030, cp950 (Big5), utf-8 or utf-16") from None
    if not getattr(info, "_is_text_encoding", True):
        raise ValueError(f"{name!r} is not a text encoding; use a codec name such as gb18030, cp950 (Big5), utf-8 or utf-16")
    return name


_ESCAPED_BYTE = re.compile("[\udc80-\udcff]")


def decode_replacing(data: bytes, encoding: str) -> Decoded:
    """Decode, reading each undecodable byte as U+FFFD and counting them."""
    try:
        return Decoded(data.decode(encoding), encoding)
    except UnicodeDecodeError:
        pass
    # surrogateescape stands each undecodable byte for one lone surrogate: exact to count and replace.
    text, replaced = _ESCAPED_BYTE.subn("\ufffd", data.decode(encoding, errors="surrogateescape"))
    return Decoded(text, encoding, replaced)


def decode(data: bytes, encoding: str | None = None) -> Decoded:
    """Decode a text dump; raise InputError(ENCODING_UNDECIDED / EMPTY_INPUT) when it cannot be done.

    With `encoding` given, a few bytes that are not text in it (up to REPLACEABLE_SHARE) are read as
    U+FFFD and counted (`replaced`), not a reason to drop the whole file; more say the encoding is wrong."""
    if encoding:
        try:
            decoded = decode_replacing(data, encoding)
        except LookupError as exc:
            raise InputError("UNREADABLE_INPUT", f"does not decode as {encoding}: {exc}") from None
        if decoded.replaced > len(data) * REPLACEABLE_SHARE:
            raise InputError(
                "UNREADABLE_INPUT",
                f"does not decode as {encoding}: {decoded.replaced} of its {len(data)} bytes are not {encoding} text; "
                "pass another --encoding, or none to have it detected",
            )
        return decoded
    if not data.strip():
        raise InputError("EMPTY_INPUT", "is empty (no bytes, or only white space)")
    for bom, name in BOMS:
        if data.startswith(bom):
            return Decoded(data.decode(name), name.replace("-sig", "") + (" (BOM)" if "sig" in name else ""))
    # UTF-8 first: text in UTF-16 has a NUL byte in every ASCII character (newlines, digits), and
    # its CJK bytes are not valid UTF-8, so valid UTF-8 without NULs is UTF-8. Trying UTF-16 first
    # cost 5–8 ms on every even-length UTF-8 file (002, 004).
    try:
        text = data.decode("utf-8")
        if "\x00" not in text:
            return Decoded(text, "utf-8")
    except UnicodeDecodeError:
        pass
    utf16 = _utf16_without_bom(data)
    if utf16:
        return utf16
    try:
        return _decode_legacy(data)
    except InputError:
        damaged = _damaged_utf8(data)
        if damaged is None:
            raise
        return damaged


def _damaged_utf8(data: bytes) -> Decoded | None:
    """UTF-8 with a few undecodable bytes, which no strict decode accepts."""
    decoded = decode_replacing(data, "utf-8")
    if decoded.replaced > len(data) * REPLACEABLE_SHARE or "\x00" in decoded.text:
        return None
    if _common_share(decoded.text) < PLAUSIBLE_SHARE:
        return None
    return decoded


def _utf16_without_bom(data: bytes) -> Decoded | None:
    # ASCII-heavy UTF-16 has a NUL in every other byte; CJK-heavy UTF-16 decodes cleanly and is
    # mostly CJK, which is what the plausibility check below tests.
    if len(data) % 2:
        return None
    for name in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(name)
        except UnicodeDecodeError:
            continue
        if _common_share(text) >= PLAUSIBLE_SHARE and "\x00" not in text:
            return Decoded(text, name)
    return None


def _decode_legacy(data: bytes) -> Decoded:
    scored: list[tuple[float, str, str]] = []
    for name in LEGACY_ENCODINGS:
        try:
            text = data.decode(name)
        except UnicodeDecodeError:
            continue
        scored.append((_common_share(text), name, text))
    scored.sort(reverse=True)
    plausible = [s for s in scored if s[0] >= PLAUSIBLE_SHARE]
    if not plausible:
        _refuse_utf8_lines(data)
        raise InputError(
            "ENCODING_UNDECIDED",
            "is not UTF-8, UTF-16, GB18030 or Big5 text (binary, or another encoding); pass --encoding if you know it",
        )
    if len(plausible) > 1 and plausible[0][0] - plausible[1][0] < DECISIVE_MARGIN:
        first, second = sorted((plausible[0][1], plausible[1][1]))
        raise InputError(
            "ENCODING_UNDECIDED",
            f"reads as {LEGACY_NAMES[first]} and as {LEGACY_NAMES[second]} text equally well; "
            f"pass --encoding {first} or --encoding {second} to choose",
        )
    share, name, text = plausible[0]
    _refuse_utf8_lines(data)
    return Decoded(text, "big5" if name == "cp950" else name)


def _refuse_utf8_lines(data: bytes) -> None:
    """Raise ENCODING_UNDECIDED, naming the lines, when a legacy-encoded file holds UTF-8 lines: in
    GB18030 they decode, as garbled characters, or stop the decode and pass for binary."""
    mixed = _utf8_lines(data)
    if not mixed:
        return
    lines = data.split(b"\n")
    rest = b"\n".join(line for n, line in enumerate(lines, 1) if n not in set(mixed))
    for name in LEGACY_ENCODINGS:
        try:
            legacy = rest.decode(name)
        except UnicodeDecodeError:
            continue
        if _common_share(legacy) >= PLAUSIBLE_SHARE:
            shown = ", ".join(f"L{n}" for n in mixed[:5]) + (f" and {len(mixed) - 5} more" if len(mixed) > 5 else "")
            raise InputError(
                "ENCODING_UNDECIDED",
                f"is {LEGACY_NAMES[name]} text with lines in UTF-8 ({shown}); save it in one encoding, "
                f"or pass --encoding {name} to read every line as {LEGACY_NAMES[name]}",
            )


_CJK = re.compile(f"[{CJK}]")


def _utf8_lines(data: bytes) -> list[int]:
    """Numbers of the lines of a legacy-encoded file that are UTF-8 Chinese (a file pasted together
    from two sources): valid UTF-8 with two or more CJK characters, which GB18030 or Big5 text
    almost never is. Every byte of a line decodes in GB18030, so such a line would pass as garbage."""
    lines = []
    for n, line in enumerate(data.split(b"\n"), 1):
        if line.isascii():
            continue
        try:
            text = line.decode("utf-8")
        except UnicodeDecodeError:
            continue
        if len(_CJK.findall(text)) >= 2:
            lines.append(n)
    return lines


_NOT_CJK = re.compile(f"[^{CJK}]+")


def _common_share(text: str) -> float:
    from .normalise import to_simplified

    cjk = _leading_cjk(text, 4000)
    if not cjk:
        return 0.0
    simplified = to_simplified(cjk)
    common = _gb2312_level1()
    return sum(1 for ch in simplified if ch in common) / len(simplified)


def _leading_cjk(text: str, limit: int) -> str:
    """The first `limit` CJK characters of the text, reading no further than needed: this runs on
    every even-length file twice (as UTF-16 LE and BE) before UTF-8 is tried, and the CJK characters
    of a prefix of the text are a prefix of those of the whole."""
    end = limit
    while True:
        cjk = _NOT_CJK.sub("", text[:end])
        if len(cjk) >= limit or end >= len(text):
            return cjk[:limit]
        end *= 2


@lru_cache(maxsize=1)
def _gb2312_level1() -> frozenset[str]:
    """The 3,755 characters of GB2312 level 1, which occupies rows 0xB0–0xD7 (columns 0xA1–0xFE)."""
    characters = set()
    for row in range(0xB0, 0xD8):
        for column in range(0xA1, 0xFF):
            try:
                characters.add(bytes((row, column)).decode("gb2312"))
            except UnicodeDecodeError:  # the five unassigned places at the end of row 0xD7
                pass
    return frozenset(characters)
