"""Where ingest's time goes: a cProfile of ingest (parse and write) grouped by module into stages."""

from __future__ import annotations

import cProfile
import pstats
import tempfile
from pathlib import Path

# Own time of a function counts for the first stage whose module prefix matches its file.
STAGES = (
    ("decode", ("mstrack/decode.py",)),
    ("conversion (traditional → simplified)", ("opencc/", "mstrack/normalise.py:to_simplified", "mstrack/normalise.py:_converter")),
    ("normalise (NFKC, spaces)", ("mstrack/normalise.py",)),
    ("quantity normalisation", ("mstrack/quantity.py", "mstrack/targets.py", "mstrack/audit.py", "cn2an/")),
    ("Parquet writing", ("mstrack/store/writer.py", "pyarrow/parquet", "mstrack/store/merge.py")),
    ("row checks (validate_rows)", ("mstrack/validate.py", "mstrack/schema/checks.py", "pyarrow/")),
    ("parsing", ("mstrack/",)),
)


def stage_of(filename: str, function: str) -> str:
    where = filename.replace("\\", "/")
    for stage, prefixes in STAGES:
        for prefix in prefixes:
            path, _, name = prefix.partition(":")
            if path in where and (not name or name == function):
                return stage
    return "other (Python, libraries)"


def profile_ingest(inputs: Path) -> dict[str, float]:
    """Seconds of own time per stage for ingesting `inputs` and writing the tables."""
    from mstrack.store.merge import merge_into
    from mstrack.pipeline import IngestOptions, iter_ingest

    profiler = cProfile.Profile()
    with tempfile.TemporaryDirectory() as out:
        profiler.enable()
        merge_into(Path(out), None, iter_ingest([inputs], IngestOptions()))
        profiler.disable()
    seconds: dict[str, float] = {}
    other = "other (Python, libraries)"
    for (filename, _, function), (_, _, own, _, callers) in pstats.Stats(profiler).stats.items():
        stage = stage_of(filename, function)
        if stage == other and callers:
            # A builtin (re, str methods, hashing) or library function: its time goes to the stages
            # of its callers, in proportion to the time each caller spent in it.
            spent = sum(c[2] for c in callers.values()) or 1.0
            for (c_file, _, c_function), c in callers.items():
                c_stage = stage_of(c_file, c_function)
                seconds[c_stage] = seconds.get(c_stage, 0.0) + own * c[2] / spent
            continue
        seconds[stage] = seconds.get(stage, 0.0) + own
    return dict(sorted(seconds.items(), key=lambda kv: -kv[1]))


def conversion_seconds(texts: list[str]) -> dict[str, float]:
    """to_simplified (fast path) against opencc-python-reimplemented itself, line by line on the
    same text, cache cleared."""
    import time

    from mstrack.normalise import _converter, to_simplified

    lines = [line for text in texts for line in text.splitlines() if line]
    to_simplified.cache_clear()
    started = time.perf_counter()
    for line in lines:
        to_simplified(line)
    fast = time.perf_counter() - started
    converter = _converter()
    started = time.perf_counter()
    for line in lines:
        converter.convert(line)
    plain = time.perf_counter() - started
    return {"lines": len(lines), "to_simplified_s": fast, "opencc_python_reimplemented_s": plain}
