"""Row builders shared by every parser, so a project, target or progress row has the same columns
and the same id rules whichever parser wrote it. Ids come from the document id and the row's
position in its section, so the same bytes give the same ids."""

from __future__ import annotations

from datetime import date

from .model import SourceRef
from .ids import make_id
from .quantity import Quantity, as_float
from .targets import extract_targets


def project_row(
    doc_id: str,
    section: int,
    kind: str,
    ordinal: int,
    *,
    name: str | None,
    task: str | None,
    ref: SourceRef | str,
    raw: str,
    seq: str | None = None,
    category: str | None = None,
    lead_units: list[str] | None = None,
    co_units: list[str] | None = None,
    leaders: list[str] | None = None,
    unit_leaders: list[str] | None = None,
    due: date | None = None,
) -> dict:
    """One projects row; `ordinal` is the project's position in its section (0, 1, …)."""
    return {
        "project_id": make_id("prj", doc_id, section, ordinal),
        "doc_id": doc_id,
        "section": section,
        "kind": kind,
        "seq": seq,
        "category": category,
        "name": name,
        "task": task,
        "lead_units": lead_units or [],
        "co_units": co_units or [],
        "leaders": leaders or [],
        "unit_leaders": unit_leaders or [],
        "due": due,
        "ref": str(ref),
        "raw": raw,
    }


def target_row(project: dict, ordinal: int, metric: str, quantity: Quantity, text: str, ref: SourceRef | str,
               qualifier: str | None = None) -> dict:
    return {
        "target_id": make_id("tgt", project["project_id"], ordinal),
        "project_id": project["project_id"],
        "doc_id": project["doc_id"],
        "metric": metric,
        "value": as_float(quantity.value),
        "value_max": as_float(quantity.value_max),
        "unit": quantity.unit,
        "unit_raw": quantity.unit_raw,
        "value_raw": quantity.value_raw,
        "kind": quantity.kind,
        "comparator": quantity.comparator,
        "qualifier": qualifier or quantity.qualifier,
        "secondary_value": as_float(quantity.secondary),
        "text": text,
        "ref": str(ref),
    }


def target_rows(project: dict, task_text: str | None, ref: SourceRef | str, first_ordinal: int = 0) -> list[dict]:
    """Every quantified clause of a project's task text, as targets rows."""
    if not task_text:
        return []
    return [
        target_row(project, first_ordinal + n, clause.metric, clause.quantity, clause.text, ref, clause.qualifier)
        for n, clause in enumerate(extract_targets(task_text))
    ]


def progress_row(project: dict, ordinal: int, *, as_of: date | None, period: str | None, text: str | None,
                 status: str, ref: SourceRef | str, reported_by: str | None = None) -> dict:
    return {
        "progress_id": make_id("prg", project["project_id"], ordinal),
        "project_id": project["project_id"],
        "doc_id": project["doc_id"],
        "as_of": as_of,
        "period": period,
        "reported_by": reported_by,
        "text": text,
        "status": status,
        "ref": str(ref),
    }
