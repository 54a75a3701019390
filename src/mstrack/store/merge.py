"""Re-runs: merge this run's documents into the tables already in the output folder.

A document is its bytes (doc_id). A re-ingested document replaces its own rows in every table, as
does a new version of a file at the same source_path; documents not in this run keep theirs. A
document whose bytes, path and parser version are those already written is not parsed again. Rows are
removed with their document along the foreign keys (achievements go with their progress rows), so
the merged tables keep unique keys and resolving foreign keys.

Rows stream: each document's rows go to the new generation's spill files as the document arrives
(writer.Spill), and each table is then written as the rows kept from the previous tables (read from
their Parquet files in batches) followed by this run's rows, in the order of the files. Which old
rows go is known only once every document of the run has been seen (a replaced document may come
last), hence the spill. Memory holds a few sets of ids per document, never a table's rows.
"""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Iterator

from .. import PARSER_VERSION
from ..model import DocumentResult
from ..paths import source_path_of
from ..schema import DERIVED_TABLES, TABLES, arrow_schema, primary_key, references

# Rows of an old table read at once.
READ_BATCH_ROWS = 8_192
# Columns of the old documents table that say whether a file needs parsing again.
DOCUMENT_COLUMNS = ["doc_id", "source_path", "source_sha256", "parser_version"]


class IncompatibleTables(Exception):
    """The output folder holds tables this version cannot merge into."""


class NoDocuments(Exception):
    """The paths of the run held no file at all: nothing was written."""


@dataclass
class MergeSummary:
    statuses: Counter = field(default_factory=Counter)  # new, replaced, unchanged, failed, duplicate
    files: int = 0  # files of this run
    read: int = 0  # parsed or unchanged
    failed: int = 0  # files whose status is failed
    counts: dict[str, int] = field(default_factory=dict)  # rows written per table
    severities: Counter = field(default_factory=Counter)  # findings written, by severity
    gone: int = 0  # documents kept in the tables whose file is gone
    pruned: int = 0  # documents dropped because their file is gone (--prune)
    codes: Counter = field(default_factory=Counter)  # findings written, by code

    def line(self) -> str:
        parts = [f"{self.statuses.get(s, 0)} {s}" for s in ("new", "replaced", "unchanged", "failed")]
        if self.statuses.get("duplicate"):
            parts.append(f"{self.statuses['duplicate']} duplicate")
        return "documents: " + ", ".join(parts)

    def gone_line(self) -> str | None:
        """What the tables hold of files that are gone, or None when nothing."""
        if self.pruned:
            return f"pruned: {self.pruned} document{'s' * (self.pruned > 1)} whose file is gone, with all their rows"
        if self.gone:
            return (
                f"gone: {self.gone} document{'s' * (self.gone > 1)} in the tables whose file is gone keep their rows; "
                "pass --prune to drop them"
            )
        return None


@dataclass
class Previous:
    """The tables already in an output folder, read lazily: their documents (a few columns) and the
    documents with an error finding; the rows of a table only when it is written again."""

    out_dir: Path
    documents: list[dict]  # DOCUMENT_COLUMNS of every documents row
    failed_docs: set[str]  # doc_id of documents with an error finding

    def batches(self, table: str) -> Iterator:
        import pyarrow.parquet as pq

        from .writer import table_file

        path = self.out_dir / f"{table}.parquet"
        schema = arrow_schema(table)
        try:
            batches = pq.ParquetFile(table_file(self.out_dir, table)).iter_batches(batch_size=READ_BATCH_ROWS, columns=schema.names)
            for batch in batches:
                yield _as_written(batch, schema, path)
        except IncompatibleTables:
            raise
        except Exception as exc:  # a file whose footer reads but whose pages do not
            raise IncompatibleTables(
                f"{path} is not readable Parquet ({type(exc).__name__}: {exc}); the tables there are unchanged; "
                "re-ingest with --rebuild to start from empty tables"
            ) from None


def _as_written(batch, schema, path: Path):
    """An old table's batch in the schema's own types. A table rewritten by pandas or Polars (large
    strings, every field nullable) passes validate's column check, so ingest merges into it too; a
    null where the schema wants a value is refused, as validate's NULL_VALUE reports it."""
    if batch.schema.equals(schema):
        return batch
    for field in schema:
        if not field.nullable and batch.column(field.name).null_count:
            raise IncompatibleTables(
                f"{path} holds nulls in column {field.name}, which needs a value in every row; the tables there are "
                f"unchanged; see the rows with `mstrack validate {path.parent}`, or re-ingest with --rebuild"
            )
    return batch.select(schema.names).cast(schema)


def load_previous(out_dir: Path) -> Previous | None:
    """The tables in out_dir, or None when it holds none. Raise IncompatibleTables when they cannot
    be merged into: some missing or unreadable, or other columns (another version)."""
    import pyarrow.parquet as pq

    from ..validate import check_columns, documents_versions
    from .writer import table_file

    present = [t for t in TABLES if (out_dir / f"{t}.parquet").exists()]
    if not present:
        return None
    problems: list[str] = []
    schemas = {}
    for table in TABLES:
        path = out_dir / f"{table}.parquet"
        if table not in present:
            problems.append(f"{table}.parquet is missing")
            continue
        try:
            schemas[table] = pq.ParquetFile(table_file(out_dir, table)).schema_arrow.empty_table()
        except Exception as exc:
            problems.append(f"{table}.parquet is not readable Parquet ({type(exc).__name__})")
            continue
        problems += [f"{table}: {p.message}" for p in check_columns(table, schemas[table])]
    if problems:
        versions = []
        if "documents" in schemas and "parser_version" in schemas["documents"].column_names:
            versions = documents_versions(pq.read_table(table_file(out_dir, "documents"), columns=["parser_version"]))
        elif "documents" in schemas:
            versions = documents_versions(schemas["documents"])
        written_by = f" written by parser version {', '.join(versions)}" if versions else ""
        shown = "; ".join(problems[:3]) + (f"; and {len(problems) - 3} more" if len(problems) > 3 else "")
        raise IncompatibleTables(
            f"{out_dir} holds tables{written_by} that this version ({PARSER_VERSION}) cannot "
            f"merge into ({shown}); re-ingest with --rebuild to start from empty tables"
        )
    try:
        documents = pq.read_table(table_file(out_dir, "documents"), columns=DOCUMENT_COLUMNS).to_pylist()
        findings = pq.read_table(table_file(out_dir, "findings"), columns=["doc_id", "severity"])
    except Exception as exc:
        raise IncompatibleTables(
            f"{out_dir} holds tables that are not readable Parquet ({type(exc).__name__}); "
            "re-ingest with --rebuild to start from empty tables"
        ) from None
    failed = {
        doc_id
        for doc_id, severity in zip(findings.column("doc_id").to_pylist(), findings.column("severity").to_pylist())
        if severity == "error" and doc_id
    }
    return Previous(out_dir, documents, failed)


def unchanged_documents(previous: Previous | None) -> set[tuple[str, str]]:
    """(source_path, sha256) of documents that need no parsing again: written by this parser version
    and without an error finding (a failed document is read again, so its error is reported again)."""
    if not previous:
        return set()
    _respelt_folder.cache_clear()  # links may have changed since an earlier run of this process
    return {
        (respelt(d["source_path"]), d["source_sha256"])
        for d in previous.documents
        if d["parser_version"] == PARSER_VERSION and d["doc_id"] not in previous.failed_docs
    }


def respelt(source_path: str) -> str:
    """A source_path of the old tables as this run spells it (tables written from another folder,
    or before paths were normalised, may say `./raw/x.txt` or `/home/…/raw/x.txt` for `raw/x.txt`).
    Each folder is resolved once per run (unchanged_documents clears the cache): an archive's
    documents share few folders."""
    path = Path(source_path)
    return str(_respelt_folder(str(path.parent), os.getcwd()) / path.name)


@lru_cache(maxsize=4096)
def _respelt_folder(folder: str, cwd: str) -> Path:
    return source_path_of(Path(folder) / "_").parent


def file_is_gone(source_path: str) -> bool:
    """Whether a document's file is no longer there. A path holding escapes (a name that is not
    UTF-8, or with control characters) cannot be looked up again: it counts as there."""
    if "\\x" in source_path:
        return False
    return not os.path.lexists(source_path)


def merge_into(out_dir: Path, previous: Previous | None, results: Iterable[DocumentResult], prune: bool = False) -> MergeSummary:
    """Write a new generation of out_dir's tables: the rows of `previous` that this run does not
    replace, then the rows of `results` in their order; switch to it; return what was done. Raise
    NoDocuments (writing nothing) when `results` is empty. With `prune`, the documents of `previous`
    whose file is gone are dropped with their rows; without, they are counted (summary.gone)."""
    from .writer import new_generation

    with new_generation(out_dir) as generation:
        merger = Merger(previous, generation.spill, prune)
        for result in results:
            merger.add(result)
        if not merger.summary.files:
            raise NoDocuments()
        for table in TABLES:
            if table not in DERIVED_TABLES:
                merger.summary.counts[table] = generation.write_table(table, merger.batches(table))
        merger.summary.counts["links"] = write_links(generation)
        generation.commit()
    return merger.summary


def write_links(generation) -> int:
    """Links are computed over the whole folder's new tables, never merged: every run recomputes
    them, so a document added later links to those already there (mstrack.links)."""
    from ..links import links_of_folder
    from ..schema import to_arrow

    return generation.write_table("links", to_arrow("links", links_of_folder(generation.path)).to_batches())


class Merger:
    """Decides, document by document, what this run replaces, and gives each table's merged rows."""

    def __init__(self, previous: Previous | None, spill, prune: bool = False):
        self.previous = previous
        self.prune = prune
        self.spill = spill
        self.summary = MergeSummary()
        old = previous.documents if previous else []
        self.old_docs = {d["doc_id"] for d in old}
        self.old_doc_at = {respelt(d["source_path"]): d["doc_id"] for d in old}
        self.removed_docs: set[str] = set()
        self.reread_paths: set[str] = set()  # paths whose doc-less findings this run replaces
        # Primary keys of the old rows dropped so far, by table: rows pointing at them go too.
        self.removed: dict[str, set] = {}
        self.final_docs: set[str] = set()  # doc_id of every documents row written
        # Old documents whose file is gone, by path; with prune they go, paths and all.
        self.gone = {path: doc_id for path, doc_id in self.old_doc_at.items() if file_is_gone(path)}
        if prune:
            self.removed_docs |= set(self.gone.values())
            self.reread_paths |= set(self.gone)

    def add(self, result: DocumentResult) -> None:
        """Count the document, note what it replaces and spill its rows; they are not kept here."""
        summary = self.summary
        summary.files += 1
        summary.failed += result.failed
        summary.read += result.status in ("parsed", "unchanged")
        self.reread_paths.add(result.source_path)
        if result.status in ("unchanged", "duplicate"):
            summary.statuses[result.status] += 1
            if self.old_doc_at.get(result.source_path, result.doc_id) != result.doc_id:
                self.removed_docs.add(self.old_doc_at[result.source_path])  # the file now holds other bytes
        elif result.rows.get("documents"):
            replaced = {result.doc_id} & self.old_docs
            if result.source_path in self.old_doc_at:
                replaced.add(self.old_doc_at[result.source_path])
            self.removed_docs |= replaced
            summary.statuses["failed" if result.failed else "replaced" if replaced else "new"] += 1
        else:
            # Not read at all (missing, too large, empty): the rows of what was there before stay.
            summary.statuses["failed"] += 1
        for table, rows in result.rows.items():
            if table != "findings":
                self.spill.append(table, rows)
        self.spill.append("findings", result.rows.get("findings", []) + [f.row() for f in result.findings])

    def batches(self, table: str) -> Iterator:
        """The merged rows of `table` as record batches: the old rows kept, then this run's. Tables
        must be asked for in the order of TABLES (a table after those its foreign keys point to)."""
        if table == "findings":
            yield from self._findings()
            return
        if table == "documents":
            gone = set(self.gone.values())
            if self.prune:
                self.summary.pruned = len(gone)
            else:
                self.summary.gone = len(gone - self.removed_docs)
        for batch in self._kept(table):
            if table == "documents":
                self.final_docs.update(batch.column("doc_id").to_pylist())
            yield batch
        for batch in self.spill.batches(table):
            if table == "documents":
                self.final_docs.update(batch.column("doc_id").to_pylist())
            yield batch

    def _kept(self, table: str) -> Iterator:
        """The old rows of `table` that stay: not of a removed document, nor referring to a removed
        row (achievements go with their progress rows, which go with their projects)."""
        if self.previous is None:  # a first ingest, which then never loads pyarrow.compute (50 ms)
            return
        import pyarrow as pa
        import pyarrow.compute as pc

        if table == "documents":
            self.removed["documents"] = set(self.removed_docs)
        # (column, ids): a row goes when its column holds one of the ids.
        links = [(column, self.removed.get(parent)) for column, parent, _ in references(table)]
        if table == "documents":
            links.append(("doc_id", self.removed_docs))
        links = [(column, pa.array(sorted(ids), pa.string())) for column, ids in links if ids]
        key = primary_key(table)
        for batch in self.previous.batches(table):
            drops = [pc.fill_null(pc.is_in(batch.column(column), value_set=ids), False) for column, ids in links]
            if not drops:
                yield batch
                continue
            drop = drops[0]
            for more in drops[1:]:
                drop = pc.or_(drop, more)
            if key and pc.any(drop).as_py():
                self.removed.setdefault(table, set()).update(batch.column(key[0]).filter(drop).to_pylist())
            yield batch.filter(pc.invert(drop))

    def _findings(self) -> Iterator:
        """Old findings kept (not of a removed document; a doc-less one only when its path was not
        read again), then this run's; one row per finding_id, at the place of its first and with the
        value of its last (a finding found again is the same finding: its id is a hash of what it
        says); a doc_id with no documents row becomes null, so no foreign key dangles."""
        import pyarrow as pa

        from ..schema import to_arrow

        # Pass 1, ids only: the last row of each finding_id that comes more than once.
        seen: set[str] = set()
        last: dict[str, dict] = {}
        for batch in self._findings_stream():
            for i, finding_id in enumerate(batch.column("finding_id").to_pylist()):
                if finding_id in seen:
                    last[finding_id] = batch.slice(i, 1).to_pylist()[0]
                seen.add(finding_id)
        del seen
        # Pass 2: each finding at its first place, with its last value, its doc_id resolved.
        written: set[str] = set()
        for batch in self._findings_stream():
            if last:  # else every finding_id comes once
                ids = batch.column("finding_id").to_pylist()
                first = [i not in written and not written.add(i) for i in ids]
                if not all(first) or not last.keys().isdisjoint(ids):
                    # In Python, not by Arrow's filter, which loads pyarrow.compute (50 ms) for a few
                    # thousand findings.
                    rows = [last.get(row["finding_id"], row) for row, kept in zip(batch.to_pylist(), first) if kept]
                    if not rows:
                        continue
                    batch = to_arrow("findings", rows).to_batches()[0]
            # A set look-up per finding, not pyarrow.compute: findings are a few per document.
            resolved = pa.array([d if d in self.final_docs else None for d in batch.column("doc_id").to_pylist()], pa.string())
            batch = batch.set_column(batch.schema.get_field_index("doc_id"), "doc_id", resolved)
            self.summary.severities.update(batch.column("severity").to_pylist())
            self.summary.codes.update(batch.column("code").to_pylist())
            yield batch

    def _findings_stream(self) -> Iterator:
        if self.previous is not None:
            yield from self._findings_kept()
        yield from self.spill.batches("findings")

    def _findings_kept(self) -> Iterator:
        import pyarrow as pa
        import pyarrow.compute as pc

        paths = pa.array(sorted(self.reread_paths), pa.string())
        for batch in self._kept("findings"):
            doc_less = pc.is_null(batch.column("doc_id"))
            if self.prune:  # a file that failed before it was read (empty, say) and is gone since
                shown = set(batch.column("source_path").filter(doc_less).to_pylist()) - {None}
                paths = pa.array(sorted(self.reread_paths | {p for p in shown if file_is_gone(p)}), pa.string())
            doc_less_reread = pc.and_(doc_less, pc.is_in(batch.column("source_path"), value_set=paths))
            yield batch.filter(pc.invert(pc.fill_null(doc_less_reread, False)))
