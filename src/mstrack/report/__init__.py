"""`mstrack report`: one self-contained HTML page to look at the tables, document by document:
the allocation per area, completion and pace per project, indicators actual against planned and
the findings grouped by code. No script, no font or style from elsewhere: it opens offline."""

from __future__ import annotations

from pathlib import Path

from .page import render

__all__ = ["render", "write_report"]


def write_report(out: Path | str, path: Path | str) -> Path:
    """Render the report of the tables in `out` into the HTML file `path`."""
    from ..api import load

    path = Path(path)
    html = render(load(out), source=str(out))
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(html, encoding="utf-8")
    tmp.replace(path)
    return path
