"""Document metadata inferred from the text: title, issuer, 文号, place, plan year, period, dates.

Each rule takes what the notice states, and falls back to what its wording implies (001 has no
header, yet its units name 滨江 and its text 2024); what cannot be inferred stays null and the
pipeline says so in a finding.
"""

from __future__ import annotations

import calendar
import re
from collections import Counter
from dataclasses import dataclass, replace
from datetime import date

from .areas import area_by_name, districts
from .kinds import BREADCRUMB
from .document import SourceDocument
from .report_structure import years_in

DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]{2,10}[〔\[【(]\s*(?:19|20)\d{2}\s*[〕\]】)]\s*\d+\s*号")
ISO_DATE = r"((?:19|20)\d{2})-(\d{1,2})-(\d{1,2})"
CN_DATE = r"((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日"
# Labelled fields of the metadata block on government pages (002 L1–3, 004 L1–4).
LABELS = {
    "issuer": r"(?:发布单位|发布机构|发文机关|发文单位)",
    # "发布时间:2019-01-28 18:06" (tests/fixtures/work_reports/wuchang_2019_report.txt, qiaokou_2015_report.txt)
    "published": r"(?:发布日期|成文日期|公布日期|生成日期|发布时间)",
    "doc_number": r"(?:文号|备注/文号)",
}
ISSUER_LINE = re.compile(r"^[\u4e00-\u9fff]{2,20}(人民政府办公室|人民政府办公厅|人民政府|办公室|办公厅)$")
TITLE_START = re.compile(r"^关于")
TITLE_END = re.compile(r"(通知|意见|报告|决定|方案|清单|表)$")
# "杭州市下城区人民政府", "在武汉市武昌区第十五届人民代表大会" (wuchang_2019_report.txt),
# "2023年十堰市张湾区政府工作报告" (zhangwan_2023_report.txt).
PLACE = re.compile(
    r"([\u4e00-\u9fff]{2,3}市)([\u4e00-\u9fff]{2,3}[区县])(?:人民政府|(?:第[一二三四五六七八九十]{1,3}届)?人民代表大会|政府)"
)
# Words the place pattern may take in before a city's name ("在武汉市", "年十堰市"): not part of it.
PLACE_LEAD_IN = "在于年的和及与"
MONTH_RANGE = re.compile(r"(\d{1,2})\s*[-—–~至]\s*(\d{1,2})\s*月")
YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
PERIOD_BY_END_MONTH = {3: "Q1", 6: "H1", 9: "Q3", 12: "FY"}


@dataclass(frozen=True)
class Metadata:
    title: str | None = None
    issuer: str | None = None
    doc_number: str | None = None
    city: str | None = None
    district: str | None = None
    year: int | None = None
    period: str | None = None
    as_of: date | None = None
    published: date | None = None


def infer_metadata(doc: SourceDocument, kinds: list[str], overrides: dict | None = None) -> Metadata:
    lines = [line.text for line in doc.lines]
    text = "\n".join(lines)
    issuer = _labelled(text, "issuer") or _issuer_line(lines)
    title = _title(doc, lines)
    report = "work_report" in kinds
    if report:
        title = report_title(lines) or without_chrome(title)
        issuer = issuer or report_issuer(text)
    city, district = _place(text, title, issuer)
    year = report_year(title, lines) if report else _year(title, text)
    if report:
        issuer = _with_place(issuer, city, district)
    overrides = {k: v for k, v in (overrides or {}).items() if v is not None}
    meta = Metadata(
        title=title,
        issuer=issuer,
        doc_number=_doc_number(text),
        city=city,
        district=district,
        year=year,
        published=_published(text, delivery_date(lines) if report else None),
    )
    meta = replace(meta, **overrides)
    period, as_of = _period(doc, kinds, meta.year)
    return replace(meta, period=period, as_of=as_of)


def _labelled(text: str, field: str) -> str | None:
    match = re.search(LABELS[field] + r"\s*[:：]?\s*\|?\s*([^|\s]+)", text)
    return match.group(1).strip() if match else None


def _doc_number(text: str) -> str | None:
    match = DOC_NUMBER.search(text)
    return re.sub(r"\s+", "", match.group(0)) if match else None


def _issuer_line(lines: list[str]) -> str | None:
    for line in lines[:15]:
        if ISSUER_LINE.match(line.strip()):
            return line.strip()
    return None


def _title(doc: SourceDocument, lines: list[str]) -> str | None:
    # A letter's title may wrap: "关于对2024年区政府民生实事项目" / "进行责任分解的通知" (003 L5–7).
    head = [line.strip() for line in lines[:40] if line.strip()]
    for i, line in enumerate(head):
        if TITLE_START.match(line):
            parts = [line]
            for nxt in head[i + 1 : i + 4]:
                if TITLE_END.search(parts[-1]):
                    break
                parts.append(nxt)
            if TITLE_END.search(parts[-1]):
                return "".join(parts)
    # A table printed on its own (000) is titled by its table; a letter whose title was not
    # printed (002 starts at the page's metadata block) keeps none rather than an attachment's.
    first = doc.sections[0] if doc.sections else None
    if first is not None and first.kind != "cover" and first.title:
        return first.title
    return None


def _place(text: str, title: str | None, issuer: str | None) -> tuple[str | None, str | None]:
    explicit = PLACE.search(text)
    if explicit:
        return explicit.group(1).lstrip(PLACE_LEAD_IN), explicit.group(2)
    city_level = any(s and (s.startswith("市") or "市政府" in s) for s in (issuer, title))
    district = None if city_level else _most_named_district(text, title)
    city = None
    if district:
        city = area_by_name(district).parent
    else:
        cities = Counter(re.findall(r"([\u4e00-\u9fff]{2})市", text))
        known = [c + "市" for c, _ in cities.most_common() if area_by_name(c + "市")]
        city = known[0] if known else None
    return city, district


def _most_named_district(text: str, title: str | None) -> str | None:
    """The district a notice speaks for, when it never says so in full: the one whose name its
    units carry (001: 滨江交警大队, 滨江区; 000: 消防下城大队). A clear majority is required."""
    counts = Counter({area.name: text.count(area.short) for area in districts() if area.level == "district"})
    ranked = counts.most_common(2)
    if not ranked or ranked[0][1] < 2:
        return None
    if len(ranked) > 1 and ranked[0][1] < 2 * ranked[1][1]:
        return None
    return ranked[0][0]


# A work report plans the year its plan chapter names; it names the year it reviews as often.
PLAN_YEAR = re.compile(r"((?:19|20)\d{2})\s*年(?:工作安排|主要任务|政府工作|工作任务|[^。]{0,12}主要预期目标)")
REVIEW_YEAR = re.compile(r"^\s*(?:[一二三四五六七八九十]、)?(.{2,12}年)(?:政府)?工作回顾\s*$", re.MULTILINE)


def _year(title: str | None, text: str) -> int | None:
    if title and YEAR.search(title):
        return int(YEAR.search(title).group(1))
    years = Counter(int(y) for y in YEAR.findall(text))
    return years.most_common(1)[0][0] if years else None


def _published(text: str, delivered: date | None = None) -> date | None:
    labelled = re.search(LABELS["published"] + r"\s*[:：]?\s*\|?\s*" + ISO_DATE, text)
    if labelled:
        return _date(*labelled.groups())
    if delivered is not None:
        return delivered
    # A letter's signature date stands alone on its line (003 L23 "2024年2月28日").
    for match in re.finditer(r"^\s*" + CN_DATE + r"\s*$", text, re.MULTILINE):
        return _date(*match.groups())
    return None


def _period(doc: SourceDocument, kinds: list[str], year: int | None) -> tuple[str | None, date | None]:
    if not ({"half_year", "quarterly"} & set(kinds)):
        return ("FY" if kinds else None), None
    head = "\n".join(cell.text for s in doc.sections for cell in s.grid.cells[:12])
    head += "\n" + "\n".join(line.text for line in doc.lines[:12])
    end_month = None
    match = MONTH_RANGE.search(head)
    if match:
        end_month = int(match.group(2))
    elif "half_year" in kinds:
        end_month = 6
    if end_month is None or year is None:
        return None, None
    period = PERIOD_BY_END_MONTH.get(end_month, f"M{end_month}")
    return period, date(year, end_month, calendar.monthrange(year, end_month)[1])


def _date(y: str, m: str, d: str) -> date | None:
    try:
        return date(int(y), int(m), int(d))
    except ValueError:
        return None


# --- work reports ----------------------------------------------------------------------------

# A report's own title: "2026年某某区政府工作报告", "政 府 工 作 报 告" (spaces squeezed by
# normalisation), possibly after a page label ("标题:") or with a page's suffix ("—全文", "(全文)").
TITLE_LABEL = re.compile(r"^(?:标题|题目|名称)\s*[:：]\s*")
REPORT_TITLE = re.compile(r"^(.{0,30}政府工作报告)\s*(?:[—\-–(（]*\s*(?:全文|摘要|摘登|图解)\s*[)）]?)?$")
# "——2026年1月8日在某某区第三届人民代表大会第五次会议上", "(2026年1月8日在…)".
DELIVERY_LINE = re.compile(r"^[\s—\-–─(（]*" + CN_DATE + r"\s*在")
# The part of the report that plans the year: "二、2014年政府工作" (004), "2026年工作安排",
# "三、二〇二六年主要预期目标和重点任务".
PLAN_HEADING = re.compile(
    r"^(?:[一二三四五六七八九十]{1,3}、|\([一二三四五六七八九十]{1,3}\))?\s*(?:关于)?(?:对)?"
    r"(.{2,12}?年)(?:的)?(?:政府工作|工作安排|工作建议|主要任务|工作任务|重点工作|主要工作|发展目标|总体要求|"
    r"经济社会发展|主要预期目标)"
)
_HEADING_MAX_CHARS = 40
LOOKS_BACK = re.compile(r"完成情况|执行情况|落实情况|回顾|总结")
# "现在,我代表区人民政府,向大会报告工作": the government that reports.
SPEAKS_FOR = re.compile(r"我代表([\u4e00-\u9fff]{0,20}?人民政府)")
# Months after which a report is delivered for the next year (张湾区 2023 report: 2022年12月27日).
LATE_DELIVERY_MONTH = 10


def report_title(lines: list[str]) -> str | None:
    """The report's own title among the page's first lines: a dated or placed title before a
    bare "政府工作报告", never a site's navigation path or the column name "工作报告" alone."""
    found: list[str] = []
    for line in lines[:40]:
        text = TITLE_LABEL.sub("", line.strip())
        if BREADCRUMB.search(text):
            continue
        match = REPORT_TITLE.match(text)
        if match:
            found.append(match.group(1))
    dated = [title for title in found if title != "政府工作报告"]
    if dated or found:
        return dated[0] if dated else found[0]
    # A report printed without the words 政府工作报告: "在某某区…人民代表大会…会议上的报告".
    for line in lines[:40]:
        text = without_chrome(line.strip())
        if text and not BREADCRUMB.search(text) and re.fullmatch(r".{2,60}报告", text):
            return text
    return None


# A site's column name standing where a title would: not a title.
SITE_COLUMNS = {"工作报告", "报告", "政府报告", "政务公开"}


def without_chrome(title: str | None) -> str | None:
    """A title without a page label ("标题:"), or None when all it says is the site's column."""
    if title is None:
        return None
    title = TITLE_LABEL.sub("", title).strip()
    return None if title in SITE_COLUMNS or not title else title


def report_issuer(text: str) -> str | None:
    found = SPEAKS_FOR.search(text)
    return found.group(1) if found else None


def _with_place(issuer: str | None, city: str | None, district: str | None) -> str | None:
    """"区人民政府" said by the report of 西湖区 is 西湖区人民政府."""
    if issuer in ("区人民政府", "县人民政府") and district:
        return district + "人民政府"
    if issuer == "市人民政府" and city:
        return city + "人民政府"
    return issuer


def delivery_date(lines: list[str]) -> date | None:
    """The date the report was delivered to the congress, from its date line."""
    for line in lines[:60]:
        found = DELIVERY_LINE.match(line.strip())
        if found:
            return _date(*found.groups())
    return None


def report_year(title: str | None, lines: list[str]) -> int | None:
    """The year a work report plans: the year its plan chapter is headed by, else its title's,
    else the year after the one its review is headed by, else its delivery date's (a report
    delivered late in a year plans the next), else the wording of the plan in prose; never just the
    year printed most often (a review names last year more than the plan names this one)."""
    for line in lines:
        text = line.strip()
        if len(text) > _HEADING_MAX_CHARS:
            continue
        found = PLAN_HEADING.match(text)
        if found and LOOKS_BACK.search(text):
            continue  # "(一)2025年主要预期目标完成情况": a heading of the review
        years = years_in(found.group(1)) if found else []
        if years:
            return years[-1]
    if title and YEAR.search(title):
        return int(YEAR.search(title).group(1))
    text = "\n".join(lines)
    reviewed = [years_in(m.group(1)) for m in REVIEW_YEAR.finditer(text)]
    reviewed = [years[-1] for years in reviewed if years]
    if reviewed:
        return reviewed[0] + 1
    delivered = delivery_date(lines)
    if delivered is not None:
        return delivered.year + (1 if delivered.month >= LATE_DELIVERY_MONTH else 0)
    if PLAN_YEAR.search(text):
        return int(PLAN_YEAR.search(text).group(1))
    return _year(title, text)
