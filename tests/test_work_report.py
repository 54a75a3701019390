"""Work reports (政府工作报告): 004 and the structural variants in tests/fixtures/work_reports."""

from decimal import Decimal
from pathlib import Path

import pytest

from conftest import SAMPLES
from mstrack.model import Section
from mstrack.model import Cell, Grid, SourceRef
from mstrack.parsers.work_report.indicators import statements
from mstrack.parsers import ParseContext
from mstrack.parsers.work_report import parse
from mstrack.pipeline import IngestOptions, parse_document
from mstrack.readers import read_document
from mstrack.parsers.work_report.structure import Paragraph, find_repeats, paragraphs

FIXTURES = Path(__file__).parent / "fixtures" / "work_reports"


def ingest(path: Path):
    doc = read_document(path, path.read_bytes(), "0" * 64)
    return parse_document(doc, "doc_0000000000000000", IngestOptions())


@pytest.fixture(scope="module")
def report_004():
    return ingest(SAMPLES["004"])


def codes(result):
    return [f.code for f in result.findings]


def targets_of(result, seq):
    project = next(p for p in result.rows["projects"] if p["seq"] == seq)
    return [(t["metric"], t["value"], t["unit"], t["comparator"]) for t in result.rows["targets"]
            if t["project_id"] == project["project_id"]]


def indicator(result, basis, metric):
    found = [i for i in result.rows["indicators"] if i["basis"] == basis and i["metric"] == metric]
    assert len(found) == 1, found
    row = found[0]
    return row["year"], row["value"], row["unit"], row["change_pct"], row["comparator"]


# --- 004: the report printed twice ----------------------------------------------------------


def test_004_is_read_once_though_the_page_prints_it_twice(report_004):
    assert len(report_004.rows["projects"]) == 10
    assert len(report_004.rows["glossary"]) == 36
    duplicates = [f for f in report_004.findings if f.code == "DUPLICATE_SECTION"]
    assert len(duplicates) == 1
    assert duplicates[0].severity == "info"
    assert duplicates[0].ref == "L338-632"
    assert "lines 338-632 repeat lines 11-305" in duplicates[0].message


def test_004_metadata_stays_that_of_the_report(report_004):
    doc = report_004.rows["documents"][0]
    assert (doc["doc_number"], doc["issuer"], str(doc["published"]), doc["district"], doc["year"]) == (
        "下政阅〔2014〕1号", "区府办", "2014-02-19", "下城区", 2014)


# --- 004: the ten 实事 projects ---------------------------------------------------------------


def test_004_projects_are_named_by_their_heading_sentence(report_004):
    projects = report_004.rows["projects"]
    assert [p["seq"] for p in projects] == [str(n) for n in range(1, 11)]
    assert [p["name"] for p in projects] == [
        "加快保障房建设", "优化小区环境", "推进路网建设", "加强生态治水", "落实安全保障",
        "促进就业服务", "深化养老服务", "增强教育供给", "提升健康服务", "丰富群众文化",
    ]
    first = projects[0]
    assert first["task"] == "竣工华丰单元XC10-060-R21-05地块公共租赁房项目30568平方米。"
    assert (first["kind"], first["ref"]) == ("work_report", "L187")
    assert first["raw"].startswith("1. 加快保障房建设")


def test_004_housing_project_completes_30568_square_metres(report_004):
    assert targets_of(report_004, "1") == [("竣工华丰单元XC10-060-R21-05地块公共租赁房项目", 30568, "平方米", "=")]


def test_004_road_project_counts_roads_and_parking(report_004):
    assert targets_of(report_004, "3") == [
        ("支小路建设", 3, "条", "="),
        ("道路", 2, "条", "="),
        ("新增公共停车泊位", 800, "个", "="),
    ]


def test_004_employment_project_counts_people(report_004):
    assert targets_of(report_004, "6") == [
        ("新增城镇就业人数", 23600, "人", "="),
        ("失业人员再就业", 12600, "人", "="),
        ("就业困难人员再就业", 3380, "人", "="),
    ]


def test_004_elderly_care_project_has_beds_people_share_and_chairs(report_004):
    assert targets_of(report_004, "7") == [
        ("新增机构养老床位", 400, "张", "="),
        ("新增享受政府资助型居家养老服务对象", 900, "人", "="),
        ("享受政府资助型居家养老服务对象", 5400, "人", "="),
        ("占全区老年人总数", 6, "%", "="),
        ("新装楼道转角爱心椅", 1000, "套", "="),
    ]


def test_004_health_project_reads_ming_as_people_and_yishang_as_at_least(report_004):
    targets = targets_of(report_004, "9")
    assert [(value, unit, comparator) for _, value, unit, comparator in targets] == [
        (12000, "人", "="), (3000, "人次", "="), (200, "人次", "="), (95, "%", ">="), (1000, "人", "="), (10000, "人", "="),
    ]
    raw = [t["unit_raw"] for t in report_004.rows["targets"] if t["value"] == 12000]
    assert raw == ["名"]


# --- 004: statistics --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "metric, value, unit, change",
    [
        ("地区生产总值", 64357000000, "元", 7.8),
        ("固定资产投资", 15284000000, "元", 25.56),
        ("社会消费品零售总额", 70000000000, "元", 13.1),
        ("地方财政收入", 7750000000, "元", 0.41),
        ("服务业增加值", 59100000000, "元", 8.7),
        ("外贸出口", 1839000000, "美元", 12.08),
        ("规模以上工业总产值", 7668000000, "元", 3.04),
        ("到位杭外资金", 14645000000, "元", 3.89),
        ("单位生产总值电耗", None, None, -3.6),
        ("信访总量", None, None, -6.39),
    ],
)
def test_004_statistics_of_2013_are_actual(report_004, metric, value, unit, change):
    assert indicator(report_004, "actual", metric)[:4] == (2013, value, unit, change)


@pytest.mark.parametrize(
    "metric, value, unit, change, comparator",
    [
        ("地区生产总值", None, None, 8.5, "="),
        ("全社会固定资产投资", None, None, 10, "="),
        ("地方财政收入", None, None, 3, "="),
        ("社会消费品零售总额", None, None, 13.5, "="),
        ("单位生产总值电耗", None, None, -4, "="),
        ("登记失业率", 4, "%", None, "<="),
        ("引进杭外到位资金", 12900000000, "元", None, "="),
        ("新增绿化面积", 60000, "平方米", None, "="),
    ],
)
def test_004_targets_of_2014_are_planned(report_004, metric, value, unit, change, comparator):
    assert indicator(report_004, "planned", metric) == (2014, value, unit, change, comparator)


def test_004_project_list_is_not_read_as_statistics(report_004):
    list_lines = {f"L{n}" for n in range(187, 206)}
    assert not [i for i in report_004.rows["indicators"] if i["ref"] in list_lines]
    assert not [i for i in report_004.rows["indicators"] if i["metric"] == "新增机构养老床位"]


# --- 004: glossary ------------------------------------------------------------------------------


def test_004_glossary_has_36_numbered_entries(report_004):
    glossary = report_004.rows["glossary"]
    assert [g["seq"] for g in glossary] == list(range(1, 37))
    assert (glossary[3]["term"], glossary[3]["definition"]) == ("个转企", "指个体工商户转型升级为企业。")
    assert glossary[2]["term"] == "“1+X”经济扶持政策"
    assert (glossary[35]["term"], glossary[35]["ref"]) == ("幸福家庭创建", "L305")
    assert glossary[35]["glossary_id"].startswith("gls_")


def test_004_glossary_entry_without_a_term_keeps_its_text_and_says_so(report_004):
    entry = report_004.rows["glossary"][4]
    assert entry["term"] is None
    assert entry["definition"].startswith("国家实施的海外高层次人才引进计划。")
    missing = [f for f in report_004.findings if f.code == "GLOSSARY_TERM_MISSING"]
    assert [(f.severity, f.ref) for f in missing] == [("warning", "L243")]


# --- other structures -----------------------------------------------------------------------


def test_parenthesised_list_without_glossary_gives_its_eight_projects():
    result = ingest(FIXTURES / "xihu_2019_paren_list.txt")
    assert result.kinds == ["work_report"]
    projects = result.rows["projects"]
    assert [p["seq"] for p in projects] == [str(n) for n in range(1, 9)]
    assert projects[4]["name"] == "治理城市交通拥堵"
    assert targets_of(result, "5") == [("新增公共停车泊位", 2000, "个", "="), ("打通断头路", 5, "条", "=")]
    assert "glossary" not in result.rows
    # The heading promises 十件实事 and eight are printed: kept, and said.
    assert codes(result) == ["PROJECT_COUNT_MISMATCH"]


def test_parenthesised_list_report_states_2018_actuals_and_2019_targets():
    result = ingest(FIXTURES / "xihu_2019_paren_list.txt")
    assert indicator(result, "actual", "固定资产投资")[:4] == (2018, 48630000000, "元", -2.1)
    # The paragraph wraps over two lines: "…数字经济核心产业增加值" / "达到402.7亿元,同比增长16.3%".
    assert indicator(result, "actual", "数字经济核心产业增加值")[:4] == (2018, 40270000000, "元", 16.3)
    assert indicator(result, "planned", "地区生产总值") == (2019, None, None, 7.5, "~")
    assert indicator(result, "planned", "固定资产投资") == (2019, None, None, 5, ">=")
    assert indicator(result, "planned", "城镇登记失业率") == (2019, 3, "%", None, "<=")


def test_inline_yishi_list_gives_ten_projects_numbered_as_printed():
    result = ingest(FIXTURES / "yuhang_2020_inline_list.txt")
    assert result.kinds == ["work_report"]
    assert result.rows["documents"][0]["year"] == 2020
    projects = result.rows["projects"]
    assert [p["seq"] for p in projects] == list("一二三四五六七八九十")
    assert projects[1]["task"] == "新增机构养老床位500张"
    assert projects[1]["name"] is None  # the item has no heading sentence; none is made up
    assert targets_of(result, "八") == [("“两癌”筛查", 20000, "人", "=")]
    assert indicator(result, "actual", "地区生产总值")[:4] == (2019, 282430000000, "元", 10.1)
    assert indicator(result, "planned", "地区生产总值") == (2020, None, None, 8, ">=")


def test_glossary_entries_may_use_a_dash_between_term_and_definition():
    result = ingest(FIXTURES / "yuhang_2020_inline_list.txt")
    glossary = result.rows["glossary"]
    assert [(g["seq"], g["term"]) for g in glossary] == [(1, "城市大脑"), (2, "最多跑一次"), (3, "城市书房")]
    assert glossary[2]["definition"] == "依托公共图书馆体系建设的24小时自助式阅读空间。"


def test_report_without_a_project_list_says_so_and_invents_none():
    result = ingest(FIXTURES / "fuyang_2016_no_list.txt")
    assert result.kinds == ["work_report"]
    assert "projects" not in result.rows and "targets" not in result.rows
    assert [(f.code, f.severity) for f in result.findings] == [("NO_PROJECT_LIST", "warning")]
    assert indicator(result, "actual", "地方财政收入")[:4] == (2015, 5270000000, "元", 12.1)
    # "城乡居民人均可支配收入分别增长8%和9%": 城乡 is 城镇 and 农村, each with its own figure.
    planned = [(i["metric"], i["change_pct"]) for i in result.rows["indicators"] if i["basis"] == "planned"]
    assert planned == [("地区生产总值", 7.5), ("财政总收入", 6), ("城镇居民人均可支配收入", 8), ("农村居民人均可支配收入", 9)]


# --- structure, on hand-built input --------------------------------------------------------


def _para(index, text, line):
    return Paragraph(index, text, text, SourceRef(line, line))


def test_a_run_of_long_paragraphs_printed_again_is_one_repeat():
    body = ["甲" * 200, "乙" * 200, "丙" * 200]
    paras = [_para(i, t, i + 1) for i, t in enumerate(["标题"] + body + ["页眉", "标题"] + body)]
    [repeat] = find_repeats(paras)
    assert (repeat.copy, repeat.original) == ((5, 9), (0, 4))


def test_a_sentence_quoted_twice_is_not_a_repeat():
    paras = [_para(i, t, i + 1) for i, t in enumerate(["继续实施政府为民办实事项目,集中力量解决涉及群众切身利益的热点难点问题。", "其他内容", "继续实施政府为民办实事项目,集中力量解决涉及群众切身利益的热点难点问题。"])]
    assert find_repeats(paras) == []


def test_a_section_given_as_cells_only_is_read_paragraph_by_paragraph():
    # A reader that gives no lines (a .docx body as one stream of paragraph cells).
    texts = ["二、2014年政府工作", "(一)办好实事", "继续实施政府为民办实事项目。", "1. 加快保障房建设。竣工公共租赁房30568平方米。",
             "2. 促进就业服务。新增城镇就业人数23600人。"]
    cells = [Cell(text=t, raw=t, ref=SourceRef(n + 1, n + 1)) for n, t in enumerate(texts)]
    section = Section(index=0, lines=[], grid=Grid(rows=[cells], stream=True))
    assert [p.text for p in paragraphs(section)] == texts
    parsed = parse(section, ParseContext(doc_id="doc_0000000000000000", source_path="x", year=2014, period="FY", as_of=None))
    assert [(p["seq"], p["name"]) for p in parsed.rows["projects"]] == [("1", "加快保障房建设"), ("2", "促进就业服务")]


def test_change_after_a_figure_belongs_to_the_figure():
    [gdp] = statements("全年实现地区生产总值643.57亿元,同比增长7.80%,固定资产投资增幅指标位居全市第一")
    assert (gdp.metric, gdp.quantity.value, gdp.change_pct) == ("地区生产总值", Decimal("64357000000"), Decimal("7.80"))


def test_change_with_its_own_metric_stands_alone():
    [tax, per_m2] = statements("119幢目标楼宇实现税收62.70亿元,每平方米税收贡献可比增长20.60%")
    assert (tax.metric, tax.change_pct) == ("目标楼宇税收", None)
    assert (per_m2.metric, per_m2.quantity, per_m2.change_pct) == ("每平方米税收贡献", None, Decimal("20.60"))


def _report(texts):
    cells = [Cell(text=t, raw=t, ref=SourceRef(n + 1, n + 1)) for n, t in enumerate(texts)]
    section = Section(index=0, lines=[], grid=Grid(rows=[cells], stream=True))
    return parse(section, ParseContext(doc_id="doc_0000000000000000", source_path="x", year=2021, period="FY", as_of=None))


def test_items_numbered_like_sub_headings_are_a_list_when_sentences_follow():
    parsed = _report(["一、2020年工作回顾", "全年实现地区生产总值500亿元,增长6%。", "二、2021年工作安排",
                      "(三)办好十大民生实事", "(一)扩大教育供给。新增学位3000个。", "(二)完善养老服务。新增养老床位200张。"])
    assert [(p["seq"], p["name"], p["task"]) for p in parsed.rows["projects"]] == [
        ("一", "扩大教育供给", "新增学位3000个。"), ("二", "完善养老服务", "新增养老床位200张。")]


def test_glossary_heading_may_say_which_report_it_explains():
    parsed = _report(["一、2020年工作回顾", "全年实现地区生产总值500亿元,增长6%。", "附:本报告有关名词解释",
                      "1.城市大脑:城市数字化治理平台。"])
    assert [(g["seq"], g["term"]) for g in parsed.rows["glossary"]] == [(1, "城市大脑")]


# --- real reports (abridged excerpts; sources in tests/fixtures/work_reports/README.md) ------


def test_wuchang_2019_numbered_chapters_inside_the_review_stay_the_review():
    # "2018年工作回顾" heads the part; "一、强化高位拼搏,…" is a chapter of it, not the plan.
    result = ingest(FIXTURES / "wuchang_2019_report.txt")
    assert result.kinds == ["work_report"]
    assert {(i["basis"], i["year"]) for i in result.rows["indicators"]} == {("actual", 2018)}
    assert indicator(result, "actual", "地区生产总值")[:4] == (2018, 120000000000, "元", 8)
    assert indicator(result, "actual", "服务业增加值")[:4] == (2018, 103500000000, "元", 8.5)
    assert indicator(result, "actual", "高新技术产业产值")[:4] == (2018, 35890000000, "元", 20.3)
    assert len(result.rows["indicators"]) == 6


def test_wuchang_2019_excerpt_without_its_plan_lists_no_projects_and_says_so():
    result = ingest(FIXTURES / "wuchang_2019_report.txt")
    assert "projects" not in result.rows and "glossary" not in result.rows
    assert codes(result) == ["NO_PROJECT_LIST"]


def test_wuchang_2019_metadata_names_the_district_its_congress_sits_for():
    doc = ingest(FIXTURES / "wuchang_2019_report.txt").rows["documents"][0]
    assert (doc["city"], doc["district"], doc["year"], str(doc["published"]), doc["title"]) == (
        "武汉市", "武昌区", 2019, "2019-01-28", "政府工作报告")


def test_wuchang_2019_printed_twice_is_read_once(tmp_path):
    text = (FIXTURES / "wuchang_2019_report.txt").read_text(encoding="utf-8")
    doubled = tmp_path / "wuchang_twice.txt"
    doubled.write_text(text + "\n打印本页 关闭窗口\n\n" + text, encoding="utf-8")
    result = ingest(doubled)
    assert len(result.rows["indicators"]) == 6
    assert codes(result).count("DUPLICATE_SECTION") == 1


def test_qiaokou_2015_review_year_printed_in_chinese_numerals():
    result = ingest(FIXTURES / "qiaokou_2015_report.txt")
    doc = result.rows["documents"][0]
    assert (doc["city"], doc["district"], doc["year"], str(doc["published"])) == ("武汉市", "硚口区", 2015, "2015-01-09")
    # The page's navigation path ("当前位置:… > 政府工作报告") is not the title.
    assert doc["title"] == "政府工作报告"
    assert indicator(result, "actual", "地区生产总值")[:4] == (2014, 51000000000, "元", 9)
    assert indicator(result, "actual", "单位地区生产总值能耗")[:4] == (2014, None, None, -3.7)
    assert indicator(result, "actual", "城镇登记失业率") == (2014, 4, "%", None, "<=")
    assert indicator(result, "actual", "城镇居民人均可支配收入")[:4] == (2014, None, None, 9)


def test_zhangwan_2023_change_after_a_share_of_plan_is_the_figures_own():
    result = ingest(FIXTURES / "zhangwan_2023_report.txt")
    assert indicator(result, "actual", "地区生产总值")[:4] == (2022, 56400000000, "元", -2)
    assert indicator(result, "actual", "规上工业总产值")[:4] == (2022, 54000000000, "元", -26.9)
    # "按可比口径下降9.3%" is measured against last year like 同比; it names no metric of its own.
    assert indicator(result, "actual", "地方一般公共预算收入")[:4] == (2022, 1288000000, "元", -9.3)
    assert indicator(result, "actual", "城镇居民人均可支配收入")[:4] == (2022, 43299, "元", 5.4)
    assert not [i for i in result.rows["indicators"] if i["metric"].startswith(("占", "按可比"))]


def test_zhangwan_2023_city_is_not_read_with_the_year_before_it():
    doc = ingest(FIXTURES / "zhangwan_2023_report.txt").rows["documents"][0]
    assert (doc["city"], doc["district"], doc["year"]) == ("十堰市", "张湾区", 2023)


def test_longgang_2014_numbered_review_paragraphs_are_statistics_not_projects():
    result = ingest(FIXTURES / "longgang_2014_numbered_review.txt")
    assert result.kinds == ["work_report"]
    assert "projects" not in result.rows
    assert indicator(result, "actual", "地区生产总值") == (2013, 200000000000, "元", 11, ">=")
    assert indicator(result, "actual", "规模以上高新技术产业产值")[:4] == (2013, 283000000000, "元", 13.5)
    # "万元GDP水耗下降12%、电耗下降7%": the second change is of 电耗 alone.
    assert indicator(result, "actual", "万元GDP水耗")[:4] == (2013, None, None, -12)
    assert indicator(result, "actual", "电耗")[:4] == (2013, None, None, -7)


def test_qingyuan_2014_glossary_under_a_bookmarked_title_heading():
    result = ingest(FIXTURES / "qingyuan_2014_glossary.txt")
    glossary = result.rows["glossary"]
    assert [g["seq"] for g in glossary] == [1, 2, 3, 4, 5, 6]
    assert (glossary[1]["term"], glossary[1]["definition"]) == ("“三品”", "即无公害农产品、绿色食品和有机农产品。")
    assert glossary[3]["term"] == "河长制"
    assert "GLOSSARY_TERM_MISSING" not in codes(result)


def test_taiyuan_yishi_items_one_per_line_are_ten_projects():
    result = ingest(FIXTURES / "taiyuan_yishi_lines.txt")
    projects = result.rows["projects"]
    assert [p["seq"] for p in projects] == list("一二三四五六七八九十")
    assert all(p["name"] is None for p in projects)  # no heading sentence is printed; none is made up
    assert projects[3]["task"] == "遴选安全隐患突出的危旧房,完成6处以上试点改造任务。"
    assert [(t[1], t[2], t[3]) for t in targets_of(result, "四")] == [(6, "处", ">=")]
    assert [(t[1], t[2]) for t in targets_of(result, "八")] == [(115, "栋")]
    # "35周岁以上人群" is an age, not a target: said, not made a row.
    assert targets_of(result, "九") == []
    assert "UNPARSED_QUANTITY" in codes(result)


def test_chinese_numeral_years_are_read_as_years():
    from mstrack.periods import years_in
    assert years_in("二○一四年工作回顾") == [2014]
    assert years_in("“十二五”期间和2015年工作回顾") == [2015]


def test_targets_announced_then_printed_one_per_dash_line_are_all_planned():
    # Layout of 武汉市武昌区2019年国民经济和社会发展计划 "(二)主要预期目标".
    parsed = _report(["一、2020年工作回顾", "全年实现地区生产总值500亿元,增长6%。", "二、2021年工作安排",
                      "2021年经济社会发展的主要预期目标:", "——地区生产总值增长7.8%左右;", "——地方一般公共预算收入增长6%;",
                      "——实施重大项目190项,年度计划投资220亿元;", "——居民人均可支配收入增长与经济增长基本同步。"])
    planned = [(i["metric"], i["value"], i["unit"], i["change_pct"], i["comparator"])
               for i in parsed.rows["indicators"] if i["basis"] == "planned"]
    assert planned == [
        ("地区生产总值", None, None, 7.8, "~"),
        ("地方一般公共预算收入", None, None, 6, "="),
        ("实施重大项目", 190, "项", None, "="),
        ("年度计划投资", 22000000000, "元", None, "="),
    ]


def test_a_report_that_leads_its_appendices_is_read_though_it_prints_a_notices_wording(tmp_path):
    # A report published with a 通知 and a 文号 above it, its 实事 list as 附件1: the body speaks to
    # the congress, so it is the report, not the appendix's cover letter.
    items = ["新建幼儿园3所", "新增老年助餐服务点20个", "改造老旧小区12个"]
    text = "\n".join(
        ["关于印发2026年示例县政府工作报告的通知", "示政发〔2026〕3号", "各位代表:",
         "现在,我代表示例县人民政府向大会报告工作。", "一、2025年工作回顾", "过去一年,全县地区生产总值增长6.1%。",
         "二、2026年工作安排", "2026年主要预期目标是:地区生产总值增长6%左右。", "附件1", "2026年三件民生实事"]
        + [f"{n}.{item}。" for n, item in enumerate(items, 1)]
    )  # fmt: skip
    path = tmp_path / "report.txt"
    path.write_text(text + "\n", encoding="utf-8")
    result = ingest(path)
    assert [p["task"] for p in result.rows["projects"]] == [f"{item}。" for item in items]
    assert any(i["basis"] == "planned" for i in result.rows["indicators"])
