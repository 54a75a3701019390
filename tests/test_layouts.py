"""Generated notices in every text layout come back as the rows they were made from.

`layouts.make_notice` renders a spec of rows as a pipe table, one cell per line, tab rows, columns
aligned by spaces, blank-line paragraphs or labelled paragraphs, with header synonyms, column orders,
numbering styles, categories, periods (one or two progress columns), continuation rows and cut-off
ends drawn at random. `make test` reads 500 of them, `make fuzz` (MSTRACK_FUZZ=long) 5,000.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from layouts import LAYOUTS, HypothesisDraw, RandomDraw, make_notice, parse_notice, row_misses

LONG = os.environ.get("MSTRACK_FUZZ") == "long"
NOTICES = 5000 if LONG else 500
EXACT_SHARE = 0.98
# Findings that say a table was read in part: a notice with a row missed must carry one.
TABLE_CODES = {"UNPARSED_ROW", "TRUNCATED_ROW", "NO_ROWS", "LAYOUT_UNDECIDED"}


def _read_back(notice):
    projects, targets, progress, findings, document = parse_notice(notice.text)
    return row_misses(notice, projects, targets, progress), findings, document


def test_generated_notices_come_back_row_for_row():
    rows = exact = 0
    silent = []
    by_layout = {layout: 0 for layout in LAYOUTS}
    for seed in range(NOTICES):
        notice = make_notice(RandomDraw(seed))
        by_layout[notice.layout] += 1
        misses, findings, _ = _read_back(notice)
        missed = {m.split(":")[0] for m in misses if m.startswith("row ")}
        if misses and not missed:
            missed = {"(count)"}  # a project too many counts as a row missed
        rows += len(notice.rows)
        exact += len(notice.rows) - min(len(missed), len(notice.rows))
        if misses and not TABLE_CODES & {f.code for f in findings}:
            silent.append((seed, misses[:2]))
    assert all(by_layout.values()), by_layout
    assert exact / rows >= EXACT_SHARE, (exact, rows, silent[:3])
    assert len(silent) <= (1 - EXACT_SHARE) * NOTICES, silent[:3]


def test_a_cut_off_notice_says_so_and_keeps_its_whole_rows():
    cut = 0
    for seed in range(600):
        notice = make_notice(RandomDraw(seed))
        if notice.cut is None:
            continue
        cut += 1
        misses, findings, _ = _read_back(notice)
        assert not misses, (seed, misses)
        assert "TRUNCATED_ROW" in {f.code for f in findings}, seed
    assert cut >= 10


def test_the_period_of_the_title_is_the_documents():
    for seed in range(200):
        notice = make_notice(RandomDraw(seed))
        _, _, document = _read_back(notice)
        assert document["period"] == notice.period, (seed, notice.text[:60])


@settings(max_examples=300 if LONG else 40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_any_notice_reads_back_or_says_why(data):
    notice = make_notice(HypothesisDraw(data))
    misses, findings, _ = _read_back(notice)
    assert not misses or TABLE_CODES & {f.code for f in findings}, (notice.text, misses)
