"""Places anywhere in China: the division list with its history, the matcher, and each notice's place."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mstrack.areas import area_of, chain, places_in, resolve, resolve_siblings
from mstrack.metadata import PLACE_SOURCES, infer_metadata
from mstrack.pipeline import IngestOptions, ingest_file
from mstrack.readers.text import read_text

FIXTURES = Path(__file__).parent / "fixtures" / "places"


def metadata_of(text: str, kinds=("allocation_matrix",), **overrides):
    data = text.encode("utf-8")
    doc = read_text("notice.txt", data, hashlib.sha256(data).hexdigest())
    return infer_metadata(doc, list(kinds), overrides)


# --- the list and its history ---------------------------------------------------------------


@pytest.mark.parametrize(
    "name, year, code",
    [
        ("徐水县", 2011, "130625"),  # a county until 2015
        ("徐水区", 2016, "130609"),  # the district it became
        ("下城区", 2011, "330103"),  # merged into 拱墅区 in 2021
        ("江干区", 2014, "330104"),  # split up in 2021
        ("临平区", 2024, "330113"),  # new in 2021
        ("港闸区", 2019, "320611"),  # merged into 崇川区 in 2020
        ("襄樊市", 2008, "420600"),  # renamed 襄阳市 in 2010
        ("嘉定区", 2020, "310114"),
        ("仙桃市", 2020, "429004"),  # a county-level city under its province directly
    ],
)
def test_a_place_gets_its_code_as_of_the_year(name, year, code):
    area = resolve(name, year)
    assert area is not None and area.code == code and area.in_force(year)


def test_gone_names_say_until_when():
    assert resolve("下城区", 2011).valid_to == 2021
    assert resolve("徐水县", 2011).valid_to == 2015
    assert resolve("拱墅区").valid_to is None


def test_namesakes_are_told_apart_by_their_siblings():
    hangzhou = resolve_siblings(["上城区", "西湖区", "滨江区"])
    assert [a.parent for a in hangzhou] == ["杭州市"] * 3
    nanchang = resolve_siblings(["东湖区", "西湖区", "青云谱区"])
    assert nanchang[1].code == "360103" and nanchang[1].parent == "南昌市"
    streets = resolve_siblings(["区本级", "天水", "武林", "米市巷"])
    assert [a.name for a in streets] == ["区本级", "天水街道", "武林街道", "米市巷街道"]
    assert {a.parent for a in streets[1:]} == {"拱墅区"}


def test_places_below_the_county_are_known_by_their_form():
    assert area_of("芦溪工业园区管委会").level == "unknown"
    assert area_of("高新技术产业开发区").level == "unknown"
    assert area_of("某某风景名胜区").level == "unknown"
    assert area_of("各街道") is None  # a label over several places, never one
    assert area_of("合计") is None and area_of("备注") is None


def test_a_street_office_is_its_street():
    towns = resolve_siblings(["北坝街道办", "乐安镇", "争胜镇"])
    assert towns[0].name == "北坝街道" and towns[0].level == "street" and towns[0].parent == "三台县"


# --- places in running text -----------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "加强长江干流水质监测",  # 江干 is a short name inside a word, never read in running text
        "支持西湖大学建设",
        "呼伦贝尔市草原保护",  # 伦贝尔市 is not a place; the longer name wins
    ],
)
def test_a_place_inside_a_longer_word_is_never_taken(text):
    names = [name for _, name, _ in places_in(text)]
    assert "江干区" not in names and "西湖区" not in names and "伦贝尔市" not in names


def test_the_longest_name_wins():
    assert [name for _, name, _ in places_in("呼伦贝尔市草原保护")] == ["呼伦贝尔市"]


def test_an_address_is_read_as_one_chain():
    assert [a.code for a in chain("浙江省杭州市下城区人民政府", 2011)] == ["330000", "330100", "330103"]
    assert [a.name for a in chain("南昌市西湖区")] == ["南昌市", "西湖区"]
    assert chain("南昌市西湖区")[1].code == "360103"


# --- the notice's own place -----------------------------------------------------------------


def test_a_county_notice_of_2013_keeps_its_county_name():
    meta = ingest_file(FIXTURES / "hebei_xushui_2013_matrix.txt", IngestOptions()).rows["documents"][0]
    assert (meta["province"], meta["city"], meta["district"]) == ("河北省", "保定市", "徐水县")
    assert (meta["province_code"], meta["city_code"], meta["district_code"]) == ("130000", "130600", "130625")


def test_a_city_notice_has_no_district():
    meta = ingest_file(FIXTURES / "zhejiang_hangzhou_2011_matrix.txt", IngestOptions()).rows["documents"][0]
    assert (meta["city"], meta["city_code"], meta["district"]) == ("杭州市", "330100", None)


def test_the_place_comes_from_the_title_when_no_office_line_names_it():
    meta = ingest_file(FIXTURES / "sichuan_santai_2018_pairs.txt", IngestOptions()).rows["documents"][0]
    assert (meta["province"], meta["city"], meta["district"], meta["district_code"]) == ("四川省", "绵阳市", "三台县", "510722")


def test_the_speaker_of_a_work_report_names_the_place():
    meta = metadata_of("各位代表:\n现在,我代表上海市嘉定区人民政府向大会报告工作。\n一、2019年工作回顾\n", ("work_report",))
    assert (meta.province, meta.city, meta.district, meta.district_code) == ("上海市", "上海市", "嘉定区", "310114")


def test_the_congress_names_the_place():
    meta = metadata_of("——2019年1月8日在武汉市武昌区第十五届人民代表大会第四次会议上\n各位代表:\n", ("work_report",))
    assert (meta.province, meta.city, meta.district) == ("湖北省", "武汉市", "武昌区")


def test_a_signature_line_names_the_place():
    text = "关于做好2019年民生实事的通知\n各街道办事处:\n现将任务分解如下。\n南通市港闸区人民政府办公室\n2019年3月1日\n"
    meta = metadata_of(text)
    assert (meta.city, meta.district, meta.district_code) == ("南通市", "港闸区", "320611")


def test_a_word_that_holds_a_place_name_is_not_the_notice_place():
    meta = metadata_of("关于加强长江干流和西湖大学周边环境整治的通知\n各单位:\n请抓好落实。\n")
    assert meta.district is None and meta.city is None


def test_the_user_place_gets_its_codes():
    meta = metadata_of("关于2011年实事的通知\n", district="徐水县", year=2011)
    assert (meta.district, meta.district_code, meta.city) == ("徐水县", "130625", "保定市")


def test_a_notice_without_a_place_says_where_it_looked(tmp_path):
    path = tmp_path / "notice.txt"
    path.write_text("2020年民生实事任务分解表\n序号 | 项目名称 | 量化目标 | 东风镇 | 红旗乡 |\n"
                    "1 | 新建农家书屋 | 2个 | 1个 | 1个 |\n", encoding="utf-8")
    result = ingest_file(path, IngestOptions())
    (missing,) = [f for f in result.findings if f.code == "METADATA_MISSING"]
    assert "city" in missing.message and PLACE_SOURCES in missing.message


def test_a_city_renamed_since_keeps_its_name_of_the_year():
    meta = metadata_of("关于2008年民生实事的通知\n各街道办事处:\n请抓好落实。\n襄樊市樊城区人民政府办公室\n2008年3月1日\n")
    assert (meta.province, meta.city, meta.city_code, meta.district) == ("湖北省", "襄樊市", "420600", "樊城区")


def test_a_labelled_issuing_unit_names_the_place():
    meta = metadata_of("发文单位:徐水县人民政府办公室\n关于2013年民生实事的通知\n各乡镇:\n请抓好落实。\n", year=2013)
    assert (meta.issuer, meta.city, meta.district, meta.district_code) == ("徐水县人民政府办公室", "保定市", "徐水县", "130625")


def test_a_user_district_no_list_has_keeps_the_notice_city():
    meta = metadata_of("绵阳市三台县人民政府办公室\n关于2018年民生实事的通知\n", district="芦溪新区")
    assert (meta.city, meta.city_code, meta.district, meta.district_code) == ("绵阳市", "510700", "芦溪新区", None)


def _scan(text: str) -> list[tuple[int, str]]:
    """places_in as a plain scan: at each position the longest listed name, taken when it ends in a
    division's suffix, else one character on."""
    from mstrack.areas import _DIVISION_SUFFIX, _division_names

    names = _division_names()
    longest = max(map(len, names))
    found, i = [], 0
    while i < len(text):
        match = next((text[i : i + n] for n in range(longest, 1, -1) if text[i : i + n] in names), None)
        if match and _DIVISION_SUFFIX.search(match):
            found.append((i, match))
            i += len(match)
        else:
            i += 1
    return found


_PIECES = ["杭州市", "西湖区", "呼伦贝尔市", "长江干流", "江干区", "井冈山", "西沙群岛", "浙江省", "市", "区", "县",
           "的", "和", "城关镇", "拱墅区", "贝尔", "新城", "开发区", "吉林省吉林市", "北京市海淀区", "香港特别行政区"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=12).map("".join))
def test_places_in_reads_full_names_as_a_leftmost_longest_scan_would(text):
    from mstrack.areas import places_in

    assert [(i, name) for i, name, _ in places_in(text)] == _scan(text)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(_PIECES + ["滨江", "下城", "消防", "大队", "交警"]), max_size=12).map("".join))
def test_the_openings_of_short_names_are_found_as_every_pair_of_the_text_would_be(text):
    from mstrack.metadata import _county_shorts_by_opening, _openings_pattern

    openings = _county_shorts_by_opening(2011).keys()
    pairs = {text[i : i + 2] for i in range(len(text) - 1)}
    assert set(_openings_pattern().findall(text)) & openings == pairs & openings


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["下政阅", "〔2014〕1号", "(2019)", "2号", "杭政办函", "【2020】", " 12 号", "(一)", "市",
                                 "〔", "政府", "[2021] 3号", "各街道:", "\n"]), max_size=10).map("".join))
def test_a_doc_number_is_the_leftmost_one_printed(text):
    """文号 found from its year and number, as a search for the whole of it would find it."""
    import re

    from mstrack.metadata import DOC_NUMBER, _doc_number

    whole = DOC_NUMBER.search(text)
    assert _doc_number(text) == (re.sub(r"\s+", "", whole.group(0)) if whole else None)


def test_town_lookups_by_bisection_agree_with_an_index_of_the_whole_list():
    # The list is read as sorted lines; every full and short name must give the towns an index of
    # the file gives, in the file's order (county, then name).
    import csv
    import re
    from collections import defaultdict
    from importlib import resources

    from mstrack import areas

    suffix = re.compile(r"(街道办事处|街道办|街道|镇|乡)$")
    full, short = defaultdict(list), defaultdict(list)
    with resources.files("mstrack.data").joinpath("towns.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            town = (row["name"], row["county"])
            full[town[0]].append(town)
            bare = suffix.sub("", town[0])
            if bare != town[0] and len(bare) >= 2:
                short[bare].append(town)
    assert all(list(areas._towns_named(name)) == towns for name, towns in full.items())
    assert all(areas._towns_short(bare) == towns for bare, towns in short.items())
    assert areas._towns_named("序号") == () and areas._towns_short("序号") == []
