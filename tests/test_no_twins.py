"""Each piece of logic is written once: no two module-level functions of the package have the same body,
and no two modules compile the same pattern. A twin drifts (two `raw_of` once disagreed on empty cells);
the module whose job it is holds the one copy and the others import it."""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import mstrack

PACKAGE = Path(mstrack.__file__).parent


def _without_docstring(body: list[ast.stmt]) -> list[ast.stmt]:
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
        return body[1:]
    return body


def _definitions() -> dict[str, list[str]]:
    """A key of the logic (function body with its arguments, or a compiled pattern) → where it stands."""
    places: dict[str, list[str]] = defaultdict(list)
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        where = path.relative_to(PACKAGE).as_posix()
        for node in tree.body:
            if isinstance(node, ast.FunctionDef):
                body = ast.Module(body=_without_docstring(node.body), type_ignores=[])
                places["def " + ast.dump(node.args) + ast.dump(body)].append(f"{where}:{node.name}")
            elif (isinstance(node, ast.Assign) and isinstance(node.value, ast.Call)
                  and ast.unparse(node.value.func) == "re.compile"):
                places["re " + ast.dump(node.value)].append(f"{where}:{ast.unparse(node.targets[0])}")
    return places


def test_no_function_or_pattern_is_written_twice():
    twins = [where for where in _definitions().values() if len(where) > 1]
    assert twins == []
