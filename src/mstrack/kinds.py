"""Which kind of section is this? Decided from its title and header wording, rules as data."""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import chain, islice

from .model import Cell, Grid, Section
from .parsers.work_report.lists import list_title
from .sections import COVER_WORDING

KINDS = ("half_year", "quarterly", "responsibility_list", "allocation_matrix", "work_report", "progress")
PROGRESS_KINDS = ("half_year", "quarterly", "progress")
COVER = "cover"  # a notice's covering letter: metadata only, no table


@dataclass(frozen=True)
class KindRule:
    kind: str
    pattern: re.Pattern
    weight: int
    where: str = "head"  # head: title and header lines; body: anywhere in the section


# Each rule cites the wording it was learned from. The head is the section's first HEAD_LINES
# non-blank lines: its title and the table's header row(s).
RULES = (
    KindRule("allocation_matrix", re.compile(r"任务分解表|分解表"), 5),
    KindRule("allocation_matrix", re.compile(r"各(街道|区、县\(市\)|区县)任务"), 4),  # 003 "各街道任务", 002 "各区、县(市)任务分解"
    KindRule("allocation_matrix", re.compile(r"[市区县]本级"), 2),
    KindRule("responsibility_list", re.compile(r"责任清单"), 5),
    KindRule("responsibility_list", re.compile(r"分管.{0,3}领导"), 2),  # 002 "分管 市领导", 003 "分管区领导"
    KindRule("responsibility_list", re.compile(r"配合单位|责任单位|牵头单位"), 1),
    KindRule("responsibility_list", re.compile(r"预计完成时间|工作计划"), 2),
    KindRule("half_year", re.compile(r"半年度?|上半年|\(?1[-—至~]6月\)?"), 4),  # 000 "半年度完成情况表"
    KindRule("quarterly", re.compile(r"季度|\(?1[-—至~][39]月\)?"), 4),  # 001 "完成情况(1-3月)"
    KindRule("half_year", re.compile(r"完成情况|进展情况|推进情况"), 2),
    KindRule("quarterly", re.compile(r"完成情况|进展情况|推进情况"), 2),
    KindRule("work_report", re.compile(r"政府工作报告"), 6),
    KindRule("work_report", re.compile(r"各位代表"), 3, "body"),
    # A report printed without its title (only "在…人民代表大会…上的报告") still reviews the past
    # year and states the year's 预期目标 (tests/fixtures/work_reports/yuhang_2020_inline_list.txt).
    KindRule("work_report", re.compile(r"工作回顾|主要预期目标"), 2, "body"),
    # A report's first chapter heading, printed alone on its line: "一、2013年工作回顾"
    # (tests/fixtures/work_reports/longgang_2014_numbered_review.txt, an excerpt without the title).
    KindRule("work_report", re.compile(r"(?m)^\s*一、.{0,16}工作回顾\s*$"), 3, "body"),
    # A report's appendix that holds its 实事 list, titled by the list alone: "附件1" /
    # "2026年十件民生实事" (tests/test_report_lists.py). A table's title names what it is as well
    # (…责任清单, …完成情况表) and does not match.
    KindRule("work_report", list_title(), 4),
    # A report's glossary printed as an appendix of its own: "附件2" / "名词解释", "本报告有关名词解释".
    KindRule("work_report", re.compile(
        r"(?m)^\s*(?:附件?\s*\d*\s*[:：]?\s*)?(?:本报告|《[^》]{2,20}》)?(?:有关|相关|中的)?(?:名词解释|名词注释|注释)\s*[:：]?\s*$"), 4),
)
HEAD_LINES = 12
MIN_SCORE = 4


# What a table's header says outweighs its title's words: "分解表" over a header of leaders and
# units is a responsibility list, over a header of places an allocation table.
HEADER_WEIGHT = 8
MIN_AREA_HEADERS = 2


def header_evidence(section: Section) -> str | None:
    """progress, responsibility_list or allocation_matrix from the section's table header, else None."""
    from .parsers.columns import AREA_GROUP_LABEL, header_area
    from .parsers.columns import header_key as area_key
    from .parsers.table import REPORT_ROLES, find_header, labelled_rows

    found = find_header(section.grid)
    if found is None:
        # Paragraphs with labels ("1.任务。 牵头领导:… 实际完成情况:…"): the labels are the header.
        labelled = labelled_rows([line.text for line in section.lines], [section.ref] * len(section.lines))
        found = (labelled.columns, [], 0) if labelled is not None and labelled.rows else None
    if found is None:
        return None
    columns, header_cells, _ = found
    head = _first_cells(section.grid, len(header_cells) + 30)
    areas = sum(1 for c in head if not c.empty and len(c.text) <= 12 and header_area(c) is not None)
    roles = {c.role for c in columns}
    if "allocation" in roles or areas >= MIN_AREA_HEADERS or any(
        AREA_GROUP_LABEL.search(area_key(c)) for c in head if not c.empty
    ):
        return "allocation_matrix"
    if _rows_hold_area_pairs(section) or _rows_are_areas(section):
        return "allocation_matrix"
    if roles & set(REPORT_ROLES):
        return "progress"
    if roles & {"leaders", "lead_units", "co_units", "due", "plan", "person", "unit_leaders"}:
        return "responsibility_list"
    return None


# Rows looked at for a cell of place–figure pairs ("元坝镇280 白果乡15 …"): a list that shares each
# target out inside one cell is an allocation table, even beside leader and unit columns.
PAIR_ROWS = 6


def _rows_hold_area_pairs(section: Section) -> bool:
    from .parsers.allocation_matrix import holds_area_pairs

    return any(holds_area_pairs(row) for row in section.grid.rows[:PAIR_ROWS])


def _rows_are_areas(section: Section) -> bool:
    from .parsers.allocation_matrix import rows_are_areas

    return not section.grid.stream and rows_are_areas(section.grid.rows[:AREA_ROWS])


# Rows looked at for a column of places (areas as rows, metrics as columns).
AREA_ROWS = 12


# The head is read from the first lines and cells only: a section of a long notice has thousands.
def _head_lines(section: Section) -> list[str]:
    """The section's first HEAD_LINES non-blank lines."""
    return list(islice((line.text for line in section.lines if line.text.strip()), HEAD_LINES))


def _first_cells(grid: Grid, count: int) -> list[Cell]:
    """The grid's first `count` cells in reading order."""
    return list(islice(chain.from_iterable(grid.rows), count))


def scores(section: Section) -> dict[str, int]:
    """Score of each kind for a section (0 where no rule matched)."""
    head = "\n".join(_head_lines(section) + [cell.text for cell in _first_cells(section.grid, HEAD_LINES)])
    body = section.text  # joined once per section (model.Section.text)
    result = {kind: 0 for kind in KINDS}
    for rule in RULES:
        if rule.pattern.search(head if rule.where == "head" else body):
            result[rule.kind] += rule.weight
    evidence = header_evidence(section)
    if evidence == "progress":
        kind = progress_kind(section)
        result[kind] += HEADER_WEIGHT
    elif evidence:
        result[evidence] += HEADER_WEIGHT
    result["allocation_matrix"] += places_header_score(section)
    return result


def progress_kind(section: Section) -> str:
    """A progress table's kind by the period its title and header name: H1 half_year, a quarter
    quarterly, any other progress."""
    from .parsers.progress import kind_for_period
    from .periods import period_of

    head = "\n".join(_head_lines(section))
    period = period_of(head)
    return kind_for_period(period.code if period else None)


# --- a header of places (kept apart: the place lexicon is areas.py's) ---------------------------
# A table whose header row names several places ("序号 | 项目 | 鄞州区 | 海曙区 | 江北区 | 合计") shares
# targets out to them, whatever its title says.
PLACES_IN_HEADER = 3
PLACES_HEADER_WEIGHT = 4
PLACES_HEADER_ROWS = 3


def places_header_score(section: Section) -> int:
    from .areas import resolve_siblings

    for row in section.grid.rows[:PLACES_HEADER_ROWS] if not section.grid.stream else []:
        texts = [cell.text for cell in row if not cell.empty and not any(ch.isdigit() for ch in cell.text)]
        if len(texts) >= PLACES_IN_HEADER:
            areas = [a for a in resolve_siblings(texts) if a is not None and a.level not in ("self", "province")]
            if len(areas) >= PLACES_IN_HEADER:
                return PLACES_HEADER_WEIGHT
    return 0


def _speaks_as_a_report(body: str) -> bool:
    """A report delivered to the congress (各位代表, its review chapter) that leads appendices of its
    own (the 实事 list, the glossary) may print a notice's wording (通知, 〔2026〕): it is the report,
    not their cover letter. Only what the body says counts: a cover letter may cite the report's title."""
    said = sum(rule.weight for rule in RULES if rule.kind == "work_report" and rule.where == "body" and rule.pattern.search(body))
    return said >= MIN_SCORE


def detect_kind(section: Section, leads_attachments: bool = False) -> str | None:
    """The best-scoring kind, `cover` for a covering letter, None when nothing fits.

    A letter that comes before attachments names them ("附件：1.…责任清单"), so its wording
    scores like a table; what it is, is the attachments' cover (002, 003).
    """
    body = section.text
    if leads_attachments and COVER_WORDING.search(body) and not _speaks_as_a_report(body):
        return COVER
    ranked = sorted(scores(section).items(), key=lambda kv: (-kv[1], KINDS.index(kv[0])))
    best, score = ranked[0]
    if score >= MIN_SCORE and score > ranked[1][1]:
        return best
    if COVER_WORDING.search(body):
        return COVER
    return None


# A site's navigation path, not a title: "当前位置:武汉市硚口区人民政府网站 > 政务公开 > … > 政府工作报告"
# (tests/fixtures/work_reports/qiaokou_2015_report.txt).
BREADCRUMB = re.compile(r"^(?:当前位置|您当前的位置|首页)|\s>\s")


def section_title(section: Section) -> str | None:
    """The section's own title: the first line that reads like one (… 清单, … 表, … 报告)."""
    for line in section.lines[:HEAD_LINES]:
        text = line.text.strip()
        if BREADCRUMB.search(text):
            continue
        if re.search(r"(清单|表|报告|通知)$", text) and not text.startswith(("附件:", "附件：")):
            return text
    return None
