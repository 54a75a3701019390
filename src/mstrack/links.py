"""Links between rows of different documents, so one promise can be followed across them.

Three relations, each found by a rule over the whole output folder (never by the order documents
came in: a document added later links to those already there, and a re-run gives the same links):

- `same_project` and `same_target`: a project of a plan (a responsibility list, a work report's 实事
  list) and the same project in that year's progress reports for the same place (Q1, H1, 1–N月, FY).
  The first document of a place and year is the anchor of its series — a plan when there is one,
  else the earliest progress report — and every other document's projects are matched to the
  anchor's: by the metric keys of their targets, else by the words of their task. Matched projects'
  targets are linked by metric key. `series_id` is the anchor's project, so a series is one filter.
- `allocated_to`: a city's allocation to a district (002: 拱墅区 200 台 加装电梯) and that district's
  own target for the same metric and year (003 plans 200): by metric key and unit, else by metric
  words in the same unit.
- `next_year`: the same metric of the same place in consecutive years (targets of plans,
  indicators of work reports: 004's 固定资产投资 of 2013 and 全社会固定资产投资 planned for 2014).

`links(tables)` is pure: rows of the tables in, link rows out. `links_of_folder` reads the columns
it needs from an output folder.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from operator import itemgetter
from pathlib import Path

from .achievements import bigrams, dice, similarity
from .ids import make_id
from .kinds import PROGRESS_KINDS  # every period's progress table: quarterly, half_year, progress

# Kinds of a section that promise (a plan) and that report (progress), in the order an anchor is
# chosen: a responsibility list before a work report before an allocation matrix.
PLAN_KINDS = ("responsibility_list", "work_report", "allocation_matrix")
# A setting: two projects are the same when this share of their metric keys is shared, or their
# task words are this similar (character-bigram Dice).
PROJECT_MIN_SCORE = 0.5
# A setting: an allocation and a district's target not keyed alike are the same metric from this
# metric similarity, in the same unit.
METRIC_MIN_SIMILARITY = 0.6

# Columns each table gives the rule (read from Parquet by links_of_folder): those it reads, no more.
# Reading a column into Python costs an object per row (the corpus of 200 documents has 33,000
# allocations), so the six it never looked at (documents' kinds, projects' seq, targets' and
# indicators' metric, allocations' target_id, indicators' basis) took a third of the reading.
COLUMNS = {
    "documents": ["doc_id", "city", "district", "year", "as_of"],
    "projects": ["project_id", "doc_id", "kind", "name", "task"],
    "targets": ["target_id", "project_id", "doc_id", "metric_key", "value", "unit"],
    "allocations": ["allocation_id", "doc_id", "area", "area_level", "metric_key", "value", "unit"],
    "indicators": ["indicator_id", "doc_id", "year", "metric_key", "value", "unit"],
}


def links(tables: dict[str, list[dict]]) -> list[dict]:
    """Every link among the rows of `tables` (lists of row dicts with at least COLUMNS), sorted."""
    documents = {d["doc_id"]: d for d in tables.get("documents", [])}
    projects = tables.get("projects", [])
    targets_of: dict[str, list[dict]] = defaultdict(list)
    for target in tables.get("targets", []):
        targets_of[target["project_id"]].append(target)
    rows = _series(documents, projects, targets_of)
    rows += _allocations(documents, projects, tables.get("targets", []), tables.get("allocations", []))
    rows += _next_year(documents, projects, tables.get("targets", []), tables.get("indicators", []))
    unique = {row["link_id"]: row for row in rows}
    return sorted(unique.values(), key=_LINK_ORDER)


# The order of the links table (itemgetter builds each link's key without a Python call).
_LINK_ORDER = itemgetter("relation", "from_table", "from_id", "to_table", "to_id")


def links_of_folder(folder: Path) -> list[dict]:
    """The links of the tables written in `folder` (the columns it needs, read once). Each table's
    one file is read as a file: pq.read_table reads it as a dataset, whose module loads
    pyarrow.compute, 50 ms of an ingest that needs neither."""
    import pyarrow.parquet as pq

    from .store.output import table_file

    tables = {
        table: pq.ParquetFile(table_file(folder, table)).read(columns=columns).to_pylist()
        for table, columns in COLUMNS.items()
    }
    return links(tables)


def _link(relation: str, method: str, score: float, from_table: str, from_row: dict, to_table: str, to_row: dict,
          *, series_id: str | None = None, metric_key: str | None = None, year: int | None = None,
          values: tuple[float | None, float | None] = (None, None), unit: str | None = None) -> dict:
    from_id, to_id = from_row[_KEY[from_table]], to_row[_KEY[to_table]]
    return {
        "link_id": make_id("lnk", from_table, from_id, to_table, to_id, relation),
        "from_table": from_table,
        "from_id": from_id,
        "to_table": to_table,
        "to_id": to_id,
        "relation": relation,
        "method": method,
        "score": round(score, 4),
        "from_doc_id": from_row["doc_id"],
        "to_doc_id": to_row["doc_id"],
        "series_id": series_id,
        "metric_key": metric_key,
        "year": year,
        "from_value": values[0],
        "to_value": values[1],
        "unit": unit,
    }


_KEY = {"projects": "project_id", "targets": "target_id", "allocations": "allocation_id", "indicators": "indicator_id"}


def _place(document: dict) -> tuple:
    return document.get("city"), document.get("district")


# --- same_project, same_target: a plan and its progress reports ---------------------------------

def _series(documents: dict[str, dict], projects: list[dict], targets_of: dict[str, list[dict]]) -> list[dict]:
    by_doc: dict[str, list[dict]] = defaultdict(list)
    for project in projects:
        if project["kind"] in PLAN_KINDS + PROGRESS_KINDS:
            by_doc[project["doc_id"]].append(project)
    groups: dict[tuple, list[str]] = defaultdict(list)
    for doc_id in by_doc:
        document = documents.get(doc_id)
        if document and document.get("year") is not None and any(_place(document)):
            groups[(*_place(document), document["year"])].append(doc_id)
    rows = []
    for doc_ids in groups.values():
        if len(doc_ids) < 2:
            continue
        ordered = sorted(doc_ids, key=lambda d: _anchor_order(documents[d], by_doc[d]))
        anchor, others = ordered[0], ordered[1:]
        # Of a plan document, its plan projects only (003's matrix restates its list).
        anchor_projects = _main_projects(by_doc[anchor])
        passing: dict = {}
        for other in others:
            for plan, project, method, score in _match_projects(anchor_projects, _main_projects(by_doc[other]), targets_of, passing):
                year = documents[anchor]["year"]
                rows.append(_link("same_project", method, score, "projects", plan, "projects", project,
                                  series_id=plan["project_id"], year=year))
                rows += _same_targets(plan, project, targets_of, year)
    return rows


def _anchor_order(document: dict, projects: list[dict]) -> tuple:
    kinds = {p["kind"] for p in projects}
    plan_rank = min((PLAN_KINDS.index(k) for k in kinds if k in PLAN_KINDS), default=len(PLAN_KINDS))
    as_of = document.get("as_of") or date.max
    return (plan_rank, as_of, document["doc_id"])


def _main_projects(projects: list[dict]) -> list[dict]:
    """A document's projects of its leading kind (a responsibility list over its allocation matrix)."""
    kinds = [k for k in PLAN_KINDS + PROGRESS_KINDS if any(p["kind"] == k for p in projects)]
    return [p for p in projects if p["kind"] == kinds[0]] if kinds else []


def _match_projects(anchors: list[dict], projects: list[dict], targets_of, passing: dict | None = None) -> list[tuple]:
    """Each project to at most one anchor project and back: best score first. `passing` keeps, for
    each project's metric keys and words, the anchors it may match: the documents of one series
    repeat the same projects, so it is shared over them."""
    passing = {} if passing is None else passing
    anchor_terms = None
    candidates = []
    for j, project in enumerate(projects):
        terms = (frozenset(_metric_keys(project, targets_of)), bigrams(_words(project)))
        if terms not in passing:
            if anchor_terms is None:
                anchor_terms = [(frozenset(_metric_keys(a, targets_of)), bigrams(_words(a))) for a in anchors]
            passing[terms] = _passing(anchor_terms, terms)
        candidates += [(score, -i, -j, i, j, method) for i, method, score in passing[terms]]
    candidates.sort(reverse=True)
    used_anchors, used_projects, pairs = set(), set(), []
    for score, _, _, i, j, method in candidates:
        if i in used_anchors or j in used_projects:
            continue
        used_anchors.add(i)
        used_projects.add(j)
        pairs.append((anchors[i], projects[j], method, score))
    return pairs


def _passing(anchor_terms: list[tuple], terms: tuple) -> list[tuple]:
    """(anchor index, method, score) of every anchor a project of these terms may match."""
    keys, grams = terms
    passing = []
    for i, (anchor_keys, anchor_grams) in enumerate(anchor_terms):
        key_score = len(anchor_keys & keys) / len(anchor_keys | keys) if anchor_keys | keys else 0.0
        text_score = dice(anchor_grams, grams) if key_score < 1.0 else 0.0
        method, score = ("metric_key", key_score) if key_score >= text_score else ("task_text", text_score)
        if score >= PROJECT_MIN_SCORE:
            passing.append((i, method, score))
    return passing


def _metric_keys(project: dict, targets_of) -> set[str]:
    return {t["metric_key"] for t in targets_of.get(project["project_id"], []) if t.get("metric_key")}


def _words(project: dict) -> str:
    return project.get("task") or project.get("name") or ""


def _same_targets(plan: dict, project: dict, targets_of, year) -> list[dict]:
    rows = []
    theirs = list(targets_of.get(project["project_id"], []))
    for target in targets_of.get(plan["project_id"], []):
        key, unit = target.get("metric_key"), target["unit"]
        match = next((t for t in theirs if t.get("metric_key") == key and t["unit"] == unit), None) if key else None
        if match is None:
            continue
        theirs.remove(match)
        rows.append(_link("same_target", "metric_key", 1.0, "targets", target, "targets", match,
                          series_id=plan["project_id"], metric_key=target["metric_key"], year=year,
                          values=(target["value"], match["value"]), unit=target["unit"]))
    return rows


# --- allocated_to: a city's allocation and the district's own target ---------------------------

def _allocations(documents, projects, targets, allocations) -> list[dict]:
    kind_of = {p["project_id"]: p["kind"] for p in projects}
    # (city, district, year, unit) -> the district's plan targets; and by metric_key too, so the
    # usual case (the same key) is a look-up, not a comparison with every target.
    own_targets: dict[tuple, list[dict]] = defaultdict(list)
    keyed: dict[tuple, list[dict]] = defaultdict(list)
    for target in targets:
        document = documents.get(target["doc_id"])
        kind = kind_of.get(target["project_id"])
        if document and document.get("district") and kind in PLAN_KINDS:
            place = (document.get("city"), document["district"], document.get("year"), target["unit"])
            own_targets[place].append(target)
            keyed[(*place, target.get("metric_key"))].append(target)
    # The candidates depend on the place and the metric key only, and a matrix allocates each metric
    # to every district, in every copy of a notice: ranked once for each, best first; an allocation
    # takes the first not of its own document.
    ranked: dict[tuple, list[tuple]] = {}

    def rank(place: tuple, metric_key: str | None) -> list[tuple]:
        same_key = sorted(keyed.get((*place, metric_key), []) if metric_key else [],
                          key=lambda t: (PLAN_KINDS.index(kind_of[t["project_id"]]), t["target_id"]))
        return [(t, "metric_key", 1.0) for t in same_key] + [
            (t, "similar_metric", score) for t, score in _most_similar(metric_key, own_targets.get(place, []), kind_of)]

    rows = []
    for allocation in allocations:
        document = documents.get(allocation["doc_id"])
        if not document or allocation.get("area_level") != "district" or allocation.get("value") is None:
            continue
        place = (document.get("city"), allocation["area"], document.get("year"), allocation["unit"])
        if place not in own_targets:  # most districts a matrix names publish no plan of their own
            continue
        question = (place, allocation.get("metric_key"))
        if question not in ranked:
            ranked[question] = rank(*question)
        chosen = next((c for c in ranked[question] if c[0]["doc_id"] != allocation["doc_id"]), None)
        if chosen is None:
            continue
        target, method, score = chosen
        rows.append(_link("allocated_to", method, score, "allocations", allocation, "targets", target,
                          metric_key=allocation.get("metric_key"), year=document.get("year"),
                          values=(allocation["value"], target["value"]), unit=allocation["unit"]))
    return rows


def _most_similar(metric_key: str | None, candidates: list[dict], kind_of: dict) -> list[tuple]:
    """The district's targets whose metric is like the allocation's, from METRIC_MIN_SIMILARITY, with
    their scores, most similar first; of equals, the one in the district's leading kind (its
    responsibility list) first."""
    scored = []
    for target in candidates:
        score = similarity(metric_key or "", target.get("metric_key") or "")
        if score >= METRIC_MIN_SIMILARITY:
            scored.append((score, -PLAN_KINDS.index(kind_of[target["project_id"]]), target["target_id"], target))
    scored.sort(key=lambda s: s[:3], reverse=True)
    return [(target, score) for score, _, _, target in scored]


# --- next_year: the same metric of a place in consecutive years --------------------------------

def _next_document(before: dict, later: list[dict], *, same_document: bool) -> list[dict]:
    """The next year's rows of one document: a work report's own plan for its actual figures
    (same_document), else the first other document — copies of a report must not multiply links."""
    if same_document and any(r["doc_id"] == before["doc_id"] for r in later):
        return [r for r in later if r["doc_id"] == before["doc_id"]]
    others = sorted({r["doc_id"] for r in later} - {before["doc_id"]})
    return [r for r in later if r["doc_id"] == others[0]] if others else []


def _next_year(documents, projects, targets, indicators) -> list[dict]:
    kind_of = {p["project_id"]: p["kind"] for p in projects}
    rows = []
    plan_targets = []
    for target in targets:
        document = documents.get(target["doc_id"])
        if document and kind_of.get(target["project_id"]) in ("responsibility_list", "work_report"):
            plan_targets.append((target, document.get("year")))
    year_indicators = [(i, i.get("year")) for i in indicators if i["doc_id"] in documents]
    for table, items in (("targets", plan_targets), ("indicators", year_indicators)):
        # A planned indicator may print no figure (unit null): the key alone says it is the same.
        by_key: dict[tuple, dict[int, list[dict]]] = defaultdict(lambda: defaultdict(list))
        for row, year in items:
            if year is None or not row.get("metric_key"):
                continue
            by_key[(*_place(documents[row["doc_id"]]), row["metric_key"])][year].append(row)
        for (_, _, key), years in by_key.items():
            for year, earlier in years.items():
                later = years.get(year + 1)
                if not later:  # most metrics of a place come in one year only
                    continue
                # The next year's rows depend on the earlier row's document only: chosen once for each.
                next_rows: dict[str, list[dict]] = {}
                for before in earlier:
                    if before["doc_id"] not in next_rows:
                        next_rows[before["doc_id"]] = _next_document(before, later, same_document=table == "indicators")
                    for after in next_rows[before["doc_id"]]:
                        units = {before.get("unit"), after.get("unit")} - {None}
                        if len(units) > 1:
                            continue
                        rows.append(_link("next_year", "metric_key", 1.0, table, before, table, after,
                                          metric_key=key, year=year + 1, values=(before.get("value"), after.get("value")),
                                          unit=units.pop() if units else None))
    return rows

