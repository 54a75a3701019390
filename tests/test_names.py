import pytest

from mstrack.names import is_complete_name, split_people, split_units
from mstrack.normalise import normalise_text


@pytest.mark.parametrize(
    "cell, units",
    [
        ("劳动和\n社会保障局", ["劳动和社会保障局"]),  # 000 L17–19
        ("消防\n下城大队", ["消防下城大队"]),  # 000 L60–62
        ("农居建管\n中心", ["农居建管中心"]),  # 000 L81–83
        ("教育局\n人口计生局", ["教育局", "人口计生局"]),  # 000 L53–55
        ("文广新局\n(体育局)\n总工会", ["文广新局(体育局)", "总工会"]),  # 000 L188–192
        ("区民政局\n区教育局\n区卫健局", ["区民政局", "区教育局", "区卫健局"]),  # 003 L48–51
        ("市卫生健康 委员会", ["市卫生健康委员会"]),  # 002 L31
        ("★社会工作部、西兴街道", ["社会工作部", "西兴街道"]),  # 001 L455
        ("市财政局、市商务局、市市场监管局,各区、县(市)政府", ["市财政局", "市商务局", "市市场监管局", "各区、县(市)政府"]),
        ("市委人才办、市财政局、市金融投资集团(市民卡公司)、市地铁集团", ["市委人才办", "市财政局", "市金融投资集团(市民卡公司)", "市地铁集团"]),
        ("民政局(残联)", ["民政局(残联)"]),  # 001 L590
        ("", []),
    ],
)
def test_units_are_split_and_joined_by_how_names_end(cell, units):
    assert split_units(normalise_text(cell) if cell else cell) == units


@pytest.mark.parametrize(
    "cell, people",
    [("方 毅", ["方毅"]), ("漆宪忠 邓伟民", ["漆宪忠", "邓伟民"]), ("樊  峥\n\n王一平\n\n贾元元", ["樊峥", "王一平", "贾元元"]),
     ("樊  峥/王一平/贾元元", ["樊峥", "王一平", "贾元元"])],
)
def test_people_are_split(cell, people):
    assert split_people(normalise_text(cell)) == people


@pytest.mark.parametrize("name, complete", [("教育局", True), ("劳动和", False), ("消防", False), ("东新街道", True),
                                            ("市金融投资集团(市民卡公司)", True), ("高新资产公司", True)])
def test_complete_names_end_in_an_organisation_suffix(name, complete):
    assert is_complete_name(name) is complete
