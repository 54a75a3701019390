"""Run mstrack in a child process and measure it: wall time and the child's own peak RSS
(os.wait4's ru_maxrss, in kB on Linux), not that of this process."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


@dataclass
class ChildRun:
    seconds: float
    peak_rss_mb: float
    cpu_seconds: float  # user + system time of the child (not its --jobs workers): on a shared machine, less noisy than wall time
    returncode: int
    stdout: str


def mstrack(*args: str, env: dict | None = None) -> ChildRun:
    """`python -m mstrack ARGS` with this checkout's src first on the path."""
    child_env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), **(env or {})}
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "mstrack", *map(str, args)], env=child_env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    stdout = proc.stdout.read()
    proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    # ru_maxrss of one child; worker processes of --jobs are its children, counted apart.
    return ChildRun(seconds, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime, proc.returncode, stdout.decode())
