"""Statistics of a work report: last year's in the review, this year's targets in 主要预期目标,
with the year, basis, pairing and span each figure is for. The report is written here."""

from __future__ import annotations

from pathlib import Path

import pytest

from mstrack.pipeline import IngestOptions, parse_document
from mstrack.readers import read_document

REPORT = [
    "2026年某某区政府工作报告",
    "——2026年1月9日在某某区第三届人民代表大会第五次会议上",
    "各位代表：",
    "一、2025年和“十四五”时期工作回顾",
    "2025年，全区实现地区生产总值812.5亿元，同比增长6.1%；城镇新增就业2.87万人；居民消费价格上涨0.8%，"
    "工业生产者出厂价格回落1.9%，规模以上工业增加值增速5.4%。",
    "城镇和农村居民人均可支配收入分别增长4.3%、5.5%。职工医保个人账户家庭共济金额1.6亿元，同比增长12%。",
    "全年安全生产事故起数和死亡人数分别下降18%、12%，进口、出口同比增长7.5%、3.1%。",
    "过去五年，地区生产总值年均增长5.8%，一般公共预算收入五年累计完成286亿元。",
    "二、2026年工作安排",
    "今年经济社会发展的主要预期目标是：地区生产总值增长5.5%左右；城镇新增就业2.5万人以上；"
    "城乡居民人均可支配收入分别增长5%和6%；居民消费价格涨幅2%左右。",
    "到2030年，常住人口城镇化率达到75%，研发经费投入强度提高到3.2%。",
    "今后五年，地区生产总值年均增长5%以上。",
]


@pytest.fixture(scope="module")
def indicators(tmp_path_factory) -> list[dict]:
    path = tmp_path_factory.mktemp("report") / "report.txt"
    path.write_text("\n".join(REPORT) + "\n", encoding="utf-8")
    doc = read_document(path, path.read_bytes(), "0" * 64)
    return parse_document(doc, "doc_0000000000000000", IngestOptions()).rows["indicators"]


def row(indicators, basis, metric, multi_year=False):
    found = [i for i in indicators if (i["basis"], i["metric"], i["multi_year"]) == (basis, metric, multi_year)]
    assert len(found) == 1, (metric, [(i["basis"], i["metric"], i["multi_year"]) for i in indicators])
    i = found[0]
    return i["year"], i["first_year"], i["value"], i["unit"], i["change_pct"]


def test_last_years_figures_are_actual_and_of_last_year(indicators):
    assert row(indicators, "actual", "地区生产总值") == (2025, None, 81250000000, "元", 6.1)


def test_a_count_is_an_indicator(indicators):
    assert row(indicators, "actual", "城镇新增就业") == (2025, None, 28700, "人", None)
    assert row(indicators, "planned", "城镇新增就业") == (2026, None, 25000, "人", None)


@pytest.mark.parametrize("metric, change", [("居民消费价格", 0.8), ("工业生产者出厂价格", -1.9), ("规模以上工业增加值", 5.4)])
def test_changes_said_as_rises_falls_and_rates(indicators, metric, change):
    assert row(indicators, "actual", metric) == (2025, None, None, None, change)


def test_respectively_gives_each_metric_its_own_figure(indicators):
    assert row(indicators, "actual", "城镇居民人均可支配收入")[4] == 4.3
    assert row(indicators, "actual", "农村居民人均可支配收入")[4] == 5.5
    assert row(indicators, "planned", "城镇居民人均可支配收入")[4] == 5
    assert row(indicators, "planned", "农村居民人均可支配收入")[4] == 6


def test_pairs_of_complete_metrics_and_pairs_said_without_fenbie(indicators):
    assert row(indicators, "actual", "安全生产事故起数")[4] == -18
    assert row(indicators, "actual", "死亡人数")[4] == -12
    assert row(indicators, "actual", "进口")[4] == 7.5
    assert row(indicators, "actual", "出口")[4] == 3.1


def test_metric_names_keep_their_words(indicators):
    assert row(indicators, "actual", "职工医保个人账户家庭共济金额") == (2025, None, 160000000, "元", 12)


def test_average_growth_and_five_year_totals_cover_five_years(indicators):
    assert row(indicators, "actual", "地区生产总值", multi_year=True) == (2025, 2021, None, None, 5.8)
    assert row(indicators, "actual", "一般公共预算收入", multi_year=True) == (2025, 2021, 28600000000, "元", None)
    assert row(indicators, "planned", "地区生产总值", multi_year=True) == (2030, 2026, None, None, 5)


def test_a_target_for_a_later_year_is_of_that_year(indicators):
    assert row(indicators, "planned", "常住人口城镇化率") == (2030, None, 75, "%", None)
    # "提高到" links the metric to its figure; it is not part of the name.
    assert row(indicators, "planned", "研发经费投入强度") == (2030, None, 3.2, "%", None)


def test_this_years_targets_are_planned(indicators):
    assert row(indicators, "planned", "地区生产总值") == (2026, None, None, None, 5.5)
    assert row(indicators, "planned", "居民消费价格") == (2026, None, None, None, 2)


def test_targets_numbered_one_per_line_after_their_announcement(tmp_path):
    lines = REPORT[: REPORT.index("二、2026年工作安排") + 1] + [
        "今年经济社会发展的主要预期目标：", "1. 地区生产总值增长5.5%左右。", "2. 城镇新增就业2.5万人以上。",
        "3. 居民消费价格涨幅2%左右。", "4. 单位地区生产总值能耗下降2.5%。"]
    path = tmp_path / "report.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    doc = read_document(path, path.read_bytes(), "0" * 64)
    rows = parse_document(doc, "doc_0000000000000000", IngestOptions()).rows["indicators"]
    planned = [(i["metric"], i["value"], i["change_pct"]) for i in rows if i["basis"] == "planned"]
    assert planned == [("地区生产总值", None, 5.5), ("城镇新增就业", 25000, None), ("居民消费价格", None, 2),
                       ("单位地区生产总值能耗", None, -2.5)]


def test_a_target_paragraph_with_no_figure_read_is_said(tmp_path):
    lines = REPORT[: REPORT.index("二、2026年工作安排") + 1] + ["今年经济社会发展的主要预期目标是：经济运行稳中有进，居民收入与经济增长基本同步。"]
    path = tmp_path / "report.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    doc = read_document(path, path.read_bytes(), "0" * 64)
    result = parse_document(doc, "doc_0000000000000000", IngestOptions())
    [finding] = [f for f in result.findings if f.code == "TARGETS_NOT_READ"]
    assert (finding.severity, finding.ref) == ("warning", f"L{len(lines)}")
