"""Allocation tables in the shapes places print them: areas as header columns (one or two header rows,
with 合计, 备注/说明 and empty columns and a 合计 row), and areas inside one cell as name–figure pairs."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest

from mstrack.parsers.allocation_matrix import area_pairs
from mstrack.pipeline import IngestOptions, ingest_file

FIXTURES = Path(__file__).parent / "fixtures" / "places"
REPO = Path(__file__).resolve().parents[1]
REALWORLD = next(
    (p for p in (REPO.parent / "shared" / "realworld", REPO.parent.parent / "shared" / "realworld", Path("/work/shared/realworld"))
     if p.is_dir()),
    None,
)  # fmt: skip


def shares_by_metric(result) -> dict[str, dict[str, dict]]:
    targets = {t["target_id"]: t for t in result.rows.get("targets", [])}
    out: dict[str, dict[str, dict]] = defaultdict(dict)
    for a in result.rows.get("allocations", []):
        out[targets[a["target_id"]]["metric"]][a["area"]] = a
    return out


def codes(result, code: str):
    return [f for f in result.findings if f.code == code]


def ingest_text(tmp_path, text: str):
    path = tmp_path / "notice.txt"
    path.write_text(text, encoding="utf-8")
    return ingest_file(path, IngestOptions())


# --- areas as header columns, with 合计 and 备注 columns and a 合计 row -------------------------


@pytest.fixture(scope="module")
def xushui():
    return ingest_file(FIXTURES / "hebei_xushui_2013_matrix.txt", IngestOptions())


def test_town_columns_of_a_county_are_read_with_their_county(xushui):
    books = shares_by_metric(xushui)["新建农家书屋"]
    assert {k: v["value"] for k, v in books.items()} == {"安肃镇": 8, "崔庄镇": 6, "大因镇": 5, "遂城镇": 7, "高林村镇": 4}
    assert books["安肃镇"]["area_level"] == "town" and books["安肃镇"]["area_parent_code"] == "130609"


def test_total_and_note_columns_are_no_areas_and_the_total_row_no_item(xushui):
    assert len(shares_by_metric(xushui)) == 4
    assert {a["area"] for a in xushui.rows["allocations"]} == {"安肃镇", "崔庄镇", "大因镇", "遂城镇", "高林村镇"}
    assert not [p for p in xushui.rows["projects"] if "合计" in (p["name"] or "") + (p["seq"] or "")]
    assert not codes(xushui, "ALLOCATION_SUM_MISMATCH") and not codes(xushui, "ALLOCATION_NOT_SPLIT")


def test_a_total_column_that_disagrees_with_its_shares_is_a_finding(tmp_path):
    text = (FIXTURES / "hebei_xushui_2013_matrix.txt").read_text(encoding="utf-8")
    result = ingest_text(tmp_path, text.replace("| 60户 | 50户 | 40户 | 55户 | 45户 | 250户 |", "| 60户 | 50户 | 40户 | 55户 | 45户 | 260户 |"))
    (finding,) = codes(result, "ALLOCATION_SUM_MISMATCH")
    assert "合计 column says 260户" in finding.message and "250户" in finding.message


def test_a_total_row_that_disagrees_with_its_column_is_a_finding(tmp_path):
    text = (FIXTURES / "hebei_xushui_2013_matrix.txt").read_text(encoding="utf-8")
    result = ingest_text(tmp_path, text.replace("合计 |  |  | 369 |", "合计 |  |  | 370 |"))
    (finding,) = codes(result, "ALLOCATION_SUM_MISMATCH")
    assert "合计 row says 370 for 安肃镇" in finding.message and "369" in finding.message


def test_a_share_that_disagrees_with_its_target_is_still_found(tmp_path):
    text = (FIXTURES / "hebei_xushui_2013_matrix.txt").read_text(encoding="utf-8")
    result = ingest_text(tmp_path, text.replace("| 5处 | 1处 | 1处 |", "| 5处 | 2处 | 1处 |"))
    messages = [f.message for f in codes(result, "ALLOCATION_SUM_MISMATCH")]
    assert any("建设乡镇文化广场 (5处" in m and "1处 over" in m for m in messages)


@pytest.fixture(scope="module")
def hangzhou_2011():
    return ingest_file(FIXTURES / "zhejiang_hangzhou_2011_matrix.txt", IngestOptions())


def test_two_header_rows_with_districts_gone_since(hangzhou_2011):
    care = shares_by_metric(hangzhou_2011)["新建社区居家养老服务照料中心"]
    assert care["下城区"]["value"] == 10 and care["下城区"]["area_code"] == "330103"
    assert care["江干区"]["value"] == 12 and care["江干区"]["area_code"] == "330104"
    assert sum(a["value"] for a in care.values()) == 60
    assert not codes(hangzhou_2011, "ALLOCATION_SUM_MISMATCH") and not codes(hangzhou_2011, "ALLOCATION_NOT_SPLIT")


# --- areas inside one cell ------------------------------------------------------------------


def test_pairs_are_read_from_a_cell():
    pairs, rest = area_pairs("元坝镇280 白果乡15 拣银岩街道办40")
    assert [(p.name, p.figure) for p in pairs] == [("元坝镇", "280"), ("白果乡", "15"), ("拣银岩街道办", "40")] and not rest


@pytest.fixture(scope="module")
def santai():
    return ingest_file(FIXTURES / "sichuan_santai_2018_pairs.txt", IngestOptions())


def test_town_pairs_beside_their_target(santai):
    jobs = shares_by_metric(santai)["城镇新增就业人数"]
    assert len(jobs) == 8 and sum(a["value"] for a in jobs.values()) == 600
    assert jobs["北坝街道"]["area_raw"] == "北坝街道办" and jobs["北坝街道"]["unit"] == "人"
    assert jobs["北坝街道"]["value_raw"] == "北坝街道办120"
    assert not codes(santai, "ALLOCATION_SUM_MISMATCH")


def test_an_unlisted_park_is_an_area_of_unknown_level_with_an_info(santai):
    park = shares_by_metric(santai)["城镇新增就业人数"]["芦溪工业园区管委会"]
    assert park["area_level"] == "unknown" and park["value"] == 120
    (info,) = codes(santai, "AREA_NOT_LISTED")
    assert info.severity == "info" and "芦溪工业园区管委会" in info.message


@pytest.mark.skipif(REALWORLD is None or not (REALWORLD / "allocation_matrix__zhaohua-district-2017.txt").exists(),
                    reason="the shared real-world notices are not beside this clone")  # fmt: skip
def test_zhaohua_gives_the_29_towns_shares_of_its_first_target():
    result = ingest_file(REALWORLD / "allocation_matrix__zhaohua-district-2017.txt", IngestOptions())
    first = result.rows["targets"][0]
    assert (first["value"], first["unit"]) == (1300, "人")
    shares = [a for a in result.rows["allocations"] if a["target_id"] == first["target_id"]]
    assert len(shares) == 29 and len({a["area"] for a in shares}) == 29
    assert sum(a["value"] for a in shares) == 1300
    assert {a["area_parent"] for a in shares if a["area_level"] != "unknown"} == {"昭化区"}


# --- areas as rows, targets as columns ------------------------------------------------------


@pytest.fixture(scope="module")
def gangzha():
    return ingest_file(FIXTURES / "jiangsu_gangzha_2019_rows.txt", IngestOptions())


def test_streets_as_rows_and_targets_as_columns(gangzha):
    by_metric = shares_by_metric(gangzha)
    assert set(by_metric) == {"新增老年助餐点", "改造老旧小区", "新增公共停车泊位"}
    parking = by_metric["新增公共停车泊位"]
    assert parking["秦灶街道"]["value"] == 150 and parking["秦灶街道"]["unit"] == "个"
    assert "港闸开发区" not in by_metric["改造老旧小区"]  # "--": no share
    targets = {t["metric"]: t["value"] for t in gangzha.rows["targets"]}
    assert targets == {"新增老年助餐点": 15, "改造老旧小区": 8, "新增公共停车泊位": 600}  # the 合计 row
    assert not codes(gangzha, "ALLOCATION_SUM_MISMATCH")


def test_a_rows_table_whose_total_row_disagrees_says_by_how_much(tmp_path):
    text = (FIXTURES / "jiangsu_gangzha_2019_rows.txt").read_text(encoding="utf-8")
    result = ingest_text(tmp_path, text.replace("合计 | 15 | 8 | 600 |", "合计 | 15 | 8 | 620 |"))
    (finding,) = codes(result, "ALLOCATION_SUM_MISMATCH")
    assert "新增公共停车泊位 (620个" in finding.message and "20个 short" in finding.message


@pytest.fixture(scope="module")
def tianhe():
    return ingest_file(FIXTURES / "guangdong_tianhe_2020_completion.txt", IngestOptions())


def test_a_completion_table_by_area_gives_shares_and_progress_by_area(tianhe):
    places = shares_by_metric(tianhe)["新增普惠性托位"]
    assert {k: v["value"] for k, v in places.items()} == {"五山街道": 40, "元岗街道": 30, "兴华街道": 50, "冼村街道": 20, "员村街道": 60}
    progress = {p["progress_id"]: p for p in tianhe.rows["progress"]}
    achieved = {(progress[a["progress_id"]]["reported_by"], a["value"]): a for a in tianhe.rows["achievements"]}
    yuangang = achieved[("元岗街道", 12)]
    assert yuangang["completion"] == pytest.approx(0.4) and yuangang["stated_completion"] == pytest.approx(0.4)
    assert {p["reported_by"]: p["status"] for p in tianhe.rows["progress"]}["兴华街道"] in ("not_started", "in_progress")
    assert not codes(tianhe, "ALLOCATION_SUM_MISMATCH")


def test_a_header_of_places_makes_an_allocation_table_whatever_its_title(tmp_path):
    result = ingest_text(tmp_path, "2023年民生实事各镇目标表\n\n序号 | 项目名称 | 量化目标 | 安肃镇 | 崔庄镇 | 大因镇 |\n"
                                   "1 | 新建农家书屋 | 3个 | 1个 | 1个 | 1个 |\n2 | 改造农村危房 | 30户 | 10户 | 10户 | 10户 |\n")  # fmt: skip
    assert result.kinds == ["allocation_matrix"]
    assert shares_by_metric(result)["改造农村危房"]["崔庄镇"]["value"] == 10


# --- per-area figures inside a progress text ------------------------------------------------


def test_inline_area_table_in_a_progress_text():
    from mstrack.parsers.allocation_matrix import inline_area_tables

    (table,) = inline_area_tables("分区情况: 鄞州 海曙、江东、江北 镇海 北仑 合计 新辟线路年度目标 3 5 2 2 12 实际完成 2 3 1 1 7", 2015)
    assert [c.printed for c in table.columns] == ["鄞州", "海曙、江东、江北", "镇海", "北仑"]
    assert [a.name for a in table.columns[1].areas] == ["海曙区", "江东区", "江北区"]  # 江东区: merged away in 2016
    assert [label for label, _ in table.rows] == ["新辟线路年度目标", "实际完成"]


@pytest.fixture(scope="module")
def ningbo():
    return ingest_file(FIXTURES / "zhejiang_ningbo_2015_half_year.txt", IngestOptions())


def test_a_progress_paragraph_shares_its_target_by_district(ningbo):
    lines = shares_by_metric(ningbo)["新辟公交线路"]
    assert {k: v["value"] for k, v in lines.items()} == {"鄞州区": 3, "海曙、江东、江北": 5, "镇海区": 2, "北仑区": 2}
    assert lines["海曙、江东、江北"]["area_level"] == "unknown" and lines["鄞州区"]["area_code"] == "330212"
    assert len(codes(ningbo, "AREA_GROUP")) == 2 and not codes(ningbo, "ALLOCATION_SUM_MISMATCH")


def test_a_unit_column_and_a_total_column_standing_for_the_target(tmp_path):
    result = ingest_text(tmp_path, "2016年民生实事各区任务分解表\n\n"
                                   "序号 | 项目 | 计量单位 | 合计 | 鄞州区 | 海曙区 | 江北区 | 镇海区 |\n"
                                   "1 | 新建农村文化礼堂 | 个 | 40 | 15 | 5 | 8 | 12 |\n"
                                   "2 | 新增公共自行车 | 辆 | 3000 | 1000 | 800 | 700 | 500 |\n"
                                   "3 | 改造提升农贸市场 | 家 | 12 | 4 | 3 | 3 | 2 |\n")  # fmt: skip
    halls = shares_by_metric(result)["新建农村文化礼堂"]
    assert {k: (v["value"], v["unit"]) for k, v in halls.items()} == {
        "鄞州区": (15, "个"), "海曙区": (5, "个"), "江北区": (8, "个"), "镇海区": (12, "个")}  # fmt: skip
    targets = {t["metric"]: (t["value"], t["unit"]) for t in result.rows["targets"]}
    assert targets["新增公共自行车"] == (3000, "辆")
    assert not codes(result, "ALLOCATION_SUM_MISMATCH")


def test_a_word_table_with_merged_header_cells_reads_like_its_text(tmp_path):
    """.docx: 序号/项目名称/目标任务 merged down two header rows, the group label across the towns."""
    import docx

    document = docx.Document()
    document.add_paragraph("2013年县政府民生实事任务分解表")
    rows = [["1", "新建农家书屋", "30个", "8个", "6个", "16个", "30个", "年底前建成"],
            ["2", "改造农村危房", "250户", "60户", "50户", "140户", "250户", ""],
            ["合计", "", "", "68", "56", "156", "", ""]]  # fmt: skip
    table = document.add_table(rows=2 + len(rows), cols=8)
    for j, text in enumerate(["序号", "项目名称", "目标任务", "各乡镇任务分解", "", "", "合计", "备注"]):
        table.cell(0, j).text = text
    for j, text in enumerate(["安肃镇", "崔庄镇", "大因镇"], start=3):
        table.cell(1, j).text = text
    for j in (0, 1, 2, 6, 7):
        table.cell(0, j).merge(table.cell(1, j))
    table.cell(0, 3).merge(table.cell(0, 5))
    table.cell(0, 3).text = "各乡镇任务分解"
    for i, row in enumerate(rows, start=2):
        for j, text in enumerate(row):
            table.cell(i, j).text = text
    path = tmp_path / "matrix.docx"
    document.save(path)
    result = ingest_file(path, IngestOptions())
    books = shares_by_metric(result)["新建农家书屋"]
    assert {k: v["value"] for k, v in books.items()} == {"安肃镇": 8, "崔庄镇": 6, "大因镇": 16}
    assert not codes(result, "ALLOCATION_SUM_MISMATCH") and not codes(result, "UNPARSED_ROW")
