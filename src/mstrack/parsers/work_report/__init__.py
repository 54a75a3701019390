"""Government work reports (政府工作报告): the year's 实事 projects and their targets, the statistics
of the year reviewed and of the year planned, and the 名词解释 glossary.

The report's structure drives the parse (`structure.py`): chapter headings give the review
and the plan, the 实事 list is the numbered list after the paragraph that announces it, and the
glossary is what follows the 名词解释 heading. What the report does not hold is said in a finding,
never guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ...model import Finding, Section, SourceRef
from ...numbering import value_of
from ...raw import raw_of_lines
from ...rows import glossary_row, indicator_row, project_row, target_rows
from .. import ParseContext, ParseResult
from .indicators import Statement, sentences, statements
from .lists import (
    ListItem,
    announced_count,
    clause_list,
    close_last,
    group_name,
    inline_list,
    is_list_name,
    lead_units,
    names_list,
)
from .structure import (
    Chapter,
    Outline,
    Paragraph,
    find_repeats,
    heading_level,
    numbered_item,
    outline,
    paragraphs,
    split_glossary_item,
    split_item,
    subheading,
    without_repeats,
)

KIND = "work_report"
# Paragraphs allowed between the announcement and its first item (004: the sub-heading, then one
# sentence of introduction).
MAX_INTRO_PARAGRAPHS = 1
MIN_LIST_ITEMS = 2
# An announcement that sends the reader to an appendix ("…十件民生实事(见附件1)"): the list is
# the appendix's own section and is read there.
IN_APPENDIX = re.compile(r"附件|附后|附表")
# The sentence of the year's main targets: 004 L115 "…主要预期目标建议安排为:地区生产总值增长8.50%;…".
ANNOUNCES_TARGETS = re.compile(r"(?:主要|预期|发展)目标[^:]{0,12}:")
# One target per line after the announcement: "——地区生产总值增长7.8%左右;".
# Or numbered: "1. 地区生产总值增长5.5%左右。" (a report that numbers its targets).
TARGET_LINE = re.compile(r"^(?:——|—|-|·|\d{1,2}\s*[.、](?!\d)|\(\d{1,2}\)|[①-⑳])")
# A list item opens with a short heading sentence (004 "1. 加快保障房建设。竣工…").
ITEM_HEADING = re.compile(r"^([^。;:,]{2,20})[。:]\s*(.+)$")
# A glossary entry: term, then ":" (004 "4. 个转企:指个体工商户…") or "——".
GLOSSARY_ENTRY = re.compile(r"^([^。:;]{1,40}?)(?::|——)\s*(.+)$")


@dataclass(frozen=True)
class ListedProject:
    seq: str
    body: str
    raw: str
    ref: SourceRef
    category: str | None = None


@dataclass(frozen=True)
class GlossaryEntry:
    seq: int | None
    term: str | None
    definition: str
    paragraph: Paragraph
    ref: SourceRef


def parse(section: Section, context: ParseContext) -> ParseResult:
    result = ParseResult()
    paras = paragraphs(section)
    repeats = find_repeats(paras)
    for repeat in repeats:
        copy, original = repeat.refs(paras)
        result.findings.append(
            _finding(
                context,
                "DUPLICATE_SECTION",
                "info",
                f"lines {_lines(copy)} repeat lines {_lines(original)} (the same text printed twice); "
                f"only the first printing was read",
                table="documents",
                ref=str(copy),
            )
        )
    report = outline(without_repeats(paras, repeats), context.year)
    glossary = _glossary_entries(report)
    found, unsplit = _project_list(report, glossary)
    _add_projects(result, section, context, found.items)
    _add_indicators(result, context, report, skip={p.index for p in found.used})
    _add_glossary(result, context, report, glossary)
    if unsplit is not None and IN_APPENDIX.search(unsplit.announcement.text):
        pass  # printed in an appendix: its own section, read there
    elif unsplit is not None:
        count = f"{unsplit.count} items" if unsplit.count else "a list"
        result.findings.append(
            _finding(
                context,
                "PROJECT_LIST_NOT_SPLIT",
                "warning",
                f"the report announces {count} of 实事 (“{names_list(unsplit.announcement.text).group(0)}”) but no "
                f"list of them was read (not printed here, or its items could not be told apart); no projects were "
                f"made, check the text by hand",
                table="projects",
                ref=str(unsplit.announcement.ref),
            )
        )
    elif found.items and found.announcement is not None:
        count = announced_count(found.announcement.text)
        if count is not None and count != len(found.items):
            result.findings.append(
                _finding(
                    context,
                    "PROJECT_COUNT_MISMATCH",
                    "warning",
                    f"the report announces {count} 实事 but lists {len(found.items)}; every listed item was kept",
                    table="projects",
                    ref=str(found.announcement.ref),
                )
            )
    elif not found.items and any(c.role != "front" for c in report.chapters):
        result.findings.append(
            _finding(
                context,
                "NO_PROJECT_LIST",
                "warning",
                "the report announces no numbered 实事 list (1. … / (1) … / 一是…); no projects were read from it",
                table="projects",
                ref=str(section.ref),
            )
        )
    # An appendix that holds the list (its own section) has no chapters of its own to find.
    appendix_list = bool(found.items) and section.index > 0
    if len(report.chapters) == 1 and report.glossary_heading is None and not appendix_list:
        result.findings.append(
            _finding(
                context,
                "NO_REPORT_OUTLINE",
                "warning",
                "the report has no chapter headings (一、… or …工作回顾); its statistics were not read",
                table="indicators",
                ref=str(section.ref),
            )
        )
    return result


# --- 实事 projects ----------------------------------------------------------------------------


@dataclass
class ProjectList:
    items: list[ListedProject]
    used: list[Paragraph]  # paragraphs the list was read from (not read again as statistics)
    announcement: Paragraph | None = None


@dataclass(frozen=True)
class Unsplit:
    """A list announced as such whose items could not be told apart."""

    announcement: Paragraph
    count: int | None


def _project_list(report: Outline, glossary: list[GlossaryEntry]) -> tuple[ProjectList, Unsplit | None]:
    """The year's 实事 list: in the plan chapters first, then in chapters of no known role (an
    appendix, an excerpt), never in the review (last year's list, reported done), and last in a
    名词解释 entry that lists it."""
    plan = [c for c in report.chapters if c.role == "plan"]
    others = [c for c in report.chapters if c.role == "front"]
    unsplit: Unsplit | None = None
    for chapter in plan + others:
        found, missed = _list_in(chapter)
        if found.items:
            return found, None
        unsplit = unsplit or missed
    for entry in glossary:
        if entry.term and is_list_name(entry.term):
            items = inline_list(entry.definition, entry.paragraph.raw) or clause_list(entry.term + ":" + entry.definition)
            if len(items) >= MIN_LIST_ITEMS:
                listed = [ListedProject(i.seq, i.body, entry.paragraph.raw, entry.paragraph.ref, i.category) for i in items]
                return ProjectList(listed, [], entry.paragraph), None
    return ProjectList([], []), unsplit


def _announces(para: Paragraph, is_heading: bool) -> re.Match[str] | None:
    """A list is announced by its name (data/project_list_names.csv) in a heading, with a count
    ("十件民生实事"), or at the end of the sentence that leads into it ("…办好以下民生实事:")."""
    found = names_list(para.text)
    if found is None:
        return None
    if is_heading or announced_count(para.text) is not None:
        return found
    tail = para.text[found.end() :]
    return found if re.match(r"^[^。;]{0,12}(?:[:：]|如下|包括)", tail) or not tail.strip(_TAIL_EDGE) else None


_TAIL_EDGE = " 。;:,"


def _list_in(chapter: Chapter) -> tuple[ProjectList, Unsplit | None]:
    scan = ([chapter.heading] if chapter.heading else []) + chapter.paragraphs
    missed: Unsplit | None = None
    for n, para in enumerate(scan):
        is_heading = heading_level(para.text) is not None
        announced = _announces(para, is_heading)
        if announced is None:
            continue
        count = announced_count(para.text)
        rest = para.text[announced.start() :]
        items = inline_list(rest, para.raw) or clause_list(rest)
        if len(items) >= MIN_LIST_ITEMS and (count is None or len(items) >= count or not _names_only(items)):
            return ProjectList([ListedProject(i.seq, i.body, para.raw, para.ref, i.category) for i in items], [para], para), None
        found = _list_after(scan, n)
        if found.items:
            return replace(found, announcement=para), None
        missed = missed or Unsplit(para, count)
    return ProjectList([], []), missed


def _names_only(items: list[ListItem]) -> bool:
    return all(len(i.body) <= 24 and not re.search(r"\d", i.body) for i in items)


def _list_after(scan: list[Paragraph], n: int) -> ProjectList:
    """The list in the paragraphs after its announcement: numbered lines, or one paragraph of
    inline numbers, after at most MAX_INTRO_PARAGRAPHS of introduction."""
    for intro in range(1, MAX_INTRO_PARAGRAPHS + 2):
        if n + intro >= len(scan):
            break
        candidate = scan[n + intro]
        # A sub-heading ends the search; a line shaped like a chapter heading among a chapter's
        # paragraphs is a list item the outline kept there (structure._ChapterNumbering).
        # Short items numbered "(一)" look like sub-headings; after an announcement that ends in a
        # colon ("…办好以下十件民生实事:") they are the list, numbered from 一.
        headed_items = intro == 1 and _introduces(scan[n]) and _subheading_item(candidate, "一") is not None
        if heading_level(candidate.text) == 2 and not headed_items:
            break
        if _line_item(candidate) is not None or headed_items:
            listed = _numbered_list(scan[n + intro :], group=_group_of(scan[n + intro - 1]), headed_items=headed_items)
            if len(listed.items) >= MIN_LIST_ITEMS:
                return listed
            break
        inline = inline_list(candidate.text, candidate.raw)
        if len(inline) >= MIN_LIST_ITEMS:
            return ProjectList([ListedProject(i.seq, i.body, candidate.raw, candidate.ref, i.category) for i in inline], [candidate])
    return ProjectList([], [])


def _introduces(para: Paragraph) -> bool:
    return para.text.rstrip().endswith((":", "：")) and heading_level(para.text) is None


def _subheading_item(para: Paragraph, expected: str) -> tuple[str, str, str] | None:
    """A line shaped like a sub-heading "(三)新增养老床位200张" read as the list's item `expected`."""
    found = subheading(para.text)
    # "(三)" typed, or "㈢" as one character: the numbering it prints either way.
    if found is None or found[0].value != value_of(expected):
        return None
    return "paren_cn", found[0].plain, found[1]


def _line_item(para: Paragraph) -> tuple[str, str, str] | None:
    """(style, seq, body) of a paragraph that opens with a list number (① kept as printed)."""
    found = numbered_item(para.text)
    if found is None:
        return None
    return found[0].style, found[0].plain, found[1]


def _group_of(para: Paragraph) -> str | None:
    """The name of a group of items ("教育工程3项:") printed on its own line before them."""
    return group_name(para.text) if len(para.text) <= 40 and para.text.rstrip().endswith((":", "：")) else None


def _numbered_list(scan: list[Paragraph], group: str | None = None, headed_items: bool = False) -> ProjectList:
    """Consecutive items of the first item's numbering style; a line that names a group and a new
    run from 1 under it continue the list ("城建工程10项:" 1…10, "教育工程3项:" 1…3). Items shaped
    like sub-headings (`headed_items`) go on only while each is numbered one more than the last."""
    first = _line_item(scan[0]) or _subheading_item(scan[0], "一")
    style = first[0]
    listed: list[ListedProject] = []
    used: list[Paragraph] = []
    groups = [group]
    n = 0
    while n < len(scan):
        item = _line_item(scan[n])
        if item is None and headed_items and listed:
            item = _subheading_item(scan[n], str((value_of(listed[-1].seq) or 0) + 1))
        elif item is None and headed_items:
            item = _subheading_item(scan[n], "一")
        if item is None or item[0] != style:
            head = _group_of(scan[n])
            after = _line_item(scan[n + 1]) if n + 1 < len(scan) else None
            if head and after and after[0] == style and after[1] in ("1", "一"):
                groups.append(head)
                n += 1
                continue
            resumes = _resumes(scan, n, style, listed[-1].seq) if listed else None
            if resumes is None:
                break
            # Sub-items ("(1)…(2)…" under "1.") or paragraphs of the item: part of it, when the
            # list goes on with its next number after them.
            last = listed[-1]
            extra = "".join(p.text for p in scan[n:resumes])
            listed[-1] = replace(last, body=last.body + extra, raw=raw_of_lines([last.raw, *(p.raw for p in scan[n:resumes])]),
                                 ref=last.ref.span(scan[resumes - 1].ref))
            used += scan[n:resumes]
            n = resumes
            continue
        listed.append(ListedProject(item[1], item[2], scan[n].raw, scan[n].ref, groups[-1]))
        used.append(scan[n])
        n += 1
    if len(groups) == 1:
        listed = [replace(p, category=None) for p in listed]
    if listed:
        others = [ListItem(p.seq, p.body) for p in listed[:-1]]
        listed[-1] = replace(listed[-1], body=close_last(listed[-1].body, others))
    return ProjectList(listed, used)


# How many paragraphs of sub-items or continuation an item may hold before the list's next number.
MAX_ITEM_PARAGRAPHS = 8


def _resumes(scan: list[Paragraph], n: int, style: str, seq: str) -> int | None:
    """Where the list goes on with the number after `seq`, if it does within MAX_ITEM_PARAGRAPHS
    and no heading comes first."""
    expected = (value_of(seq) or 0) + 1
    for k in range(n, min(len(scan), n + MAX_ITEM_PARAGRAPHS + 1)):
        if heading_level(scan[k].text) == 2:
            return None
        item = _line_item(scan[k])
        if item is not None and item[0] == style:
            return k if value_of(item[1]) == expected else None
    return None


def _add_projects(result: ParseResult, section: Section, context: ParseContext, listed: list[ListedProject]) -> None:
    for ordinal, item in enumerate(listed):
        body, leads, cos = lead_units(item.body)
        heading = ITEM_HEADING.match(body)
        name, task = (heading.group(1), heading.group(2)) if heading else (None, body)
        project = project_row(
            context.doc_id, section.index, KIND, ordinal, name=name, task=task, ref=item.ref, raw=item.raw,
            seq=item.seq, category=item.category, lead_units=leads, co_units=cos,
        )
        result.add("projects", project)
        for target in target_rows(project, task, item.ref):
            result.add("targets", target)
    numbers = [value_of(item.seq) for item in listed]
    runs = _runs(numbers)
    if any(run != list(range(run[0], run[0] + len(run))) for run in runs if None not in run):
        result.findings.append(
            _finding(
                context,
                "NUMBERING_GAP",
                "warning",
                f"the 实事 list is numbered {', '.join(item.seq for item in listed)}; check the source for a missing or repeated item",
                table="projects",
                ref=str(listed[0].ref.span(listed[-1].ref)),
            )
        )


def _runs(numbers: list[int | None]) -> list[list[int | None]]:
    """A list's numbers cut where a group starts again at 1."""
    runs: list[list[int | None]] = []
    for number in numbers:
        if not runs or number == 1:
            runs.append([])
        runs[-1].append(number)
    return runs


# --- indicators ------------------------------------------------------------------------------


def _add_indicators(result: ParseResult, context: ParseContext, report: Outline, skip: set[int]) -> None:
    ordinal = 0
    for chapter in report.chapters:
        if chapter.role == "front":
            continue
        basis, year = ("actual", report.review_year) if chapter.role == "review" else ("planned", report.plan_year)
        target_list = False
        for para in chapter.paragraphs:
            if para.index in skip or heading_level(para.text) is not None:
                continue
            planned = chapter.role == "plan"
            # The targets may follow their announcement one per line: "…主要预期目标:" then
            # "——地区生产总值增长7.8%左右;" (武汉市武昌区2019年国民经济和社会发展计划).
            if target_list and TARGET_LINE.match(para.text):
                numbered = split_item(para.text)
                line = numbered[1] if numbered else para.text
                found = [s for sentence in sentences(line) for s in statements(sentence, every_figure=True)]
            else:
                found = _paragraph_statements(para, planned=planned)
                announced = ANNOUNCES_TARGETS.search(para.text) if planned else None
                target_list = bool(announced) and not para.text[announced.end() :].strip()
            if not found and announced_targets(para, planned):
                result.findings.append(
                    _finding(
                        context,
                        "TARGETS_NOT_READ",
                        "warning",
                        "the paragraph announces the year's main targets (主要预期目标) but no figure was read from it; "
                        "check it by hand",
                        table="indicators",
                        ref=str(para.ref),
                    )
                )
            for statement in found:
                first_year, last_year = None, statement.year or year
                if statement.multi_year:
                    first_year, last_year = _years_covered(statement, para, chapter, last_year, basis)
                row = _indicator_row(context, ordinal, statement, basis, last_year, para.ref)
                result.add("indicators", row | {"first_year": first_year, "multi_year": statement.multi_year})
                ordinal += 1


def announced_targets(para: Paragraph, planned: bool) -> bool:
    """A paragraph that announces the year's main targets and states them, not one that only
    introduces a list of them on the lines after ("…主要预期目标:")."""
    if not planned:
        return False
    announced = ANNOUNCES_TARGETS.search(para.text) or TARGETS_NAMED.search(para.text)
    return bool(announced) and bool(para.text[announced.end() :].strip(" 。;:"))


# "主要预期目标是", "主要预期目标为" without a colon.
TARGETS_NAMED = re.compile(r"主要预期目标(?:是|为|建议安排为|安排为)")
# Over which years a multi-year figure runs: "2021—2025年", "“十四五”时期", "过去五年", "今后五年".
YEAR_RANGE = re.compile(r"((?:19|20)\d{2})\s*[-—–~至到]\s*((?:19|20)\d{2})\s*年")
FIVE_YEAR_PLAN = re.compile(r"“?十([一二三四五六七八九]?)五”?(?:时期|期间|规划|以来)")
YEARS_SPAN = re.compile(r"(?:过去|近|这|今后|未来|本届政府)([两二三四五六七八九十]|\d{1,2})年|([两二三四五六七八九十]|\d{1,2})年(?:来|间|累计)")


def _years_covered(statement: Statement, para: Paragraph, chapter: Chapter, year: int | None,
                   basis: str) -> tuple[int | None, int | None]:
    """(first, last) year of a multi-year figure, from the sentence, else its paragraph, else its
    chapter's heading: a review's "过去五年" ends with the year reviewed, a plan's "今后五年"
    starts with the year planned. (None, year) when the report does not say."""
    for text in (statement.text, para.text, chapter.title or ""):
        found = YEAR_RANGE.search(text)
        if found:
            return int(found.group(1)), int(found.group(2))
        plan = FIVE_YEAR_PLAN.search(text)
        if plan:
            first = FIRST_PLAN_YEAR + PLAN_YEARS * (value_of(plan.group(1)) if plan.group(1) else 0)
            return first, first + PLAN_YEARS - 1
        span = YEARS_SPAN.search(text)
        n = value_of(span.group(1) or span.group(2)) if span else None
        if n and year is not None:
            return (year - n + 1, year) if basis == "actual" else (year, year + n - 1)
    return None, year


# "十五" (2001–2005) is the first five-year plan of this century; "十一五" 2006–2010, "十四五" 2021–2025.
FIRST_PLAN_YEAR = 2001
PLAN_YEARS = 5


def _paragraph_statements(para: Paragraph, planned: bool) -> list[Statement]:
    """In the sentence of the year's main targets every figure counts, whatever it measures."""
    announced = (ANNOUNCES_TARGETS.search(para.text) or TARGETS_NAMED.search(para.text)) if planned else None
    if announced:
        head, targets = para.text[: announced.end()], para.text[announced.end() :]
        found = [s for sentence in sentences(head) for s in statements(sentence)]
        return found + [s for sentence in sentences(targets) for s in statements(sentence, every_figure=True)]
    return [s for sentence in sentences(para.text) for s in statements(sentence)]


def _indicator_row(
    context: ParseContext, ordinal: int, statement: Statement, basis: str, year: int | None, ref: SourceRef
) -> dict:
    return indicator_row(context.doc_id, basis, ordinal, year=year, metric=statement.metric, quantity=statement.quantity,
                         comparator=statement.comparator, change_pct=statement.change_pct, text=statement.text, ref=ref)


# --- glossary --------------------------------------------------------------------------------

# What follows the last entry when the appendix ends: a short line that is no sentence (004: the
# page's header "政府工作" printed again). A wrapped definition goes on in a sentence or a long line.
_DEFINITION_GOES_ON_CHARS = 20
# An entry's number and term alone on a line: no sentence, no colon.
_TERM_ALONE = re.compile(r"^[^。;:,]{1,30}$")


def _glossary_entries(report: Outline) -> list[GlossaryEntry]:
    entries: list[GlossaryEntry] = []
    for para in report.glossary:
        item = split_glossary_item(para.text)
        if item is None:
            if not entries:
                continue
            if len(para.text) < _DEFINITION_GOES_ON_CHARS and not para.text.endswith(("。", ";", "；")):
                break  # the appendix ended
            last = entries[-1]
            if last.term is None and _TERM_ALONE.match(last.definition):
                # "1. 城市大脑" on its line, its explanation on the next
                last = replace(last, term=last.definition, definition="")
            entries[-1] = replace(last, definition=last.definition + para.text, ref=last.ref.span(para.ref))
            continue
        seq, body = item
        found = GLOSSARY_ENTRY.match(body)
        term, definition = (found.group(1).strip(), found.group(2).strip()) if found else (None, body)
        entries.append(GlossaryEntry(value_of(seq), term, definition, para, para.ref))
    return entries


def _add_glossary(result: ParseResult, context: ParseContext, report: Outline, entries: list[GlossaryEntry]) -> None:
    if report.glossary_heading is not None and not entries:
        result.findings.append(
            _finding(
                context,
                "GLOSSARY_NOT_READ",
                "warning",
                "the report has a 名词解释 heading but no numbered entry ([1], 〔1〕, 【1】, 1.) was read after it",
                table="glossary",
                ref=str(report.glossary_heading.ref),
            )
        )
    for ordinal, entry in enumerate(entries):
        if entry.term is None:
            result.findings.append(
                _finding(
                    context,
                    "GLOSSARY_TERM_MISSING",
                    "warning",
                    f"名词解释 entry {entry.seq} prints no term before its explanation; its term was left empty",
                    table="glossary",
                    ref=str(entry.ref),
                )
            )
        result.add("glossary", glossary_row(context.doc_id, ordinal, seq=entry.seq, term=entry.term,
                                            definition=entry.definition, ref=entry.ref))


# --- helpers ---------------------------------------------------------------------------------


def _finding(context: ParseContext, code: str, severity: str, message: str, table: str | None = None,
             ref: str | None = None) -> Finding:
    return Finding(code, severity, message, doc_id=context.doc_id, source_path=context.source_path, table=table, ref=ref)


def _lines(ref: SourceRef) -> str:
    return str(ref).removeprefix("L")
