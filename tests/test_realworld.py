"""Real notices of other places (../shared/realworld, reference material kept outside the project):
the rows each prints whole are read, the cut-off last one is said to be cut off.

The folder is found from MSTRACK_REALWORLD, else as ../shared/realworld beside the repository (or
beside the folder holding it, for a git worktree); the tests skip when it is absent. Expected values
are checked against the source text itself rather than copied from it.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from mstrack.pipeline import IngestOptions, parse_document
from mstrack.readers import read_document

ROOT = Path(__file__).resolve().parents[1]


def _realworld() -> Path | None:
    candidates = [os.environ.get("MSTRACK_REALWORLD")] + [str(p / "shared" / "realworld") for p in ROOT.parents[:2]]
    return next((Path(c) for c in candidates if c and Path(c).is_dir()), None)


REALWORLD = _realworld()
pytestmark = pytest.mark.skipif(REALWORLD is None, reason="../shared/realworld is not here")


def parsed(prefix: str):
    path = next(REALWORLD.glob(prefix + "*.txt"), None)
    if path is None:
        pytest.skip(f"no {prefix} file in {REALWORLD}")
    doc = read_document(path, path.read_bytes(), "0" * 64)
    result = parse_document(doc, "doc_0000000000000000", IngestOptions())
    text = "".join(doc.text.split())
    return result, doc, text


def _in_source(value: str, text: str) -> bool:
    return "".join(value.split()).rstrip("。") in text


def check_rows(result, text: str, seqs: list[str]) -> list[dict]:
    projects = result.rows.get("projects", [])
    assert [p["seq"] for p in projects] == seqs
    for project in projects:
        assert project["name"] and _in_source(project["name"], text)
        assert project["lead_units"] and all(_in_source(u, text) for u in project["lead_units"])
    assert result.status == "parsed"
    return projects


def test_every_realworld_file_gives_rows_or_is_another_helpers():
    for path in sorted(REALWORLD.glob("*.txt")):
        if path.name.startswith("allocation_matrix"):
            continue
        doc = read_document(path, path.read_bytes(), "0" * 64)
        result = parse_document(doc, "doc_0000000000000000", IngestOptions())
        assert result.rows.get("projects"), path.name


def test_pipe_rows_with_a_continuation_row_and_a_cut_off_end():
    result, _, text = parsed("quarterly__")
    projects = check_rows(result, text, ["1", "2", "3"])
    document = result.rows["documents"][0]
    assert (document["kinds"], document["period"]) == (["quarterly"], "Q1")
    first_targets = [t for t in result.rows["targets"] if t["project_id"] == projects[0]["project_id"]]
    assert len(first_targets) == 2  # the second on the row without a number
    assert len(result.rows["progress"]) == 3
    assert "TRUNCATED_ROW" in {f.code for f in result.findings}


def test_one_cell_per_line_with_two_progress_periods():
    result, _, text = parsed("progress__")
    projects = check_rows(result, text, ["24", "25"])
    assert all(p["leaders"] and p["co_units"] for p in projects)
    document = result.rows["documents"][0]
    assert (document["kinds"], document["period"]) == (["progress"], "M11")
    periods = [(p["project_id"], p["period"]) for p in result.rows["progress"]]
    assert periods == [(p["project_id"], period) for p in projects for period in ("M10", "M11")]
    assert all(p["text"] and _in_source(p["text"], text) for p in result.rows["progress"])
    assert "TRUNCATED_ROW" in {f.code for f in result.findings}


def test_blank_line_cells_after_a_bare_attachment_label():
    result, doc, text = parsed("responsibility_list__")
    assert [s.kind for s in result.sections] == ["cover", "responsibility_list"]
    projects = check_rows(result, text, [str(n) for n in range(1, 11)])
    assert all(p["due"] is not None for p in projects)
    assert any(len(p["task"].split("\n")) == 2 for p in projects)  # an item with two task lines


def test_labelled_paragraphs_of_a_newspaper():
    result, _, text = parsed("half_year__")
    projects = check_rows(result, text, ["1", "2", "3"])
    assert all(p["leaders"] for p in projects)
    document = result.rows["documents"][0]
    assert (document["kinds"], document["period"]) == (["half_year"], "H1")
    assert "TRUNCATED_ROW" in {f.code for f in result.findings}
