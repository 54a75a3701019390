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
from functools import lru_cache

from .areas import Area, chain, divisions, is_full_name, lineage, places_in, resolve
from .kinds import BREADCRUMB
from .model import SourceDocument
from .kinds import PROGRESS_KINDS
from .periods import YEAR, Period, find_periods, years_in

# A 文号: the issuer's abbreviation, then its year and number ("下政阅〔2014〕1号"). The year and number
# are rare in a text and found at C speed; the abbreviation is read only before them (a search led
# by 2–10 Han characters tried ten lengths at each character of a notice: 0.12 ms a notice).
_ABBREVIATION_MAX = 10
YEAR_AND_NUMBER = re.compile(r"[〔\[【(]\s*(?:19|20)\d{2}\s*[〕\]】)]\s*\d+\s*号")
DOC_NUMBER = re.compile(rf"[\u4e00-\u9fff]{{2,{_ABBREVIATION_MAX}}}" + YEAR_AND_NUMBER.pattern)
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
# Where a notice says whose it is, most telling first; PLACE_SOURCES names them for METADATA_MISSING.
# "现在,我代表下城区人民政府向大会报告工作" (004), "在武汉市武昌区第十五届人民代表大会" (wuchang_2019_report.txt).
SPEAKER = re.compile(r"我代表([\u4e00-\u9fff]{2,20}?)(?:人民政府|政府)")
CONGRESS = re.compile(r"([\u4e00-\u9fff]{2,20}?)(?:第[一二三四五六七八九十]{1,3}届)?人民代表大会")
# 发文单位 and signature lines: an office standing alone on its line (003 L3, L21 "杭州市拱墅区人民政府办公室",
# "中共XX区委办公室").
OFFICE_LINE = re.compile(r"^[\u4e00-\u9fff]{2,24}(人民政府|政府|办公室|办公厅|委员会|区委|县委|市委)[\u4e00-\u9fff]{0,6}$")
PLACE_SOURCES = "the issuer, the title, the 文号, “我代表…人民政府”, the 发文单位 and signature lines, the places its text names"


@dataclass(frozen=True)
class Metadata:
    title: str | None = None
    issuer: str | None = None
    doc_number: str | None = None
    province: str | None = None
    province_code: str | None = None
    city: str | None = None
    city_code: str | None = None
    district: str | None = None
    district_code: str | None = None
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
    year = report_year(title, lines) if report else _year(title, text)
    overrides = {k: v for k, v in (overrides or {}).items() if v is not None}
    doc_number = _doc_number(text)
    meta = Metadata(
        title=title,
        issuer=issuer,
        doc_number=doc_number,
        year=year,
        published=_published(text, delivery_date(lines) if report else None),
    )
    meta = replace(meta, **{k: v for k, v in overrides.items() if k not in ("city", "district")})
    meta = replace(meta, **place_fields(_place(lines, title, issuer, doc_number, meta.year), overrides, meta.year))
    if report:
        meta = replace(meta, issuer=_with_place(meta.issuer, meta.city, meta.district))
    period, as_of = _period(doc, kinds, meta.year)
    return replace(meta, period=period, as_of=as_of)


def _labelled(text: str, field: str) -> str | None:
    match = re.search(LABELS[field] + r"\s*[:：]?\s*\|?\s*([^|\s]+)", text)
    return match.group(1).strip() if match else None


def _doc_number(text: str) -> str | None:
    first = YEAR_AND_NUMBER.search(text)
    if first is None:
        return None
    # No 文号 opens further back than the abbreviation before the first year and number.
    match = DOC_NUMBER.search(text, max(first.start() - _ABBREVIATION_MAX, 0))
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


def place_fields(place: dict[str, Area], overrides: dict, year: int | None) -> dict:
    """province/city/district and their codes; --city/--district given by the user win, and are
    looked up in the list for their codes ("--district 徐水县 --year 2011" gets 130625)."""
    if overrides.get("district"):
        district = resolve(overrides["district"], year, place.get("city") if not overrides.get("city") else None)
        unlisted = {**{k: v for k, v in place.items() if k in ("province", "city")},
                    "district": Area(overrides["district"], "", "district", None)}  # fmt: skip
        place = lineage(district, year) if district else unlisted
    if overrides.get("city"):
        city = resolve(overrides["city"], year) or Area(overrides["city"], "", "city", None)
        if place.get("city") is None or place["city"].name != city.name:
            place = {**lineage(city, year), **({"district": place["district"]} if overrides.get("district") else {})}
    fields = {}
    for level in ("province", "city", "district"):
        area = place.get(level)
        fields[level] = area.name if area else None
        fields[f"{level}_code"] = area.code if area else None
    return fields


def _place(lines: list[str], title: str | None, issuer: str | None, doc_number: str | None, year: int | None) -> dict[str, Area]:
    """The notice's own place, from the first source that names one in full (PLACE_SOURCES), else
    from the places its units carry by short name. A city-level notice (issued by 市政府…) has no
    district."""
    text = "\n".join(lines)
    head, tail = lines[:20], lines[-20:]
    sources = [issuer, title]
    sources += _first_group(SPEAKER, text)
    sources += [line.strip() for line in head + tail if OFFICE_LINE.match(line.strip())]
    sources += _first_group(CONGRESS, text, "人民代表大会")
    city_level = any(s and (s.startswith("市") or "市政府" in s) for s in (issuer, title))
    place: dict[str, Area] = {}
    for source in sources:
        found = chain(source or "", year)
        if found:
            place = lineage(found[-1], year)
            break
    if "city" not in place:
        mentioned = _mentioned(text, year, within=place.get("province"))
        place = lineage(mentioned, year) if mentioned else place
    if city_level:
        place.pop("district", None)
    elif "district" not in place:
        named = _most_named_district(text, doc_number, year, place.get("city"))
        place = lineage(named, year) if named else place
    return place


def _first_group(pattern: re.Pattern, text: str, needed: str | None = None) -> list[str]:
    """The first match's group, as a list of none or one; `needed`, a literal every match holds,
    spares the scan of a text without it (CONGRESS has no literal prefix the engine could seek)."""
    if needed is not None and needed not in text:
        return []
    found = pattern.search(text)
    return [found.group(1)] if found else []


def _mentioned(text: str, year: int | None, within: Area | None = None) -> Area | None:
    """The city the text names in full most often (under `within` when given)."""
    counts: Counter[Area] = Counter()
    for _, _, options in places_in(text):
        options = [a for a in options if a.level == "city" and (within is None or a.parent_code == within.code)]
        if len(options) == 1:
            counts[options[0]] += 1
    return counts.most_common(1)[0][0] if counts else None


def _most_named_district(text: str, doc_number: str | None, year: int | None, city: Area | None) -> Area | None:
    """The district a notice speaks for, when it never names itself in full: the one whose short
    name its units carry (001: 滨江交警大队, 滨江区; 000: 消防下城大队), or the one its 文号 opens with
    (004 下政阅〔2014〕1号). Only short names that are one place's in the year (and under the
    notice's city, when it names one) count, and a clear majority is required."""
    counts: Counter[Area] = Counter()
    by_opening = _county_shorts_by_opening(year)
    for opening in set(_openings_pattern().findall(text)) & by_opening.keys():
        for short, area in by_opening[opening]:
            n = len(re.findall(re.escape(short) + _NOT_A_SMALLER_PLACE, text))
            if n and (city is None or area.parent_code == city.code):
                counts[area] = n
    ranked = counts.most_common(2)
    if doc_number:
        opening = [a for a, _ in counts.most_common() if a.short.startswith(doc_number[0])]
        if len(opening) == 1 and counts[opening[0]] >= 2:
            return opening[0]
    if not ranked or ranked[0][1] < 2:
        return None
    if len(ranked) > 1 and ranked[0][1] < 2 * ranked[1][1]:
        return None
    return ranked[0][0]


# A short name followed by these is a street, town or road named after the county (二七街道, 滨江路), not it.
_NOT_A_SMALLER_PLACE = r"(?!街道|镇|乡|村|社区|路|街|大道|桥)"


@lru_cache(maxsize=1)
def _short_named_counties() -> tuple[Area, ...]:
    """County-level places of every year, in the list's order, whose short name (two characters or
    more) is not itself a place's full name: what each year's short names are taken from (listed
    once: 7,000 divisions and a look-up of each name took 10–30 ms a year)."""
    return tuple(area for area in divisions()
                 if area.level == "district" and len(area.short) >= 2 and not is_full_name(area.short))  # fmt: skip


@lru_cache(maxsize=64)
def _county_shorts(year: int | None) -> dict[str, Area]:
    """Short name → the one county-level place that carries it in `year` (names shared by several
    places, or that are ordinary words of a city's name, are left out)."""
    by_short: dict[str, set[Area]] = {}
    for area in _short_named_counties():
        if area.in_force(year):
            by_short.setdefault(area.short, set()).add(area)
    return {short: next(iter(areas)) for short, areas in by_short.items() if len(areas) == 1}


@lru_cache(maxsize=64)
def _county_shorts_by_opening(year: int | None) -> dict[str, tuple[tuple[str, Area], ...]]:
    """_county_shorts by their first two characters, in the list's order: a notice is asked only
    for the short names whose opening it prints."""
    grouped: dict[str, list[tuple[str, Area]]] = {}
    for short, area in _county_shorts(year).items():
        grouped.setdefault(short[:2], []).append((short, area))
    return {opening: tuple(items) for opening, items in grouped.items()}


@lru_cache(maxsize=1)
def _openings_pattern() -> re.Pattern:
    """Two characters that may open a county's short name: a first character of one, then a second
    character of one, found at every position (a lookahead). A notice prints a few hundred such
    pairs, and the search finds them at C speed: slicing out every pair of a text took 3 times as
    long. Made once, of every year's names (a year's own are looked up in what it finds)."""
    shorts = {area.short for area in _short_named_counties()}
    firsts = "".join(sorted({re.escape(short[0]) for short in shorts}))
    seconds = "".join(sorted({re.escape(short[1]) for short in shorts}))
    return re.compile(f"(?=([{firsts}][{seconds}]))")


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
