import pandas as pd
import pytest

from conftest import RAW, read_tables, run
from mstrack.schema import TABLES, columns


@pytest.mark.parametrize("command", [[], ["ingest"], ["validate"]])
def test_help_shows_a_runnable_example(command):
    result = run(*command, "--help")
    assert result.exit_code == 0
    assert "Example:" in result.output
    assert "mstrack " in result.output.split("Example:")[1]


def test_ingest_writes_all_ten_tables_with_their_columns(samples_out):
    for table in TABLES:
        frame = pd.read_parquet(samples_out / f"{table}.parquet")
        assert list(frame.columns) == columns(table)


def test_ingest_then_validate_is_clean(samples_out):
    result = run("validate", samples_out)
    assert result.exit_code == 0, result.output
    assert result.output.strip().endswith("valid")


def test_same_inputs_give_the_same_rows_and_ids(tmp_path, tables):
    assert run("ingest", RAW, "--out", tmp_path).exit_code == 0
    again = read_tables(tmp_path)
    for table in TABLES:
        pd.testing.assert_frame_equal(again[table], tables[table])


def test_summary_counts_documents_rows_and_findings(samples_out, tmp_path):
    result = run("ingest", RAW, "--out", tmp_path)
    assert "read 5 of 5 files" in result.output
    assert "rows: documents 5" in result.output
    assert "findings:" in result.output


def test_missing_path_is_a_usage_error_without_traceback(tmp_path):
    result = run("ingest", tmp_path / "nowhere")
    assert result.exit_code == 2
    assert "no such file or folder" in result.output + result.stderr
    assert "Traceback" not in result.output + result.stderr


def test_unreadable_format_fails_alone(tmp_path, copy_of):
    copy_of("000")
    (tmp_path / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0binary")
    result = run("ingest", tmp_path, "--out", tmp_path / "out")
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        f"mstrack: error: {tmp_path / 'old.doc'}: .doc file cannot be read: "
        "it is neither a Word or WPS document nor a saved web page; check what the file really is"
    )
    out = read_tables(tmp_path / "out")
    # The .doc keeps a documents row (a format the table knows) so that its finding resolves.
    assert sorted(out["documents"].source_path.str.rsplit("/", n=1).str[-1]) == ["000_xiacheng_2011_half_year.txt", "old.doc"]
    # 000's own findings (its NUMBERING_GAP warning) stay; the one error is the .doc's.
    errors = out["findings"][out["findings"].severity == "error"]
    assert errors.code.tolist() == ["UNREADABLE_INPUT"]
    own = out["findings"].code != "NOT_AN_ACHIEVEMENT"  # 000's figures that are not achievements
    assert out["findings"].code[own].tolist() == ["NUMBERING_GAP", "UNREADABLE_INPUT"]


def test_no_temporary_files_are_left_behind(samples_out):
    names = sorted(p.name for p in samples_out.iterdir())
    assert [n for n in names if not n.startswith(".")] == sorted(["README.md", "datapackage.json", *(f"{t}.parquet" for t in TABLES)])
    # Hidden: the lock, the one live generation of tables and the link to it; no temporary files.
    assert [n for n in names if n.startswith(".")] == [".current", ".gen-1", ".lock"]


def test_ingest_leaves_pandas_unimported_and_importable_after(tmp_path):
    # pyarrow would import pandas (a quarter of a second) only to ask whether an input is a DataFrame.
    import subprocess
    import sys

    script = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from mstrack.cli import main\n"
        f"result = CliRunner().invoke(main, ['ingest', {str(RAW / '000_xiacheng_2011_half_year.txt')!r}, '--out', {str(tmp_path)!r}, '--quiet'])\n"
        "assert result.exit_code == 0, result.output\n"
        "assert 'pandas' not in sys.modules, 'ingest imported pandas'\n"
        "import pandas, pyarrow\n"
        "assert pyarrow.table(pandas.DataFrame({'a': [1]})).num_rows == 1\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_ingest_puts_the_garbage_collector_settings_back(tmp_path):
    import gc

    before = gc.get_threshold()
    run("ingest", str(RAW / "000_xiacheng_2011_half_year.txt"), "--out", str(tmp_path), "--quiet")
    assert gc.get_threshold() == before
