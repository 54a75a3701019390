"""Whatever a folder holds, ingest keeps going: each bad file is one line on stderr naming it and
why, one error finding with a stable code, exit status 1, and the other files' rows still written."""

import os
import time
import tracemalloc

import pytest

from conftest import SAMPLES, read_tables, run
from mstrack import pipeline
from mstrack.errors import InputError
from mstrack.model import Finding
from mstrack.parsers import ParseResult
from mstrack.schema import columns

GOOD = "000_xiacheng_2011_half_year.txt"


@pytest.fixture()
def folder(tmp_path, copy_of):
    """A folder with one good notice (000) in it."""
    inputs = tmp_path / "in"
    inputs.mkdir()
    copy_of("000", f"in/{GOOD}")
    return inputs


def input_findings(tables):
    """Findings about the inputs, without 000's own: it numbers its tasks 1, 3, 4 … (NUMBERING_GAP) and
    prints figures that are not achievements (NOT_AN_ACHIEVEMENT)."""
    findings = tables["findings"]
    return findings[~findings.code.isin(["NUMBERING_GAP", "NOT_AN_ACHIEVEMENT"])].reset_index(drop=True)


def ingest(folder, *options):
    out = folder.parent / "out"
    return run("ingest", folder, "--out", out, *options), out


def assert_one_error(result, out, path, code, reason):
    """The run says exactly this about `path`, and the good notice is still written."""
    assert result.exit_code == 1, result.output
    assert result.stderr.strip() == f"mstrack: error: {path}: {reason}"
    assert "Traceback" not in result.output + result.stderr
    tables = read_tables(out)
    errors = tables["findings"][tables["findings"].severity == "error"]
    assert errors[["source_path", "code", "message"]].values.tolist() == [[str(path), code, f"{path} {reason}"]]
    assert str(path.parent / GOOD) in tables["documents"].source_path.tolist()
    assert run("validate", out).exit_code == 0
    return tables


def test_an_empty_file_is_reported_and_the_others_written(folder):
    (folder / "empty.txt").write_bytes(b"")
    result, out = ingest(folder)
    tables = assert_one_error(result, out, folder / "empty.txt", "EMPTY_INPUT", "is empty (no bytes, or only white space)")
    assert input_findings(tables).doc_id.isna().all()  # nothing was read, so no document
    assert "documents: 1 new, 0 replaced, 0 unchanged, 1 failed" in result.output


def test_two_empty_files_are_two_failures_not_a_duplicate(folder):
    (folder / "a.txt").write_bytes(b"")
    (folder / "b.txt").write_bytes(b" \n")
    result, out = ingest(folder)
    assert result.exit_code == 1
    assert input_findings(read_tables(out)).code.tolist() == ["EMPTY_INPUT", "EMPTY_INPUT"]


def test_binary_garbage_named_txt_is_not_guessed(folder):
    (folder / "garbage.txt").write_bytes(bytes(range(256)) * 20)
    result, out = ingest(folder)
    tables = assert_one_error(
        result, out, folder / "garbage.txt", "ENCODING_UNDECIDED",
        "is not UTF-8, UTF-16, GB18030 or Big5 text (binary, or another encoding); pass --encoding if you know it",
    )
    # Its bytes were read: it has a documents row, so its finding's doc_id resolves.
    garbage = tables["documents"][tables["documents"].source_path == str(folder / "garbage.txt")]
    assert garbage.kinds.map(len).tolist() == [0]


def test_a_file_over_the_size_limit_is_refused(folder):
    (folder / "huge.txt").write_bytes("实事".encode() * 5000)  # 30,000 bytes; the good notice has 11,418
    result, out = ingest(folder, "--max-bytes", 20000)
    assert_one_error(
        result, out, folder / "huge.txt", "INPUT_TOO_LARGE",
        "is 29.3 kB, over the 19.5 kB limit; it was not read (pass --max-bytes to raise the limit)",
    )


def test_a_file_over_50_mb_is_refused_without_reading_it(tmp_path):
    huge = tmp_path / "scan.txt"
    with open(huge, "wb") as f:
        f.truncate(60 * 1024 * 1024)  # sparse: 60 MB long, no disk used
    tracemalloc.start()
    result = pipeline.ingest_file(huge, pipeline.IngestOptions())
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert result.findings[0].code == "INPUT_TOO_LARGE"
    assert result.error == "is 60 MB, over the 50 MB limit; it was not read (pass --max-bytes to raise the limit)"
    assert peak < 1024 * 1024


# "安案爱阿" in GBK is "假偶乾陝" in Big5: both read as common characters, so neither is likelier.
TIE = "安案爱阿".encode("gbk") * 10


def test_bytes_that_read_as_gbk_and_as_big5_alike_are_reported_not_guessed(folder):
    assert TIE.decode("cp950").startswith("假偶乾陝")
    (folder / "tie.txt").write_bytes(TIE)
    result, out = ingest(folder)
    assert_one_error(
        result, out, folder / "tie.txt", "ENCODING_UNDECIDED",
        "reads as Big5 and as GB18030 text equally well; pass --encoding cp950 or --encoding gb18030 to choose",
    )


def test_encoding_option_settles_a_tie(tmp_path):
    (tmp_path / "tie.txt").write_bytes(TIE)
    result = run("ingest", tmp_path / "tie.txt", "--out", tmp_path / "out", "--encoding", "gb18030")
    out = tmp_path / "out"
    # Decoded now; what it holds is no notice, which is the next thing said about it.
    assert read_tables(out)["findings"].code.tolist() == ["UNKNOWN_KIND"]


@pytest.mark.parametrize(
    "shares, verdict",
    [((0.95, 0.85), "undecided"), ((0.95, 0.79), "gb18030"), ((0.80, 0.99), "big5"), ((0.99, 0.86), "undecided"), ((0.99, 0.83), "gb18030")],
)
def test_a_legacy_encoding_must_win_by_the_decisive_margin(monkeypatch, shares, verdict):
    """Both decodes must be plausible (≥ 0.80 common characters) to compete; then the winner must
    lead by DECISIVE_MARGIN (0.15)."""
    from mstrack import decode

    by_encoding = dict(zip(("gb18030", "cp950"), shares))
    texts = {TIE.decode("gb18030"): "gb18030", TIE.decode("cp950"): "cp950"}
    monkeypatch.setattr(decode, "_common_share", lambda text: by_encoding[texts[text]])
    if verdict == "undecided":
        with pytest.raises(InputError) as caught:
            decode._decode_legacy(TIE)
        assert caught.value.code == "ENCODING_UNDECIDED"
    else:
        assert decode._decode_legacy(TIE).encoding == verdict


def test_text_in_gbk_big5_utf16_and_with_a_bom_is_read(folder):
    text = SAMPLES["001"].read_text(encoding="utf-8")
    for name, encoding in (("gbk.txt", "gbk"), ("big5.txt", "cp950"), ("utf16.txt", "utf-16"), ("bom.txt", "utf-8-sig")):
        (folder / name).write_bytes((text + f"\n{name}").encode(encoding))
    result, out = ingest(folder)
    assert result.exit_code == 0 and result.stderr == ""
    documents = read_tables(out)["documents"].set_index("source_path")
    assert documents.encoding.to_dict() == {
        str(folder / GOOD): "utf-8",
        str(folder / "big5.txt"): "big5",
        str(folder / "bom.txt"): "utf-8 (BOM)",
        str(folder / "gbk.txt"): "gb18030",
        str(folder / "utf16.txt"): "utf-16",
    }


def test_prose_with_no_table_is_an_unknown_kind(folder):
    (folder / "prose.txt").write_text("今天天气很好。\n我们去公园散步。\n", encoding="utf-8")
    result, out = ingest(folder)
    assert_one_error(
        result, out, folder / "prose.txt", "UNKNOWN_KIND",
        "holds no table or report mstrack can read (UNKNOWN_KIND): no 完成情况, 责任清单, 任务分解表 or 政府工作报告 wording",
    )


def test_the_same_bytes_under_two_names_are_one_document(folder):
    (folder / "copy.txt").write_bytes((folder / GOOD).read_bytes())
    result, out = ingest(folder)
    assert result.exit_code == 0 and result.stderr == ""
    tables = read_tables(out)
    assert tables["documents"].source_path.tolist() == [str(folder / GOOD)]
    finding = input_findings(tables).iloc[0]
    assert (finding.code, finding.severity, finding.doc_id) == ("DUPLICATE_INPUT", "info", tables["documents"].doc_id[0])
    assert finding.message == f"{folder / 'copy.txt'} has the same bytes as {folder / GOOD}; it was read once, as {folder / GOOD}"
    assert "documents: 1 new, 0 replaced, 0 unchanged, 0 failed, 1 duplicate" in result.output


def test_a_file_that_vanishes_after_discovery_is_unreadable(folder, monkeypatch):
    (folder / "gone.txt").write_bytes(SAMPLES["001"].read_bytes())
    discover = pipeline.discover

    def discover_then_delete(paths, skip=()):
        found = list(discover(paths, skip))
        (folder / "gone.txt").unlink()
        return iter(found)

    monkeypatch.setattr(pipeline, "discover", discover_then_delete)
    result, out = ingest(folder)
    assert_one_error(result, out, folder / "gone.txt", "UNREADABLE_INPUT", "cannot be read: No such file or directory")


def test_a_file_that_loses_read_permission_is_unreadable(folder, monkeypatch):
    # As root, chmod 000 does not stop a read; the operating system's refusal is what is simulated.
    (folder / "locked.txt").write_bytes(SAMPLES["001"].read_bytes())
    read_limited = pipeline.read_limited

    def refuse_locked(path, max_bytes):
        if path.name == "locked.txt":
            raise PermissionError(13, "Permission denied", str(path))
        return read_limited(path, max_bytes)

    monkeypatch.setattr(pipeline, "read_limited", refuse_locked)
    result, out = ingest(folder)
    assert_one_error(result, out, folder / "locked.txt", "UNREADABLE_INPUT", "cannot be read: Permission denied")


def test_a_symlink_loop_does_not_hang_the_walk(folder):
    os.symlink("loop.txt", folder / "loop.txt")  # a link to itself
    (folder / "sub").mkdir()
    os.symlink("..", folder / "sub" / "up")  # a folder link back up: walked once only
    os.symlink(f"../{GOOD}", folder / "sub" / "link.txt")  # a link to a file already read
    started = time.monotonic()
    result, out = ingest(folder)
    assert time.monotonic() - started < 10
    tables = assert_one_error(result, out, folder / "loop.txt", "UNREADABLE_INPUT", "cannot be read: Too many levels of symbolic links")
    assert tables["documents"].source_path.tolist() == [str(folder / GOOD)]
    assert input_findings(tables).code.tolist() == ["UNREADABLE_INPUT", "DUPLICATE_INPUT"]


def test_a_file_name_that_is_not_utf8_is_read_and_shown_with_escapes(folder):
    name = os.fsencode(folder) + b"/caf\xe9.txt"
    with open(name, "wb") as f:
        f.write(SAMPLES["001"].read_bytes())
    with open(os.fsencode(folder) + b"/\xff\xfe-empty.txt", "wb"):
        pass
    result, out = ingest(folder)
    shown = f"{folder}/\\xff\\xfe-empty.txt"
    assert result.stderr.strip() == f"mstrack: error: {shown}: is empty (no bytes, or only white space)"
    tables = read_tables(out)
    assert f"{folder}/caf\\xe9.txt" in tables["documents"].source_path.tolist()
    assert tables["findings"].query("severity == 'error'").source_path.tolist() == [shown]
    # 001's own findings name it by its printable path too.
    assert set(tables["findings"].source_path.dropna()) == {shown, f"{folder}/caf\\xe9.txt", str(folder / GOOD)}
    assert run("validate", out).exit_code == 0


def boom(section, context):
    return 1 / 0


def test_a_parser_that_raises_fails_its_document_only(folder, copy_of, monkeypatch):
    copy_of("003", "in/003.txt")
    monkeypatch.setattr(pipeline, "registry", lambda: {"half_year": boom})
    result, out = ingest(folder)
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        f"mstrack: error: {folder / GOOD}: could not be parsed: the half_year parser failed on section 0 (L1-221): "
        "ZeroDivisionError: division by zero; its rows were not written"
    )
    assert "Traceback" not in result.stderr
    tables = read_tables(out)
    finding = tables["findings"][tables["findings"].severity == "error"].iloc[0]
    assert (finding.code, finding.ref, finding.source_path) == ("PARSER_ERROR", "L1-221", str(folder / GOOD))
    # Both documents keep their documents row: 003 in full, 000 so that its error resolves.
    assert sorted(tables["documents"].source_path) == [str(folder / GOOD), str(folder / "003.txt")]
    assert run("validate", out).exit_code == 0


def test_verbose_shows_the_parser_traceback(folder, monkeypatch):
    monkeypatch.setattr(pipeline, "registry", lambda: {"half_year": boom})
    result, _ = ingest(folder, "--verbose")
    assert result.exit_code == 1
    assert "Traceback (most recent call last)" in result.stderr
    assert "return 1 / 0" in result.stderr


def test_a_parser_verdict_on_its_columns_is_recorded_with_its_code(folder, monkeypatch):
    """A table whose columns are missing or out of order is the parser's to judge; the pipeline
    records what it raises and goes on."""

    def refuse(section, context):
        raise InputError("COLUMNS_MISSING", "has no 完成情况 column (columns: 序号, 项目名称)")

    monkeypatch.setattr(pipeline, "registry", lambda: {"half_year": refuse})
    result, out = ingest(folder)
    tables = read_tables(out)
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        f"mstrack: error: {folder / GOOD}: section 0 (L1-221) has no 完成情况 column (columns: 序号, 项目名称)"
    )
    assert tables["findings"].code.tolist() == ["COLUMNS_MISSING"]


def test_a_table_with_its_header_columns_reordered_is_survived(folder):
    """002 with 责任单位 and 分管市领导 swapped in every piped row: whatever its parser makes of it,
    the run ends and what it writes validates."""
    lines = SAMPLES["002"].read_text(encoding="utf-8").split("\n")
    swapped = []
    for line in lines:
        cells = line.split("|")
        if len(cells) > 5:
            cells[3], cells[4] = cells[4], cells[3]
        swapped.append("|".join(cells))
    (folder / "002_swapped.txt").write_text("\n".join(swapped), encoding="utf-8")
    result, out = ingest(folder)
    assert result.exit_code in (0, 1)
    assert run("validate", out).exit_code == 0


def test_a_document_that_takes_too_long_is_stopped(folder, copy_of, monkeypatch):
    copy_of("003", "in/003.txt")

    def spin(section, context):
        while True:
            pass

    monkeypatch.setattr(pipeline, "registry", lambda: {"half_year": spin})
    started = time.monotonic()
    result, out = ingest(folder, "--timeout", 1)
    assert time.monotonic() - started < 10
    tables = assert_one_error(
        result, out, folder / GOOD, "TIMEOUT",
        "took longer than 1 s to read and was stopped; pass a larger --timeout if it is only large",
    )
    assert str(folder / "003.txt") in tables["documents"].source_path.tolist()


def test_a_parser_cannot_swallow_the_timeout(folder, monkeypatch):
    def stubborn(section, context):
        while True:
            try:
                time.sleep(10)
            except Exception:
                pass

    monkeypatch.setattr(pipeline, "registry", lambda: {"half_year": stubborn})
    result, out = ingest(folder, "--timeout", 0.5)
    assert read_tables(out)["findings"].code.tolist() == ["TIMEOUT"]


def test_no_timeout_outside_the_main_thread_is_no_error():
    import threading

    outcome = []
    worker = threading.Thread(target=lambda: outcome.append(pipeline.ingest_file(SAMPLES["000"], pipeline.IngestOptions(timeout=1))))
    worker.start()
    worker.join()
    assert outcome[0].status == "parsed"


def test_a_parser_returning_rows_is_unaffected(folder, monkeypatch):
    def one_glossary_row(section, context):
        result = ParseResult()
        result.add("glossary", {"glossary_id": "gls_0000000000000001", "doc_id": context.doc_id, "seq": 1, "term": "实事", "definition": "x", "ref": "L3"})
        return result

    monkeypatch.setattr(pipeline, "registry", lambda: {"half_year": one_glossary_row})
    result, out = ingest(folder)
    assert result.exit_code == 0
    assert read_tables(out)["glossary"].term.tolist() == ["实事"]


def test_a_row_the_tables_cannot_hold_fails_its_document_only(folder, copy_of, monkeypatch):
    copy_of("003", "in/003.txt")

    def glossary_row_without_ref(section, context):
        result = ParseResult()
        result.add("glossary", {"glossary_id": "gls_0000000000000001", "doc_id": context.doc_id, "seq": 1, "term": "实事", "definition": "x"})
        return result

    monkeypatch.setattr(pipeline, "registry", lambda: {"half_year": glossary_row_without_ref})
    result, out = ingest(folder)
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        f"mstrack: error: {folder / GOOD}: could not be parsed: the half_year parser made rows the tables cannot hold, "
        "on section 0 (L1-221): glossary[gls_0000000000000001].ref: NULL_VALUE: value None is null but the column is "
        "required; its rows were not written"
    )
    tables = read_tables(out)
    assert tables["findings"].code.tolist() == ["PARSER_ERROR"]
    assert tables["glossary"].empty
    assert run("validate", out).exit_code == 0


def test_a_row_pointing_at_no_project_fails_its_document(folder, monkeypatch):
    def orphan_target(section, context):
        result = ParseResult()
        row = dict.fromkeys(columns("targets"))
        row.update(target_id="tgt_0000000000000001", project_id="prj_0000000000000001", doc_id=context.doc_id,
                   metric="床位", value_raw="800张", comparator="=", text="新增床位800张", ref="L3")
        result.add("targets", row)
        return result

    monkeypatch.setattr(pipeline, "registry", lambda: {"half_year": orphan_target})
    result, out = ingest(folder)
    assert result.exit_code == 1
    assert ("targets[tgt_0000000000000001].project_id: DANGLING_FOREIGN_KEY: value 'prj_0000000000000001' "
            "has no row in projects.project_id") in result.stderr
    assert read_tables(out)["targets"].empty


def test_a_finding_the_findings_table_cannot_hold_fails_its_document(folder, monkeypatch):
    def lowercase_code(section, context):
        result = ParseResult()
        result.findings.append(Finding("numbering gap", "warning", "task 2 is missing", doc_id=context.doc_id))
        return result

    monkeypatch.setattr(pipeline, "registry", lambda: {"half_year": lowercase_code})
    result, out = ingest(folder)
    assert result.exit_code == 1
    assert ".code: PATTERN_MISMATCH: value 'numbering gap' does not match ^[A-Z][A-Z0-9_]*$" in result.stderr
    assert read_tables(out)["findings"].code.tolist() == ["PARSER_ERROR"]
