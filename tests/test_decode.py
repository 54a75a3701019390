import codecs

import pytest

from conftest import SAMPLES, read_tables, run
from mstrack.decode import decode
from mstrack.errors import InputError

# Columns that name the file or derive from its bytes, and so differ between two encodings of one notice.
SOURCE_COLUMNS = {"source_path", "source_sha256", "encoding", "doc_id", "ref"}


def content(out):
    """Every table's rows with the source columns and ids dropped, sorted, for comparison."""
    tables = read_tables(out)
    result = {}
    for name, frame in tables.items():
        keep = [c for c in frame.columns if c not in SOURCE_COLUMNS and not c.endswith("_id")]
        # str() per value: astype(str) leaves a missing value of an object column as float nan.
        rows = [{column: str(value) for column, value in row.items()} for row in frame[keep].to_dict("records")]
        result[name] = sorted(rows, key=lambda r: tuple(r.values()))
    return result


@pytest.mark.parametrize(
    "sample, encoding, detected",
    [("000", "gbk", "gb18030"), ("001", "cp950", "big5"), ("001", "utf-16", "utf-16"), ("000", "utf-8-sig", "utf-8 (BOM)")],
)
def test_an_encoded_copy_gives_the_same_tables(tmp_path, sample, encoding, detected):
    text = SAMPLES[sample].read_text(encoding="utf-8")
    original, copy = tmp_path / "original", tmp_path / "copy"
    original.mkdir()
    copy.mkdir()
    (original / "notice.txt").write_bytes(text.encode("utf-8"))
    (copy / "notice.txt").write_bytes(text.encode(encoding))
    assert run("ingest", original, "--out", tmp_path / "a").exit_code == 0
    assert run("ingest", copy, "--out", tmp_path / "b").exit_code == 0
    assert content(tmp_path / "a") == content(tmp_path / "b")
    assert read_tables(tmp_path / "b")["documents"].encoding.tolist() == [detected]


def test_utf16_without_bom_is_detected():
    text = SAMPLES["001"].read_text(encoding="utf-8")
    assert decode(text.encode("utf-16-le")).text == text


def test_bytes_that_are_no_text_are_not_guessed():
    noise = bytes(range(256)) * 20
    with pytest.raises(InputError) as caught:
        decode(noise)
    assert caught.value.code == "ENCODING_UNDECIDED"
    assert "--encoding" in caught.value.message


def test_empty_file_is_reported():
    with pytest.raises(InputError) as caught:
        decode(b"  \n")
    assert caught.value.code == "EMPTY_INPUT"


def test_explicit_encoding_wins():
    assert decode("滨江区".encode("gb18030"), "gb18030").text == "滨江区"
    assert decode(codecs.BOM_UTF8 + "滨江区".encode()).encoding == "utf-8 (BOM)"


def test_gb2312_level_1_is_the_3755_characters_encoded_in_rows_b0_to_d7():
    from mstrack.decode import _gb2312_level1

    def encoded_in_level_1(ch):
        try:
            return 0xB0 <= ch.encode("gb2312")[0] <= 0xD7
        except UnicodeEncodeError:
            return False

    by_encoding = {chr(c) for c in range(0x3400, 0xA000) if encoded_in_level_1(chr(c))}
    assert len(by_encoding) == 3755
    assert _gb2312_level1() == by_encoding
