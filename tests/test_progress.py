"""What a run shows: a progress bar on a terminal, a summary with time, findings by code and where
to look next."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from collections import Counter
from pathlib import Path

from conftest import RAW, run
from mstrack.store.merge import MergeSummary
from mstrack.progress import progress_line, summary_lines


def test_progress_line_shows_done_total_rate_and_time_left():
    line = progress_line(12, 200, elapsed=4.0, current="notices/a.txt", width=120)
    assert line.startswith("[#-----------------------] 12/200  3.0 docs/s  1:03 left  notices/a.txt")
    assert progress_line(200, 200, elapsed=50.0).startswith("[########################] 200/200  4.0 docs/s  0:00 left")
    assert "-:-- left" in progress_line(0, 10, elapsed=0.0)


def test_progress_line_fits_the_terminal_keeping_the_end_of_a_long_path():
    line = progress_line(1, 2, elapsed=1.0, current="a/" * 60 + "notice.txt", width=80)
    assert len(line) <= 80 and line.endswith("notice.txt") and "…" in line


def test_summary_gives_time_findings_by_code_and_where_to_look_next():
    summary = MergeSummary(files=3, read=2, failed=1, counts={"documents": 3})
    summary.statuses.update({"new": 2, "failed": 1})
    lines = summary_lines(summary, Path("out"), 3.21, Counter({"NUMBERING_GAP": 1, "EMPTY_INPUT": 1, "UNPARSED_CELL": 3}))
    assert lines[0] == "read 2 of 3 files into out in 3.2 s; 1 failed"
    assert "findings by code: UNPARSED_CELL 3, EMPTY_INPUT 1, NUMBERING_GAP 1" in lines
    assert any(l.startswith("next: the files that failed are named above") for l in lines)
    assert lines[-1].startswith("next: mstrack describe out")


def test_ingest_summary_counts_the_samples_findings_by_code(tmp_path):
    result = run("ingest", RAW, "--out", tmp_path / "out")
    assert "findings by code: NOT_AN_ACHIEVEMENT 23, ALLOCATION_NOT_SPLIT 2, UNPARSED_QUANTITY 2," in result.output
    assert f"next: mstrack describe {tmp_path / 'out'}" in result.output


def test_on_a_terminal_ingest_draws_a_progress_bar_and_clears_it(tmp_path):
    controller, terminal = pty.openpty()
    done = subprocess.run(
        [sys.executable, "-m", "mstrack", "ingest", RAW, "--out", tmp_path / "out"],
        stdout=subprocess.PIPE, stderr=terminal, timeout=300,
    )
    os.close(terminal)
    shown = b""
    while True:
        try:
            chunk = os.read(controller, 65536)
        except OSError:
            break
        if not chunk:
            break
        shown += chunk
    os.close(controller)
    assert done.returncode == 0
    shown = shown.decode("utf-8", "replace")
    assert "\r[########################] 5/5" in shown and "docs/s" in shown and "left" in shown
    assert shown.endswith("\r")  # the bar is wiped before the summary
    assert b"\r" not in done.stdout and b"read 5 of 5 files" in done.stdout
