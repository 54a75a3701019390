"""The codes catalogue (mstrack.codes) is the one declaration of each code's severity and meaning:
the source and the findings of real runs hold to it."""

import ast
from pathlib import Path

import pytest

import mstrack
from mstrack.codes import finding_codes, severities_of, validation_codes

from conftest import ROOT

SRC = Path(mstrack.__file__).parent


def test_every_finding_code_has_a_group_a_severity_and_a_meaning():
    for code in finding_codes().values():
        assert code.group in ("input", "data"), code.code
        assert code.severities and set(code.severities) <= {"error", "warning", "info"}, code.code
        assert code.meaning.strip(), code.code
    assert all(code.meaning.strip() for code in validation_codes().values())


def test_no_code_is_both_a_finding_and_a_validation_problem():
    assert set(finding_codes()) & set(validation_codes()) == set()


def _literal_findings():
    """(file, line, code, severity) of every Finding("CODE", "severity", …) written with literals."""
    for path in SRC.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", None)) in ("Finding", "_finding"):
                args = [a for a in node.args if not (isinstance(a, ast.Name) and a.id == "context")]
                if len(args) >= 2 and all(isinstance(a, ast.Constant) and isinstance(a.value, str) for a in args[:2]):
                    yield path.name, node.lineno, args[0].value, args[1].value


def test_every_finding_the_source_writes_has_the_catalogues_severity():
    found = list(_literal_findings())
    assert len(found) > 20
    wrong = [(f, line, code, severity, severities_of(code)) for f, line, code, severity in found if severity not in severities_of(code)]
    assert wrong == []


@pytest.mark.parametrize("folder", ["data/raw", "tests/fixtures/tables", "tests/fixtures/work_reports", "tests/fixtures/places"])
def test_every_finding_of_a_run_has_the_catalogues_severity(folder):
    from mstrack.paths import discover
    from mstrack.pipeline import IngestOptions, ingest_file

    root = ROOT / folder
    if not root.exists():
        pytest.skip(f"no {folder}")
    for path, _ in discover([root]):
        for finding in ingest_file(path, IngestOptions()).findings:
            assert finding.severity in severities_of(finding.code), (path.name, finding.code, finding.message)
