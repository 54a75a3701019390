"""Checks over one document's rows after parsing: every figure either became a typed target or is
named in a finding (UNPARSED_QUANTITY) with the reason, so nothing is lost silently."""

from __future__ import annotations

import re

from .model import Finding
from .quantity import find_unknown_units

# Digits or Chinese numerals followed by a measure word: a task that prints a figure.
_FIGURE = re.compile(r"\d|[一二两三四五六七八九十百千万]+[个所张人户台套家座处条场项件]")


def audit_quantities(rows: dict[str, list[dict]]) -> list[Finding]:
    findings = []
    for target in rows.get("targets", []):
        if target.get("unit") is None:
            findings.append(
                Finding(
                    "UNPARSED_QUANTITY",
                    "info",
                    f"target {target['metric']} prints {target['value_raw']} with no unit; its unit is left empty, not guessed",
                    doc_id=target["doc_id"],
                    table="targets",
                    ref=target.get("ref"),
                )
            )
    with_targets = {t["project_id"] for t in rows.get("targets", [])}
    for project in rows.get("projects", []):
        task = project.get("task") or ""
        unknown = find_unknown_units(task)
        for figure in unknown:
            findings.append(
                Finding(
                    "UNPARSED_QUANTITY",
                    "info",
                    f"project {project.get('seq') or ''} {project.get('name') or ''} prints {figure.value_raw} in a unit "
                    f"mstrack does not know, {figure.word}; no target was read from it (add {figure.word} to units.csv "
                    f"if it is a unit)",
                    doc_id=project["doc_id"],
                    table="projects",
                    ref=project.get("ref"),
                )
            )
        if project["project_id"] not in with_targets and not unknown and _FIGURE.search(task):
            findings.append(
                Finding(
                    "UNPARSED_QUANTITY",
                    "info",
                    f"project {project.get('seq') or ''} {project.get('name') or ''} prints a figure but no quantified target "
                    f"was read from it: {task[:60]}",
                    doc_id=project["doc_id"],
                    table="projects",
                    ref=project.get("ref"),
                )
            )
    return findings
