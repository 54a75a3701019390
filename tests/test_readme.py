"""Docs that cannot drift: the README's synopsis and codes tables are made from the code, every
code the code emits is in those tables, and the bench offers only options it accepts."""

from __future__ import annotations

import ast
import re
import shlex
import sys
from pathlib import Path

import pytest

from conftest import ROOT

sys.path.insert(0, str(ROOT))
from bench import run as bench_run  # noqa: E402
from scripts import readme  # noqa: E402

SRC = ROOT / "src" / "mstrack"
CODE = re.compile(r"[A-Z][A-Z0-9]*(_[A-Z0-9]+)+")


def test_readme_synopsis_and_codes_tables_are_what_the_code_says():
    text = readme.README.read_text(encoding="utf-8")
    assert readme.render(text) == text, "README.md differs from the code: run python scripts/readme.py"


def test_the_synopsis_names_every_option_of_every_command():
    from mstrack.cli import main

    made = readme.synopsis()
    for name, command in main.commands.items():
        assert f"mstrack {name}" in made
        for param in command.params:
            if param.param_type_name == "option":
                assert any(opt in made for opt in param.opts), f"{name} {param.opts}"


def _registered() -> set[str]:
    from mstrack.codes import finding_codes, validation_codes

    return set(finding_codes()) | set(validation_codes())


def _constants() -> tuple[set[str], set[str]]:
    """String constants of src/ and the names src/ assigns (identifiers, not codes)."""
    constants, names = set(), set()
    for path in SRC.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                constants.add(node.value)
            elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                names.add(node.id)
    return constants, names


def test_every_code_the_code_emits_is_in_the_codes_tables():
    constants, names = _constants()
    emitted = {c for c in constants if CODE.fullmatch(c) and c not in names and not c.startswith("MSTRACK_")}
    assert emitted - _registered() == set(), "add them to src/mstrack/data/*_codes.csv"


def test_every_code_in_the_tables_is_emitted_somewhere():
    constants, _ = _constants()
    assert _registered() - constants == set()


def _bench_examples() -> list[list[str]]:
    return [
        shlex.split(line.split("#")[0])[3:]
        for line in (bench_run.__doc__ or "").splitlines()
        if line.strip().startswith("python -m bench.run")
    ]


@pytest.mark.parametrize("argv", _bench_examples(), ids=lambda argv: " ".join(argv) or "defaults")
def test_every_bench_example_in_its_help_is_accepted(argv):
    bench_run.arguments().parse_args(argv)


def test_bench_refuses_what_its_help_says_it_cannot_do(capsys):
    with pytest.raises(SystemExit):
        bench_run.arguments().parse_args(["--n", "0"])
    assert "at least 1" in capsys.readouterr().err
