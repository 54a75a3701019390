"""A work report's 实事 list in every form reports print it, read back from reports written here.

The reports are of our own writing (no real report's sentences): a review chapter, a plan chapter
that announces the list and prints it in one layout, a closing sentence. Each layout must give back
the same items, numbered as printed, and nothing after the last one.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mstrack.pipeline import IngestOptions, parse_document
from mstrack.readers import read_document
from mstrack.normalise import normalise_text
from mstrack.numbering import value_of
from mstrack.parsers.work_report.lists import inline_list, names_list

CN = "一二三四五六七八九十"
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩"
# (name, task) of invented projects; every task states one figure.
ITEMS = [
    ("扩充学位供给", "新建改扩建学校6所，增加学位5400个"),
    ("完善养老服务", "新增社区嵌入式养老机构12家"),
    ("提升就医便利", "建成社区医院4家"),
    ("改造老旧小区", "完成老旧小区改造38个"),
    ("缓解停车难", "新增公共停车泊位2600个"),
    ("治理黑臭水体", "整治城乡黑臭水体15条"),
    ("推进托育服务", "新增普惠性托位900个"),
    ("保障饮水安全", "改造农村供水管网120公里"),
    ("丰富文体生活", "建设口袋公园20个"),
    ("促进稳岗就业", "开展职业技能培训8000人次"),
]
HEAD = [
    "政府工作报告",
    "——2026年1月8日在某某区第三届人民代表大会第五次会议上",
    "各位代表：",
    "现在，我代表区人民政府，向大会报告工作，请予审议。",
    "一、2025年工作回顾",
    "过去一年，全区实现地区生产总值812.5亿元，同比增长6.1%。一般公共预算收入56.2亿元，增长3.4%。",
    "二、2026年工作安排",
    "今年经济社会发展的主要预期目标是：地区生产总值增长5.5%左右，城镇新增就业2.1万人。",
]
CLOSING = "以上实事，我们将逐项明确责任、倒排工期，确保年底前全部完成。"
TAIL = ["三、加强政府自身建设", "坚持依法行政，自觉接受人大法律监督。"]


def _task(n: int) -> str:
    name, task = ITEMS[n]
    return f"{name}。{task}。"


def render(layout: str, n: int) -> list[str]:
    """The plan chapter's list of the first n items in one layout, with its announcement."""
    count = CN[n - 1] if n <= 10 else str(n)
    announce = f"今年，区政府将集中力量办好{count}件民生实事："
    tasks = [ITEMS[k][1] for k in range(n)]
    if layout == "arabic_lines":
        return [announce] + [f"{k + 1}. {_task(k)}" for k in range(n)] + [CLOSING]
    if layout == "chinese_comma_lines":
        return [announce] + [f"{CN[k]}、{_task(k)}" for k in range(n)] + [CLOSING]
    if layout == "short_chinese_comma_lines":
        # Items printed like chapter headings: short, no full stop.
        return [announce] + [f"{CN[k]}、{ITEMS[k][1]}" for k in range(n)] + [CLOSING]
    if layout == "short_chinese_paren_lines":
        # Items printed like sub-headings: short, no full stop.
        return [announce] + [f"（{CN[k]}）{ITEMS[k][1]}" for k in range(n)] + [CLOSING]
    if layout == "chinese_paren_lines":
        return [announce] + [f"（{CN[k]}）{_task(k)}" for k in range(n)] + [CLOSING]
    if layout == "circled_lines":
        return [announce] + [f"{CIRCLED[k]}{_task(k)}" for k in range(n)] + [CLOSING]
    if layout == "paren_lines":
        return [announce] + [f"（{k + 1}）{_task(k)}" for k in range(n)] + [CLOSING]
    if layout == "circled_inline":
        return [announce + "；".join(f"{CIRCLED[k]}{t}" for k, t in enumerate(tasks)) + "。" + CLOSING]
    if layout == "paren_inline":
        return [announce + "；".join(f"（{k + 1}）{t}" for k, t in enumerate(tasks)) + "。" + CLOSING]
    if layout == "yishi_inline":
        return [announce + "；".join(f"{CN[k]}是{t}" for k, t in enumerate(tasks)) + "。" + CLOSING]
    if layout == "yishi_lines":
        return [announce] + [f"{CN[k]}是{t}。" for k, t in enumerate(tasks)] + [CLOSING]
    if layout == "clauses":
        return [f"今年将办好{count}件民生实事，包括：" + "；".join(tasks) + "。" + CLOSING]
    raise ValueError(layout)


LAYOUTS = ["arabic_lines", "chinese_comma_lines", "short_chinese_comma_lines", "short_chinese_paren_lines", "chinese_paren_lines", "circled_lines", "paren_lines",
           "circled_inline", "paren_inline", "yishi_inline", "yishi_lines", "clauses"]


def ingest_lines(tmp_path: Path, lines: list[str], name: str = "report.txt"):
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    doc = read_document(path, path.read_bytes(), "0" * 64)
    return parse_document(doc, "doc_0000000000000000", IngestOptions())


def codes(result) -> list[str]:
    return [f.code for f in result.findings]


@pytest.mark.parametrize("layout", LAYOUTS)
def test_ten_items_come_back_in_every_layout(tmp_path, layout):
    result = ingest_lines(tmp_path, HEAD + render(layout, 10) + TAIL)
    projects = result.rows["projects"]
    assert [value_of(p["seq"]) for p in projects] == list(range(1, 11))
    for project, (name, task) in zip(projects, ITEMS):
        assert normalise_text(task) in project["task"], (project["task"], task)
        assert "以上实事" not in project["task"]  # the closing sentence is not part of item 10
    # Each task's one figure is a target of its own project.
    assert len(result.rows["targets"]) >= 10
    assert not {"NO_PROJECT_LIST", "PROJECT_LIST_NOT_SPLIT", "PROJECT_COUNT_MISMATCH"} & set(codes(result))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(layout=st.sampled_from(LAYOUTS), n=st.integers(min_value=2, max_value=10))
def test_any_list_length_comes_back_whole(tmp_path, layout, n):
    result = ingest_lines(tmp_path, HEAD + render(layout, n) + TAIL)
    projects = result.rows["projects"]
    assert len(projects) == n
    assert projects[-1]["task"].rstrip("。").endswith(normalise_text(ITEMS[n - 1][1]))


def test_headed_items_are_named_by_their_heading_sentence(tmp_path):
    result = ingest_lines(tmp_path, HEAD + render("arabic_lines", 3) + TAIL)
    assert [p["name"] for p in result.rows["projects"]] == ["扩充学位供给", "完善养老服务", "提升就医便利"]


def test_circled_numbers_read_the_same_whether_normalisation_keeps_or_folds_them():
    # NFKC folds ① to 1; the raw text still says where each item starts.
    folded = inline_list("办好三件实事:1新建学校3所;2新增床位200张;3改造小区5个。", raw="办好三件实事：①新建学校3所；②新增床位200张；③改造小区5个。")
    kept = inline_list("办好三件实事:①新建学校3所;②新增床位200张;③改造小区5个。")
    assert [(i.seq, i.body) for i in folded] == [(i.seq, i.body) for i in kept] == [
        ("1", "新建学校3所"), ("2", "新增床位200张"), ("3", "改造小区5个")]


def test_numbers_inside_items_do_not_cut_them():
    items = inline_list("(1)新建学校3所,其中(2)所为九年一贯制;(2)新增停车位2025个;(3)改造道路1.5公里。")
    assert [i.body for i in items] == ["新建学校3所,其中(2)所为九年一贯制", "新增停车位2025个", "改造道路1.5公里"]


def test_names_separated_by_dunhao_are_the_list_when_the_count_matches(tmp_path):
    lines = HEAD + ["今年将实施五大民生工程：学位扩容工程、养老提升工程、健康护航工程、安居改造工程、畅行便民工程。",
                    CLOSING] + TAIL
    projects = ingest_lines(tmp_path, lines).rows["projects"]
    assert [p["task"] for p in projects] == ["学位扩容工程", "养老提升工程", "健康护航工程", "安居改造工程", "畅行便民工程"]


def test_fields_a_list_covers_are_not_its_items(tmp_path):
    lines = HEAD + ["今年将办好十件民生实事，包括教育、医疗、养老、托育、住房、交通、环境、文化、体育、安全等十个方面。"] + TAIL
    result = ingest_lines(tmp_path, lines)
    assert "projects" not in result.rows
    assert "PROJECT_LIST_NOT_SPLIT" in codes(result)


def test_nested_groups_give_each_item_its_group(tmp_path):
    lines = HEAD + [
        "今年实施5项民生工程，其中城建工程3项：①改造背街小巷20条；②新建公厕15座；③新增绿道12公里。"
        "教育工程2项：①新建幼儿园3所；②改造学校食堂10个。" + CLOSING
    ] + TAIL
    projects = ingest_lines(tmp_path, lines).rows["projects"]
    assert [(p["category"], p["seq"], p["task"]) for p in projects] == [
        ("城建工程", "1", "改造背街小巷20条"), ("城建工程", "2", "新建公厕15座"), ("城建工程", "3", "新增绿道12公里"),
        ("教育工程", "1", "新建幼儿园3所"), ("教育工程", "2", "改造学校食堂10个"),
    ]


def test_nested_groups_printed_one_item_per_line(tmp_path):
    lines = HEAD + ["今年实施4项惠民工程：", "交通工程2项：", "1. 新辟公交线路6条。", "2. 新增公共自行车站点40个。",
                    "卫生工程2项：", "1. 建成村卫生室标准化改造30家。", "2. 新增家庭医生团队25个。", CLOSING] + TAIL
    result = ingest_lines(tmp_path, lines)
    projects = result.rows["projects"]
    assert [(p["category"], p["seq"]) for p in projects] == [
        ("交通工程", "1"), ("交通工程", "2"), ("卫生工程", "1"), ("卫生工程", "2")]
    assert "NUMBERING_GAP" not in codes(result)


def test_lead_units_printed_on_items_go_to_lead_units(tmp_path):
    lines = HEAD + ["今年将办好两件民生实事：",
                    "1. 扩充学位供给。新增学位5400个。（牵头单位：区教育局）",
                    "2. 完善养老服务。新增养老机构12家。（牵头单位：区民政局、区卫健局；配合单位：各街道）", CLOSING] + TAIL
    projects = ingest_lines(tmp_path, lines).rows["projects"]
    assert [p["lead_units"] for p in projects] == [["区教育局"], ["区民政局", "区卫健局"]]
    assert [p["co_units"] for p in projects] == [[], ["各街道"]]
    assert "牵头单位" not in projects[1]["task"]


def test_an_appendix_holds_the_list(tmp_path):
    lines = HEAD + ["今年将办好十件民生实事（见附件1）。"] + TAIL + ["附件1", "2026年十件民生实事"] + [
        f"{k + 1}. {_task(k)}" for k in range(10)]
    result = ingest_lines(tmp_path, lines)
    assert result.kinds == ["work_report", "work_report"]
    assert len(result.rows["projects"]) == 10
    assert not {"NO_PROJECT_LIST", "PROJECT_LIST_NOT_SPLIT", "NO_REPORT_OUTLINE", "UNKNOWN_KIND"} & set(codes(result))


def test_a_glossary_entry_that_lists_them(tmp_path):
    lines = HEAD + ["扎实办好十件民生实事，持续增进民生福祉。", "坚持依法行政。", "名词解释",
                    "1. 城市更新：指对城市建成区空间形态和功能的持续完善。",
                    "2. 十件民生实事：即①新增学位5400个；②新增养老机构12家；③建成社区医院4家。"]
    result = ingest_lines(tmp_path, lines)
    assert [p["task"] for p in result.rows["projects"]] == ["新增学位5400个", "新增养老机构12家", "建成社区医院4家"]
    assert len(result.rows["glossary"]) == 2


def test_a_stray_shishi_announces_no_list(tmp_path):
    lines = HEAD + ["我们将坚持为群众多办好事实事、多解难事。",
                    "1. 稳住经济大盘。抓好项目建设，完成固定资产投资300亿元。",
                    "2. 深化改革开放。推进营商环境优化提升。",
                    "3. 坚持办实事。倾听群众呼声。"] + TAIL
    result = ingest_lines(tmp_path, lines)
    assert "projects" not in result.rows
    assert "NO_PROJECT_LIST" in codes(result)


def test_last_years_list_in_the_review_is_not_this_years(tmp_path):
    lines = HEAD[:5] + ["去年十件民生实事全面完成：", "1. 新建学校4所。", "2. 新增养老床位300张。"] + HEAD[6:] + TAIL
    result = ingest_lines(tmp_path, lines)
    assert "projects" not in result.rows
    assert "NO_PROJECT_LIST" in codes(result)


def test_a_list_announced_whose_items_cannot_be_told_apart_is_said(tmp_path):
    lines = HEAD + ["今年将办好十件民生实事，涵盖教育医疗养老托育等方面，具体项目由人大代表票决产生。"] + TAIL
    result = ingest_lines(tmp_path, lines)
    assert "projects" not in result.rows
    [finding] = [f for f in result.findings if f.code == "PROJECT_LIST_NOT_SPLIT"]
    assert finding.severity == "warning"
    assert "10 items" in finding.message
    assert "NO_PROJECT_LIST" not in codes(result)


@pytest.mark.parametrize("name", ["民生实事", "为民办实事", "民生工程", "民心工程", "惠民工程", "票决项目", "候选项目"])
def test_every_name_of_a_list_is_known(name):
    assert names_list(f"今年实施十项{name}:")


@pytest.mark.parametrize("stray", ["多办好事实事", "为群众办实事", "坚持实事求是"])
def test_a_bare_shishi_names_no_list(stray):
    assert names_list(stray) is None


# --- 名词解释 in every layout --------------------------------------------------------------------

GLOSSARY = [("城市更新", "指对城市建成区空间形态和功能进行整治、改善的活动。"),
            ("一网统管", "指依托城市运行管理平台，实现城市治理事项统一受理、分拨和处置。"),
            ("口袋公园", "指面积较小、布局灵活、服务周边居民的小型公园绿地。")]


@pytest.mark.parametrize("mark", ["{}.", "{}、", "[{}]", "〔{}〕", "【{}】", "［{}］", "（{}）"])
def test_glossary_entries_in_every_numbering_style(tmp_path, mark):
    lines = HEAD + render("arabic_lines", 2) + TAIL + ["名词解释"] + [
        f"{mark.format(n + 1)}{term}：{definition}" for n, (term, definition) in enumerate(GLOSSARY)]
    glossary = ingest_lines(tmp_path, lines).rows["glossary"]
    assert [(g["seq"], g["term"], g["definition"]) for g in glossary] == [
        (n + 1, term, normalise_text(definition)) for n, (term, definition) in enumerate(GLOSSARY)]


def test_a_definition_wrapped_over_lines_is_one_entry(tmp_path):
    lines = HEAD + TAIL + ["名词解释", "【1】城市更新：指对城市建成区空间形态和功能",
                           "进行整治、改善的活动。", "【2】口袋公园", "指面积较小、布局灵活、服务周边居民的小型公园绿地。"]
    glossary = ingest_lines(tmp_path, lines).rows["glossary"]
    assert [(g["term"], g["definition"]) for g in glossary] == [
        ("城市更新", "指对城市建成区空间形态和功能进行整治、改善的活动。"),
        ("口袋公园", "指面积较小、布局灵活、服务周边居民的小型公园绿地。")]
    assert glossary[0]["ref"] == f"L{len(HEAD) + len(TAIL) + 2}-{len(HEAD) + len(TAIL) + 3}"


def test_a_glossary_appendix_is_read_as_part_of_the_report(tmp_path):
    lines = HEAD + render("arabic_lines", 2) + TAIL + ["附件2", "本报告有关名词解释"] + [
        f"〔{n + 1}〕{term}：{definition}" for n, (term, definition) in enumerate(GLOSSARY)]
    result = ingest_lines(tmp_path, lines)
    assert result.kinds == ["work_report", "work_report"]
    assert [g["term"] for g in result.rows["glossary"]] == ["城市更新", "一网统管", "口袋公园"]
    assert not {"UNKNOWN_KIND", "NO_REPORT_OUTLINE", "NO_PROJECT_LIST"} & set(codes(result))


def test_a_glossary_heading_with_no_entry_read_is_said(tmp_path):
    lines = HEAD + render("arabic_lines", 2) + TAIL + ["名词解释", "城市更新：指对城市建成区的持续完善。"]
    result = ingest_lines(tmp_path, lines)
    assert "glossary" not in result.rows
    [finding] = [f for f in result.findings if f.code == "GLOSSARY_NOT_READ"]
    assert finding.ref == f"L{len(HEAD) + len(render('arabic_lines', 2)) + len(TAIL) + 1}"


def test_sub_items_under_an_item_stay_in_it(tmp_path):
    lines = HEAD + ["今年将办好三件民生实事：", "1. 扩充学位供给。", "（1）新建学校2所。", "（2）改扩建幼儿园4所。",
                    "2. 完善养老服务。新增养老床位300张。", "3. 提升就医便利。建成社区医院4家。", CLOSING] + TAIL
    projects = ingest_lines(tmp_path, lines).rows["projects"]
    assert [p["seq"] for p in projects] == ["1", "2", "3"]
    assert projects[0]["task"] == "(1)新建学校2所。(2)改扩建幼儿园4所。"
    assert projects[0]["ref"] == f"L{len(HEAD) + 2}-{len(HEAD) + 4}"


def test_a_glossary_term_that_only_mentions_a_list_is_no_list(tmp_path):
    lines = HEAD + ["坚持依法行政。", "名词解释",
                    "1. 民生实事项目人大代表票决制：指政府提出候选项目，一是广泛征集，二是代表票决，三是跟踪监督。"]
    result = ingest_lines(tmp_path, lines)
    assert "projects" not in result.rows


def test_sub_headings_after_a_list_are_not_its_items(tmp_path):
    lines = HEAD + ["今年将办好以下民生实事：", "（一）新建学校3所", "（二）新增养老床位200张", "（二）加强政府自身建设",
                    "坚持依法行政。"]
    projects = ingest_lines(tmp_path, lines).rows["projects"]
    assert [p["task"] for p in projects] == ["新建学校3所", "新增养老床位200张"]


def test_a_table_titled_like_a_list_is_not_read_as_a_report(tmp_path):
    lines = ["2026年十件民生实事", "序号 | 项目名称 | 牵头单位 | 完成时限", "1 | 新建学校3所 | 区教育局 | 12月底",
             "2 | 新增养老床位200张 | 区民政局 | 10月底", "3 | 改造老旧小区12个 | 区住建局 | 11月底"]
    assert "work_report" not in ingest_lines(tmp_path, lines).kinds
