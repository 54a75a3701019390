"""Traditional → simplified only where a notice is traditional, and never on the names it damages."""

import csv
import hashlib
import re
from importlib import resources

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from opencc import OpenCC

from mstrack.normalise import normalise_text, protected_terms, script_of, simplify, to_simplified, variant_map
from mstrack.readers.text import read_text

CJK = re.compile(r"[\u3400-\u9fff]")


def _read(text: str):
    data = text.encode("utf-8")
    return read_text("notice.txt", data, hashlib.sha256(data).hexdigest())


def _traditional(term: str) -> str:
    return OpenCC("s2t").convert(term)


@pytest.mark.parametrize("term", protected_terms())
def test_each_protected_term_is_one_conversion_damages(term):
    # An entry earns its place: some character of it is changed by conversion on its own.
    assert any(to_simplified(ch) != ch for ch in term)


@pytest.mark.parametrize("term", protected_terms())
def test_each_protected_term_survives_conversion_in_either_spelling(term):
    assert simplify(term) == term
    assert simplify(_traditional(term)) == term
    assert simplify(f"推進{_traditional(term)}建設") == f"推进{term}建设"


def test_conversion_still_applies_around_and_outside_protected_terms():
    assert simplify("乾縣的道路乾淨整潔") == "乾县的道路干净整洁"
    # 於 is a preposition in traditional text; only the town 於潜镇 keeps it.
    assert simplify("於年底前完成於潛鎮的改造") == "于年底前完成於潜镇的改造"


def test_simplified_notice_keeps_every_character():
    doc = _read("乾县2024年民生实事\n1. 濛溪河治理工程完成80%\n2. 建成昇腾算力中心1个\n3. 於潜镇新增助餐点5个\n")
    assert [line.text for line in doc.lines if line.text] == [
        "乾县2024年民生实事",
        "1. 濛溪河治理工程完成80%",
        "2. 建成昇腾算力中心1个",
        "3. 於潜镇新增助餐点5个",
    ]
    assert script_of(doc.raw_text) == "simplified"


def test_traditional_notice_is_converted_except_its_protected_names():
    doc = _read("乾縣2024年民生實事\n1. 濛溪河治理工程完成80%\n2. 新增養老床位乾淨整潔\n")
    assert [line.text for line in doc.lines if line.text] == [
        "乾县2024年民生实事",
        "1. 濛溪河治理工程完成80%",
        "2. 新增养老床位干净整洁",
    ]
    assert [line.raw for line in doc.lines if line.raw][0] == "乾縣2024年民生實事"  # raw as printed


def test_only_the_traditional_attachment_of_a_simplified_notice_is_converted():
    doc = _read(
        "关于印发乾县2024年民生实事项目的通知\n各乡镇人民政府，县级各部门：\n现将项目印发给你们。\n"
        "附件1\n2024年民生實事項目\n\t1\n\t新增養老床位100張\n"
    )
    cover, attachment = doc.sections
    assert cover.lines[0].text == "关于印发乾县2024年民生实事项目的通知"
    assert [cell.text for cell in attachment.grid.cells] == ["附件1", "2024年民生实事项目", "1", "新增养老床位100张"]
    assert doc.lines[6].text == "新增养老床位100张"


def test_a_section_printing_both_scripts_is_decided_line_by_line():
    doc = _read("乾县民生实事完成情况\n新增养老床位100張，完成認知障礙照護專區\n濛溪河整治完成进度50%\n")
    assert [line.text for line in doc.lines if line.text] == [
        "乾县民生实事完成情况",
        "新增养老床位100张,完成认知障碍照护专区",
        "濛溪河整治完成进度50%",
    ]


def test_a_section_without_marks_of_either_script_is_read_as_the_document():
    # 於 is printed by both scripts: a preposition in traditional text, a surname in simplified.
    traditional = _read("杭州市民生實事項目\n附件1\n於年底前完成\n")
    simplified = _read("杭州市民生实事项目\n附件1\n於年底前完成\n")
    assert traditional.sections[1].lines[1].text == "于年底前完成"
    assert simplified.sections[1].lines[1].text == "於年底前完成"


# --- properties --------------------------------------------------------------------------------


def _area_names() -> list[str]:
    with resources.files("mstrack.data").joinpath("areas.csv").open(encoding="utf-8") as f:
        return [row["name"] for row in csv.DictReader(f)]


# Simplified words, several with characters that traditional text prints too (干 于 余 后 里 发 台 乾 於
# 徵): conversion would leave most of them and damage the last three.
SIMPLIFIED_WORDS = [
    "新增", "养老", "服务点", "个", "建设", "改造", "学校", "公园", "干部", "干净", "余额", "于是", "发展",
    "后续", "里程", "面积", "谷物", "着力", "台风", "覆盖率", "咨询", "床位", "完成", "乾坤", "宫商角徵羽",
    "於姓", "2024年", "100", "%", "万元",
]  # fmt: skip
SIMPLIFIED_PLACES = _area_names() + list(protected_terms()) + ["余杭区", "干窑镇", "于都县", "后宅街道", "乾安县"]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.lists(st.sampled_from(SIMPLIFIED_WORDS + SIMPLIFIED_PLACES), min_size=1, max_size=8).map("".join),
        min_size=1,
        max_size=6,
    )
)
def test_any_simplified_notice_keeps_its_characters(lines):
    doc = _read("\n".join(lines))
    for line in doc.lines:
        assert CJK.findall(line.text) == CJK.findall(line.raw)
    for cell in (cell for section in doc.sections for cell in section.grid.cells):
        assert CJK.findall(cell.text) == CJK.findall(cell.raw)


# Traditional words; none ends with the first character of a protected term, so the text between
# two terms is never half of one.
TRADITIONAL_WORDS = [
    "新增", "養老", "服務點", "個", "建設", "改造", "學校", "公園", "幹部", "乾淨", "於是", "發展", "後續",
    "面積", "穀物", "徵集", "著力", "颱風", "一目瞭然", "覆蓋率", "諮詢", "床位", "完成", "2024年", "100",
]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.sampled_from(TRADITIONAL_WORDS).map(lambda word: (word, False)),
            st.sampled_from(protected_terms()).flatmap(
                lambda term: st.sampled_from([term, _traditional(term)]).map(lambda printed: (printed, term))
            ),
        ),
        max_size=12,
    )
)
def test_traditional_text_is_opencc_t2s_except_on_protected_terms(pieces):
    opencc = OpenCC("t2s")
    variants = str.maketrans(variant_map())
    expected, run = [], []
    for printed, term in pieces:
        if term:
            expected += [opencc.convert("".join(run)).translate(variants), term]
            run = []
        else:
            run.append(printed)
    expected.append(opencc.convert("".join(run)).translate(variants))
    text = "".join(printed for printed, _ in pieces)
    assert simplify(text) == "".join(expected)
    assert simplify(normalise_text(text)) == "".join(expected)


def test_a_cell_with_new_text_keeps_every_other_field():
    import dataclasses

    from mstrack.model import Cell, SourceRef

    cell = Cell(text="實事", raw="實事", ref=SourceRef(line_start=3, page=2), colspan=2, rowspan=3)
    assert cell.with_text("实事") == dataclasses.replace(cell, text="实事")
    # Cell.with_text names every field: one added to Cell must be added there too.
    assert [f.name for f in dataclasses.fields(Cell)] == ["text", "raw", "ref", "colspan", "rowspan"]
