import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mstrack.normalise import join_name_tokens, normalise_text, script_of, simplify, to_simplified


@pytest.mark.parametrize(
    "printed, expected",
    [
        ("上 城 区", "上城区"),  # 002 L81 district header
        ("工  作  任  务", "工作任务"),  # 000 L5 header
        ("方 毅", "方毅"),  # 002 分管市领导
        ("樊  峥", "樊峥"),  # 003 L43
        ("５(４)個", "5(4)個"),  # full-width digits; the script stays as printed
        ("完成率达到９５％以上", "完成率达到95%以上"),
        ("（体育局）", "(体育局)"),
        ("乾县濛溪河昇腾於潜镇", "乾县濛溪河昇腾於潜镇"),
    ],
)
def test_text_is_nfkc_and_unspaced_in_its_own_script(printed, expected):
    assert normalise_text(printed) == expected


@pytest.mark.parametrize(
    "printed, expected",
    [
        ("5(4)個", "5(4)个"),
        ("建成基層生育諮詢門診", "建成基层生育咨询门诊"),
        ("建成基層生育谘詢門診50個", "建成基层生育咨询门诊50个"),  # 002 L67: OpenCC leaves 谘
    ],
)
def test_traditional_text_is_simplified(printed, expected):
    assert simplify(printed) == expected


def test_two_people_stay_two_tokens():
    # 002 L71 "漆憲忠 鄧偉民" names two people; only the name rules may split or join them.
    assert simplify(normalise_text("漆憲忠 鄧偉民")) == "漆宪忠 邓伟民"


def test_a_name_cell_joins_all_its_tokens():
    assert join_name_tokens(simplify(normalise_text("杭州 西湖 風景 名勝 區"))) == "杭州西湖风景名胜区"


def test_variant_left_by_opencc_is_mapped():
    assert to_simplified("谘") == "咨"


@pytest.mark.parametrize(
    "text, script",
    [
        ("新增老年助餐服务点227个", "simplified"),
        ("新增老年助餐服務點227個，完成認知障礙照護專區床位", "traditional"),
        # Characters of both scripts (乾, 於) and protected names (濛溪河, 昇腾) mark neither.
        ("乾县濛溪河治理，昇腾算力中心，於潜镇", "simplified"),
        ("乾坤", "simplified"),
        ("2024年 | 100", "simplified"),
        ("新增老年助餐服务点227个。完成認知障礙照護專區床位", "mixed"),
    ],
)
def test_script_of(text, script):
    assert script_of(text) == script


def _opencc_t2s(text: str) -> str:
    """What to_simplified gave before its fast path: OpenCC on every text, then the variants."""
    from mstrack.normalise import _converter, _variant_table

    return _converter().convert(text).translate(_variant_table()) if text else text


@pytest.mark.parametrize("sample", ["000", "001", "002", "003", "004"])
def test_fast_conversion_equals_opencc_on_every_line_of_the_samples(sample):
    from mstrack.decode import decode

    from conftest import SAMPLES

    text = decode(SAMPLES[sample].read_bytes()).text
    cjk_only = "".join(ch for ch in text if "\u3400" <= ch <= "\u9fff")  # what script_of converts
    for line in [*text.splitlines(), text, cjk_only]:
        assert to_simplified(line) == _opencc_t2s(line)


def test_a_phrase_key_still_goes_through_opencc():
    # TSPhrases: 一目瞭然 → 一目了然, where the character table alone would keep 瞭.
    assert to_simplified("他一目瞭然地說") == "他一目了然地说" == _opencc_t2s("他一目瞭然地說")


def test_a_phrase_converted_as_its_characters_needs_no_opencc():
    # TSPhrases lists 有序 → 有序 (004 L62 城市管理有序推进): the character table gives the same.
    from mstrack.normalise import _t2s_tables

    assert _t2s_tables().phrases.search("城市管理有序推進") is None
    assert to_simplified("城市管理有序推進") == "城市管理有序推进" == _opencc_t2s("城市管理有序推進")


def test_first_of_several_candidates_is_used_as_opencc_does():
    # TSCharacters: 覆 → "覆 复"; OpenCC takes the first (001 L30 社区老年食堂覆盖率).
    assert to_simplified("覆蓋率") == "覆盖率" == _opencc_t2s("覆蓋率")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="一目瞭然乾隆沈默船覆蓋說個基層谘詢門診了干有序 ，。-\t12", max_size=30))
def test_fast_conversion_equals_opencc_on_any_mix_of_dictionary_characters(text):
    to_simplified.cache_clear()
    assert to_simplified(text) == _opencc_t2s(text)


# Marks are counted over code points as an array (mstrack.normalise.mark_counts); the count must be
# the plain count of marks, whatever the mix (surrogates and characters outside the BMP included).
_SCRIPT_ALPHABET = "個實濛們國來这个实谘们国来乾干於余?①⑪㎡😀 ,12abc\ud800"


@given(st.text(alphabet=_SCRIPT_ALPHABET, max_size=200))
@settings(max_examples=300, deadline=None)
def test_marks_are_counted_as_a_plain_count_would(text):
    from mstrack.normalise import _script_marks, has_traditional_marks, mark_counts

    marks = _script_marks()
    traditional = sum(ch in marks.traditional for ch in text)
    assert mark_counts(text) == (traditional, sum(ch in marks.simplified for ch in text))
    assert has_traditional_marks(text) == (traditional > 0)


@given(st.text(alphabet=_SCRIPT_ALPHABET, max_size=200))
@settings(max_examples=300, deadline=None)
def test_script_evidence_is_the_share_of_marks(text):
    from mstrack.normalise import DOMINANT_SHARE, _script_marks, script_evidence

    marks = _script_marks()
    traditional = sum(ch in marks.traditional for ch in text)
    simplified = sum(ch in marks.simplified for ch in text)
    if not traditional + simplified:
        expected = None
    else:
        share = traditional / (traditional + simplified)
        expected = "traditional" if share >= DOMINANT_SHARE else "simplified" if share <= 1 - DOMINANT_SHARE else "mixed"
    assert script_evidence(text) == expected
