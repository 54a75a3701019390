"""Mutated samples (lines dropped, duplicated, swapped; characters inserted; bytes cut off; other
encodings) never make ingest raise, what it writes always validates, and every file it could not
read has its error finding.

`make test` runs a few dozen examples; `make fuzz` (MSTRACK_FUZZ=long) runs thousands.
"""

import os
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import SAMPLES, read_tables, run

settings.register_profile("fuzz-quick", max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("fuzz-long", max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
PROFILE = "fuzz-long" if os.environ.get("MSTRACK_FUZZ") == "long" else "fuzz-quick"
TEXTS = {key: path.read_text(encoding="utf-8") for key, path in SAMPLES.items()}

position = st.integers(min_value=0, max_value=10**6)
line_edit = st.one_of(
    st.tuples(st.just("drop"), position),
    st.tuples(st.just("duplicate"), position),
    st.tuples(st.just("swap"), position, position),
    st.tuples(st.just("insert"), position, st.text(min_size=1, max_size=8)),
    st.tuples(st.just("insert"), position, st.sampled_from(["|", "\t", "一、", "1.", "合计", "个", "％", "万元", "\x00", "\ufeff"])),
)


def mutate(text: str, edits) -> str:
    lines = text.split("\n")
    for edit in edits:
        if not lines:
            break
        i = edit[1] % len(lines)
        if edit[0] == "drop":
            del lines[i]
        elif edit[0] == "duplicate":
            lines.insert(i, lines[i])
        elif edit[0] == "swap":
            j = edit[2] % len(lines)
            lines[i], lines[j] = lines[j], lines[i]
        else:
            column = edit[1] % (len(lines[i]) + 1)
            lines[i] = lines[i][:column] + edit[2] + lines[i][column:]
    return "\n".join(lines)


@st.composite
def mutated_file(draw):
    text = mutate(TEXTS[draw(st.sampled_from(sorted(TEXTS)))], draw(st.lists(line_edit, max_size=12)))
    data = text.encode(draw(st.sampled_from(["utf-8", "gb18030", "cp950", "utf-16"])), errors="replace")
    cut = draw(st.one_of(st.none(), st.floats(min_value=0, max_value=1)))
    return data if cut is None else data[: int(len(data) * cut)]


@settings(settings.get_profile(PROFILE))
@given(files=st.lists(mutated_file(), min_size=1, max_size=3))
def test_mutated_notices_never_break_ingest(files):
    with tempfile.TemporaryDirectory() as tmp:
        inputs, out = Path(tmp) / "in", Path(tmp) / "out"
        inputs.mkdir()
        for n, data in enumerate(files):
            (inputs / f"{n}.txt").write_bytes(data)
        result = run("ingest", inputs, "--out", out, "--timeout", 20)  # run() lets any exception through
        failed = [line for line in result.stderr.splitlines() if line.startswith("mstrack: error: ")]
        assert result.exit_code == (1 if failed else 0), result.output
        assert run("validate", out).exit_code == 0
        errors = read_tables(out)["findings"].query("severity == 'error'")
        # No finding lost: each file named on stderr has its error finding, and no other file has one.
        assert sorted(line.split(": ")[2] for line in failed) == sorted(set(errors.source_path)) == sorted(errors.source_path)
