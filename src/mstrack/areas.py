"""Places: the national division list, and how a printed place name becomes an Area.

Data (see scripts/make_divisions.py, which regenerates the first two from packages):
- data/divisions.csv — provinces, cities and counties (区, 县, 县级市, 旗) with their GB/T 2260 codes
  and the years each (code, name) was in force, names that are gone now included (下城区 to 2021,
  徐水县 to 2015);
- data/towns.csv — the towns and streets (镇, 乡, 街道) of each county, as listed now (no codes);
- data/areas.csv — what no package has: 市本级/区本级/县本级, scenic areas, printed aliases.

A place keeps the name it was printed with; its Area says which division that is (code and parent),
chosen as of the document's year where the list has the years. Places below the county that no list
has (a 开发区, a merged-away 乡) are still areas when they stand where an area stands (a header, a
row label, a "name figure" pair): recognised by their form, with level `unknown`.
"""

from __future__ import annotations

import csv
import re
from bisect import bisect_left
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from .normalise import join_name_tokens

# Headers meaning "the issuing government itself" rather than a place under it (002 市本级, 003 区本级).
SELF_LEVEL = {"市本级", "区本级", "县本级", "本级", "镇本级", "乡本级"}
# Division level of a county-level place: 区, 县, 县级市 and 旗 are all `district` in the tables.
COUNTY = "district"
# The form of a place below the county, when no list names it: what it ends with.
SUB_COUNTY_FORM = re.compile(
    r"^[\u4e00-\u9fff]{1,12}?(街道办事处|街道办|街道|镇|乡|开发区|新区|管委会|园区|风景名胜区|风景区|度假区|农场|林场|办事处)$"
)
# What a town's or street's short name is without (天水街道 → 天水).
TOWN_SUFFIXES = ("街道办事处", "街道办", "街道", "镇", "乡")
_SUB_COUNTY_SUFFIX = re.compile("(" + "|".join(TOWN_SUFFIXES) + ")$")
_STREET_OFFICE = re.compile(r"街道办事处$|街道办$|办事处$")
_TOWN_LEVELS = ("street", "town")
# "各街道", "全区乡镇": a label over several places, never one.
_GROUP_WORDS = ("各", "全", "所有", "其他", "其它")
_DIVISION_SUFFIX = re.compile(r"(自治州|自治县|自治旗|特别行政区|自治区|地区|省|市|区|县|盟|旗)$")


@dataclass(frozen=True)
class Area:
    name: str  # canonical name: 上城区, 天水街道, 西湖风景名胜区, 市本级; a form-recognised place as printed
    short: str
    level: str  # province, city, district (any county-level place), street, town, scenic_area, self, unknown
    parent: str | None  # the parent's name
    code: str | None = None  # GB/T 2260 code of a province, city or county
    parent_code: str | None = None
    valid_from: int | None = None
    valid_to: int | None = None  # None: in force now

    def in_force(self, year: int | None) -> bool:
        if year is None:
            return self.valid_to is None
        return (self.valid_from or 0) <= year <= (self.valid_to or 9999)


def _open(name: str):
    return resources.files("mstrack.data").joinpath(name).open(encoding="utf-8")


def _year(text: str) -> int | None:
    return int(text) if text else None


@lru_cache(maxsize=1)
def divisions() -> tuple[Area, ...]:
    with _open("divisions.csv") as f:
        rows = list(csv.DictReader(f))
    names = {}
    for row in rows:
        names.setdefault(row["code"], row["name"])
        if not row["valid_to"]:
            names[row["code"]] = row["name"]
    levels = {"province": "province", "city": "city", "county": COUNTY}
    return tuple(
        Area(row["name"], row["short"], levels[row["level"]], names.get(row["parent"]), row["code"],
             row["parent"] or None, _year(row["valid_from"]), _year(row["valid_to"]))
        for row in rows
    )  # fmt: skip


@lru_cache(maxsize=1)
def _by_code() -> dict[str, list[Area]]:
    index: dict[str, list[Area]] = defaultdict(list)
    for area in divisions():
        index[area.code].append(area)
    return dict(index)


def by_code(code: str | None, year: int | None = None) -> Area | None:
    """The division with this code in `year` (420600 is 襄樊市 in 2008, 襄阳市 now)."""
    found = _by_code().get(code, []) if code else []
    return max(found, key=lambda a: (a.in_force(year), a.valid_to is None, a.valid_to or 0), default=None)


@lru_cache(maxsize=1)
def extras() -> tuple[tuple[str, Area], ...]:
    """(printed name, Area) of data/areas.csv: self-level words, scenic areas, aliases."""
    result = []
    with _open("areas.csv") as f:
        for row in csv.DictReader(f):
            parent = by_code(row["parent_code"])
            area = Area(row["name"], row["name"], row["level"], parent.name if parent else None, None,
                        row["parent_code"] or None)  # fmt: skip
            for printed in [row["name"], *filter(None, row["aliases"].split(";"))]:
                result.append((printed, area))
    return tuple(result)


def _town_area(name: str, county: str) -> Area:
    return Area(name, _SUB_COUNTY_SUFFIX.sub("", name) or name, "street" if "街道" in name else "town", _county_name(county), None, county)


@lru_cache(maxsize=None)
def _county_name(code: str) -> str | None:
    county = by_code(code)
    return county.name if county else None


@lru_cache(maxsize=1)
def _index() -> tuple[dict[str, list[Area]], dict[str, list[Area]]]:
    """Full name → Areas, short name → Areas, over the divisions and data/areas.csv."""
    full: dict[str, list[Area]] = defaultdict(list)
    short: dict[str, list[Area]] = defaultdict(list)
    for printed, area in extras():
        full[printed].append(area)
    for area in divisions():
        full[area.name].append(area)
        if area.short != area.name and len(area.short) >= 2:
            short[area.short].append(area)
    return dict(full), dict(short)


@lru_cache(maxsize=1)
def _towns() -> list[str]:
    """data/towns.csv's rows as printed ("天水街道,330105"), sorted, so a name's rows are found by
    bisection: 43,000 rows are read once a run, and indexing them in Python took 0.16 s of it;
    sorting the lines takes a tenth of that."""
    with _open("towns.csv") as f:
        header, *lines = f.read().splitlines()
    if header != "name,county":
        raise ValueError(f"data/towns.csv has the columns {header}, not name,county")
    lines.sort()
    return lines


@lru_cache(maxsize=16384)
def _towns_named(name: str) -> tuple[tuple[str, str], ...]:
    """(name, county code) of every town with this full name, by county (the list's order)."""
    lines, prefix = _towns(), name + ","
    found = []
    at = bisect_left(lines, prefix)
    while at < len(lines) and lines[at].startswith(prefix):
        found.append((name, lines[at][len(prefix) :]))
        at += 1
    return tuple(found)


def _towns_short(short: str) -> list[tuple[str, str]]:
    """(name, county code) of every town whose name is `short` and a suffix (天水 → 天水街道), in
    the list's order (county, then name)."""
    if len(short) < 2:
        return []
    found = [town for suffix in TOWN_SUFFIXES for town in _towns_named(short + suffix)]
    return sorted(found, key=lambda town: (town[1], town[0]))


@lru_cache(maxsize=16384)
def _candidates(name: str) -> tuple[Area, ...]:
    full, short = _index()
    found = full.get(name, []) + [_town_area(*town) for town in _towns_named(name)]
    if not found:
        found = short.get(name, []) + [_town_area(*town) for town in _towns_short(name)]
    return tuple(found)


def candidates(name: str) -> list[Area]:
    """Every listed place this name may be: by full name, else by short name ("天水" → 天水街道 of
    拱墅区, 天水市 …)."""
    return list(_candidates(name))


def is_full_name(name: str) -> bool:
    return name in _index()[0] or bool(_towns_named(name))


# Cached: resolve_siblings keys every name of a header or pair cell before area_of (itself cached
# by the text) is asked; the same names come again in each copy of a table.
@lru_cache(maxsize=16384)
def _key(text: str) -> str:
    return join_name_tokens(text.strip()).replace("\n", "").replace(" ", "")


def _is_under(area: Area, within: Area | None) -> bool:
    """Is `area` inside `within` (by codes; towns through their county)?"""
    if within is None:
        return False
    code = area.code or area.parent_code or ""
    if not within.code or not code:
        return bool(area.parent and area.parent == within.name)
    prefix = within.code.rstrip("0")
    prefix = prefix + "0" * (len(prefix) % 2)
    return code.startswith(prefix) and code != within.code or area.parent_code == within.code


def _rank(area: Area, year: int | None, within: Area | None, parent_code: str | None) -> tuple:
    return (
        parent_code is not None and area.parent_code == parent_code,
        _is_under(area, within),
        area.in_force(year),
        area.valid_to is None,
        area.level in ("province", "city", COUNTY, "self", "scenic_area"),
    )


# Cached: resolve_siblings asks it of every header and pair name no list has, again in each copy.
@lru_cache(maxsize=16384)
def _strip_parent(name: str) -> str | None:
    """"杭州西湖风景名胜区" → "西湖风景名胜区": a place printed after its province's or city's name
    (a county's short name before a word is no such thing: 芦溪新区 is not 芦溪县's 新区)."""
    full, short = _index()
    for length in range(min(len(name) - 2, 9), 1, -1):
        head = name[:length]
        if len(name) - length >= 3 and any(a.level in ("province", "city") for a in full.get(head, []) + short.get(head, [])):
            return name[length:]
    return None


def resolve(name: str, year: int | None = None, within: Area | None = None, parent_code: str | None = None) -> Area | None:
    """The listed place a printed name is, as of `year`, preferring one under `within` (the
    document's place) or with parent `parent_code` (the one its siblings share)."""
    if name in SELF_LEVEL or (name.endswith("本级") and len(name) <= 4):
        return Area(name, name, "self", None)
    found = candidates(name) or candidates(_STREET_OFFICE.sub("街道", name))
    if not found:
        rest = _strip_parent(name)
        found = candidates(rest) if rest and len(rest) >= 2 else []
    # Town and street names repeat across the country (白果乡 is in many counties): one is only
    # taken inside its county, known from its siblings or the document.
    found = [a for a in found if a.level not in _TOWN_LEVELS or a.parent_code == parent_code or _is_under(a, within)]
    if not found:
        return None
    return max(found, key=lambda a: _rank(a, year, within, parent_code))


def by_form(name: str) -> Area | None:
    """A place below the county that no list names, known by its form: 白果乡, 拣银岩街道办, 高新区管委会."""
    if SUB_COUNTY_FORM.match(name) and len(name) <= 14 and not name.startswith(_GROUP_WORDS):
        return Area(name, _SUB_COUNTY_SUFFIX.sub("", name) or name, "unknown", None)
    return None


# Cached: every table prints its places again in each row and each copy (Areas are frozen).
@lru_cache(maxsize=16384)
def area_of(text: str, year: int | None = None, within: Area | None = None, parent_code: str | None = None) -> Area | None:
    """A cell in an area position as printed → its Area: "上 城 区" → 上城区, "天水" → 天水街道 (with
    its siblings), "杭州西湖风景名胜区" → 西湖风景名胜区, "区本级" → self, "白果乡" → 白果乡 (unknown)."""
    name = _key(text)
    if not name:
        return None
    return resolve(name, year, within, parent_code) or by_form(name)


def resolve_siblings(texts: list[str], year: int | None = None, within: Area | None = None) -> list[Area | None]:
    """Areas printed side by side (one header, one list) are siblings: the parent most of them
    share decides between namesakes (西湖区 of Hangzhou, not of Nanchang; 天水 the street of
    拱墅区, not the city)."""
    names = [_key(t) for t in texts]
    votes: Counter[str] = Counter()
    for name in names:
        parents = {a.parent_code for a in candidates(name) if a.parent_code}
        rest = _strip_parent(name) if not parents else None
        if rest:
            parents = {a.parent_code for a in candidates(rest) if a.parent_code}
        votes.update(parents)
    parent_code = votes.most_common(1)[0][0] if votes and votes.most_common(1)[0][1] >= 2 else None
    return [area_of(name, year, within, parent_code) if name else None for name in names]


@lru_cache(maxsize=16384)
def canonical_area(text: str, year: int | None = None) -> Area | None:
    """A header cell as printed → its Area, or None when it is no place (listed or by form). On
    its own a short town name ("上塘") is some namesake; `resolve_siblings` then decides which."""
    found = area_of(text, year)
    if found is None:
        name = _key(text)
        found = max(candidates(name), key=lambda a: _rank(a, year, None, None), default=None)
    return found


# --- places inside running text --------------------------------------------------------------

@lru_cache(maxsize=1)
def _division_names() -> dict[str, list[Area]]:
    index: dict[str, list[Area]] = defaultdict(list)
    for area in divisions():
        index[area.name].append(area)
    return dict(index)


@lru_cache(maxsize=1)
def _name_ends() -> tuple[re.Pattern, dict[str, tuple[int, ...]]]:
    """Where a name may end: its last character, after a character some name has before it (城区,
    not 各区); and for each such last two characters the lengths of the names that end with them.
    The last character leads the pattern, so the search skips to the few 市 区 县 … of a text at C
    speed and checks the one before it there: a text's 区 are mostly no name's end (places_in took
    2.5 times as long looking each up by its last character, 1.5 times by its last two)."""
    lengths: dict[str, set[int]] = defaultdict(set)
    for name in _division_names():
        if len(name) >= 2:
            lengths[name[-2:]].add(len(name))
    before: dict[str, set[str]] = defaultdict(set)
    for pair in lengths:
        before[pair[1]].add(re.escape(pair[0]))
    ends = re.compile("|".join(f"{re.escape(last)}(?<=[{''.join(sorted(chars))}]{re.escape(last)})"
                               for last, chars in sorted(before.items())))  # fmt: skip
    return ends, {pair: tuple(sorted(ls)) for pair, ls in lengths.items()}


def places_in(text: str) -> list[tuple[int, str, list[Area]]]:
    """Provinces, cities and counties named in full in running text, leftmost-longest, so a place
    inside a longer name is never taken (呼伦贝尔市 is not 伦贝尔市; 长江干流 has no 江干区 in it,
    since only full names are read here). (position, name as printed, candidate Areas)."""
    names = _division_names()
    # Names end in few characters (市 区 县 …), rare in running text: every name printed is found
    # from them, then read from the left as a scan would, the longest name at each position.
    ends, lengths = _name_ends()
    longest: dict[int, int] = {}
    for found in ends.finditer(text):
        end = found.end()
        for length in lengths[text[end - 2 : end]]:
            start = end - length
            if start >= 0 and text[start:end] in names and length > longest.get(start, 0):
                longest[start] = length
    places = []
    position = 0
    for start in sorted(longest):
        if start < position:
            continue
        name = text[start : start + longest[start]]
        if _DIVISION_SUFFIX.search(name):  # 井冈山, 西沙群岛: names of the list, not of a place's level
            places.append((start, name, names[name]))
            position = start + len(name)
    return places


def chain(text: str, year: int | None = None) -> list[Area]:
    """The places of a run of text read as one address ("浙江省杭州市西湖区", "广元市昭化区"):
    each place the one under the place before it where names repeat across the country."""
    result: list[Area] = []
    for _, _, options in places_in(text):
        above = result[-1] if result else None
        ranked = sorted(options, key=lambda a: _rank(a, year, above, above.code if above else None), reverse=True)
        best = ranked[0]
        if above is not None and not _is_under(best, above) and not _is_under(above, best):
            # A second, unrelated place: the run names more than one; keep the first address.
            if len([a for a in options if a.level == best.level]) > 1:
                continue
        result.append(best)
    return result


def lineage(area: Area, year: int | None = None) -> dict[str, Area]:
    """province / city / district of a place, by its parents' codes as of `year`."""
    result: dict[str, Area] = {}
    current: Area | None = area
    while current is not None:
        result.setdefault(current.level, current)
        current = by_code(current.parent_code, year)
    if "province" in result and "city" not in result and "district" in result:
        # A municipality's districts (上海市嘉定区) and counties under a province directly (仙桃市):
        # a municipality is its own city.
        province = result["province"]
        if province.name.endswith("市"):
            result["city"] = province
    if area.level == "province" and area.name.endswith("市"):
        result["city"] = area
    return result
