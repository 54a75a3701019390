"""The standard spelling of Chinese integers is read without cn2an, to the values cn2an gives."""

import cn2an
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mstrack.chinese_numerals import chinese_integer, standard_value


@pytest.mark.parametrize(
    "text, value",
    [("零", 0), ("十", 10), ("十五", 15), ("两", 2), ("二十", 20), ("两万", 20000), ("三千", 3000),
     ("一百零五", 105), ("一百十", 110), ("一千零五十", 1050), ("一万零五十", 10050), ("十万", 100000),
     ("一亿零三百万", 103000000), ("一亿二千万", 120000000), ("九千九百九十九万九千九百九十九", 99999999)],
)
def test_standard_spellings_read_by_place_value(text, value):
    assert standard_value(text) == value


@pytest.mark.parametrize("text", ["一万二", "三百五", "一二三", "万", "一百零十", "一亿二千", "十百"])
def test_shorthand_and_loose_spellings_are_left_to_cn2an(text):
    assert standard_value(text) is None


def test_spoken_shorthand_still_reads_as_cn2an_reads_it():
    assert chinese_integer("一万二") == 12000
    assert chinese_integer("三百五") == 350
    with pytest.raises(ValueError):
        chinese_integer("一百零十")


@pytest.mark.parametrize("text", ["十二五", "十三五", "一三五", "六五", "二〇二四"])
def test_digits_side_by_side_name_something_and_are_no_figure(text):
    with pytest.raises(ValueError):
        chinese_integer(text)


def test_the_twelfth_five_year_plan_is_no_number():
    from mstrack.quantity import find_quantities, parse_number

    assert parse_number("十二五") is None  # cn2an: 125
    assert [q.value_raw for q in find_quantities("“十二五”期间新建学校12所")] == ["12所"]


@settings(max_examples=500, deadline=None)
@given(st.integers(min_value=0, max_value=10**12 - 1), st.booleans())
def test_every_integer_as_cn2an_writes_it_reads_back(value, with_liang):
    text = cn2an.an2cn(value)
    if with_liang:
        text = text.replace("二千", "两千").replace("二万", "两万")
    assert standard_value(text) == value == cn2an.cn2an(text, "normal")


@settings(max_examples=1000, deadline=None)
@given(st.text(alphabet="零一二两三四五六七八九十百千万亿", min_size=1, max_size=9))
def test_whatever_is_read_here_cn2an_reads_alike(text):
    value = standard_value(text)
    if value is not None:
        assert cn2an.cn2an(text, "normal") == value
