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
                  for r in rows.itertuples())


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
    assert set(task_1.elapsed_share) == {0.4945}
    assert set(task_1.pace) == {"ahead"}
