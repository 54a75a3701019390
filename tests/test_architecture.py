"""The module layout ARCHITECTURE.md describes: data flows one way, and storage does not depend on
parsing."""

import ast
from pathlib import Path

import mstrack

PACKAGE = Path(mstrack.__file__).parent


def _imports(path: Path) -> set[str]:
    """The mstrack modules a module imports (at any depth of its code), as dotted names."""
    package = ["mstrack", *path.relative_to(PACKAGE).parent.parts]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join(base + ([node.module] if node.module else []))
            if module.startswith("mstrack"):
                found.add(module)
                found.update(f"{module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name.startswith("mstrack"))
    return found


def _modules(folder: str) -> list[Path]:
    return sorted((PACKAGE / folder).glob("*.py")) if folder else []


def test_storage_never_imports_the_pipeline_the_parsers_or_the_readers():
    for path in _modules("store"):
        bad = {m for m in _imports(path) if m.startswith(("mstrack.pipeline", "mstrack.parsers", "mstrack.readers"))}
        assert not bad, f"{path.name} imports {sorted(bad)}"


def test_the_model_imports_nothing_but_ids():
    imported = _imports(PACKAGE / "model.py")
    assert {m for m in imported if not m.startswith("mstrack.ids")} == set()


def test_readers_never_import_parsers_and_parsers_never_import_readers():
    for path in _modules("readers"):
        assert not {m for m in _imports(path) if m.startswith(("mstrack.parsers", "mstrack.pipeline"))}, path.name
    for path in _modules("parsers"):
        assert not {m for m in _imports(path) if m.startswith(("mstrack.readers", "mstrack.pipeline", "mstrack.store"))}, path.name


def test_architecture_md_names_every_module():
    text = (Path(__file__).parents[1] / "ARCHITECTURE.md").read_text(encoding="utf-8")
    modules = [p.name for p in PACKAGE.glob("*.py") if not p.name.startswith("__")]
    packages = [p.name + "/" for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").exists() and p.name != "data"]
    missing = [m for m in modules if f"`{m}`" not in text] + [p for p in packages if f"`{p}`" not in text and p not in text]
    assert missing == [], "name them in ARCHITECTURE.md"
