"""A government work report (政府工作报告) as an outline: paragraphs, the headings that structure
them, and the parts a parser reads (the review of the past year, the plan for this year, the 实事
list, the 名词解释 appendix).

A report is prose, not a table: it is read from the section's lines (or, for a reader that gives
no lines, from its cells, one paragraph each). Everything here is decided by the report's own
structure — numbering styles and headings — not by one report's wording.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import cached_property

from ...model import Section
from ...model import SourceRef
from ...numbering import Number, opening, value_of
from ...periods import years_in
from ...raw import raw_of_lines

# --- paragraphs ------------------------------------------------------------------------------

# Where a paragraph may end. A line without one of these that is long enough to be prose was
# wrapped: 004 L30 ends in "…惠" and its sentence goes on at L34 "民生、保和谐…".
_TERMINAL = tuple("。!?;:…”\"")
_WRAPPED_MIN_CHARS = 40

# Chapters are numbered "一、", sub-headings "(一)" as typed or "㈠" as one character (kept as printed by
# normalisation, a list marker); mstrack.numbering reads them all.
CHAPTER_STYLES = ("cn",)
SUBHEADING_STYLES = ("paren_cn", "cn_paren_marker")
# Numbered list items, by style: "1." / "1、" (004 实事 list and 名词解释), "(1)", "①", "⑴", "⒈";
# "一是…" items one per paragraph (tests/fixtures/work_reports/taiyuan_yishi_lines.txt: "一是系统治理
# …", "二是持续实施…" each on its own line after "…办好10件民生实事。"); numbered like a sub-heading
# or a chapter but followed by a whole sentence ("(一)新建保障房。…", "一、新建中小学3所。…": a list
# of 实事 printed one per line in a report whose chapters are headed otherwise).
ITEM_STYLES = ("arabic", "paren", "circled", "paren_marker", "stop_marker", "paren_cn", "cn_paren_marker", "yishi", "cn")
# A sub-heading's numbering makes an item only when a whole sentence or more follows it.
_SENTENCE_ITEM_STYLES = {"paren_cn": re.compile(r".+?。.+"), "cn_paren_marker": re.compile(r".+?。.+")}
# A 名词解释 entry's number: "1." "1、" (004), "[1]" "〔1〕" "【1】" "［1］" (NFKC makes it [1]), "(1)".
# One-character list markers (①, ⑴, ⒈) are kept as printed by normalisation and number entries too.
GLOSSARY_STYLES = ("bracket", "paren", "arabic", "circled", "paren_marker", "stop_marker")
# The appendix heading: "名词解释" (004), "附:本报告有关名词解释", "《政府工作报告》名词解释" under "附件2"
# (tests/fixtures/work_reports/qingyuan_2014_glossary.txt), "注释".
GLOSSARY_HEADING = re.compile(
    r"^(?:附件?\d*[:]?|附[:]?)?(?:本报告|《[^》]{2,20}》)?(?:有关|相关|中的)?(?:名词解释|名词注释|注释)[:]?$"
)
_HEADING_MAX_CHARS = 40


@dataclass(frozen=True)
class Paragraph:
    index: int  # position in the section's paragraph list
    text: str  # normalised
    raw: str  # as printed
    ref: SourceRef

    @cached_property  # asked for again and again by find_repeats
    def key(self) -> str:
        """The text with all spaces removed: what two renderings of one paragraph share."""
        return "".join(self.text.split())


def paragraphs(section: Section) -> list[Paragraph]:
    """The section's paragraphs in reading order; wrapped lines are joined back into one."""
    units: list[tuple[str, str, SourceRef]] = []
    if section.lines:
        for line in section.lines:
            if line.text.strip():
                units.append((line.text.strip(), line.raw.strip(), SourceRef(line.number, line.number)))
    else:
        units = [(cell.text.strip(), cell.raw.strip(), cell.ref) for cell in section.grid.cells if not cell.empty]
    joined: list[tuple[str, str, SourceRef]] = []
    for text, raw, ref in units:
        if joined and _continues(joined[-1][0], text):
            prev_text, prev_raw, prev_ref = joined[-1]
            joined[-1] = (prev_text + text, raw_of_lines([prev_raw, raw]), prev_ref.span(ref))
        else:
            joined.append((text, raw, ref))
    return [Paragraph(i, text, raw, ref) for i, (text, raw, ref) in enumerate(joined)]


def _continues(previous: str, text: str) -> bool:
    return (
        len(previous) >= _WRAPPED_MIN_CHARS
        and not previous.endswith(_TERMINAL)
        and heading_level(previous) is None
        and heading_level(text) is None
        and item_style(text) is None
    )


# A chapter heading printed without a number: "过去一年工作回顾", "2024年工作安排".
UNNUMBERED_CHAPTER = re.compile(r"^(?:.{0,16}工作(?:回顾|总结)|(?:(?:19|20)\d\d年|今年).{0,8}(?:工作|任务|安排|要求))$")


def chapter_heading(text: str) -> tuple[str, str] | None:
    """(number as printed, title) of a line numbered like a chapter ("二、2026年工作安排")."""
    found = opening(text, CHAPTER_STYLES)
    return (found[0].printed, found[1].strip()) if found and found[1].strip() else None


def subheading(text: str) -> tuple[Number, str] | None:
    """(number, title) of a line numbered like a sub-heading ("(三)…", "㈢…")."""
    found = opening(text, SUBHEADING_STYLES)
    return (found[0], found[1].strip()) if found and found[1].strip() else None


def heading_level(text: str) -> int | None:
    """1 for a chapter heading (一、…), 2 for a sub-heading ((一)…), None for anything else."""
    chapter = chapter_heading(text)
    if chapter and _reads_like_heading(chapter[1]):
        return 1
    if UNNUMBERED_CHAPTER.match(text):
        return 1
    sub = subheading(text)
    if sub and _reads_like_heading(sub[1]):
        return 2
    return None


def _reads_like_heading(title: str) -> bool:
    return len(title) <= _HEADING_MAX_CHARS and not title.endswith(("。", ";", ","))


def numbered_item(text: str) -> tuple[Number, str] | None:
    """(number, body) of a numbered list item in the first of `ITEM_STYLES` it is numbered in."""
    for style in ITEM_STYLES:
        found = opening(text, (style,))
        if found is None:
            continue
        body = found[1].strip()
        rule = _SENTENCE_ITEM_STYLES.get(style)
        if body and (rule is None or rule.match(body)):
            return found[0], body
    return None


def item_style(text: str) -> str | None:
    found = numbered_item(text)
    return found[0].style if found else None


def split_item(text: str) -> tuple[str, str] | None:
    """(number as printed, body) of a numbered list item."""
    found = numbered_item(text)
    return (found[0].printed, found[1]) if found else None


def split_glossary_item(text: str) -> tuple[str, str] | None:
    """(number, body) of a 名词解释 entry in any of its numbering styles."""
    found = opening(text, GLOSSARY_STYLES)
    if not found or not found[1].strip():
        return None
    return found[0].plain, found[1].strip()


# --- repeated content ------------------------------------------------------------------------

# A repeat is a run of paragraphs printed again in the same order; a run this long cannot be a
# report quoting itself (004 prints the whole page twice, L11–305 again as L338–630).
_REPEAT_ANCHOR_CHARS = 40
_REPEAT_MIN_CHARS = 400


@dataclass(frozen=True)
class Repeat:
    copy: tuple[int, int]  # paragraph indices [start, end) of the second printing
    original: tuple[int, int]  # the same paragraphs' first printing

    def refs(self, paras: list[Paragraph]) -> tuple[SourceRef, SourceRef]:
        def span(start: int, end: int) -> SourceRef:
            return paras[start].ref.span(paras[end - 1].ref)

        return span(*self.copy), span(*self.original)


def find_repeats(paras: list[Paragraph]) -> list[Repeat]:
    """Runs of paragraphs that repeat earlier ones, found by content: a long paragraph seen before
    anchors a run, which grows both ways while the paragraphs match."""
    first_seen: dict[str, int] = {}
    repeats: list[Repeat] = []
    covered_until = 0
    for i, para in enumerate(paras):
        if i < covered_until or len(para.key) < _REPEAT_ANCHOR_CHARS:
            first_seen.setdefault(para.key, i)
            continue
        j = first_seen.get(para.key)
        if j is None:
            first_seen[para.key] = i
            continue
        forward = 0
        while i + forward < len(paras) and j + forward < i and paras[j + forward].key == paras[i + forward].key:
            forward += 1
        back = 0
        while (
            j - back - 1 >= 0
            and i - back - 1 >= max(j + forward, covered_until)
            and paras[j - back - 1].key == paras[i - back - 1].key
        ):
            back += 1
        copy = (i - back, i + forward)
        if sum(len(p.key) for p in paras[copy[0] : copy[1]]) >= _REPEAT_MIN_CHARS:
            repeats.append(Repeat(copy=copy, original=(j - back, j + forward)))
            covered_until = copy[1]
    return repeats


def without_repeats(paras: list[Paragraph], repeats: list[Repeat]) -> list[Paragraph]:
    dropped = {k for r in repeats for k in range(*r.copy)}
    kept = [p for p in paras if p.index not in dropped]
    return [p if p.index == n else replace(p, index=n) for n, p in enumerate(kept)]


# --- outline ---------------------------------------------------------------------------------

# A chapter that looks back: "一、2013年工作回顾", "过去一年工作回顾", "2023年工作总结".
_REVIEW_HEADING = re.compile(r"回顾|过去|总结|去年")
# A year printed in Chinese numerals: "二○一四年工作回顾" (tests/fixtures/work_reports/qiaokou_2015_report.txt).
@dataclass
class Chapter:
    number: str | None  # 一, 二, …; None for text before the first chapter heading
    title: str | None
    role: str  # review (the past year), plan (this year and on), front (before any chapter)
    paragraphs: list[Paragraph] = field(default_factory=list)
    heading: Paragraph | None = None


@dataclass
class Outline:
    chapters: list[Chapter]
    glossary: list[Paragraph]  # paragraphs after the 名词解释 heading
    glossary_heading: Paragraph | None
    review_year: int | None
    plan_year: int | None


def outline(paras: list[Paragraph], plan_year: int | None) -> Outline:
    """Chapters with their roles, and the 名词解释 appendix, of a report's paragraphs."""
    chapters = [Chapter(None, None, "front")]
    numbering = _ChapterNumbering()
    glossary: list[Paragraph] = []
    glossary_heading = None
    for para in paras:
        if glossary_heading is None and GLOSSARY_HEADING.match(para.key):
            glossary_heading = para
            continue
        if glossary_heading is not None:
            glossary.append(para)
            continue
        if heading_level(para.text) != 1:
            numbering.paragraph()
            chapters[-1].paragraphs.append(para)
        elif numbering.restarts(para.text):
            chapters[-1].paragraphs.append(para)
        else:
            found = chapter_heading(para.text)
            number, title = found if found else (None, para.text)
            chapters.append(Chapter(number, title, "front", heading=para))
    review_year = _assign_roles(chapters, plan_year)
    if plan_year is None and review_year is not None:
        plan_year = review_year + 1
    if review_year is None and plan_year is not None:
        review_year = plan_year - 1
    return Outline(chapters, glossary, glossary_heading, review_year, plan_year)


class _ChapterNumbering:
    """Chapter numbers go up. A "一、" after chapter 二 with no part heading between starts a list
    printed like chapters ("二、2026年工作安排" … "一、新建中小学3所" "二、新增养老床位200张"): its lines,
    numbered on from 一, are paragraphs, until a number breaks the run (the next real chapter)."""

    def __init__(self) -> None:
        self.last: int | None = None
        self.expected_item: int | None = None

    def paragraph(self) -> None:
        """A paragraph between two numbered lines ends a list printed like chapters."""
        self.expected_item = None

    def restarts(self, text: str) -> bool:
        found = chapter_heading(text)
        if not found:
            self.last = None  # an unnumbered part heading: its chapters count from 一 again
            self.expected_item = None
            return False
        number = value_of(found[0])
        if self.expected_item is not None and number == self.expected_item:
            self.expected_item += 1
            return True
        if self.last is not None and number is not None and number <= self.last:
            self.expected_item = number + 1
            return True
        self.expected_item = None
        self.last = number
        return False


def _assign_roles(chapters: list[Chapter], plan_year: int | None) -> int | None:
    """The first chapter that looks back is the review; the chapters after it are the plan.
    Returns the reviewed year its heading names, if any.

    Reports print their outline at one of two levels. Most number the parts: "一、2013年工作回顾",
    "二、2014年政府工作" (004). Others head the parts without a number and number the chapters
    inside them: "2018年工作回顾" then "一、强化高位拼搏,经济发展质效并进"
    (tests/fixtures/work_reports/wuchang_2019_report.txt, qiaokou_2015_report.txt). There a numbered
    chapter belongs to the part above it and takes its role."""
    review_year = None
    seen_review = False
    has_parts = any(c.number is None for c in chapters[1:])
    part_role: str | None = None
    for chapter in chapters[1:]:
        if has_parts and chapter.number is not None and part_role is not None:
            chapter.role = part_role
            continue
        years = years_in(chapter.title or "")
        looks_back = bool(_REVIEW_HEADING.search(chapter.title or "")) or bool(
            plan_year is not None and years and max(years) < plan_year
        )
        if not seen_review and looks_back:
            chapter.role = "review"
            seen_review = True
            review_year = years[-1] if years else None
        elif seen_review:
            chapter.role = "plan"
        if chapter.number is None:
            part_role = chapter.role
    if not seen_review:
        # No chapter looks back: the chapters that name this year are the plan.
        for chapter in chapters[1:]:
            if "今年" in (chapter.title or "") or (plan_year is not None and plan_year in years_in(chapter.title or "")):
                chapter.role = "plan"
    return review_year
