"""Achieved figures matched to targets: the gold figures of 000 and 001's progress texts."""

import datetime as dt

import pytest

from mstrack.achievements import PACE_TOLERANCE, derive_achievements, elapsed_share, pace, similarity
from mstrack.normalise import normalise_text, script_of, simplify
from mstrack.rows import progress_row, project_row, target_rows

H1_2011 = dt.date(2011, 6, 30)
Q1_2024 = dt.date(2024, 3, 31)


def _read(text: str) -> str:
    """The text as a reader gives it: normalised, and simplified when it is printed in traditional script."""
    text = normalise_text(text)
    return simplify(text) if script_of(text) == "traditional" else text


def achieve(task, progress_text, as_of=H1_2011, due=None):
    """(achieved value, target value, completion, stated completion) per achievement, and the findings."""
    project = project_row("doc_0000000000000000", 0, "half_year", 0, name="n", task=_read(task), ref="L1",
                          raw=task, due=due)
    targets = target_rows(project, project["task"], "L1")
    progress = progress_row(project, 0, as_of=as_of, period=None, text=_read(progress_text),
                            status="in_progress", ref="L2")
    rows, findings = derive_achievements({"projects": [project], "targets": targets, "progress": [progress]},
                                         as_of.year)
    value_of = {t["target_id"]: t["value"] for t in targets}
    found = [(r["value"], value_of[r["target_id"]], round(r["completion"], 4), r["stated_completion"]) for r in rows]
    return found, findings, rows


def test_employment_figures_of_000_task_1_meet_their_three_targets():
    found, findings, _ = achieve(
        "新增城镇就业人数23600人，实现失业人员再就业12500人，其中就业困难人员再就业2780人；",
        "全区城镇新增就业人数16358人，实现失业人员再就业8562人，其中就业困难人员安置3919人，"
        "分别完成目标任务的69%、68%和141%。\n一是…园内共有8家创业企业进行孵化，带动就业30人…参加培训42人。",
    )
    assert found == [(16358, 23600, 0.6931, 0.69), (8562, 12500, 0.685, 0.68), (3919, 2780, 1.4097, 1.41)]
    assert findings == []


def test_green_area_of_000_task_19_is_145_percent():
    found, _, _ = achieve("新增绿化面积4万平方米；", "新增绿化面积5.8万平方米，完成年度目标145%。")
    assert found == [(58000, 40000, 1.45, 1.45)]


def test_000_task_4_states_40_percent():
    found, _, _ = achieve(
        "新建社区老年食堂20家，80％的社区配有老年食堂。",
        "已完成灯芯巷、环北新村、长寿、河东、华联、施家花园、德胜东村、水漾园8家社区老年食堂建设，完成率40%，"
        "社区老年食堂覆盖率达到62%。其余12家社区老年食堂：5家在装修中，5家选址中，2家协商中。",
    )
    assert found[0] == (8, 20, 0.4, 0.4)


def test_first_aid_training_of_000_task_17():
    found, _, _ = achieve(
        "建立救护培训基地5个，培训救护员1000名，普及培训群众8000名。",
        "在建立5个救护培训基地、完成64名红十字救护师资培训的基础上面向全区31所中小学校和妇联系统开展救护培训，"
        "已培训救护员1099人，普及培训群众5176人。",
    )
    assert (1099, 1000, 1.099, None) in found
    assert (5176, 8000, 0.647, None) in found
    assert all(achieved != 64 for achieved, *_ in found)


@pytest.mark.parametrize(
    "task, progress_text, expected",
    [
        ("全年幫扶登記失業人員、就業困難人員、離校未就業大學生等重點群體不少于8500人次,失業人員實現再就業不少于2500人次。",
         "累計幫扶重點群體4079人次,失業人員實現再就業1250人次。", [(4079, 8500), (1250, 2500)]),  # 001 3.1
        ("新增公共(含專用)充電樁200個。", "已建成145個。", [(145, 200)]),  # 001 2.4: one figure, one target
        ("開展青少年“潤心行動”不少于100場次;開展學生心理篩查不少于3萬人次。",
         "截至3月26日,累計開展心理健康講座進校園20場,完成學生心理篩查2.7萬人次。", [(27000, 30000)]),  # 001 9.4
    ],
)
def test_quarterly_figures_of_001(task, progress_text, expected):
    found, _, _ = achieve(task, progress_text, as_of=Q1_2024)
    assert [(a, t) for a, t, *_ in found] == expected


def test_a_figure_never_measures_a_target_in_another_unit():
    found, _, _ = achieve("新增机构养老床位800张；", "新增养老机构3家，床位正在装修。")
    assert found == []


def test_a_stated_share_that_disagrees_is_a_completion_mismatch():
    found, findings, _ = achieve("新增绿化面积4万平方米；", "新增绿化面积5.8万平方米，完成年度目标120%。")
    assert found == [(58000, 40000, 1.45, 1.2)]
    assert [f.code for f in findings] == ["COMPLETION_MISMATCH"]
    assert "120% of 新增绿化面积" in findings[0].message and "145.0%" in findings[0].message


def test_rounding_is_no_mismatch():
    _, findings, _ = achieve("新增城镇就业人数23600人；", "新增就业人数16358人，完成目标任务的69%。")
    assert findings == []


def test_pace_compares_completion_with_time_elapsed():
    # Half a year of a plan due 31 December has passed at 30 June 2011: 180 of 364 days.
    assert elapsed_share(H1_2011, 2011, None) == 0.4945
    assert elapsed_share(Q1_2024, 2024, dt.date(2024, 11, 30)) == round(90 / 334, 4)
    assert pace(0.69, 0.4945) == "ahead"
    assert pace(0.45, 0.4945) == "on_pace"
    assert pace(0.4945 - PACE_TOLERANCE - 0.01, 0.4945) == "behind"
    _, _, rows = achieve("新增绿化面积4万平方米；", "新增绿化面积1万平方米。")
    assert (rows[0]["elapsed_share"], rows[0]["pace"]) == (0.4945, "behind")


def test_similar_metrics_share_words():
    assert similarity("失业人员再就业", "实现失业人员再就业") > similarity("失业人员再就业", "带动就业")


def test_a_figure_naming_something_else_is_no_achievement():
    # 001 3.4: nine candidate companies are not nine of the three internship bases.
    found, _, _ = achieve("建成大学生实习见习基地3家。", "走访对接重点企业,重点挖掘见习基地申请候选企业9家,启动基地申请流程。",
                          as_of=Q1_2024)
    assert found == []
