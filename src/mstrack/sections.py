"""Split a notice's lines into sections: the cover text, each attachment (附件1, 附件2, …) and each
table that a title line opens after a letter or another table."""

from __future__ import annotations

import re
from functools import lru_cache

from .model import Line

# A line that is nothing but an attachment label starts a section (002 L26 "附件1", 003 L27).
# "附件：1.2024年…责任清单" in a cover letter lists the attachments and starts nothing, and a bare
# "附件" / "附件：" heads the table that follows it (000 L2) or a report's glossary (004).
ATTACHMENT_LABEL = re.compile(r"^附件\s*(\d+|[一二三四五六七八九十]+)\s*[:：]?$")
# A bare "附件" opens a section when a table's title follows it ("附件" / "2016年…目标任务分解表"): a
# notice with one attachment labels it so. Before a report's title (004 L5) or a glossary it opens none.
BARE_LABEL = re.compile(r"^附件\s*[:：]?$")
TABLE_TITLE = re.compile(r"(表|清单|一览|情况|分工|分解|安排)\s*(\(.{1,12}\))?$")
TITLE_LOOKAHEAD = 3


# A letter's wording: its title, its addressees, its 文号.
COVER_WORDING = re.compile(r"通知|各.{0,12}(单位|政府|部门)[:：]|〔\d{4}〕")
MAX_TITLE_CHARS = 60
HEADER_ROLES = 2  # header words a line (or the lines after a title) holds to be a table's header
# Where a line of a text dump parts into cells: a pipe, a tab, or a run of spaces.
CELL_SEPARATOR = re.compile(r"[|\t]|[ \u3000]{2,}")


def split_sections(lines: list[Line]) -> list[list[Line]]:
    """Lines grouped into sections; a section starts at each attachment label, and at a table's
    title line (its header right below) that follows a letter or another table."""
    texts = [line.text for line in lines]
    filled_before = [0]  # non-blank lines before each line
    for text in texts:
        filled_before.append(filled_before[-1] + bool(text.strip()))
    starts = [0]
    table_seen: dict[int, bool] = {}  # line → whether it is a table's header line, as asked
    # Only a line with 附件 or a title's ending can open a section: the rest are passed over in C.
    for n in _candidates(texts):
        start = starts[-1]
        filled = filled_before[n] - filled_before[start]
        opens = _opens_section(lines, n) or (
            filled > 0 and _is_table_title(lines, n)
            and (any(_is_table_line(texts[i], table_seen, i) for i in range(start, n))
                 or COVER_WORDING.search("\n".join(texts[start:n])) is not None)
        )
        if opens and filled and n > start:
            starts.append(n)
    sections = [lines[a:b] for a, b in zip(starts, starts[1:] + [len(lines)])]
    return [section for section in sections if any(line.text.strip() for line in section)]


def _candidates(texts: list[str]) -> list[int]:
    return [n for n, text in enumerate(texts) if "附件" in text or (text and TABLE_TITLE.search(text.strip()))]


def _is_table_line(text: str, seen: dict[int, bool], i: int) -> bool:
    if i not in seen:
        seen[i] = CELL_SEPARATOR.search(text) is not None and _header_words(text) >= HEADER_ROLES
    return seen[i]


def _opens_section(lines: list[Line], n: int) -> bool:
    text = lines[n].text.strip()
    if ATTACHMENT_LABEL.match(text):
        return True
    if not BARE_LABEL.match(text):
        return False
    following = [l.text.strip() for l in lines[n + 1 : n + 1 + 4 * TITLE_LOOKAHEAD] if l.text.strip()][:TITLE_LOOKAHEAD]
    return any(len(t) <= MAX_TITLE_CHARS and TABLE_TITLE.search(t) for t in following)


def _is_table_title(lines: list[Line], n: int) -> bool:
    """A title line ("…进展情况表") with a table's header right below it: on the next line, or as
    the header cells printed one per line after it."""
    text = lines[n].text.strip()
    if not text or len(text) > MAX_TITLE_CHARS or not TABLE_TITLE.search(text) or _header_words(text):
        return False
    following = [l.text.strip() for l in lines[n + 1 : n + 1 + 4 * TITLE_LOOKAHEAD] if l.text.strip()][:TITLE_LOOKAHEAD]
    if not following:
        return False
    return _header_words(following[0]) >= HEADER_ROLES or sum(_header_words(t) for t in following) >= HEADER_ROLES + 1


@lru_cache(maxsize=8192)
def _header_words(text: str) -> int:
    from .parsers.header import role_of

    return sum(1 for cell in CELL_SEPARATOR.split(text) if cell.strip() and role_of(cell.strip().rstrip("|")))
