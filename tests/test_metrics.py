"""Canonical metric keys: the same thing printed differently joins across documents."""

import pytest

from mstrack.metrics import lexicon, metric_key, normalise_metric


@pytest.mark.parametrize("a, b, unit", [
    ("城镇新增就业", "新增城镇就业", "人"),
    ("全区城镇新增就业人数", "新增城镇就业", "人"),
    ("固定资产投资", "全社会固定资产投资", "元"),
    ("加装电梯", "既有住宅加装电梯", "台"),
    ("推进老旧小区住宅加装电梯", "老旧小区既有住宅加装电梯", "台"),  # 002 and 003
    ("孤独症儿童康复救助", "康复救助孤独症儿童", "人"),
    ("建成“宁静小区”", "建设“宁静小区”", "个"),
    ("养育照护活动", "养育照护技能课堂", "场"),
])
def test_synonyms_share_a_key(a, b, unit):
    assert metric_key(a, unit) == metric_key(b, unit) is not None


def test_a_synonym_holds_for_its_unit_only():
    # 养育照护 activities (场) and trainees (人次) are different things.
    assert metric_key("养育照护师资培训", "人次") != metric_key("养育照护活动", "场")


def test_an_unknown_metric_keys_as_its_normalised_text():
    assert metric_key("新建“医防护”儿童健康管理中心", "家") == "新建医防护儿童健康管理中心"
    assert metric_key("建设或改造社区卫生服务中心(站点)", "家") == "建设或改造社区卫生服务中心"
    assert normalise_metric("全区 “三公”经费支出") == "三公经费支出"
    assert metric_key(None) is None and metric_key("“”") is None


def test_every_lexicon_key_is_its_own_key():
    for entry in lexicon():
        assert metric_key(entry.key, entry.unit) == normalise_metric(entry.key)


def test_samples_carry_metric_keys(tables):
    for table in ("targets", "allocations", "achievements", "indicators"):
        assert "metric_key" in tables[table].columns
    targets = tables["targets"]
    assert targets.metric_key.notna().all()
    lift = targets[targets.metric.str.contains("加装电梯")]
    assert set(lift.metric_key) == {"既有住宅加装电梯"}
    indicators = tables["indicators"]
    assert set(indicators[indicators.metric.str.contains("固定资产投资")].metric_key) == {"全社会固定资产投资"}
