"""The achievements table of the ingested samples holds the gold figures of 000 and 001."""

import pytest


@pytest.fixture(scope="module")
def achieved(tables):
    docs = tables["documents"][["doc_id", "source_path"]]
    projects = tables["projects"][["project_id", "doc_id", "seq"]].merge(docs, on="doc_id")
    targets = tables["targets"][["target_id", "project_id", "value", "unit"]].rename(columns={"value": "target"})
    frame = tables["achievements"].merge(targets, on="target_id").merge(projects, on="project_id")
    frame["sample"] = frame.source_path.str.extract(r"/(\d{3})_")[0]
    return frame


def figures(achieved, sample, seq):
    rows = achieved[(achieved["sample"] == sample) & (achieved.seq == seq)]
    return sorted((r.value, r.target, None if r.stated_completion != r.stated_completion else r.stated_completion)
                  for r in rows.itertuples() if r.value == r.value)


def test_000_task_1_reaches_69_68_and_141_percent(achieved):
    assert figures(achieved, "000", "1") == [(3919, 2780, 1.41), (8562, 12500, 0.68), (16358, 23600, 0.69)]


def test_000_task_19_green_area_is_145_percent(achieved):
    assert figures(achieved, "000", "19") == [(58000, 40000, 1.45)]


def test_000_task_4_states_40_percent(achieved):
    assert (8, 20, 0.4) in figures(achieved, "000", "4")


def test_000_task_17_trained_1099_aiders_and_5176_people(achieved):
    found = figures(achieved, "000", "17")
    assert (1099, 1000, None) in found and (5176, 8000, None) in found


@pytest.mark.parametrize("seq, expected", [
    ("3.1", [(1250, 2500, None), (4079, 8500, None)]),
    ("2.4", [(145, 200, None)]),
    ("9.4", [(27000, 30000, None)]),
])
def test_001_first_quarter_figures(achieved, seq, expected):
    assert figures(achieved, "001", seq) == expected


def test_pace_is_read_against_the_half_year(achieved):
    task_1 = achieved[(achieved["sample"] == "000") & (achieved.seq == "1")]
    assert set(task_1.elapsed_share) == {round(181 / 365, 4)}
    assert set(task_1.pace) == {"ahead"}


def test_001_first_quarter_is_91_of_366_days(achieved):
    q1 = achieved[(achieved["sample"] == "001") & (achieved.as_of_from == "report")]
    assert set(q1.elapsed_share.dropna()) == {round(91 / 366, 4)}


def test_001_3_2_is_read_at_the_end_of_february(achieved):
    (row,) = achieved[(achieved["sample"] == "001") & (achieved.seq == "3.2")].itertuples()
    assert (str(row.as_of), row.as_of_from, row.elapsed_share) == ("2024-02-29", "evidence", round(60 / 366, 4))


@pytest.mark.parametrize("sample, seq", [
    ("001", "8.1"),   # 收集18个“智慧借阅点”点位信息: candidates, not 180%
    ("001", "10.4"),  # 选取确定三个重点区域: a selection
    ("000", "20"),    # "4条整治河道:" heads the early work on each river
    ("000", "26"),    # "4条支小路:" heads roads still being built
])
def test_figures_not_stated_as_done_give_no_achievement(achieved, sample, seq):
    assert figures(achieved, sample, seq) == []


def test_001_6_4_counts_only_the_tests_done(achieved):
    # 明确创建省放心农贸市场点位6家 fixes sites; the 20 批次 of tests are done.
    assert figures(achieved, "001", "6.4") == [(20, 100, None)]


def test_000_task_33_is_over_half_not_100_percent(achieved):
    (row,) = achieved[(achieved["sample"] == "000") & (achieved.seq == "33")].itertuples()
    assert row.value != row.value and row.completion != row.completion  # null: no figure of what was done
    assert (row.stated_low, row.stated_high, row.match) == (0.5, 1.0, "share_words")


def test_every_figure_set_aside_is_a_finding_with_its_target(tables):
    findings = tables["findings"]
    set_aside = findings[findings.code == "NOT_AN_ACHIEVEMENT"]
    assert set_aside.target_id.notna().all() and set_aside.project_id.notna().all()
    (message,) = set_aside.message[set_aside.message.str.contains("收集18个")]
    assert "counts a candidate" in message and "智慧借阅点" in message


def test_every_achievement_has_a_match_and_a_confidence(achieved):
    assert achieved.match.notna().all() and achieved.confidence.notna().all()
