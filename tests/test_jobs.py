"""`mstrack ingest --jobs N`: documents parsed in worker processes give the serial tables."""

from __future__ import annotations

import re
import shutil

from conftest import RAW, SAMPLES, read_tables, run

NATIVE = RAW.parents[1] / "tests" / "fixtures" / "native"


def _inputs(tmp_path):
    """Every sample as text and in its native formats, a duplicate and an empty file."""
    inputs = tmp_path / "in"
    shutil.copytree(RAW, inputs / "raw")
    shutil.copytree(NATIVE, inputs / "native")
    shutil.copy(SAMPLES["003"], inputs / "raw" / "zz_copy_of_003.txt")
    (inputs / "raw" / "empty.txt").write_text("")
    return inputs


def test_two_jobs_write_the_serial_tables_row_for_row(tmp_path):
    inputs = _inputs(tmp_path)
    serial = run("ingest", inputs, "--out", tmp_path / "serial")
    parallel = run("ingest", inputs, "--out", tmp_path / "parallel", "--jobs", 2)
    assert parallel.exit_code == serial.exit_code == 1  # the empty file
    assert parallel.stderr == serial.stderr
    untimed = lambda text: re.sub(r" in [0-9.:]+( s)?", " in TIME", text)  # the summary's elapsed time
    assert untimed(parallel.stdout.replace("parallel", "serial")) == untimed(serial.stdout)
    # Every native fixture and sample is new but the page saved as .doc (the .html's bytes) and the
    # copy of 003; the empty file fails (and the real .doc, where LibreOffice is not installed).
    missing_libreoffice = 0 if shutil.which("soffice") or shutil.which("libreoffice") else 1
    new = len(list(NATIVE.iterdir())) - 1 + len(SAMPLES) - missing_libreoffice
    assert f"documents: {new} new, 0 replaced, 0 unchanged, {1 + missing_libreoffice} failed, 2 duplicate" in parallel.stdout
    expected, got = read_tables(tmp_path / "serial"), read_tables(tmp_path / "parallel")
    for table, frame in expected.items():
        assert got[table].equals(frame), table  # same rows, same ids, same order
    assert len(got["allocations"]) > 0


def test_a_rerun_with_jobs_skips_unchanged_documents(tmp_path):
    out = tmp_path / "out"
    run("ingest", RAW, "--out", out, "--jobs", 2)
    again = run("ingest", RAW, "--out", out, "--jobs", 2)
    assert "documents: 0 new, 0 replaced, 5 unchanged, 0 failed" in again.stdout


def test_the_time_limit_holds_in_a_worker(tmp_path):
    # 004 takes about a fifth of a second to parse; a worker stops it by SIGALRM like the main process.
    inputs = tmp_path / "in"
    inputs.mkdir()
    shutil.copy(SAMPLES["004"], inputs / "004.txt")
    result = run("ingest", inputs, "--out", tmp_path / "out", "--jobs", 2, "--timeout", 0.001)
    assert result.exit_code == 1
    assert "took longer than 0.001 s to read and was stopped" in result.stderr
    assert read_tables(tmp_path / "out")["findings"].code.tolist() == ["TIMEOUT"]
