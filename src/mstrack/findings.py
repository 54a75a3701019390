"""Findings: what the pipeline noticed and did not silently fix, as rows of the findings table."""

from __future__ import annotations

from dataclasses import dataclass

from .ids import make_id

SEVERITIES = ("error", "warning", "info")


@dataclass(frozen=True)
class Finding:
    code: str  # stable UPPER_SNAKE code
    severity: str  # error, warning, info
    message: str  # one sentence a person can act on
    doc_id: str | None = None
    source_path: str | None = None
    table: str | None = None
    ref: str | None = None
    # The row the finding is about, so doubtful rows can be filtered; not part of the id (a finding
    # is what it says, where).
    project_id: str | None = None
    target_id: str | None = None
    allocation_id: str | None = None

    def row(self) -> dict:
        return {
            "finding_id": make_id("fnd", self.doc_id, self.source_path, self.table, self.ref, self.code, self.message),
            "doc_id": self.doc_id,
            "source_path": self.source_path,
            "project_id": self.project_id,
            "target_id": self.target_id,
            "allocation_id": self.allocation_id,
            "table": self.table,
            "ref": self.ref,
            "code": self.code,
            "severity": self.severity,
            "message": self.message,
        }
