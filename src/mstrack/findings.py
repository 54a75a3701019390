"""Findings: what the pipeline noticed and did not silently fix, as rows of the findings table."""

from __future__ import annotations

from .model import Finding

# The keys a row of each table gives the findings about it.
_ROW_KEYS = {
    "projects": ("project_id",),
    "targets": ("project_id", "target_id"),
    "allocations": ("project_id", "target_id", "allocation_id"),
}


def with_row_keys(findings: list[Finding], rows: dict[str, list[dict]]) -> list[Finding]:
    """Findings of a document with the keys of the row they are about, where a parser left them out:
    the rows of the finding's table at its ref (a row's own ref, or a cell of it: "t3 r7" covers
    "t3 r7 c9"). A key is set only when all those rows share it (a target's ALLOCATION_SUM_MISMATCH
    names its target and project, not one of its area shares)."""
    from dataclasses import replace

    wanted = [table for table in _ROW_KEYS if any(finding.table == table for finding in findings)]
    if not wanted:
        return list(findings)  # most documents' findings are about no row of these tables
    by_ref: dict[tuple[str, str], list[dict]] = {}
    for table in wanted:
        for row in rows.get(table, []):
            ref = str(row.get("ref") or "")
            by_ref.setdefault((table, ref), []).append(row)
            # A cell ref also answers for its row: "t3 r7 c9" → "t3 r7".
            if " c" in ref:
                by_ref.setdefault((table, ref.rsplit(" c", 1)[0]), []).append(row)
    keyed = []
    for finding in findings:
        about = by_ref.get((finding.table, finding.ref or ""), []) if finding.table in _ROW_KEYS else []
        keys = {}
        for key in _ROW_KEYS.get(finding.table, ()):
            values = {row.get(key) for row in about}
            if len(values) == 1 and None not in values and getattr(finding, key) is None:
                keys[key] = values.pop()
        keyed.append(replace(finding, **keys) if keys else finding)
    return keyed
