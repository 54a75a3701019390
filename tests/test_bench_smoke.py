"""A tiny run of `make bench` (bench/run.py): it runs end to end, the vectorised validation and the
per-row jsonschema loop reject the same rows, and results.json holds every figure."""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import ROOT

FIGURES = {
    "machine": {"nproc", "cpu", "python"},
    "startup": {"help_s", "heavy_imports"},
    "ingest": {f"{name}_jobs{jobs}" for name in ("txt", "docx", "pdf") for jobs in (1, 2)},
    "memory": {"peak_rss_mb_n", "peak_rss_mb_4n", "ratio_4n"},
    "reference": {"reference"},  # its figures, or why it was skipped (no git history of that checkout)
    "attacks": {"lines.txt", "colspan.html", "xml.docx"},
    "validation": {"mstrack_rows_per_s", "jsonschema_rows_per_s", "speedup", "verdicts_agree"},
    "goals": {"help_s", "txt_docs_per_s_1", "validation_speedup", "memory_ratio_4n", "jobs2_speedup"},
}


def test_a_small_bench_run_agrees_with_jsonschema_and_writes_every_figure(tmp_path):
    results_path = tmp_path / "results.json"
    run = subprocess.run(
        [sys.executable, "-m", "bench.run", "--n", "5", "--validation-rows", "4000", "--attacks-scale", "0.1", "--results", str(results_path)],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )
    assert run.returncode == 0, run.stderr
    results = json.loads(results_path.read_text(encoding="utf-8"))
    for section, keys in FIGURES.items():
        assert keys <= set(results[section]), section
    validation = results["validation"]
    assert validation["verdicts_agree"] is True
    assert validation["seeded_invalid_rows"] == validation["mstrack_invalid_rows"] == validation["jsonschema_invalid_rows"] == 400
    assert validation["mstrack_validate_exit"] == 1  # the seeded rows are problems
    assert all(r["documents"] >= 1 and r["docs_per_s"] > 0 for r in results["ingest"].values())
    assert results["stages"] and results["startup"]["heavy_imports"] == []
    assert all(r["verdict"].startswith("INPUT_TOO_LARGE") for r in results["attacks"].values())
    assert "goals:" in run.stdout
