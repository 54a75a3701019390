"""The quantity grammar, one rule per test, with figures taken from the sample notices."""

from decimal import Decimal

import cn2an
import pytest
from hypothesis import given
from hypothesis import strategies as st

from mstrack.quantity import Quantity, find_quantities, parse_cell, parse_number, unit_info

# --- numbers --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("printed", "value"),
    [
        ("1,200", "1200"),
        ("21.96", "21.96"),
        ("23600", "23600"),
        ("两", "2"),
        ("十", "10"),
        ("三千", "3000"),
        ("八十五点八万", "858000"),  # 002 row 3 spelled out
        ("一万二千", "12000"),
        ("16.4亿", "1640000000"),
        ("85.8万", "858000"),
        ("3千", "3000"),
    ],
)
def test_parse_number_reads_arabic_and_chinese_numerals_exactly(printed, value):
    assert parse_number(printed) == Decimal(value)


def test_scaled_values_are_exact_decimals_without_float_noise():
    # 0.1 + 0.2 style errors would show here: 16.4 × 10^8 as a float is 1639999999.9999998.
    assert str(parse_number("16.4亿")) == "1640000000"
    assert str(parse_number("21.96万")) == "219600"


@given(st.integers(min_value=0, max_value=10**12))
def test_any_integer_with_thousands_separators_reads_back(number):
    assert parse_number(f"{number:,}") == number


@given(st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False, allow_infinity=False))
def test_any_two_place_decimal_times_wan_is_exact(number):
    assert parse_number(f"{number}万") == number * 10000


@given(st.integers(min_value=0, max_value=10**8))
def test_any_integer_spelled_out_by_cn2an_reads_back(number):
    assert parse_number(cn2an.an2cn(number)) == number


@pytest.mark.parametrize("printed", ["", "--", "百姓", "十一五", "abc"])
def test_parse_number_rejects_what_is_not_a_number(printed):
    assert parse_number(printed) is None


# --- units ----------------------------------------------------------------------------------


def test_unit_table_maps_ming_to_people():
    assert unit_info("名") == ("人", "count", Decimal(1))


def test_unit_table_scales_wan_square_metres_to_square_metres():
    assert unit_info("万平方米") == ("平方米", "area", Decimal(10000))


def test_unit_table_keeps_us_dollars_apart_from_yuan():
    assert unit_info("亿美元") == ("美元", "money", Decimal(100000000))
    assert unit_info("亿元") == ("元", "money", Decimal(100000000))


def test_unit_table_does_not_know_made_up_units():
    assert unit_info("只羊") is None


def test_longest_unit_wins_wan_square_metres_over_metres():
    q = parse_cell("21.96万平方米")  # 000 task 11
    assert (q.value, q.unit, q.unit_raw, q.kind) == (Decimal(219600), "平方米", "万平方米", "area")


def test_longest_unit_wins_person_visits_over_persons():
    q = parse_cell("2.7万人次")
    assert (q.value, q.unit, q.unit_raw) == (Decimal(27000), "人次", "人次")


def test_longest_unit_wins_sessions_over_fields():
    assert parse_cell("50场次").unit == "场次"  # 001: 青春期生殖健康活动不少于50场次


def test_longest_unit_wins_set_or_room_over_set():
    q = parse_cell("500 套(间)")  # layout space before the unit
    assert (q.value, q.unit, q.qualifier) == (Decimal(500), "套(间)", None)


def test_wan_before_a_unit_multiplies_across_a_layout_space():
    q = parse_cell("4万 平方米")
    assert (q.value, q.unit, q.unit_raw) == (Decimal(40000), "平方米", "万平方米")


def test_bare_wan_after_a_layout_space_still_multiplies():
    q = parse_cell("3 万")  # 002 L86: 西湖风景名胜区's share of 859万 insured people
    assert (q.value, q.unit) == (Decimal(30000), None)


def test_wan_before_ming_gives_sixteen_thousand_people():
    q = parse_cell("1.6万名")  # 003 project 三
    assert (q.value, q.unit, q.unit_raw) == (Decimal(16000), "人", "名")


def test_bare_wan_multiplies_and_leaves_the_unit_unknown():
    q = parse_cell("859万")
    assert (q.value, q.unit, q.unit_raw, q.kind) == (Decimal(8590000), None, None, None)


def test_yi_yuan_is_money_in_yuan():
    q = parse_cell("643.57亿元")  # 004: 地区生产总值
    assert (q.value, q.unit, q.kind) == (Decimal(64357000000), "元", "money")


def test_yi_us_dollars_is_money_in_us_dollars():
    q = parse_cell("18.39亿美元")  # 004: 外贸出口
    assert (q.value, q.unit, q.kind) == (Decimal(1839000000), "美元", "money")


def test_metres_are_read_as_kilometres():
    q = parse_cell("100米")
    assert (q.value, q.unit, q.unit_raw, q.kind) == (Decimal("0.1"), "公里", "米", "length")


def test_kilometres_are_length():
    q = parse_cell("100公里")
    assert (q.value, q.unit, q.kind) == (Decimal(100), "公里", "length")


def test_percent_and_permille_are_their_own_kinds():
    assert (parse_cell("83%").kind, parse_cell("5‰").kind) == ("percent", "permille")


def test_months_are_a_duration_not_a_count_of_ge():
    q = parse_cell("3个月")
    assert (q.value, q.unit, q.kind) == (Decimal(3), "个月", "duration")


# --- cells ----------------------------------------------------------------------------------


def test_cell_with_count_unit():
    assert parse_cell("227个") == Quantity(
        value=Decimal(227), unit="个", unit_raw="个", kind="count", comparator="=",
        value_raw="227个", start=0, end=4,
    )  # fmt: skip


def test_cell_with_person_visits_from_the_allocation_matrix():
    q = parse_cell("858000人次")  # 002 附件2 row 3
    assert (q.value, q.unit, q.value_raw) == (Decimal(858000), "人次", "858000人次")


def test_parenthesised_second_figure_is_the_secondary_value():
    q = parse_cell("5(4)个")  # 002 附件2 row 26: new (upgraded)
    assert (q.value, q.secondary, q.unit, q.value_raw) == (Decimal(5), Decimal(4), "个", "5(4)个")


def test_parenthesised_words_after_the_unit_are_a_qualifier():
    q = parse_cell("20条(城乡公交)")
    assert (q.value, q.unit, q.qualifier, q.value_raw) == (Decimal(20), "条", "城乡公交", "20条")


@pytest.mark.parametrize("cell", ["--", "", "  ", "—"])
def test_empty_cells_hold_no_quantity(cell):
    assert parse_cell(cell) is None


def test_cell_with_more_than_one_figure_is_not_a_cell_figure():
    assert parse_cell("227个,另有5个") is None


# --- comparators ----------------------------------------------------------------------------


def test_yishang_after_a_percentage_means_at_least():
    q = parse_cell("75%以上")
    assert (q.value, q.unit, q.kind, q.comparator) == (Decimal(75), "%", "percent", ">=")


def test_dadao_alone_means_equal():
    [q] = find_quantities("建档率达到83%")
    assert (q.value, q.comparator) == (Decimal(83), "=")


def test_kongzhi_zai_yinei_means_at_most():
    [q] = find_quantities("控制在4%以内")
    assert (q.value, q.comparator, q.start, q.end) == (Decimal(4), "<=", 0, 7)


def test_bushaoyu_before_the_number_means_at_least_and_joins_the_span():
    [q, age] = find_quantities("为不少于10000名60周岁以上浙江省户籍居民")  # 001
    assert (q.value, q.unit, q.comparator, q.start, q.end) == (Decimal(10000), "人", ">=", 1, 10)
    assert (age.value, age.kind, age.comparator) == (Decimal(60), "age", ">=")


@pytest.mark.parametrize(
    ("text", "comparator"),
    [
        ("不低于90%", ">="),
        ("超过100人", ">="),
        ("至少3个", ">="),
        ("力争达到500户", ">="),
        ("不超过20天", "<="),
        ("低于5%", "<="),
        ("约300人", "~"),
        ("300人左右", "~"),
    ],
)
def test_comparator_words_from_the_table(text, comparator):
    [q] = find_quantities(text)
    assert q.comparator == comparator


def test_yu_between_number_and_unit_means_about():
    q = parse_cell("1000余人次")
    assert (q.value, q.unit, q.comparator, q.value_raw) == (Decimal(1000), "人次", "~", "1000余人次")


def test_duo_between_number_and_unit_means_about():
    q = parse_cell("1000多人")
    assert (q.value, q.unit, q.comparator) == (Decimal(1000), "人", "~")


def test_yu_after_wan_means_about():
    q = parse_cell("10万余元")
    assert (q.value, q.unit, q.comparator) == (Decimal(100000), "元", "~")


# --- ranges ---------------------------------------------------------------------------------


@pytest.mark.parametrize("cell", ["3~5层", "3-5个", "3至5个"])
def test_ranges_give_low_and_high(cell):
    q = parse_cell(cell)
    assert (q.value, q.value_max, q.comparator) == (Decimal(3), Decimal(5), "range")


def test_multiplier_printed_once_covers_both_ends_of_a_range():
    q = parse_cell("3-5万人")
    assert (q.value, q.value_max, q.unit) == (Decimal(30000), Decimal(50000), "人")


def test_age_range_is_found_with_its_age_unit():
    [q] = find_quantities("为1000名50-74周岁浙江省户籍居民")[1:]  # 001
    assert (q.value, q.value_max, q.unit, q.kind) == (Decimal(50), Decimal(74), "岁", "age")


# --- running text ---------------------------------------------------------------------------


def test_running_text_yields_every_figure_with_a_unit_in_order():
    found = find_quantities("新增城镇就业人数23600人,实现失业人员再就业12500人,其中就业困难人员再就业2780人;")
    assert [(q.value, q.unit) for q in found] == [
        (Decimal(23600), "人"),
        (Decimal(12500), "人"),
        (Decimal(2780), "人"),
    ]


def test_spelled_out_numbers_in_running_text():
    found = find_quantities("建成重机地块、灯塔区块两所幼儿园,举办十场讲座")
    assert [(q.value, q.unit) for q in found] == [(Decimal(2), "所"), (Decimal(10), "场")]


def test_dates_house_numbers_and_ids_are_not_quantities():
    # 3月底 / 5月18日 (due dates in 002), 1号楼 (000 task 13), plot codes like XC10-060-R21-05.
    assert find_quantities("3月底前完成,5月18日开放,1号楼,XC10-060-R21-05地块") == []


def test_ordinals_are_not_quantities():
    assert find_quantities("编辑出版第十期早教报,第二批") == []  # 000 task 7


def test_layout_space_between_number_and_unit():
    [q] = find_quantities("票决确定的 10 件民生实事")  # 003 preamble
    assert (q.value, q.unit, q.value_raw) == (Decimal(10), "件", "10 件")


def test_thousands_separator_in_running_text_is_not_a_clause_comma():
    [q] = find_quantities("培训1,200人,覆盖")
    assert (q.value, q.value_raw) == (Decimal(1200), "1,200人")
