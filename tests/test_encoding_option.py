"""--encoding with a name Python does not know is a mistake in the command; a file read with a few
undecodable bytes replaced says how many."""

import pytest

from conftest import SAMPLES, read_tables, run
from mstrack.decode import check_encoding, decode


@pytest.mark.parametrize("name, says", [("gb-18030x", "unknown encoding 'gb-18030x'"), ("rot13", "'rot13' is not a text encoding")])
def test_an_unknown_codec_name_is_a_usage_error_in_one_line(tmp_path, name, says):
    result = run("ingest", SAMPLES["003"], "--out", tmp_path / "out", "--encoding", name)
    assert result.exit_code == 2
    assert result.stderr.strip().count("\n") == 0
    assert says in result.stderr and result.stderr.startswith("mstrack: error: --encoding:")
    assert not (tmp_path / "out").exists()  # stopped before reading any file


@pytest.mark.parametrize("name", ["gb18030", "GBK", "cp950", "big5", "utf-8", "UTF-16", "latin-1"])
def test_a_known_codec_name_is_accepted(name):
    assert check_encoding(name) == name


def _with_bad_bytes(tmp_path, sample: str, bad: bytes, encoding: str = "utf-8"):
    text = SAMPLES[sample].read_text(encoding="utf-8")
    path = tmp_path / "notice.txt"
    path.write_bytes(text.encode(encoding) + b"\n" + bad + b"\n")
    return path


def test_a_utf8_file_with_a_few_bad_bytes_is_read_and_says_how_many(tmp_path):
    path = _with_bad_bytes(tmp_path, "003", b"\xff\xfe\xfd")
    result = run("ingest", path, "--out", tmp_path / "out")
    assert result.exit_code == 0, result.stderr
    tables = read_tables(tmp_path / "out")
    replaced = tables["findings"][tables["findings"].code == "UNDECODABLE_BYTES"]
    assert replaced.severity.tolist() == ["warning"]
    assert replaced.message.iloc[0].startswith("3 bytes of the file are not utf-8 text")
    assert len(tables["projects"]) == 10  # 003's rows are all there


def test_a_named_encoding_with_one_bad_byte_reads_the_rest(tmp_path):
    path = _with_bad_bytes(tmp_path, "000", b"\xff", encoding="gb18030")
    result = run("ingest", path, "--out", tmp_path / "out", "--encoding", "gb18030")
    assert result.exit_code == 0, result.stderr
    findings = read_tables(tmp_path / "out")["findings"]
    assert findings[findings.code == "UNDECODABLE_BYTES"].message.iloc[0].startswith("1 byte of the file is not gb18030 text")


def test_a_wrong_encoding_is_still_a_failed_file(tmp_path):
    result = run("ingest", SAMPLES["000"], "--out", tmp_path / "out", "--encoding", "gb18030")
    assert result.exit_code == 1
    assert "does not decode as gb18030" in result.stderr
    assert read_tables(tmp_path / "out")["findings"].code.tolist() == ["UNREADABLE_INPUT"]


def test_a_clean_file_has_nothing_replaced():
    assert decode(SAMPLES["002"].read_bytes()).replaced == 0
    assert decode("滨江区".encode("gb18030"), "gb18030").replaced == 0
