import datetime as dt

import pytest

from mstrack import PARSER_VERSION


def document(tables, prefix):
    docs = tables["documents"]
    row = docs[docs.source_path.str.contains(f"/{prefix}_")]
    assert len(row) == 1
    return row.iloc[0]


@pytest.mark.parametrize(
    "sample, expected",
    [
        ("000", dict(title="2011年区政府为民办实事项目半年度完成情况表", city="杭州市", district="下城区", year=2011,
                     period="H1", as_of=dt.date(2011, 6, 30), script="simplified", doc_number=None, published=None)),
        ("001", dict(title=None, city="杭州市", district="滨江区", year=2024, period="Q1", as_of=dt.date(2024, 3, 31),
                     script="traditional", doc_number=None)),
        ("002", dict(issuer="市政府办公厅", doc_number="杭政办函〔2024〕4号", city="杭州市", district=None, year=2024,
                     period="FY", as_of=None, published=dt.date(2024, 2, 4), script="traditional")),
        ("003", dict(title="关于对2024年区政府民生实事项目进行责任分解的通知", issuer="杭州市拱墅区人民政府办公室",
                     doc_number="拱政办发〔2024〕3号", city="杭州市", district="拱墅区", year=2024, period="FY",
                     published=dt.date(2024, 2, 28), script="simplified")),
        ("004", dict(title="2014年下城区政府工作报告", issuer="区府办", doc_number="下政阅〔2014〕1号", city="杭州市",
                     district="下城区", year=2014, published=dt.date(2014, 2, 19), script="simplified")),
    ],
)
def test_document_metadata_is_inferred_from_the_text(tables, sample, expected):
    row = document(tables, sample)
    for column, value in expected.items():
        got = row[column]
        if value is None:
            assert got is None or got != got, f"{column}: {got!r}"  # None or NaN
        else:
            assert got == value, f"{column}: {got!r}"


def test_documents_say_which_kinds_they_hold_and_who_wrote_them(tables):
    assert list(document(tables, "002")["kinds"]) == ["responsibility_list", "allocation_matrix"]
    assert list(document(tables, "004")["kinds"]) == ["work_report"]
    assert set(tables["documents"].parser_version) == {PARSER_VERSION}
    assert set(tables["documents"].converter) == {"opencc-python-reimplemented t2s"}


def test_overrides_fill_what_a_notice_does_not_say(tmp_path, copy_of):
    from conftest import read_tables, run

    notice = copy_of("001")
    result = run("ingest", notice, "--out", tmp_path / "out", "--district", "西湖区", "--year", "2023")
    assert result.exit_code == 0
    row = read_tables(tmp_path / "out")["documents"].iloc[0]
    assert (row.district, row.year, row.as_of) == ("西湖区", 2023, dt.date(2023, 3, 31))
