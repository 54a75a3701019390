"""Re-runs: merge this run's documents into the tables already in the output folder.

A document is its bytes (doc_id). A re-ingested document replaces its own rows in every table, as
does a new version of a file at the same source_path; documents not in this run keep theirs. A
document whose bytes, path and parser version are those already written is not parsed again. Rows are
removed with their document along the foreign keys (achievements go with their progress rows), so
the merged tables keep unique keys and resolving foreign keys.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from . import PARSER_VERSION
from .pipeline import DocumentResult
from .tables import TABLES, foreign_keys, primary_key


class IncompatibleTables(Exception):
    """The output folder holds tables this version cannot merge into."""


@dataclass
class MergeSummary:
    statuses: Counter = field(default_factory=Counter)  # new, replaced, unchanged, failed, duplicate

    def line(self) -> str:
        parts = [f"{self.statuses.get(s, 0)} {s}" for s in ("new", "replaced", "unchanged", "failed")]
        if self.statuses.get("duplicate"):
            parts.append(f"{self.statuses['duplicate']} duplicate")
        return "documents: " + ", ".join(parts)


def load_previous(out_dir: Path) -> dict[str, list[dict]] | None:
    """The rows of the tables in out_dir, or None when it holds none. Raise IncompatibleTables when
    they cannot be merged into: some missing or unreadable, or other columns (another version)."""
    import pyarrow.parquet as pq

    from .validate import check_columns, documents_versions

    present = [t for t in TABLES if (out_dir / f"{t}.parquet").exists()]
    if not present:
        return None
    problems: list[str] = []
    loaded = {}
    for table in TABLES:
        path = out_dir / f"{table}.parquet"
        if table not in present:
            problems.append(f"{table}.parquet is missing")
            continue
        try:
            loaded[table] = pq.read_table(path)
        except Exception as exc:
            problems.append(f"{table}.parquet is not readable Parquet ({type(exc).__name__})")
            continue
        problems += [f"{table}: {p.message}" for p in check_columns(table, loaded[table])]
    if problems:
        versions = documents_versions(loaded.get("documents"))
        written_by = f" written by parser version {', '.join(versions)}" if versions else ""
        shown = "; ".join(problems[:3]) + (f"; and {len(problems) - 3} more" if len(problems) > 3 else "")
        raise IncompatibleTables(
            f"{out_dir} holds tables{written_by} that this version ({PARSER_VERSION}) cannot merge into "
            f"({shown}); re-ingest with --rebuild to start from empty tables"
        )
    return {table: data.to_pylist() for table, data in loaded.items()}


def unchanged_documents(previous: dict[str, list[dict]] | None) -> set[tuple[str, str]]:
    """(source_path, sha256) of documents that need no parsing again: written by this parser version
    and without an error finding (a failed document is read again, so its error is reported again)."""
    if not previous:
        return set()
    failed = {f["doc_id"] for f in previous["findings"] if f["severity"] == "error" and f["doc_id"]}
    return {
        (d["source_path"], d["source_sha256"])
        for d in previous["documents"]
        if d["parser_version"] == PARSER_VERSION and d["doc_id"] not in failed
    }


def merge(previous: dict[str, list[dict]] | None, results: list[DocumentResult]) -> tuple[dict[str, list[dict]], MergeSummary]:
    summary = MergeSummary()
    old = previous or {table: [] for table in TABLES}
    old_docs = {d["doc_id"] for d in old["documents"]}
    old_doc_at = {d["source_path"]: d["doc_id"] for d in old["documents"]}
    removed_docs: set[str] = set()
    reread_paths: set[str] = set()  # paths whose doc-less findings this run replaces
    new_rows: dict[str, list[dict]] = {table: [] for table in TABLES}
    for result in results:
        reread_paths.add(result.source_path)
        if result.status in ("unchanged", "duplicate"):
            summary.statuses[result.status] += 1
            if old_doc_at.get(result.source_path, result.doc_id) != result.doc_id:
                removed_docs.add(old_doc_at[result.source_path])  # the file now holds other bytes
        elif result.rows.get("documents"):
            replaced = {result.doc_id} & old_docs
            if result.source_path in old_doc_at:
                replaced.add(old_doc_at[result.source_path])
            removed_docs |= replaced
            summary.statuses["failed" if result.failed else "replaced" if replaced else "new"] += 1
        else:
            # Not read at all (missing, too large, empty): the rows of what was there before stay.
            summary.statuses["failed"] += 1
        for table, rows in result.rows.items():
            new_rows[table].extend(rows)
        new_rows["findings"].extend(f.row() for f in result.findings)
    kept = _without_documents(old, removed_docs)
    kept["findings"] = [f for f in kept["findings"] if f["doc_id"] or f["source_path"] not in reread_paths]
    merged = {table: kept.get(table, []) + new_rows[table] for table in TABLES}
    merged["findings"] = _resolved(_unique(merged["findings"], "finding_id"), merged["documents"])
    return merged, summary


def _without_documents(tables: dict[str, list[dict]], doc_ids: set[str]) -> dict[str, list[dict]]:
    """The tables without the rows of these documents, nor rows referring to removed rows."""
    if not doc_ids:
        return {table: list(rows) for table, rows in tables.items()}
    removed: dict[str, set] = {"documents": set(doc_ids)}
    kept: dict[str, list[dict]] = {}
    for table in TABLES:  # TABLES lists a table after those its foreign keys point to
        rows = tables.get(table, [])
        key = primary_key(table)
        links = [(fk["columns"][0], fk["table"]) for fk in foreign_keys(table)]
        gone = []
        kept[table] = []
        for row in rows:
            drop = (table == "documents" and row["doc_id"] in doc_ids) or any(
                row.get(column) is not None and row.get(column) in removed.get(target, ()) for column, target in links
            )
            (gone if drop else kept[table]).append(row)
        if key:
            removed.setdefault(table, set()).update(row[key[0]] for row in gone)
    return kept


def _unique(rows: list[dict], key: str) -> list[dict]:
    """One row per key, the later one winning: a finding found again is the same finding (its id is
    a hash of what it says)."""
    by_key: dict = {}
    for row in rows:
        by_key[row[key]] = row
    return list(by_key.values())


def _resolved(findings: list[dict], documents: list[dict]) -> list[dict]:
    """A finding about a document with no row (a duplicate of a file that was not read) keeps its
    path but not its doc_id, so that no finding is dropped and no foreign key dangles."""
    doc_ids = {d["doc_id"] for d in documents}
    return [f if f["doc_id"] is None or f["doc_id"] in doc_ids else {**f, "doc_id": None} for f in findings]
