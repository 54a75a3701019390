"""Document metadata inferred from the text: title, issuer, 文号, place, plan year, period, dates.

Each rule takes what the notice states, and falls back to what its wording implies (001 has no
header, yet its units name 滨江 and its text 2024); what cannot be inferred stays null and the
pipeline says so in a finding.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace
from datetime import date

from .areas import area_by_name, districts
from .document import SourceDocument
from .kinds import PROGRESS_KINDS
from .periods import Period, find_periods
from .report_structure import years_in

DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]{2,10}[〔\[【(]\s*(?:19|20)\d{2}\s*[〕\]】)]\s*\d+\s*号")
ISO_DATE = r"((?:19|20)\d{2})-(\d{1,2})-(\d{1,2})"
CN_DATE = r"((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日"
# Labelled fields of the metadata block on government pages (002 L1–3, 004 L1–4).
LABELS = {
    "issuer": r"(?:发布单位|发布机构|发文机关)",
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
YEAR = re.compile(r"((?:19|20)\d{2})\s*年")


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
    city, district = _place(text, title, issuer)
    year = _year(title, text, "work_report" in kinds)
    overrides = {k: v for k, v in (overrides or {}).items() if v is not None}
    meta = Metadata(
        title=title,
        issuer=issuer,
        doc_number=_doc_number(text),
        city=city,
        district=district,
        year=year,
        published=_published(text),
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


def _year(title: str | None, text: str, work_report: bool = False) -> int | None:
    if title and YEAR.search(title):
        return int(YEAR.search(title).group(1))
    if work_report and PLAN_YEAR.search(text):
        return int(PLAN_YEAR.search(text).group(1))
    # The reviewed year may be printed in Chinese numerals: "二○一四年工作回顾" (qiaokou_2015_report.txt).
    reviewed = [years_in(m.group(1)) for m in REVIEW_YEAR.finditer(text)] if work_report else []
    reviewed = [years[-1] for years in reviewed if years]
    if reviewed:
        return reviewed[0] + 1
    years = Counter(int(y) for y in YEAR.findall(text))
    return years.most_common(1)[0][0] if years else None


def _published(text: str) -> date | None:
    labelled = re.search(LABELS["published"] + r"\s*[:：]?\s*\|?\s*" + ISO_DATE, text)
    if labelled:
        return _date(*labelled.groups())
    # A letter's signature date stands alone on its line (003 L23 "2024年2月28日").
    for match in re.finditer(r"^\s*" + CN_DATE + r"\s*$", text, re.MULTILINE):
        return _date(*match.groups())
    return None


def _period(doc: SourceDocument, kinds: list[str], year: int | None) -> tuple[str | None, date | None]:
    """The period a progress report speaks for, from the titles and headers of its progress
    sections (periods.py: 一季度, 1-6月, 前三季度, 1-11月, 8月份, 全年, …); other documents plan the year."""
    progress_sections = [s for s in doc.sections if s.kind in PROGRESS_KINDS]
    if not progress_sections:
        return ("FY" if kinds else None), None
    titles = [line.text for line in doc.lines[:12] if " | " not in line.text]
    headers = [line.text for line in doc.lines[:12] if " | " in line.text]
    for section in progress_sections:
        titles += [line.text for line in section.lines[:12] if " | " not in line.text]
        headers += [line.text for line in section.lines[:12] if " | " in line.text]
        headers += [cell.text for cell in section.grid.cells[:12]]
    # A title's period ("…推进情况(1-11月)"); else the latest a header names, as a table of
    # 1-10月 and 1-11月 columns reports through November.
    in_titles = find_periods("\n".join(titles))
    in_headers = [p for p in find_periods("\n".join(headers)) if p.end_month]
    narrow = [p for p in in_titles if p.code != "FY"] or sorted(
        (p for p in in_headers if p.code != "FY"), key=lambda p: -p.end_month)
    # A year-long word (2024年度, 全年目标) decides only when nothing narrower is named.
    period = (narrow or in_titles or in_headers or [None])[0]
    if period is None and "half_year" in kinds:
        period = Period("H1", 6, "")
    if period is None or year is None:
        return None, None
    return period.code, period.as_of(year)


def _date(y: str, m: str, d: str) -> date | None:
    try:
        return date(int(y), int(m), int(d))
    except ValueError:
        return None
