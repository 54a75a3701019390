"""A notice read from .docx, .pdf or .html gives the rows its text dump gives."""

import shutil

import pandas as pd
import pytest

from conftest import SAMPLES, read_tables, run
from native import NATIVE

FIXTURES = {
    "000_xiacheng_2011_half_year.docx": "000",
    "000_xiacheng_2011_half_year.pdf": "000",
    "001_binjiang_2024_q1.docx": "001",
    "001_binjiang_2024_q1.pdf": "001",
    "002_hangzhou_2024_responsibility_allocation.html": "002",
    "003_gongshu_2024_responsibility_allocation.docx": "003",
    "003_gongshu_2024_responsibility_allocation.pdf": "003",
    "004_xiacheng_2014_work_report.html": "004",
    # PDFs of other producers and page layouts (scripts/make_fixtures.py)
    "000_xiacheng_2011_half_year_rows_break.pdf": "000",
    "001_binjiang_2024_q1_rows_break.pdf": "001",
    "003_gongshu_2024_responsibility_allocation_padded.pdf": "003",
    "002_hangzhou_2024_responsibility_allocation_chromium.pdf": "002",
    "000_xiacheng_2011_half_year_reportlab.pdf": "000",
    # Workbooks and old formats
    "002_hangzhou_2024_responsibility_allocation.xlsx": "002",
    "002_hangzhou_2024_responsibility_allocation.xls": "002",
    "002_hangzhou_2024_responsibility_allocation_saved_page.doc": "002",
}
# A real .doc is read through LibreOffice, where it is installed (readers/office.py).
if shutil.which("soffice") or shutil.which("libreoffice"):
    FIXTURES["003_gongshu_2024_responsibility_allocation.doc"] = "003"
CONTENT_TABLES = ("projects", "targets", "allocations", "progress")
DOCUMENT_COLUMNS = ("kinds", "district", "year", "period", "as_of", "doc_number", "issuer", "published", "city")


@pytest.fixture(scope="module")
def ingested(tmp_path_factory):
    """Every fixture and every sample, each ingested on its own."""
    out = {}
    for name in list(FIXTURES) + list(SAMPLES):
        path = NATIVE / name if name in FIXTURES else SAMPLES[name]
        target = tmp_path_factory.mktemp(name.replace(".", "_"))
        result = run("ingest", path, "--out", target)
        assert result.exit_code == 0, result.output
        out[name] = read_tables(target)
    return out


@pytest.mark.parametrize("fixture", FIXTURES)
def test_native_document_row_equals_the_text_samples(ingested, fixture):
    native = ingested[fixture]["documents"].iloc[0]
    text = ingested[FIXTURES[fixture]]["documents"].iloc[0]
    for column in DOCUMENT_COLUMNS:
        a, b = native[column], text[column]
        if column == "kinds":
            assert list(a) == list(b)
        else:
            assert (pd.isna(a) and pd.isna(b)) or a == b, f"{column}: {a!r} != {b!r}"
    # A file is read as what its bytes are: the page saved under a .doc name is HTML.
    assert native.media_type == ("html" if "saved_page" in fixture else fixture.rsplit(".", 1)[1])


def _comparable(frame: pd.DataFrame) -> pd.DataFrame:
    dropped = [c for c in frame.columns if c.endswith("_id") or c in ("ref", "raw", "value_raw", "unit_raw", "source_path")]
    kept = frame.drop(columns=dropped)
    return kept.astype(str).sort_values(list(kept.columns)).reset_index(drop=True)


@pytest.mark.parametrize("table", CONTENT_TABLES)
@pytest.mark.parametrize("fixture", FIXTURES)
def test_native_rows_equal_the_text_samples(ingested, fixture, table):
    expected = ingested[FIXTURES[fixture]][table]
    got = ingested[fixture][table]
    projects = ingested[FIXTURES[fixture]]["projects"]
    assert len(projects) > 0, "the text sample gives no projects: its kind parser is not on this branch"
    pd.testing.assert_frame_equal(_comparable(got), _comparable(expected))
