"""A work report's own metadata: the year it plans, its title, who reports, when it was delivered.

Reports written here, in the layouts government pages print them in (a label block, a breadcrumb,
a date line under the title); none is a real report."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from mstrack.pipeline import IngestOptions, parse_document
from mstrack.readers import read_document

REVIEW = [
    "一、2025年工作回顾",
    "2025年，全区实现地区生产总值812.5亿元，同比增长6.1%。2025年一般公共预算收入56.2亿元。",
    "2025年城镇新增就业1.9万人，2025年居民人均可支配收入增长5.2%。",
]


def document(tmp_path: Path, lines: list[str]) -> dict:
    path = tmp_path / "report.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    doc = read_document(path, path.read_bytes(), "0" * 64)
    return parse_document(doc, "doc_0000000000000000", IngestOptions()).rows["documents"][0]


def test_year_is_the_planned_year_though_the_review_names_the_last_more_often(tmp_path):
    lines = ["政府工作报告", "各位代表：", *REVIEW, "二、2026年工作安排", "今年要稳住经济大盘。"]
    assert document(tmp_path, lines)["year"] == 2026


def test_a_review_heading_on_last_years_targets_does_not_set_the_year(tmp_path):
    lines = ["政府工作报告", "各位代表：", "一、过去一年工作回顾", "（一）2025年主要预期目标完成情况", *REVIEW[1:],
             "二、2026年工作安排", "今年要稳住经济大盘。"]
    assert document(tmp_path, lines)["year"] == 2026


def test_year_from_the_date_line_when_no_heading_names_it(tmp_path):
    lines = ["政府工作报告", "——2026年1月12日在某某县第十八届人民代表大会第五次会议上", "各位代表：",
             "一、过去一年工作回顾", "全县实现地区生产总值98.4亿元，增长5.6%。2024年、2025年连续两年获评先进。",
             "二、今年工作重点", "今年要办好民生实事。"]
    doc = document(tmp_path, lines)
    assert (doc["year"], doc["published"]) == (2026, dt.date(2026, 1, 12))


def test_a_report_delivered_in_december_plans_the_next_year(tmp_path):
    lines = ["政 府 工 作 报 告", "——2025年12月29日在某某区第三届人民代表大会第五次会议上", "各位代表：",
             "一、过去一年工作回顾", "全区实现地区生产总值98.4亿元，增长5.6%。", "二、今年工作重点", "今年要办好民生实事。"]
    assert document(tmp_path, lines)["year"] == 2026


@pytest.mark.parametrize("label", ["标题：", "标题:", "题目： "])
def test_title_drops_the_page_label(tmp_path, label):
    lines = ["首页 > 政务公开 > 工作报告", "工作报告", f"{label}2026年杭州市西湖区政府工作报告", "发布时间：2026-01-20",
             "各位代表：", *REVIEW, "二、2026年工作安排", "今年要办好民生实事。"]
    doc = document(tmp_path, lines)
    assert doc["title"] == "2026年杭州市西湖区政府工作报告"
    assert doc["published"] == dt.date(2026, 1, 20)  # the page's own publication date comes first


def test_a_sites_column_name_is_no_title(tmp_path):
    lines = ["工作报告", "在某某区第三届人民代表大会第五次会议上的报告", "各位代表：", *REVIEW, "二、2026年工作安排", "今年要办好民生实事。"]
    assert document(tmp_path, lines)["title"] == "在某某区第三届人民代表大会第五次会议上的报告"


def test_title_drops_a_pages_full_text_suffix(tmp_path):
    lines = ["2026年杭州市西湖区政府工作报告（全文）", "各位代表：", *REVIEW, "二、2026年工作安排", "今年要办好民生实事。"]
    assert document(tmp_path, lines)["title"] == "2026年杭州市西湖区政府工作报告"


def test_issuer_is_the_government_that_reports(tmp_path):
    lines = ["政府工作报告", "——2026年1月8日在杭州市西湖区第十一届人民代表大会第五次会议上", "各位代表：",
             "现在，我代表区人民政府，向大会报告工作，请予审议。", *REVIEW, "二、2026年工作安排", "今年要办好民生实事。"]
    doc = document(tmp_path, lines)
    assert (doc["issuer"], doc["district"]) == ("西湖区人民政府", "西湖区")


def test_issuer_from_a_labelled_issuing_unit(tmp_path):
    lines = ["发文单位：某某区人民政府办公室", "政府工作报告", "各位代表：", "现在，我代表区人民政府，向大会报告工作。",
             *REVIEW, "二、2026年工作安排", "今年要办好民生实事。"]
    assert document(tmp_path, lines)["issuer"] == "某某区人民政府办公室"


def test_a_single_line_file_with_written_out_line_breaks_is_split(tmp_path):
    lines = ["政府工作报告", "各位代表：", *REVIEW, "二、2026年工作安排", "今年将办好三件民生实事：",
             "1. 新建学校3所。", "2. 新增养老床位200张。", "3. 改造老旧小区12个。"]
    path = tmp_path / "one_line.txt"
    path.write_text("\\r\\n".join(lines), encoding="utf-8")
    doc = read_document(path, path.read_bytes(), "0" * 64)
    assert [line.text for line in doc.lines][:2] == ["政府工作报告", "各位代表:"]
    result = parse_document(doc, "doc_0000000000000000", IngestOptions())
    assert result.rows["documents"][0]["year"] == 2026
    assert [p["task"] for p in result.rows["projects"]] == ["新建学校3所。", "新增养老床位200张。", "改造老旧小区12个。"]
