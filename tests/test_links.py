"""Links across documents: a plan and its progress reports as one series per project, a city's
allocation to a district and the district's own target, the same metric in consecutive years."""

import random
import shutil
from pathlib import Path

import pandas as pd
import pytest

from conftest import read_tables, run
from mstrack.links import links

TRACKING = Path(__file__).parent / "fixtures" / "tracking"
REPORTS = ["linping_2025_q1.txt", "linping_2025_h1.txt", "linping_2025_fy.txt"]


# --- the samples: 002 allocates to 拱墅区, 003 is 拱墅区's own plan ---------------------------------

@pytest.fixture(scope="module")
def allocated(tables):
    links_ = tables["links"]
    allocations = tables["allocations"][["allocation_id", "area", "doc_id"]]
    targets = tables["targets"][["target_id", "metric", "doc_id"]]
    found = links_[links_.relation == "allocated_to"]
    found = found.merge(allocations, left_on="from_id", right_on="allocation_id")
    return found.merge(targets, left_on="to_id", right_on="target_id", suffixes=("_allocation", "_target"))


@pytest.mark.parametrize("words, city_figure, district_figure", [
    ("加装电梯", 200, 200),
    ("养育照护", 200, 200),
    ("孤独症", 65, 60),
    ("宁静小区", 10, 18),
    ("残疾人就业", 64, 35),
    ("回迁安置", 4300, 3426),
])
def test_hangzhou_allocation_to_gongshu_links_to_gongshu_own_target(allocated, tables, words, city_figure, district_figure):
    documents = tables["documents"].set_index("doc_id")
    rows = allocated[allocated.metric.str.contains(words)]
    assert len(rows) == 1, rows
    (row,) = rows.itertuples()
    assert row.area == "拱墅区" and row.method == "metric_key" and row.score == 1.0
    assert documents.loc[row.from_doc_id, "district"] != documents.loc[row.from_doc_id, "district"]  # 002: city level
    assert documents.loc[row.to_doc_id, "district"] == "拱墅区"
    assert (row.from_value, row.to_value) == (city_figure, district_figure)


def test_only_district_allocations_link_and_each_at_most_once(allocated, tables):
    assert allocated.allocation_id.is_unique
    assert set(allocated.area) == {"拱墅区"}  # the only district with a plan of its own among the samples


def test_work_report_links_the_same_metric_of_consecutive_years(tables):
    links_ = tables["links"]
    indicators = tables["indicators"].set_index("indicator_id")
    next_year = links_[(links_.relation == "next_year") & (links_.metric_key == "全社会固定资产投资")]
    (row,) = next_year.itertuples()
    assert indicators.loc[row.from_id, "metric"] == "固定资产投资" and indicators.loc[row.from_id, "year"] == 2013
    assert indicators.loc[row.to_id, "metric"] == "全社会固定资产投资" and indicators.loc[row.to_id, "year"] == 2014


def test_links_validate_and_point_at_rows_that_exist(tables, samples_out):
    assert run("validate", samples_out).exit_code == 0
    links_ = tables["links"]
    keys = {"projects": "project_id", "targets": "target_id", "allocations": "allocation_id", "indicators": "indicator_id"}
    for side in ("from", "to"):
        for table, rows in links_.groupby(f"{side}_table"):
            assert set(rows[f"{side}_id"]) <= set(tables[table][keys[table]])


# --- fixtures: one district's plan and its Q1, H1 and FY reports ---------------------------------

def ingest(out, *names, rebuild=False):
    result = run("ingest", *[TRACKING / n for n in names], "--out", out, *(["--rebuild"] if rebuild else []))
    assert result.exit_code == 0, result.output
    return read_tables(out)


def completion_series(tables) -> dict[str, list[tuple]]:
    """series_id -> [(as_of, completion)] of its projects' achievements, in date order."""
    links_ = tables["links"]
    same = links_[links_.relation == "same_project"][["series_id", "to_id"]]
    progress = tables["progress"][["progress_id", "project_id", "as_of"]]
    achievements = tables["achievements"][["progress_id", "completion"]]
    frame = same.merge(progress, left_on="to_id", right_on="project_id").merge(achievements, on="progress_id")
    return {series: sorted(zip(rows.as_of, rows.completion)) for series, rows in frame.groupby("series_id")}


def test_a_plan_and_its_three_reports_give_one_series_per_project_with_completion_rising(tmp_path):
    tables = ingest(tmp_path / "out", "linping_2025_plan.txt", *REPORTS)
    plan_doc = tables["documents"][tables["documents"].source_path.str.endswith("plan.txt")].doc_id.item()
    plan_projects = tables["projects"][tables["projects"].doc_id == plan_doc]
    series = completion_series(tables)
    assert set(series) == set(plan_projects.project_id)  # anchored on the plan, one per project
    for points in series.values():
        assert [str(d) for d, _ in points] == ["2025-03-31", "2025-06-30", "2025-12-31"]
        completions = [c for _, c in points]
        assert completions == sorted(completions) and completions[0] < completions[-1]
    lift = plan_projects[plan_projects.task.str.contains("加装电梯")].project_id.item()
    assert [round(c, 3) for _, c in series[lift]] == [0.25, 0.55, 1.008]


def test_series_targets_link_with_both_figures(tmp_path):
    tables = ingest(tmp_path / "out", "linping_2025_plan.txt", *REPORTS)
    same_target = tables["links"][tables["links"].relation == "same_target"]
    assert len(same_target) == 9  # three targets in three reports
    assert (same_target.from_value == same_target.to_value).all()


def test_a_report_added_later_links_to_those_already_there(tmp_path):
    out = tmp_path / "out"
    ingest(out, "linping_2025_plan.txt", REPORTS[0])
    ingest(out, REPORTS[1])
    later = ingest(out, REPORTS[2])["links"]
    at_once = ingest(tmp_path / "once", "linping_2025_plan.txt", *REPORTS)["links"]
    pd.testing.assert_frame_equal(later, at_once)
    again = ingest(out, "linping_2025_plan.txt", *REPORTS)["links"]  # a re-run: unchanged documents
    pd.testing.assert_frame_equal(again, at_once)


def test_reports_without_a_plan_are_anchored_on_the_earliest(tmp_path):
    tables = ingest(tmp_path / "out", *REPORTS)
    q1 = tables["documents"][tables["documents"].period == "Q1"].doc_id.item()
    same = tables["links"][tables["links"].relation == "same_project"]
    assert len(same) == 6 and set(same.from_doc_id) == {q1}


# --- the rule itself -------------------------------------------------------------------------------

def _rows(out_tables):
    from mstrack.links import COLUMNS

    return {t: out_tables[t][c].to_dict("records") for t, c in COLUMNS.items()}


def test_links_do_not_depend_on_the_order_of_rows(tmp_path):
    tables = _rows(ingest(tmp_path / "out", "linping_2025_plan.txt", *REPORTS))
    expected = links(tables)
    rng = random.Random(7)
    for _ in range(5):
        shuffled = {t: rng.sample(rows, len(rows)) for t, rows in tables.items()}
        assert links(shuffled) == expected


def test_a_district_target_of_another_year_or_unit_is_not_linked():
    documents = [
        {"doc_id": "doc_" + "1" * 16, "city": "杭州市", "district": None, "year": 2024, "as_of": None, "kinds": []},
        {"doc_id": "doc_" + "2" * 16, "city": "杭州市", "district": "西湖区", "year": 2025, "as_of": None, "kinds": []},
    ]
    projects = [{"project_id": "prj_" + "2" * 16, "doc_id": "doc_" + "2" * 16, "kind": "responsibility_list",
                 "seq": "1", "name": None, "task": "加装电梯30台"}]
    targets = [{"target_id": "tgt_" + "2" * 16, "project_id": "prj_" + "2" * 16, "doc_id": "doc_" + "2" * 16,
                "metric": "加装电梯", "metric_key": "既有住宅加装电梯", "value": 30.0, "unit": "台"}]
    allocation = {"allocation_id": "alc_" + "1" * 16, "doc_id": "doc_" + "1" * 16, "target_id": "tgt_" + "1" * 16,
                  "area": "西湖区", "area_level": "district", "metric_key": "既有住宅加装电梯", "value": 30.0, "unit": "台"}
    tables = {"documents": documents, "projects": projects, "targets": targets, "allocations": [allocation], "indicators": []}
    assert links(tables) == []  # 2024's allocation, 2025's plan
    documents[1]["year"] = 2024
    assert [r["relation"] for r in links(tables)] == ["allocated_to"]
    targets[0]["unit"] = "个"
    assert links(tables) == []


def test_plans_of_consecutive_years_link_the_same_metric_once_per_document():
    def plan(n, year):
        doc_id, project_id = f"doc_{n:016x}", f"prj_{n:016x}"
        return ({"doc_id": doc_id, "city": "杭州市", "district": "西湖区", "year": year, "as_of": None, "kinds": []},
                {"project_id": project_id, "doc_id": doc_id, "kind": "responsibility_list", "seq": "1", "name": None,
                 "task": "新增老年助餐服务点"},
                {"target_id": f"tgt_{n:016x}", "project_id": project_id, "doc_id": doc_id, "metric": "新增老年助餐服务点",
                 "metric_key": "老年助餐服务点", "value": 10.0 * n, "unit": "个"})
    # 2024's plan, and 2025's printed twice (a copy of the same notice): one link, to the first.
    docs, projects, targets = zip(plan(1, 2024), plan(2, 2025), plan(3, 2025))
    found = links({"documents": list(docs), "projects": list(projects), "targets": list(targets),
                   "allocations": [], "indicators": []})
    next_year = [r for r in found if r["relation"] == "next_year"]
    assert [(r["from_value"], r["to_value"], r["year"]) for r in next_year] == [(10.0, 20.0, 2025)]


def test_a_work_reports_projects_anchor_the_years_progress_report(tmp_path):
    # A report's 实事 list (西湖区 2019, fixtures/work_reports) and a half-year table of our own writing.
    report = Path(__file__).parent / "fixtures" / "work_reports" / "xihu_2019_paren_list.txt"
    out = tmp_path / "out"
    assert run("ingest", report, TRACKING / "xihu_2019_h1.txt", "--out", out).exit_code == 0
    tables = read_tables(out)
    documents = tables["documents"].set_index("doc_id")
    same = tables["links"][tables["links"].relation == "same_project"]
    assert len(same) == 3
    assert set(documents.loc[same.from_doc_id, "kinds"].map(tuple)) == {("work_report",)}
    assert set(documents.loc[same.to_doc_id, "kinds"].map(tuple)) == {("half_year",)}
    employment = tables["links"][(tables["links"].relation == "same_target") & (tables["links"].metric_key == "新增城镇就业")]
    (row,) = employment.itertuples()  # 新增城镇就业人数 in both, keyed alike
    achieved = tables["achievements"][tables["achievements"].target_id == row.to_id]
    assert achieved.value.tolist() == [11230]


# Property: whatever the projects, the reports present and the order rows come in, a plan and its
# reports give one series per plan project holding that project in every report.
from datetime import date as _date  # noqa: E402

from hypothesis import given, settings, strategies as st  # noqa: E402

_METRICS = [("新增老年助餐服务点", "老年助餐服务点", "个"), ("既有住宅加装电梯", "既有住宅加装电梯", "台"),
            ("新建城市书房", "新建城市书房", "家"), ("新增城镇就业", "新增城镇就业", "人"),
            ("改造老旧小区", "改造老旧小区", "个")]
_REPORTS = {"Q1": _date(2025, 3, 31), "H1": _date(2025, 6, 30), "M9": _date(2025, 9, 30), "FY": _date(2025, 12, 31)}


def _document(n, kind, as_of):
    doc_id = f"doc_{n:016x}"
    return {"doc_id": doc_id, "city": "杭州市", "district": "临平区", "year": 2025, "as_of": as_of, "kinds": [kind]}


@settings(max_examples=40, deadline=None)
@given(chosen=st.lists(st.sampled_from(range(len(_METRICS))), min_size=1, max_size=5, unique=True),
       reports=st.lists(st.sampled_from(sorted(_REPORTS)), min_size=1, max_size=4, unique=True),
       seed=st.integers(0, 1000))
def test_every_plan_project_is_one_series_across_its_reports(chosen, reports, seed):
    documents, projects, targets = [_document(1, "responsibility_list", None)], [], []
    metric_of = {}
    for r, period in enumerate(reports, start=2):
        documents.append(_document(r, "quarterly", _REPORTS[period]))
    for document in documents:
        kind = "responsibility_list" if document["as_of"] is None else "quarterly"
        for i in chosen:
            metric, key, unit = _METRICS[i]
            project_id = f"prj_{int(document['doc_id'][4:], 16) * 100 + i:016x}"
            metric_of[project_id] = i
            projects.append({"project_id": project_id, "doc_id": document["doc_id"], "kind": kind, "seq": str(i),
                             "name": None, "task": f"{metric}{10 * (i + 1)}{unit}"})
            targets.append({"target_id": "tgt_" + project_id[4:], "project_id": project_id, "doc_id": document["doc_id"],
                            "metric": metric, "metric_key": key, "value": 10.0 * (i + 1), "unit": unit})
    rng = __import__("random").Random(seed)
    tables = {"documents": rng.sample(documents, len(documents)), "projects": rng.sample(projects, len(projects)),
              "targets": rng.sample(targets, len(targets)), "allocations": [], "indicators": []}
    same = [r for r in links(tables) if r["relation"] == "same_project"]
    plan_projects = {p["project_id"] for p in projects if p["doc_id"] == documents[0]["doc_id"]}
    assert {r["series_id"] for r in same} == plan_projects
    for series_id in plan_projects:
        members = [r for r in same if r["series_id"] == series_id]
        assert len(members) == len(reports)
        assert {r["to_doc_id"] for r in members} == {d["doc_id"] for d in documents[1:]}
        assert {metric_of[r["to_id"]] for r in members} == {metric_of[series_id]}  # the same project in each report


def test_a_progress_table_of_any_period_joins_the_plans_series(tmp_path):
    # 1–11月 is neither a quarter nor a half year: its table is of kind progress, and still follows the plan.
    tables = ingest(tmp_path / "out", "linping_2025_plan.txt", "linping_2025_m11.txt")
    report = tables["documents"][tables["documents"].source_path.str.endswith("m11.txt")]
    assert (report.period.item(), list(report.kinds.item())) == ("M11", ["progress"])
    plan_doc = tables["documents"][tables["documents"].source_path.str.endswith("plan.txt")].doc_id.item()
    same = tables["links"][tables["links"].relation == "same_project"]
    plan_projects = set(tables["projects"][tables["projects"].doc_id == plan_doc].project_id)
    assert set(same.from_id) == plan_projects and set(same.to_doc_id) == {report.doc_id.item()}
