"""Government work reports (政府工作报告): the year's 实事 projects and their targets, the statistics
of the year reviewed and of the year planned, and the 名词解释 glossary.

The report's structure drives the parse (`report_structure.py`): chapter headings give the review
and the plan, the 实事 list is the numbered list after the paragraph that announces it, and the
glossary is what follows the 名词解释 heading. What the report does not hold is said in a finding,
never guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..document import Section
from ..findings import Finding
from ..grid import SourceRef
from ..ids import make_id
from ..indicators import Statement, sentences, statements
from ..normalise import marker_numbering
from ..report_structure import (
    Chapter,
    Outline,
    Paragraph,
    find_repeats,
    heading_level,
    inline_items,
    item_style,
    outline,
    paragraphs,
    split_item,
    without_repeats,
)
from ..rows import project_row, target_rows
from . import ParseContext, ParseResult

KIND = "work_report"
# The paragraph or heading that announces the year's 实事 list: 004 "(七)…有效体现实事工程新水平",
# "继续实施政府为民办实事项目…"; elsewhere "十件民生实事", "为民办实事项目". Not 实事求是.
ANNOUNCES_PROJECTS = re.compile(r"实事(?!求是)")
# Paragraphs allowed between the announcement and its first item (004: the sub-heading, then one
# sentence of introduction).
MAX_INTRO_PARAGRAPHS = 1
MIN_LIST_ITEMS = 2
# The sentence of the year's main targets: 004 L115 "…主要预期目标建议安排为:地区生产总值增长8.50%;…".
ANNOUNCES_TARGETS = re.compile(r"(?:主要|预期|发展)目标[^:]{0,12}:")
# One target per line after the announcement: "——地区生产总值增长7.8%左右;".
TARGET_LINE = re.compile(r"^(?:——|—|-|·)")
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
    listed, list_paragraphs = _project_list(report)
    _add_projects(result, section, context, listed)
    _add_indicators(result, context, report, skip={p.index for p in list_paragraphs})
    _add_glossary(result, context, report)
    if not listed and any(c.role != "front" for c in report.chapters):
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
    if len(report.chapters) == 1 and report.glossary_heading is None:
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


def _project_list(report: Outline) -> tuple[list[ListedProject], list[Paragraph]]:
    """The year's 实事 list: looked for in the plan chapters first, then anywhere."""
    plan = [c for c in report.chapters if c.role == "plan"]
    others = [c for c in report.chapters if c.role != "plan"]
    for chapters in (plan, others):
        for chapter in chapters:
            found = _list_in(chapter)
            if found[0]:
                return found
    return [], []


def _list_in(chapter: Chapter) -> tuple[list[ListedProject], list[Paragraph]]:
    scan = ([chapter.heading] if chapter.heading else []) + chapter.paragraphs
    for n, para in enumerate(scan):
        if not ANNOUNCES_PROJECTS.search(para.text):
            continue
        for intro in range(MAX_INTRO_PARAGRAPHS + 2):
            if n + intro >= len(scan):
                break
            candidate = scan[n + intro]
            if heading_level(candidate.text) is not None:
                if intro:
                    break
                continue  # the announcing heading itself
            inline = _inline_list(candidate)
            if inline:
                return inline, [candidate]
            if item_style(candidate.text):
                listed = _numbered_list(scan[n + intro :])
                if len(listed[0]) >= MIN_LIST_ITEMS:
                    return listed
                break
    return [], []


def _numbered_list(scan: list[Paragraph]) -> tuple[list[ListedProject], list[Paragraph]]:
    """Consecutive items of the first item's numbering style."""
    style = item_style(scan[0].text)
    listed, used = [], []
    for para in scan:
        if item_style(para.text) != style:
            break
        seq, body = split_item(para.text)
        listed.append(ListedProject(_seq(seq), body, para.raw, para.ref))
        used.append(para)
    return listed, used


def _inline_list(para: Paragraph) -> list[ListedProject]:
    """"一是…;二是…" items inside one paragraph; the raw text is split the same way when it can be."""
    items = inline_items(para.text)
    if len(items) < MIN_LIST_ITEMS:
        return []
    raw_items = inline_items(para.raw)
    raws = [body for _, body, _ in raw_items] if len(raw_items) == len(items) else [body for _, body, _ in items]
    return [ListedProject(seq, body, raw, para.ref) for (seq, body, _), raw in zip(items, raws)]


def _seq(printed: str) -> str:
    """A list marker (①, ⑴, ⒈, ㈠) as the numbering it prints (1, 1, 1, 一); other numbering as printed."""
    return marker_numbering(printed) or printed


def _add_projects(result: ParseResult, section: Section, context: ParseContext, listed: list[ListedProject]) -> None:
    for ordinal, item in enumerate(listed):
        heading = ITEM_HEADING.match(item.body)
        name, task = (heading.group(1), heading.group(2)) if heading else (None, item.body)
        project = project_row(
            context.doc_id, section.index, KIND, ordinal, name=name, task=task, ref=item.ref, raw=item.raw, seq=item.seq
        )
        result.add("projects", project)
        for target in target_rows(project, task, item.ref):
            result.add("targets", target)
    numbers = [int(item.seq) for item in listed if item.seq.isdecimal()]
    if numbers and numbers != list(range(numbers[0], numbers[0] + len(numbers))):
        result.findings.append(
            _finding(
                context,
                "NUMBERING_GAP",
                "warning",
                f"the 实事 list is numbered {', '.join(map(str, numbers))}; check the source for a missing or repeated item",
                table="projects",
                ref=str(listed[0].ref.span(listed[-1].ref)),
            )
        )


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
                found = [s for sentence in sentences(para.text) for s in statements(sentence, every_figure=True)]
            else:
                found = _paragraph_statements(para, planned=planned)
                announced = ANNOUNCES_TARGETS.search(para.text) if planned else None
                target_list = bool(announced) and not para.text[announced.end() :].strip()
            for statement in found:
                result.add("indicators", _indicator_row(context, ordinal, statement, basis, year, para.ref))
                ordinal += 1


def _paragraph_statements(para: Paragraph, planned: bool) -> list[Statement]:
    """In the sentence of the year's main targets every figure counts, whatever it measures."""
    announced = ANNOUNCES_TARGETS.search(para.text) if planned else None
    if announced:
        head, targets = para.text[: announced.end()], para.text[announced.end() :]
        found = [s for sentence in sentences(head) for s in statements(sentence)]
        return found + [s for sentence in sentences(targets) for s in statements(sentence, every_figure=True)]
    return [s for sentence in sentences(para.text) for s in statements(sentence)]


def _indicator_row(
    context: ParseContext, ordinal: int, statement: Statement, basis: str, year: int | None, ref: SourceRef
) -> dict:
    quantity = statement.quantity
    return {
        "indicator_id": make_id("ind", context.doc_id, basis, ordinal),
        "doc_id": context.doc_id,
        "year": year,
        "basis": basis,
        "metric": statement.metric,
        "value": _float(quantity.value) if quantity else None,
        "unit": quantity.unit if quantity else None,
        "comparator": statement.comparator,
        "change_pct": _float(statement.change_pct),
        "text": statement.text,
        "ref": str(ref),
    }


# --- glossary --------------------------------------------------------------------------------


def _add_glossary(result: ParseResult, context: ParseContext, report: Outline) -> None:
    entries: list[tuple[int | None, str, Paragraph]] = []
    for para in report.glossary:
        item = split_item(para.text)
        if item is None:
            if entries:
                break  # the appendix ended (004: the page's second header follows entry 36)
            continue
        seq, body = item
        seq = _seq(seq)  # list markers (①) are kept as printed by normalisation; isdigit() is true of them
        entries.append((int(seq) if seq.isdecimal() else None, body, para))
    for ordinal, (seq, body, para) in enumerate(entries):
        found = GLOSSARY_ENTRY.match(body)
        term, definition = (found.group(1).strip(), found.group(2).strip()) if found else (None, body)
        if term is None:
            result.findings.append(
                _finding(
                    context,
                    "GLOSSARY_TERM_MISSING",
                    "warning",
                    f"名词解释 entry {seq} prints no term before its explanation; its term was left empty",
                    table="glossary",
                    ref=str(para.ref),
                )
            )
        result.add(
            "glossary",
            {
                "glossary_id": make_id("gls", context.doc_id, ordinal),
                "doc_id": context.doc_id,
                "seq": seq,
                "term": term,
                "definition": definition,
                "ref": str(para.ref),
            },
        )


# --- helpers ---------------------------------------------------------------------------------


def _finding(context: ParseContext, code: str, severity: str, message: str, table: str | None = None,
             ref: str | None = None) -> Finding:
    return Finding(code, severity, message, doc_id=context.doc_id, source_path=context.source_path, table=table, ref=ref)


def _float(value) -> float | None:
    return None if value is None else float(value)


def _lines(ref: SourceRef) -> str:
    return str(ref).removeprefix("L")
