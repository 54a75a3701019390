"""Row builders: one per table a parser writes (projects, targets, progress, milestones,
allocations, indicators, glossary), so a row has the same columns and the same id rules whichever
parser wrote it. Ids come from the document id and the row's position in its source, so the same
bytes give the same ids. The other tables have one builder each too, beside what they derive from:
documents `pipeline._document_row`, achievements `achievements.achievement_row`, findings
`model.Finding.row`, links `links._link`."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from .ids import make_id
from .model import SourceRef
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


def milestone_row(project: dict, ordinal: int, target: dict | None, *, due: date | None, text: str, value: float | None,
                  unit: str | None, comparator: str | None, share: float | None, ref: SourceRef | str) -> dict:
    return {
        "milestone_id": make_id("mst", project["project_id"], ordinal),
        "project_id": project["project_id"],
        "target_id": target["target_id"] if target else None,
        "doc_id": project["doc_id"],
        "due": due,
        "text": text,
        "value": value,
        "unit": unit,
        "comparator": comparator,
        "share": share,
        "ref": str(ref),
    }


def allocation_row(doc_id: str, position: tuple, project_id: str, target: dict, area, *, area_raw: str, value: Decimal,
                   unit: str | None, value_raw: str, ref: SourceRef | str, secondary: Decimal | None = None,
                   counted: Decimal | None = None) -> dict:
    """One allocations row: `position` places it in its source (section, row, column …), `area` is
    an areas.Area, `counted` what the share counts towards its target (the value when not given)."""
    return {
        "allocation_id": make_id("alc", doc_id, *position),
        "doc_id": doc_id,
        "project_id": project_id,
        "target_id": target["target_id"],
        "area": area.name,
        "area_raw": area_raw,
        "area_level": area.level,
        "area_code": area.code,
        "area_parent": area.parent,
        "area_parent_code": area.parent_code,
        "value": float(value),
        "unit": unit,
        "secondary_value": as_float(secondary),
        "counted_value": float(value if counted is None else counted),
        "value_raw": value_raw,
        "ref": str(ref),
    }


def indicator_row(doc_id: str, basis: str, ordinal: int, *, year: int | None, metric: str, quantity: Quantity | None,
                  comparator: str | None, change_pct: Decimal | None, text: str, ref: SourceRef | str) -> dict:
    return {
        "indicator_id": make_id("ind", doc_id, basis, ordinal),
        "doc_id": doc_id,
        "year": year,
        "basis": basis,
        "metric": metric,
        "value": as_float(quantity.value) if quantity else None,
        "unit": quantity.unit if quantity else None,
        "comparator": comparator,
        "change_pct": as_float(change_pct),
        "text": text,
        "ref": str(ref),
    }


def glossary_row(doc_id: str, ordinal: int, *, seq: str | None, term: str | None, definition: str, ref: SourceRef | str) -> dict:
    return {
        "glossary_id": make_id("gls", doc_id, ordinal),
        "doc_id": doc_id,
        "seq": seq,
        "term": term,
        "definition": definition,
        "ref": str(ref),
    }

