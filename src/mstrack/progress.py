"""What a run of ingest shows while it works and when it is done: a progress bar on a terminal
(done/total, rate, time left) and a summary that says where to look next."""

from __future__ import annotations

import shutil
import time
from collections import Counter
from pathlib import Path
from typing import TextIO

BAR_WIDTH = 24


def progress_line(done: int, total: int, elapsed: float, current: str = "", width: int = 100) -> str:
    """`[#########---------------] 12/200  3.4 docs/s  0:55 left  notices/x.txt`, cut to width."""
    share = done / total if total else 1.0
    filled = int(BAR_WIDTH * min(share, 1.0))
    rate = done / elapsed if elapsed > 0 else 0.0
    left = (total - done) / rate if rate > 0 else None
    text = f"[{'#' * filled}{'-' * (BAR_WIDTH - filled)}] {done}/{total}  {rate:.1f} docs/s  {_clock(left)} left"
    if current:
        room = width - len(text) - 2
        if room > 8:
            text += "  " + (current if len(current) <= room else "…" + current[-(room - 1):])
    return text[:width]


def _clock(seconds: float | None) -> str:
    if seconds is None:
        return "-:--"
    seconds = int(round(seconds))
    hours, rest = divmod(seconds, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60}:{rest % 60:02d}"


class ProgressBar:
    """One line redrawn in place on a terminal; messages printed above it."""

    def __init__(self, total: int, stream: TextIO, width: int | None = None):
        self.total = total
        self.stream = stream
        self.width = width or shutil.get_terminal_size().columns - 1
        self.started = time.monotonic()
        self.shown = 0

    def update(self, done: int, current: str = "") -> None:
        self._draw(progress_line(done, self.total, time.monotonic() - self.started, current, self.width))

    def message(self, text: str) -> None:
        """Print a line above the bar (an error), then the bar again."""
        line = self._last
        self.clear()
        print(text, file=self.stream)
        if line:
            self._draw(line)

    def clear(self) -> None:
        if self.shown:
            self.stream.write("\r" + " " * self.shown + "\r")
            self.stream.flush()
        self.shown = 0
        self._last = ""

    _last = ""

    def _draw(self, line: str) -> None:
        self.stream.write("\r" + line + " " * max(0, self.shown - len(line)))
        self.stream.flush()
        self.shown = len(line)
        self._last = line


def count_files(paths: list[Path]) -> int:
    """The files a run will read (the walk ingest does, without reading anything)."""
    from .paths import discover

    return sum(1 for _ in discover(paths))


# Findings of tables that were not read whole, counted in the summary so none goes unseen.
TABLE_READING_CODES = (
    ("NO_ROWS", "tables without rows"),
    ("LAYOUT_UNDECIDED", "tables whose columns could not be told apart"),
    ("UNPARSED_ROW", "rows not attached"),
    ("TRUNCATED_ROW", "rows cut off"),
)


def summary_lines(summary, out_dir: Path, elapsed: float, codes: Counter) -> list[str]:
    """The end of a run: what was read, rows, findings by code, time, and where to look next."""
    failed = summary.failed
    lines = [
        f"read {summary.read} of {summary.files} files into {out_dir} in {_duration(elapsed)}" + (f"; {failed} failed" if failed else ""),
        summary.line(),
        *filter(None, [summary.gone_line()]),
        "rows: " + ", ".join(f"{table} {n}" for table, n in summary.counts.items()),
        "findings: " + ", ".join(f"{summary.severities.get(s, 0)} {s}" for s in ("error", "warning", "info")),
    ]
    unread = [(code, label) for code, label in TABLE_READING_CODES if summary.codes.get(code)]
    if unread:
        lines.append("tables: " + ", ".join(f"{summary.codes[code]} {label} ({code})" for code, label in unread))
    if codes:
        lines.append("findings by code: " + ", ".join(f"{code} {n}" for code, n in sorted(codes.items(), key=lambda c: (-c[1], c[0]))))
    findings = out_dir / "findings.parquet"
    if failed:
        lines.append(f"next: the files that failed are named above and in {findings} (severity error); fix them and run again")
    lines.append(f"next: mstrack describe {out_dir} · mstrack report {out_dir} -o report.html · findings in {findings}")
    return lines


def _duration(seconds: float) -> str:
    return f"{seconds:.1f} s" if seconds < 60 else _clock(seconds)
