"""Split a notice's lines into sections: the cover text and each attachment (附件1, 附件2, …)."""

from __future__ import annotations

import re

from .document import Line

# A line that is nothing but an attachment label starts a section (002 L26 "附件1", 003 L27).
# "附件：1.2024年…责任清单" in a cover letter lists the attachments and starts nothing, and a bare
# "附件" / "附件：" heads the table that follows it (000 L2) or a report's glossary (004).
ATTACHMENT_LABEL = re.compile(r"^附件\s*(\d+|[一二三四五六七八九十]+)\s*[:：]?$")


def split_sections(lines: list[Line]) -> list[list[Line]]:
    """Lines grouped into sections; a section starts at each attachment label."""
    sections: list[list[Line]] = [[]]
    for line in lines:
        if ATTACHMENT_LABEL.match(line.text.strip()) and any(l.text.strip() for l in sections[-1]):
            sections.append([])
        sections[-1].append(line)
    return [section for section in sections if any(line.text.strip() for line in section)]
