"""NFKC decided character by character: list markers stay markers, full-width forms fold, unit
squares become their units (data/compatibility_forms.csv)."""

import csv
import unicodedata
from importlib import resources

import pytest

from mstrack.normalise import compatibility_forms, fold_compatibility_forms, list_markers, marker_numbering, normalise_text
from mstrack.quantity import find_quantities, unit_info
from mstrack.targets import extract_targets

FORMS = compatibility_forms()
KEPT = sorted(ch for ch, form in FORMS.items() if form.action in ("keep", "marker"))
MAPPED = sorted(ch for ch, form in FORMS.items() if form.action == "map")
MARKERS = sorted(list_markers())

# Blocks where notices meet compatibility characters: every one NFKC changes is decided by a row.
BLOCKS = {
    "Latin-1": (0x00A0, 0x00FF),
    "General Punctuation": (0x2000, 0x206F),
    "Superscripts and Subscripts": (0x2070, 0x209F),
    "Letterlike Symbols": (0x2100, 0x214F),
    "Number Forms": (0x2150, 0x218F),
    "Enclosed Alphanumerics": (0x2460, 0x24FF),
    "CJK Symbols and Punctuation": (0x3000, 0x303F),
    "Enclosed CJK Letters and Months": (0x3200, 0x32FF),
    "CJK Compatibility": (0x3300, 0x33FF),
    "Vertical Forms": (0xFE10, 0xFE1F),
    "CJK Compatibility Forms": (0xFE30, 0xFE4F),
    "Small Form Variants": (0xFE50, 0xFE6F),
    "Halfwidth and Fullwidth Forms": (0xFF00, 0xFFEF),
}


@pytest.mark.parametrize("block", BLOCKS)
def test_every_compatibility_character_of_the_block_is_decided(block):
    first, last = BLOCKS[block]
    changed = [chr(c) for c in range(first, last + 1) if unicodedata.normalize("NFKC", chr(c)) != chr(c)]
    assert [ch for ch in changed if ch not in FORMS] == []


def test_every_row_decides_some_character():
    with resources.files("mstrack.data").joinpath("compatibility_forms.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    notes = {form.note for form in FORMS.values()}
    assert [row["printed"] for row in rows if row["note"] not in notes] == []
    assert {row["action"] for row in rows} <= {"fold", "keep", "marker", "map"}


@pytest.mark.parametrize("marker", MARKERS)
def test_a_list_marker_stays_itself_and_glues_to_no_figure(marker):
    assert normalise_text(marker) == marker
    quantities = find_quantities(normalise_text(f"{marker}12条农村公路"))
    assert [(q.value, q.unit, q.value_raw) for q in quantities] == [(12, "条", "12条")]


@pytest.mark.parametrize("kept", [ch for ch in KEPT if ch not in list_markers()])
def test_a_kept_form_stays_as_printed(kept):
    assert normalise_text(f"面积100{kept}") == f"面积100{kept}"


@pytest.mark.parametrize("square", MAPPED)
def test_a_unit_square_becomes_its_unit(square):
    assert fold_compatibility_forms(f"100{square}") == f"100{FORMS[square].to}"


@pytest.mark.parametrize("square, value, unit", [("㎡", 3000, "平方米"), ("㎢", 2000000, "平方米"), ("㎞", 2, "公里"),
                                                 ("㏊", 20000, "平方米"), ("㎥", 2, "立方米")])
def test_a_figure_with_a_unit_square_is_read_in_its_unit(square, value, unit):
    (quantity,) = find_quantities(normalise_text(f"新增绿地{3000 if square == '㎡' else 2}{square}"))
    assert (quantity.value, quantity.unit) == (value, unit)
    assert unit_info(FORMS[square].to) is not None


def test_every_folded_form_is_what_nfkc_gives():
    folded = {ch: form for ch, form in FORMS.items() if form.action == "fold"}
    assert [ch for ch, form in folded.items() if fold_compatibility_forms(ch) != unicodedata.normalize("NFKC", ch)] == []
    assert [ch for ch, form in folded.items() if form.to != unicodedata.normalize("NFKC", ch)] == []


@pytest.mark.parametrize(
    "printed, expected",
    [
        ("５(４)個", "5(4)個"),  # full-width digits
        ("ＡＢＣ１２３", "ABC123"),  # full-width letters
        ("完成率达到９５％以上", "完成率达到95%以上"),
        ("（体育局）：", "(体育局):"),
        ("PM₂.₅浓度", "PM2.5浓度"),  # subscripts fold
        ("100m²", "100m²"),  # superscripts do not: not 100m2
        ("气温25℃", "气温25℃"),
        ("第Ⅱ期", "第II期"),
        ("㋀底前", "1月底前"),
        ("②12条农村公路", "②12条农村公路"),
        ("①投资280万元", "①投资280万元"),
        ("㈠民生实事", "㈠民生实事"),
        ("⒉新建", "⒉新建"),
    ],
)
def test_compatibility_forms_in_text(printed, expected):
    assert normalise_text(printed) == expected


def test_a_circled_number_opens_a_new_target():
    targets = extract_targets(normalise_text("①投资280万元;②12条农村公路"))
    assert [(t.metric, t.quantity.value, t.quantity.unit) for t in targets] == [("投资", 2800000, "元"), ("农村公路", 12, "条")]


@pytest.mark.parametrize("style", ["①②③", "⑴⑵⑶", "⒈⒉⒊", "㈠㈡㈢", "㊀㊁㊂"])
def test_every_marker_style_splits_a_list_of_targets(style):
    first, second, third = style
    text = normalise_text(f"{first}新建公园3个{second}改造道路12条{third}新增床位200张")
    targets = extract_targets(text)
    assert [(t.metric, t.quantity.value) for t in targets] == [("新建公园", 3), ("改造道路", 12), ("新增床位", 200)]


@pytest.mark.parametrize("markers", ["①②③", "⑴⑵⑶", "⒈⒉⒊"])
def test_a_work_report_numbering_its_lists_with_one_character_markers_is_read(tmp_path, markers):
    from conftest import read_tables, run

    first, second, third = markers
    report = (
        "某区2024年政府工作报告\n一、2023年工作回顾\n全年地区生产总值增长6.5%。\n二、2024年工作安排\n"
        "㈠办好民生实事\n今年将继续办好民生实事：\n"
        f"{first}新建公园3个。\n{second}改造道路12条。\n{third}新增床位200张。\n"
        f"名词解释\n{first}个转企：指个体工商户转为企业。\n{second}民生实事：指政府每年承诺办理的实事。\n"
    )
    (tmp_path / "report.txt").write_text(report, encoding="utf-8")
    result = run("ingest", tmp_path / "report.txt", "--out", tmp_path / "out", "--city", "杭州市")
    assert result.exit_code == 0, result.stderr
    tables = read_tables(tmp_path / "out")
    assert list(tables["projects"]["seq"]) == ["1", "2", "3"]
    assert list(tables["projects"]["task"]) == ["新建公园3个。", "改造道路12条。", "新增床位200张。"]
    assert list(tables["targets"]["value"]) == [3, 12, 200]
    assert list(tables["glossary"]["term"]) == ["个转企", "民生实事"]
    assert list(tables["glossary"]["seq"]) == [1, 2]


@pytest.mark.parametrize("marker, numbering", [("②", "2"), ("⑵", "2"), ("⒉", "2"), ("㈡", "二"), ("㊁", "二"), ("Ⓑ", "B")])
def test_a_marker_stands_for_the_numbering_it_prints(marker, numbering):
    assert marker_numbering(marker) == numbering
    assert marker_numbering("2") is None


@pytest.mark.parametrize("markers", ["⒈⒉⒊⒋⒌", "①②③④⑤"])
def test_progress_paragraphs_numbered_with_markers_are_one_report(tmp_path, markers):
    # 001 L74-82 numbers the five paragraphs of 2.1's progress "1." … "5."; printed with one-character
    # markers they are still one report.
    from conftest import SAMPLES, read_tables, run

    lines = SAMPLES["001"].read_text(encoding="utf-8").split("\n")
    for n, marker in zip(range(74, 83, 2), markers):
        assert lines[n - 1][:2] == f"{markers.index(marker) + 1}."
        lines[n - 1] = marker + lines[n - 1][2:]
    (tmp_path / "001.txt").write_text("\n".join(lines), encoding="utf-8")
    assert run("ingest", tmp_path / "001.txt", "--out", tmp_path / "out").exit_code == 0
    tables = read_tables(tmp_path / "out")
    progress = tables["progress"].merge(tables["projects"][["project_id", "seq"]], on="project_id")
    [report] = progress[progress.seq == "2.1"].itertuples()
    assert report.ref == "L74-82"
    assert report.text.count("\n") == 4
