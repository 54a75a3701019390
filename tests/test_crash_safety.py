"""A run killed with SIGKILL at any moment leaves the tables of before or those of after, never a
mix: validate is clean and every table equals the old or the new one."""

import os
import random
import shutil
import signal
import subprocess
import sys
import time

import pandas as pd
import pytest

from conftest import RAW, ROOT, SAMPLES, read_tables, run
from mstrack.schema import TABLES
from mstrack.store.writer import PAUSE_VARIABLE, RETIRED


def live_and_half_written(out):
    """Generations not retired: the live one, and any a killed run left half-written."""
    return sorted(p.name for p in out.glob(".gen-*") if not (p / RETIRED).exists())


@pytest.fixture(scope="module")
def states(tmp_path_factory):
    """The tables before (000 and 001) and after ingesting all of data/raw on top."""
    base = tmp_path_factory.mktemp("crash")
    old = base / "old"
    assert run("ingest", SAMPLES["000"], SAMPLES["001"], "--out", old).exit_code == 0
    new = base / "new"
    shutil.copytree(old, new, symlinks=True)
    assert run("ingest", RAW, "--out", new).exit_code == 0
    return old, read_tables(old), read_tables(new)


def start_ingest(out):
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), PAUSE_VARIABLE: "0.1"}
    return subprocess.Popen(
        [sys.executable, "-m", "mstrack", "ingest", str(RAW), "--out", str(out)],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )


def kill_when(process, condition, limit=30):
    deadline = time.monotonic() + limit
    while not condition():
        assert process.poll() is None, "the run ended before the moment to kill it"
        assert time.monotonic() < deadline
        time.sleep(0.005)
    process.send_signal(signal.SIGKILL)
    process.wait()


def equals(tables, expected) -> bool:
    try:
        for table in TABLES:
            pd.testing.assert_frame_equal(tables[table], expected[table])
    except AssertionError:
        return False
    return True


def fresh_copy(tmp_path, old):
    out = tmp_path / "out"
    shutil.copytree(old, out, symlinks=True)
    return out


def assert_clean(out):
    result = run("validate", out)
    assert result.exit_code == 0, result.output


def test_killed_while_documents_are_parsed_leaves_the_old_tables_and_the_next_run_cleans_up(tmp_path, states):
    # The new generation is made before the first document is parsed: its rows spill there.
    old, before, after = states
    out = fresh_copy(tmp_path, old)
    process = start_ingest(out)
    kill_when(process, lambda: (out / ".gen-2").is_dir() and not list((out / ".gen-2").glob("*.parquet")))
    assert_clean(out)
    assert equals(read_tables(out), before)
    assert run("ingest", RAW, "--out", out).exit_code == 0
    assert equals(read_tables(out), after)
    # The killed run's generation is gone; the one it would have replaced stays, marked retired, for
    # readers who pinned it (writer.GRACE_SECONDS).
    assert live_and_half_written(out) == [".gen-3"]
    assert (out / ".gen-1" / RETIRED).exists()
    assert not list(out.glob(".gen-*/.spill"))


def test_killed_while_writing_tables_leaves_the_old_tables(tmp_path, states):
    old, before, after = states
    out = fresh_copy(tmp_path, old)
    process = start_ingest(out)
    kill_when(process, lambda: len(list((out / ".gen-2").glob("*.parquet"))) >= 4 if (out / ".gen-2").is_dir() else False)
    assert_clean(out)
    assert equals(read_tables(out), before)


def test_killed_after_the_switch_leaves_the_new_tables(tmp_path, states):
    old, before, after = states
    out = fresh_copy(tmp_path, old)
    process = start_ingest(out)
    kill_when(process, lambda: (out / ".current").is_symlink() and os.readlink(out / ".current") == ".gen-2")
    assert_clean(out)
    assert equals(read_tables(out), after)


def test_killed_at_random_moments_leaves_old_or_new_and_the_next_run_recovers(tmp_path, states):
    old, before, after = states
    for attempt in range(3):
        out = tmp_path / f"out{attempt}"
        shutil.copytree(old, out, symlinks=True)
        process = start_ingest(out)
        time.sleep(random.uniform(0.3, 2.5))
        process.send_signal(signal.SIGKILL)
        process.wait()
        assert_clean(out)
        tables = read_tables(out)
        assert equals(tables, before) or equals(tables, after)
        # What the killed run left behind is cleaned by the next one.
        assert run("ingest", RAW, "--out", out).exit_code == 0
        assert equals(read_tables(out), after)
        assert len(live_and_half_written(out)) == 1
        assert not list(out.glob("*.tmp-*"))
