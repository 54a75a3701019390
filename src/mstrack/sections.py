"""Split a notice's lines into sections: the cover text and each attachment (附件1, 附件2, …)."""

from __future__ import annotations

import re

from .document import Line

# A line that is nothing but an attachment label starts a section (002 L26 "附件1", 003 L27).
# "附件：1.2024年…责任清单" in a cover letter lists the attachments and starts nothing, and a bare
# "附件" / "附件：" heads the table that follows it (000 L2) or a report's glossary (004).
ATTACHMENT_LABEL = re.compile(r"^附件\s*(\d+|[一二三四五六七八九十]+)\s*[:：]?$")
# A bare "附件" opens a section when a table's title follows it ("附件" / "2016年…目标任务分解表"): a
# notice with one attachment labels it so. Before a report's title (004 L5) or a glossary it opens none.
BARE_LABEL = re.compile(r"^附件\s*[:：]?$")
TABLE_TITLE = re.compile(r"(表|清单|一览|情况)\s*(\(.{1,12}\))?$")
TITLE_LOOKAHEAD = 3


def split_sections(lines: list[Line]) -> list[list[Line]]:
    """Lines grouped into sections; a section starts at each attachment label."""
    sections: list[list[Line]] = [[]]
    for n, line in enumerate(lines):
        if _opens_section(lines, n) and any(l.text.strip() for l in sections[-1]):
            sections.append([])
        sections[-1].append(line)
    return [section for section in sections if any(line.text.strip() for line in section)]


def _opens_section(lines: list[Line], n: int) -> bool:
    text = lines[n].text.strip()
    if ATTACHMENT_LABEL.match(text):
        return True
    if not BARE_LABEL.match(text):
        return False
    following = [l.text.strip() for l in lines[n + 1 : n + 1 + 4 * TITLE_LOOKAHEAD] if l.text.strip()][:TITLE_LOOKAHEAD]
    return any(len(t) <= 60 and TABLE_TITLE.search(t) for t in following)
