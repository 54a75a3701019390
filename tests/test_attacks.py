"""Inputs a hostile or unlucky user gives: none may hang the batch, forge output, or slip into the
tables twice. Cases that would hang run in a subprocess under an outer time limit, so a regression
fails instead of hanging the test run."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, SAMPLES, read_tables, run, shown
from mstrack.store.writer import table_file

GOOD = "000_xiacheng_2011_half_year.txt"
OUTER_LIMIT = 60  # seconds a subprocess ingest may take before the test calls it a hang


@pytest.fixture()
def folder(tmp_path, copy_of):
    inputs = tmp_path / "in"
    inputs.mkdir()
    copy_of("000", f"in/{GOOD}")
    return inputs


def ingest_in_subprocess(*args, cwd=None, timeout=OUTER_LIMIT):
    """`mstrack ingest` as a user runs it; a hang fails the test after `timeout` seconds."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    try:
        return subprocess.run(
            [sys.executable, "-m", "mstrack", "ingest", *map(str, args)],
            capture_output=True, text=True, timeout=timeout, cwd=cwd, env=env,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"ingest {' '.join(map(str, args))} hung for {timeout} s")


def errors_of(out):
    findings = read_tables(out)["findings"]
    return findings[findings.severity == "error"][["source_path", "code", "message"]].values.tolist()


# Only regular files are read.


def test_a_fifo_in_the_input_folder_is_refused_without_opening_it(folder):
    os.mkfifo(folder / "pipe.txt")
    done = ingest_in_subprocess(folder, "--out", folder.parent / "out")
    assert done.returncode == 1, done.stderr
    reason = "is not a regular file (a FIFO (named pipe)); only regular files are read"
    assert done.stderr.strip() == f"mstrack: error: {folder / 'pipe.txt'}: {reason}"
    assert errors_of(folder.parent / "out") == [[str(folder / "pipe.txt"), "UNREADABLE_INPUT", f"{folder / 'pipe.txt'} {reason}"]]


def test_a_fifo_named_on_the_command_line_is_refused(folder):
    os.mkfifo(folder / "pipe")
    done = ingest_in_subprocess(folder / "pipe", folder / GOOD, "--out", folder.parent / "out")
    assert done.returncode == 1
    assert "pipe: is not a regular file (a FIFO (named pipe))" in done.stderr


def test_a_character_device_is_refused(folder):
    result = run("ingest", "/dev/zero", folder / GOOD, "--out", folder.parent / "out")
    assert result.exit_code == 1
    assert result.stderr.strip() == "mstrack: error: /dev/zero: is not a regular file (a character device); only regular files are read"


# Control characters in file names.


def test_a_newline_in_a_file_name_cannot_forge_a_line_of_stderr(folder):
    (folder / "a\nmstrack: error: forged.txt").write_bytes(b"")
    (folder / "bell\x07\x1b[31m.txt").write_bytes(b"")
    result = run("ingest", folder, "--out", folder.parent / "out")
    assert result.exit_code == 1
    lines = result.stderr.strip().split("\n")
    assert lines == [
        f"mstrack: error: {folder}/a\\x0amstrack: error: forged.txt: is empty (no bytes, or only white space)",
        f"mstrack: error: {folder}/bell\\x07\\x1b[31m.txt: is empty (no bytes, or only white space)",
    ]
    paths = read_tables(folder.parent / "out")["findings"].source_path.dropna().tolist()
    assert f"{folder}/a\\x0amstrack: error: forged.txt" in paths
    assert not any("\n" in p or "\x1b" in p for p in paths)


# One file, one document, whatever path names it.


@pytest.fixture()
def workdir(tmp_path, monkeypatch):
    """A working folder holding raw/ with 000, the way a user lays out a project."""
    (tmp_path / "raw").mkdir()
    (tmp_path / "raw" / GOOD).write_bytes(SAMPLES["000"].read_bytes())
    monkeypatch.chdir(tmp_path)
    return tmp_path


def edit(path: Path) -> None:
    path.write_bytes(path.read_bytes() + "\n补充说明。\n".encode())


@pytest.mark.parametrize("second", ["$PWD/raw", "./raw", "raw/", "link", "raw/../raw"])
def test_a_file_named_two_ways_is_one_document(workdir, second):
    os.symlink("raw", workdir / "link")
    assert run("ingest", "raw", "--out", "out").exit_code == 0
    edit(workdir / "raw" / GOOD)
    result = run("ingest", second.replace("$PWD", str(workdir)), "--out", "out")
    assert result.exit_code == 0, result.output
    assert "documents: 0 new, 1 replaced" in result.output
    documents = read_tables(workdir / "out")["documents"]
    assert documents.source_path.tolist() == [f"raw/{GOOD}"]


def test_a_file_named_twice_in_one_run_is_read_once(workdir):
    os.symlink("raw", workdir / "link")
    result = run("ingest", "raw", f"{workdir}/raw/{GOOD}", "link", "--out", "out")
    assert result.exit_code == 0
    assert "documents: 1 new, 0 replaced, 0 unchanged, 0 failed" in result.output
    assert "duplicate" not in result.output


def test_unchanged_under_another_spelling_is_not_parsed_again(workdir):
    run("ingest", "raw", "--out", "out")
    result = run("ingest", f"{workdir}/raw", "--out", "out")
    assert "documents: 0 new, 0 replaced, 1 unchanged, 0 failed" in result.output


def test_a_file_outside_the_working_folder_is_named_by_its_absolute_path(folder, tmp_path, monkeypatch):
    (tmp_path / "elsewhere").mkdir()
    monkeypatch.chdir(tmp_path / "elsewhere")
    run("ingest", os.path.relpath(folder, tmp_path / "elsewhere"), "--out", "out")
    assert read_tables(tmp_path / "elsewhere" / "out")["documents"].source_path.tolist() == [str(folder / GOOD)]
    assert shown(folder / GOOD) == str(folder / GOOD)


# The output folder inside the input folder, and binary formats.


def test_an_output_folder_inside_the_input_folder_is_not_read(folder):
    out = folder / "out"
    assert run("ingest", folder, "--out", out).exit_code == 0
    again = run("ingest", folder, "--out", out, "--rebuild")
    assert again.exit_code == 0, again.stderr
    assert again.stderr == ""
    assert "documents: 1 new" in again.output
    assert errors_of(out) == []


@pytest.mark.parametrize(
    "name, what",
    [
        ("targets.parquet", "it is a table, not a notice"),
        ("notices.zip", "it is an archive; unpack it"),
        ("page.png", "it is a picture; run OCR"),
    ],
)
def test_binary_formats_are_refused_by_name_with_what_to_do(folder, name, what):
    (folder / name).write_bytes(b"PAR1\x00\x01\x02binary")
    result = run("ingest", folder, "--out", folder.parent / "out")
    assert result.exit_code == 1
    suffix = Path(name).suffix
    assert result.stderr.strip().startswith(f"mstrack: error: {folder / name}: {suffix} files cannot be read: {what}")
    assert [row[1] for row in errors_of(folder.parent / "out")] == ["UNREADABLE_INPUT"]


def test_old_tables_that_spell_a_path_otherwise_are_merged_by_the_file(workdir):
    import pyarrow as pa
    import pyarrow.parquet as pq

    run("ingest", "raw", "--out", "out")
    documents_path = table_file(workdir / "out", "documents")
    documents = pq.read_table(documents_path)
    spelt = pa.array([f"./raw/{GOOD}"])
    pq.write_table(documents.set_column(documents.schema.get_field_index("source_path"), "source_path", spelt), documents_path)
    edit(workdir / "raw" / GOOD)
    result = run("ingest", "raw", "--out", "out")
    assert "documents: 0 new, 1 replaced" in result.output
    assert len(read_tables(workdir / "out")["documents"]) == 1


# validate and ingest agree on what a compatible table is.


def rewrite_with_pandas(out, table):
    """What an analyst does: read a table, touch nothing, write it back (pandas 3: large strings,
    every field nullable)."""
    import pandas as pd

    path = table_file(out, table)
    pd.read_parquet(path).to_parquet(path, index=False)


def rewrite_nullable(out, table):
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = table_file(out, table)
    data = pq.read_table(path)
    pq.write_table(data.cast(pa.schema([f.with_nullable(True) for f in data.schema])), path)


@pytest.mark.parametrize("rewrite", [rewrite_with_pandas, rewrite_nullable])
def test_a_table_rewritten_with_the_same_values_is_valid_and_merged_into(tmp_path, rewrite):
    out = tmp_path / "out"
    run("ingest", SAMPLES["000"], "--out", out)
    for table in ("projects", "targets", "documents", "findings"):
        rewrite(out, table)
    assert run("validate", out).exit_code == 0
    result = run("ingest", SAMPLES["001"], "--out", out)
    assert result.exit_code == 0, result.output + result.stderr
    assert run("validate", out).exit_code == 0
    assert len(read_tables(out)["documents"]) == 2


def test_a_null_key_is_refused_by_both_in_one_line(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    out = tmp_path / "out"
    run("ingest", SAMPLES["000"], "--out", out)
    path = table_file(out, "projects")
    data = pq.read_table(path)
    data = data.cast(pa.schema([f.with_nullable(True) for f in data.schema]))
    ids = pa.array([None] + data.column("project_id").to_pylist()[1:], pa.string())
    pq.write_table(data.set_column(data.schema.get_field_index("project_id"), "project_id", ids), path)
    validated = run("validate", out)
    assert validated.exit_code == 1 and "NULL_VALUE" in validated.output
    result = run("ingest", SAMPLES["001"], "--out", out)
    assert result.exit_code == 2
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().split("\n")) == 1
    assert "holds nulls in column project_id" in result.stderr and "--rebuild" in result.stderr


# A PDF whose page refers to itself must not hang the batch.


@pytest.mark.parametrize("part, cycle", [("resources", 1), ("contents", 1), ("resources", 2), ("contents", 2)])
def test_a_pdf_whose_references_loop_is_stopped_and_the_batch_goes_on(folder, part, cycle):
    import pdf_bytes

    (folder / "loop.pdf").write_bytes(pdf_bytes.self_referencing_pdf(part, cycle))
    # 5 s: time enough for the good notice on a loaded machine; without the repeating alarm the loop
    # PDF hangs for good, and the outer limit fails the test.
    done = ingest_in_subprocess(folder, "--out", folder.parent / "out", "--timeout", 5)
    assert done.returncode == 1, done.stderr
    assert done.stderr.strip() == f"mstrack: error: {folder / 'loop.pdf'}: took longer than 5 s to read and was stopped; pass a larger --timeout if it is only large"
    assert "documents: 1 new, 0 replaced, 0 unchanged, 1 failed" in done.stdout


def test_a_looping_pdf_is_stopped_in_a_worker_too(folder):
    import pdf_bytes

    (folder / "loop.pdf").write_bytes(pdf_bytes.self_referencing_pdf("resources", 2))
    done = ingest_in_subprocess(folder, "--out", folder.parent / "out", "--timeout", 5, "--jobs", 2)
    assert done.returncode == 1, done.stderr
    assert done.stderr.strip().endswith("loop.pdf: took longer than 5 s to read and was stopped; pass a larger --timeout if it is only large")


def test_the_time_limit_holds_while_a_stopped_document_cleans_up():
    from mstrack.pipeline import DocumentTimeout, time_limit

    stopped = 0
    with pytest.raises(DocumentTimeout):
        with time_limit(0.05):
            try:
                while True:
                    pass
            finally:
                stopped += 1
                while True:  # cleaning up loops too, as closing a PDF walks the same loop again
                    pass
    assert stopped == 1


# A killed --jobs run leaves no process behind.


def _children_of(pid: int) -> set[int]:
    """Every process descending from pid, read from /proc."""
    parents = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            parents[int(entry)] = int(fields[1])
    found, frontier = set(), {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def _running(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.skipif(not os.path.isdir("/proc"), reason="reads the process tree from /proc")
def test_workers_end_when_a_jobs_run_is_killed(folder):
    import signal
    import time

    import pdf_bytes

    for n in range(3):  # documents that keep each worker busy for good (no --timeout)
        (folder / f"loop{n}.pdf").write_bytes(pdf_bytes.self_referencing_pdf("contents", 2) + b"%" + str(n).encode())
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    ingest = subprocess.Popen(
        [sys.executable, "-m", "mstrack", "ingest", str(folder), "--out", str(folder.parent / "out"), "--jobs", "2", "--timeout", "0"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while len(_children_of(ingest.pid)) < 3 and time.monotonic() < deadline:  # fork server, two workers
            time.sleep(0.2)
        time.sleep(1)  # the workers at their documents
        family = _children_of(ingest.pid)
        assert len(family) >= 3
    finally:
        ingest.send_signal(signal.SIGKILL)
        ingest.wait()
    deadline = time.monotonic() + 15
    while any(_running(pid) for pid in family) and time.monotonic() < deadline:
        time.sleep(0.2)
    left = [pid for pid in family if _running(pid)]
    for pid in left:
        os.kill(pid, signal.SIGKILL)
    assert left == []


# Documents whose file is gone.


def test_the_summary_counts_documents_whose_file_is_gone_and_prune_drops_them(workdir):
    (workdir / "raw" / "001.txt").write_bytes(SAMPLES["001"].read_bytes())
    (workdir / "raw" / "empty.txt").write_bytes(b"")
    run("ingest", "raw", "--out", "out")
    (workdir / "raw" / "001.txt").unlink()
    (workdir / "raw" / "empty.txt").unlink()
    kept = run("ingest", "raw", "--out", "out")
    assert kept.exit_code == 0
    assert "gone: 1 document in the tables whose file is gone keep their rows; pass --prune to drop them" in kept.output
    assert len(read_tables(workdir / "out")["documents"]) == 2
    pruned = run("ingest", "raw", "--out", "out", "--prune")
    assert pruned.exit_code == 0
    assert "pruned: 1 document whose file is gone, with all their rows" in pruned.output
    tables = read_tables(workdir / "out")
    assert tables["documents"].source_path.tolist() == [f"raw/{GOOD}"]
    assert set(tables["projects"].doc_id) == set(tables["documents"].doc_id)
    assert set(tables["findings"].source_path) == {f"raw/{GOOD}"}  # the empty file's finding went too
    assert run("validate", "out").exit_code == 0
    again = run("ingest", "raw", "--out", "out")
    assert "gone" not in again.output and "pruned" not in again.output


# Mixed encodings.


@pytest.mark.parametrize("encoding, name", [("gb18030", "GB18030"), ("cp950", "Big5")])
@pytest.mark.parametrize("pasted", ["老年食堂建设", "补充：新增老年助餐服务点12个"])  # decodes as GB18030 garbage / does not
def test_a_legacy_file_with_a_utf8_line_is_not_read_as_garbage(folder, encoding, name, pasted):
    lines = SAMPLES["000"].read_text(encoding="utf-8").split("\n")
    if encoding == "cp950":
        from opencc import OpenCC

        lines = [OpenCC("s2t").convert(line) for line in lines]
    encoded = [line.encode(encoding, "replace") for line in lines]
    (folder / "mixed.txt").write_bytes(b"\n".join(encoded[:5] + [pasted.encode()] + encoded[5:]))
    result = run("ingest", folder, "--out", folder.parent / "out")
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        f"mstrack: error: {folder / 'mixed.txt'}: is {name} text with lines in UTF-8 (L6); save it in one encoding, "
        f"or pass --encoding {encoding} to read every line as {name}"
    )
    assert [row[1] for row in errors_of(folder.parent / "out")] == ["ENCODING_UNDECIDED"]


def test_legacy_samples_have_no_line_that_reads_as_utf8():
    from mstrack.decode import _utf8_lines

    for sample in SAMPLES.values():
        text = sample.read_text(encoding="utf-8")
        for encoding in ("gb18030", "cp950"):
            assert _utf8_lines(text.encode(encoding, "replace")) == [], (sample.name, encoding)


# What one document may expand to is capped.


@pytest.mark.parametrize(
    "name, reason",
    [
        ("lines.txt", "holds 100,002 lines, over the 50,000 a document may have; it was not parsed"),
        ("colspan.html", "expands to 400,000 table cells (a merged cell counted at every position it covers), over the 100,000 a document may have; it was not parsed"),
        ("xml.docx", "holds 19 MB of XML, over the 16 MB a .docx may have; it was not parsed"),
    ],
)
def test_a_document_that_expands_past_a_limit_is_refused_with_the_limit_named(folder, name, reason):
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from bench import attacks  # the cases `make bench` measures, a tenth of their size

    attacks.CASES[name](folder / name, 0.1)
    result = run("ingest", folder, "--out", folder.parent / "out")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"mstrack: error: {folder / name}: {reason}")
    assert "split it into smaller files" in result.stderr
    assert [row[1] for row in errors_of(folder.parent / "out")] == ["INPUT_TOO_LARGE"]


def test_the_limits_hold_for_tables_of_every_format(monkeypatch, tmp_path):
    from mstrack import limits
    from native import NATIVE, read

    monkeypatch.setattr(limits, "MAX_TABLE_CELLS", 50)
    for path in sorted(NATIVE.glob("00[03]*")):
        with pytest.raises(Exception, match="table cells") as err:
            read(path)
        assert err.value.code == "INPUT_TOO_LARGE"
    monkeypatch.setattr(limits, "MAX_TABLE_CELLS", 100_000)
    monkeypatch.setattr(limits, "MAX_LINES", 30)
    for path in [*sorted(NATIVE.glob("00[03]*")), SAMPLES["000"]]:
        with pytest.raises(Exception, match="lines, over the 30 a document") as err:
            read(path)
        assert err.value.code == "INPUT_TOO_LARGE"


def test_the_samples_are_far_inside_every_limit():
    from mstrack import limits
    from native import NATIVE, read

    for path in [*NATIVE.iterdir(), *SAMPLES.values()]:
        doc = read(path)
        assert len(doc.lines) * 20 < limits.MAX_LINES, path.name
        assert sum(len(row) for s in doc.sections for row in s.grid.rows) * 50 < limits.MAX_TABLE_CELLS, path.name


# Readers see one generation; the folder cannot be misread as one table.


def test_the_output_folder_read_as_one_dataset_fails_instead_of_gluing_tables(samples_out):
    import pandas as pd
    import pyarrow.dataset as ds

    with pytest.raises(Exception, match="README.md"):
        pd.read_parquet(samples_out)
    with pytest.raises(Exception, match="README.md"):
        ds.dataset(samples_out)
    targets = pd.read_parquet(samples_out / "targets.parquet")  # one table: one line
    assert len(targets) == 245


def test_a_table_folder_listed_before_a_switch_fails_to_open_after_it_and_never_mixes(tmp_path):
    import pyarrow.parquet as pq

    out = tmp_path / "out"
    run("ingest", SAMPLES["000"], "--out", out)
    before = read_tables(out)
    listed = sorted((out / "targets.parquet").iterdir())  # what a reader lists first
    pinned = os.path.realpath(out / ".current")
    run("ingest", SAMPLES["001"], "--out", out)
    with pytest.raises(FileNotFoundError):
        pq.read_table(listed[0])  # opened again through the links: generation 2 has no part-1
    for table in ("documents", "targets"):  # the retired generation is still whole
        assert pq.read_table(f"{pinned}/{table}.parquet").num_rows == len(before[table])
    assert len(read_tables(out)["documents"]) == 2


def test_old_generations_go_after_the_grace_period(tmp_path, monkeypatch):
    from mstrack.store import writer

    out = tmp_path / "out"
    run("ingest", SAMPLES["000"], "--out", out)
    run("ingest", SAMPLES["001"], "--out", out)
    assert sorted(p.name for p in out.glob(".gen-*")) == [".gen-1", ".gen-2"]
    monkeypatch.setattr(writer, "GRACE_SECONDS", 0)
    run("ingest", SAMPLES["002"], "--out", out)
    assert sorted(p.name for p in out.glob(".gen-*")) == [".gen-3"]


def test_validate_reads_one_generation_while_an_ingest_goes_live(tmp_path, monkeypatch):
    import pyarrow.parquet as pq

    out = tmp_path / "out"
    run("ingest", SAMPLES["000"], "--out", out)
    read_table = pq.read_table
    switched = []

    def read_then_switch(path, *args, **kwargs):
        table = read_table(path, *args, **kwargs)
        if not switched:  # after validate's first table, another ingest goes live
            switched.append(ingest_in_subprocess(SAMPLES["001"], SAMPLES["002"], "--out", out))
        return table

    monkeypatch.setattr(pq, "read_table", read_then_switch)
    result = run("validate", out)
    assert switched and switched[0].returncode == 0
    assert result.exit_code == 0, result.output


def test_a_regular_expression_stuck_backtracking_is_stopped_too():
    import re
    import time

    from mstrack.pipeline import DocumentTimeout, time_limit

    started = time.monotonic()
    with pytest.raises(DocumentTimeout):
        with time_limit(0.2):
            re.match(r"(a|aa)+$", "a" * 40 + "b")  # years of backtracking, inside C
    assert time.monotonic() - started < 5


STUCK_PARSER = '''
import os
import signal

import mstrack.pipeline as pipeline

parse_document = pipeline.parse_document


def stuck(doc, doc_id, options):
    if doc.path.endswith("stuck.txt"):
        # As compiled code that never checks for signals: the alarm never reaches Python.
        signal.signal(signal.SIGALRM, signal.SIG_IGN)
        while True:
            pass
    return parse_document(doc, doc_id, options)


pipeline.parse_document = stuck
'''


def test_a_document_that_ignores_its_alarm_is_stopped_by_killing_its_worker(folder, tmp_path):
    # sitecustomize runs in every process of the run, the workers too.
    hook = tmp_path / "hook"
    hook.mkdir()
    (hook / "sitecustomize.py").write_text(STUCK_PARSER)
    (folder / "stuck.txt").write_bytes(SAMPLES["001"].read_bytes())
    (folder / "zz_004.txt").write_bytes(SAMPLES["004"].read_bytes())
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(hook), str(ROOT / "src")])}
    # 5 s: the other document (004, the longest sample) must be read within it on a loaded machine too.
    args = [sys.executable, "-m", "mstrack", "ingest", str(folder), "--out", str(tmp_path / "out"), "--jobs", "2", "--timeout", "5"]
    try:
        done = subprocess.run(args, capture_output=True, text=True, timeout=OUTER_LIMIT, env=env)
    except subprocess.TimeoutExpired:
        pytest.fail("a document that ignores its alarm hung the run")
    assert done.returncode == 1, done.stderr
    assert done.stderr.strip() == (
        f"mstrack: error: {folder / 'stuck.txt'}: took longer than 5 s to read and did not stop when told "
        "(stuck inside compiled code); its worker process was killed"
    )
    assert "documents: 2 new, 0 replaced, 0 unchanged, 1 failed" in done.stdout
    assert [row[1] for row in errors_of(tmp_path / "out")] == ["TIMEOUT"]
