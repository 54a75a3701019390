"""Achieved figures matched to targets: the gold figures of 000 and 001's progress texts."""

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mstrack.achievements import PACE_TOLERANCE, derive_achievements, elapsed_share, pace, similarity
from mstrack.normalise import normalise_text, script_of, simplify
from mstrack.rows import progress_row, project_row, target_rows

H1_2011 = dt.date(2011, 6, 30)
Q1_2024 = dt.date(2024, 3, 31)


def _read(text: str) -> str:
    """The text as a reader gives it: normalised, and simplified when it is printed in traditional script."""
    text = normalise_text(text)
    return simplify(text) if script_of(text) == "traditional" else text


def achieve(task, progress_text, as_of=H1_2011, due=None, status="in_progress"):
    """(achieved value, target value, completion, stated completion) per achievement, and the findings."""
    project = project_row("doc_0000000000000000", 0, "half_year", 0, name="n", task=_read(task), ref="L1",
                          raw=task, due=due)
    targets = target_rows(project, project["task"], "L1")
    progress = progress_row(project, 0, as_of=as_of, period=None, text=_read(progress_text),
                            status=status, ref="L2")
    rows, findings = derive_achievements({"projects": [project], "targets": targets, "progress": [progress]},
                                         as_of.year)
    value_of = {t["target_id"]: t["value"] for t in targets}
    found = [(r["value"], value_of[r["target_id"]], round(r["completion"], 4), r["stated_completion"])
             for r in rows if r["value"] is not None]
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
    found, findings, _ = achieve("新增绿化面积4万平方米；", "新增绿化面积5.8万平方米，完成年度目标120%。",
                                 status="completed")
    assert found == [(58000, 40000, 1.45, 1.2)]
    assert [f.code for f in findings] == ["COMPLETION_MISMATCH"]
    assert "120% of 新增绿化面积" in findings[0].message and "145.0%" in findings[0].message


def test_rounding_is_no_mismatch():
    _, findings, _ = achieve("新增城镇就业人数23600人；", "新增就业人数16358人，完成目标任务的69%。")
    assert findings == []


def test_pace_compares_completion_with_time_elapsed():
    # Whole days: the first half of 2011 is 181 of 365, the first quarter of leap 2024 is 91 of 366.
    assert elapsed_share(H1_2011, 2011, None) == round(181 / 365, 4)
    assert elapsed_share(Q1_2024, 2024, None) == round(91 / 366, 4)
    assert elapsed_share(Q1_2024, 2024, dt.date(2024, 11, 30)) == round(91 / 335, 4)
    assert pace(0.69, 0.4945) == "ahead"
    assert pace(0.45, 0.4945) == "on_pace"
    assert pace(0.4945 - PACE_TOLERANCE - 0.01, 0.4945) == "behind"
    _, _, rows = achieve("新增绿化面积4万平方米；", "新增绿化面积1万平方米。")
    assert (rows[0]["elapsed_share"], rows[0]["pace"]) == (0.4959, "behind")
    assert (rows[0]["pace_low"], rows[0]["pace_high"]) == (round(0.4959 - PACE_TOLERANCE, 4), round(0.4959 + PACE_TOLERANCE, 4))


def test_similar_metrics_share_words():
    assert similarity("失业人员再就业", "实现失业人员再就业") > similarity("失业人员再就业", "带动就业")


def test_a_figure_naming_something_else_is_no_achievement():
    # 001 3.4: nine candidate companies are not nine of the three internship bases.
    found, _, _ = achieve("建成大学生实习见习基地3家。", "走访对接重点企业,重点挖掘见习基地申请候选企业9家,启动基地申请流程。",
                          as_of=Q1_2024)
    assert found == []


# What is not an achievement: the families of figures a progress text prints besides what was done.
@pytest.mark.parametrize("task, progress_text, reason", [
    # candidates collected (001 8.1's layout): not 180% of the target
    ("新建智慧借阅点10个。", "发布点位征集推文,收集18个“智慧借阅点”点位信息,已调研其中3个点位。", "candidate"),
    # a selection made (001 10.4)
    ("在全区选定3个重点区域开展试点工作。", "1.梳理案件;\n2.选取确定三个重点区域;\n3.开展实地排摸。", "selection"),
    # sites fixed by a plan (001 6.4)
    ("创建省级放心农贸市场6家。", "形成实施方案,明确创建省放心农贸市场点位6家、共富摊位建设点位7家。", "selection"),
    # a plan
    ("新建认知障碍照护床位100张。", "拟建设2个单元40张床位,正在设计。", "plan"),
    # a heading over early work (000 task 20, 26)
    ("整治河道4条。", "4条整治河道:甲河完成拆迁摸底,乙河完成立项。", "heads"),
    ("完成4条支小路建设。", "4条支小路:甲路已完成拆迁,进场施工;乙路已开工建设。", "heads"),
    # the target restated with no word of it being done
    ("新建文化驿站5家。", "5家文化驿站装修推进中。", "restates"),
])
def test_figures_not_stated_as_done_are_no_achievements(task, progress_text, reason):
    found, findings, _ = achieve(task, progress_text, as_of=Q1_2024)
    assert found == []
    assert findings and {f.code for f in findings} == {"NOT_AN_ACHIEVEMENT"}
    assert all(f.target_id and f.project_id for f in findings)
    assert reason in findings[0].message


def test_a_share_in_words_is_a_range_of_completion():
    # 000 task 33: the 15 restates the target; 过半 is the completion, from a half up.
    found, findings, rows = achieve("完成15个老旧小区治安防控“八大件”建设",
                                    "已完成报批、立项等前期工作,目前15个老旧小区“八大件”建设的各项任务指标均已完成过半。")
    assert found == []
    (row,) = rows
    assert (row["value"], row["completion"], row["stated_low"], row["stated_high"]) == (None, None, 0.5, 1.0)
    assert (row["match"], row["confidence"]) == ("share_words", "medium")
    assert row["pace"] == "on_pace"  # from 0.5 against 0.4959 elapsed
    assert [f.code for f in findings] == ["NOT_AN_ACHIEVEMENT"]


@pytest.mark.parametrize("words, low, high", [("过半", 0.5, 1), ("近半", 0.4, 0.5), ("大部分", 0.5, 1),
                                              ("基本完成", 0.9, 1), ("全面完成", 1, 1)])
def test_share_words_lexicon(words, low, high):
    _, _, rows = achieve("新建社区食堂20家。", f"社区食堂建设任务{words}。")
    assert [(r["stated_low"], r["stated_high"]) for r in rows] == [(low, high)]


def test_a_share_word_with_an_object_of_its_own_is_not_the_targets_share():
    # 000 task 6 and 8: 基本完成 of a step, or of the figure that follows it.
    _, _, rows = achieve("新增幼儿园2所。", "已基本完成内部装饰工程。")
    assert rows == []
    found, _, rows = achieve("实施500幢高层住宅消防安全整治工程。", "已基本完成对168幢高层建筑的消防安全整治工程。")
    assert found == [(168, 500, 0.336, None)]


def test_each_achievement_says_how_it_was_matched_and_how_sure():
    _, _, rows = achieve("新增城镇就业人数23600人;建档率达到75%以上;", "全区城镇新增就业人数16358人;建档率达到75%。")
    by_unit = {r["unit"]: r for r in rows}
    assert (by_unit["人"]["match"], by_unit["人"]["confidence"]) == ("exact", "high")
    assert (by_unit["%"]["match"], by_unit["%"]["confidence"]) == ("rate", "high")
    _, _, rows = achieve("新增公共充电桩200个。", "已建成145个。", as_of=Q1_2024)
    assert (rows[0]["match"], rows[0]["confidence"]) == ("bare", "medium")
    _, _, rows = achieve("开展优生优孕科普知识宣传不少于3000对。", "对1112对夫妻开展优生优孕知识宣传。", as_of=Q1_2024)
    assert rows[0]["confidence"] == "medium"  # no word says it is done


def test_a_rate_target_has_no_pace():
    # A coverage of 67% against 80% is not "ahead" of a year half gone.
    _, _, rows = achieve("80%以上的消防安全重点单位达到要求。", "67%的消防安全重点单位达标。")
    assert rows[0]["completion"] == pytest.approx(67 / 80)
    assert (rows[0]["elapsed_share"], rows[0]["pace"], rows[0]["pace_low"]) == (None, None, None)


@pytest.mark.parametrize("evidence, as_of", [
    ("2月累计引进各类人才3642人", dt.date(2024, 2, 29)),
    ("截至2月底,累计引进各类人才3642人", dt.date(2024, 2, 29)),
    ("截至3月26日,累计引进各类人才3642人", dt.date(2024, 3, 26)),
    ("1-2月累计引进各类人才3642人", dt.date(2024, 2, 29)),
    ("累计引进各类人才3642人", Q1_2024),
    ("截至5月底累计引进各类人才3642人", Q1_2024),  # after the report's own date: not the figure's
])
def test_pace_is_read_at_the_date_the_evidence_gives(evidence, as_of):
    _, _, rows = achieve("引进各类人才42000人。", evidence, as_of=Q1_2024)
    assert rows[0]["as_of"] == as_of
    assert rows[0]["as_of_from"] == ("report" if as_of == Q1_2024 else "evidence")
    assert rows[0]["elapsed_share"] == round(((as_of - dt.date(2024, 1, 1)).days + 1) / 366, 4)


def test_done_while_in_progress_is_a_completion_mismatch():
    _, findings, _ = achieve("新建社区食堂20家。", "已建成社区食堂20家。", status="in_progress")
    assert [f.code for f in findings] == ["COMPLETION_MISMATCH"]
    assert "in_progress" in findings[0].message and findings[0].project_id


def test_completed_while_short_is_a_completion_mismatch():
    _, findings, _ = achieve("新建社区食堂20家。", "已建成社区食堂12家。", status="completed")
    assert [f.code for f in findings] == ["COMPLETION_MISMATCH"]
    assert "60.0%" in findings[0].message and findings[0].target_id


def test_one_target_done_of_several_is_no_mismatch():
    _, findings, _ = achieve("建立救护培训基地5个,培训救护员1000名。", "已建立救护培训基地5个,已培训救护员600人。")
    assert findings == []


def test_a_completion_rate_stated_with_no_figure_is_a_stated_rate():
    _, findings, rows = achieve("新建社区食堂20家。", "社区食堂建设项目完成率60%,其余正在装修。")
    (row,) = rows
    assert (row["value"], row["completion"], row["stated_completion"]) == (None, None, 0.6)
    assert (row["match"], row["confidence"], row["pace"]) == ("stated_rate", "medium", "ahead")
    assert findings == []


def test_a_stated_rate_goes_to_the_target_its_sentence_names():
    _, _, rows = achieve("新建社区食堂20家,新增城市书房5家。", "城市书房完成率40%。")
    (row,) = rows
    assert (row["metric_key"], row["stated_completion"], row["evidence"]) == ("新增城市书房", 0.4, "城市书房完成率40%")


# Property: any metric, any figure below its target, any wording of the lexicon: a figure is an
# achievement exactly when its words say it is done.
from hypothesis import given, settings, strategies as st  # noqa: E402

from mstrack.achievements import achievement_words  # noqa: E402

_THINGS = st.sampled_from([("社区食堂", "家"), ("智慧借阅点", "个"), ("城市书房", "家"), ("充电桩", "个"), ("救护员", "人")])
_NOT_DONE = [w.word for w in achievement_words() if w.role != "done"]


@settings(max_examples=60, deadline=None)
@given(thing=_THINGS, target=st.integers(20, 500), share=st.floats(0.05, 0.95),
       done=st.sampled_from(["已完成{m}{n}", "累计建成{m}{n}", "{m}{n}已竣工", "已建成{m}{n}"]),
       not_done=st.sampled_from(_NOT_DONE))
def test_words_decide_whether_a_figure_is_achieved(thing, target, share, done, not_done):
    metric, unit = thing
    n = max(1, min(target - 1, round(target * share)))
    figure = f"{n}{unit}"
    task = f"新建{metric}{target}{unit}。"
    found, _, _ = achieve(task, done.format(m=metric, n=figure) + "。", as_of=Q1_2024)
    assert [(a, t) for a, t, *_ in found] == [(n, target)]
    found, findings, _ = achieve(task, f"{not_done}{metric}{figure}。", as_of=Q1_2024)
    assert found == [] and [f.code for f in findings] == ["NOT_AN_ACHIEVEMENT"]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="12,;。:\n字a", max_size=30), st.data())
def test_a_figures_clause_is_bounded_by_the_nearest_breaks_outside_numbers(text, data):

    from mstrack.achievements import _bounds, _in_number

    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    for breaks in (",;。:\n", ";。\n"):
        marks = [i for i, ch in enumerate(text) if ch in breaks and not _in_number(text, i)]
        opening = max([i + 1 for i in marks if i < start], default=0)
        closing = min([i for i in marks if i >= end], default=len(text))
        assert _bounds(text, breaks, start, end) == (opening, closing)
