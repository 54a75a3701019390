"""mstrack as a user installs it: a wheel in a fresh virtual environment, run from a folder outside
the checkout, and pyproject.toml declaring exactly the libraries src/ imports."""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest

from conftest import RAW, ROOT

SRC = ROOT / "src" / "mstrack"


def _run(command: list, cwd: Path, timeout: int = 600) -> subprocess.CompletedProcess:
    # Nothing of the checkout on the path: the installed package alone must do.
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "MSTRACK_SCHEMAS")}
    done = subprocess.run([str(c) for c in command], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, f"{' '.join(map(str, command))}\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done


def test_a_wheel_installed_in_a_fresh_venv_ingests_and_validates_the_samples(tmp_path):
    wheels = tmp_path / "wheels"
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", wheels, ROOT], cwd=tmp_path)
    (wheel,) = wheels.glob("mstrack-*.whl")
    venv = tmp_path / "venv"
    _run([sys.executable, "-m", "venv", venv], cwd=tmp_path)
    _run([venv / "bin" / "python", "-m", "pip", "install", "-q", "--disable-pip-version-check", wheel], cwd=tmp_path)
    work = tmp_path / "work"  # outside the checkout
    shutil.copytree(RAW, work / "notices")
    where = _run([venv / "bin" / "python", "-c", "import mstrack; print(mstrack.__file__)"], cwd=work).stdout
    assert str(venv) in where and str(ROOT) not in where
    _run([venv / "bin" / "mstrack", "ingest", "notices", "--out", "out", "-q"], cwd=work)
    assert _run([venv / "bin" / "mstrack", "validate", "out"], cwd=work).stdout.strip().endswith("out: valid")
    assert (work / "out" / "datapackage.json").exists()
    api = "import mstrack; t = mstrack.load('out'); print(len(t.projects), mstrack.validate('out').valid)"
    assert _run([venv / "bin" / "python", "-c", api], cwd=work).stdout.split() == ["153", "True"]


def imported_modules() -> set[str]:
    """Top-level names of the modules src/ imports, its own and the standard library's left out."""
    names = set()
    for path in SRC.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module.split(".")[0])
    return {n for n in names if n not in sys.stdlib_module_names and n != "mstrack"}


def declared() -> dict[str, set[str]]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]

    def names(requirements):
        return {_normalise(r.split(";")[0].split("[")[0].split(">")[0].split("=")[0].split("<")[0]) for r in requirements}

    extras = project.get("optional-dependencies", {})
    return {"core": names(project["dependencies"]), **{k: names(v) for k, v in extras.items()}}


def _normalise(name: str) -> str:
    return name.strip().lower().replace("_", "-").replace(".", "-")


def test_pyproject_declares_exactly_what_src_imports():
    distributions = packages_distributions()
    needed = {}
    for module in imported_modules():
        if module not in distributions:
            pytest.fail(f"src/ imports {module}, which no installed distribution provides")
        needed[module] = {_normalise(d) for d in distributions[module]}
    groups = declared()
    runtime = groups["core"] | groups.get("duckdb", set())  # duckdb: an optional extra, imported lazily
    undeclared = {m for m, dists in needed.items() if not dists & runtime}
    assert not undeclared, f"imported by src/ but not in pyproject.toml dependencies: {sorted(undeclared)}"
    used = set().union(*needed.values())
    unused = groups["core"] - used
    assert not unused, f"in pyproject.toml dependencies but never imported by src/: {sorted(unused)}"
