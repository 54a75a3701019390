"""One sequence-number grammar (mstrack.numbering): every style a notice numbers rows, items and
headings in is read back to its style, value and depth, whichever reader asks."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mstrack.numbering import MARKERS, STYLES, is_seq, opening, read_number, render, value_of
from mstrack.parsers.numbered_tasks import task_number
from mstrack.parsers.looks import numbering
from mstrack.parsers.work_report.structure import chapter_heading, heading_level, split_glossary_item, split_item

_LARGEST = {style: len(markers) for style, markers in MARKERS.items()}
_BODY = st.sampled_from(["新增老年助餐服务点227个", "教育惠民", "改造老旧小区30个。完成", "开展健康体检"])


@st.composite
def numbers(draw):
    style = draw(st.sampled_from(sorted(STYLES)))
    value = draw(st.integers(1, _LARGEST.get(style, 99)))
    parent = draw(st.integers(1, 99))
    return style, value, parent


@given(numbers(), _BODY)
def test_a_number_in_any_style_reads_back_with_its_style_and_value(number, body):
    style, value, parent = number
    found = opening(render(style, value, parent) + body)
    assert found is not None
    read, rest = found
    assert (read.style, read.value, rest) == (style, value, body)
    assert read.depth == (2 if style == "dotted" else 1)
    if style == "dotted":
        assert read.parts == (parent, value)


@given(numbers())
def test_a_number_alone_is_read_whole(number):
    style, value, parent = number
    printed = render(style, value, parent)
    found = read_number(printed)
    assert found is not None and (found.style, found.value) == (style, value)


@given(st.integers(1, 99))
def test_chinese_numerals_and_digits_read_to_the_same_value(value):
    assert value_of(render("cn", value).removesuffix("、")) == value == value_of(str(value))


@pytest.mark.parametrize("printed, plain", [("③", "3"), ("⑶", "3"), ("⒊", "3"), ("㈢", "三"), ("㈩", "十"), ("(三)", "三"), ("3.", "3")])
def test_a_marker_prints_the_number_typed_out(printed, plain):
    assert read_number(printed).plain == plain


@pytest.mark.parametrize("text", ["1.25%", "2024年", "3所学校"])
def test_figures_are_not_numbers(text):
    assert opening(text) is None or opening(text)[0].style not in ("arabic", "dotted")


def test_levels_follow_the_official_outline():
    levels = [read_number(t).level for t in ("一、", "(一)", "1.", "(1)", "①")]
    assert levels == sorted(levels)
    assert read_number("1.2.3").level == read_number("1.").level + 2


@given(st.integers(1, 99), _BODY)
def test_every_reader_of_numbers_reads_a_task_number_alike(value, body):
    """The table reader, the half-year reader and the work-report reader agree on "12、…"."""
    text = f"{value}、{body}"
    assert numbering(text)[:2] == ("arabic", str(value))
    assert task_number(text) == (str(value), body)
    assert split_item(text) == (str(value), body)
    assert split_glossary_item(text) == (str(value), body)


@given(st.integers(1, 30))
def test_a_chapter_and_a_category_read_the_same_numeral(value):
    cn = render("cn", value)
    assert chapter_heading(cn + "教育惠民") == (cn.removesuffix("、"), "教育惠民")
    assert heading_level(cn + "教育惠民") == 1
    assert heading_level(render("paren_cn", value) + "教育惠民") == 2


def test_seq_cells_take_their_styles_without_the_stop():
    assert is_seq("3", ("arabic", "cn")) and is_seq("三", ("arabic", "cn"))
    assert not is_seq("3.", ("arabic", "cn"))
    assert is_seq("1.2", ("dotted",), depth=2) and not is_seq("1.2.3", ("dotted",), depth=2)
