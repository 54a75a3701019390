"""Ingest: files → documents → sections → rows of the ten tables.

read bytes → decode → normalise → split sections → grid → kind parser → rows → write.
Each file is processed on its own; a file that cannot be read becomes an error finding and a
documents row saying what it is, and the other files go on.
"""

from __future__ import annotations

import hashlib
import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

from . import PARSER_VERSION
from .achievements import derive_achievements
from .audit import audit_quantities
from .document import SourceDocument
from .errors import InputError
from .findings import Finding
from .ids import doc_id_for
from .kinds import COVER, detect_kind, section_title
from .metadata import Metadata, infer_metadata
from .normalise import CONVERTER, script_of
from .parsers import ParseContext, registry
from .readers import media_type_of, read_document

SKIPPED_NAMES = {".DS_Store", "Thumbs.db"}


@dataclass
class DocumentResult:
    source_path: str
    doc_id: str | None
    rows: dict[str, list[dict]] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)
    failed: bool = False
    error: str | None = None  # one-line reason, when the file could not be read


@dataclass
class IngestOptions:
    city: str | None = None
    district: str | None = None
    year: int | None = None
    encoding: str | None = None


def discover(paths: list[Path]) -> Iterator[Path]:
    """Files under the given paths, folders walked recursively in sorted order, links not followed
    into folders (a symlink loop cannot trap the walk)."""
    for path in paths:
        if path.is_dir():
            for root, dirs, files in os.walk(path, followlinks=False):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if not name.startswith(".") and name not in SKIPPED_NAMES:
                        yield Path(root) / name
        else:
            yield path


def ingest_paths(
    paths: list[Path], options: IngestOptions, on_document: Callable[[int, DocumentResult], None] | None = None
) -> list[DocumentResult]:
    results: list[DocumentResult] = []
    seen: dict[str, str] = {}  # sha256 → path of the first file with those bytes
    for n, path in enumerate(discover(paths), 1):
        result = ingest_file(path, options, seen)
        results.append(result)
        if on_document:
            on_document(n, result)
    return results


def ingest_file(path: Path, options: IngestOptions, seen: dict[str, str] | None = None) -> DocumentResult:
    shown = str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        reason = exc.strerror or str(exc)
        return _failed(shown, None, "UNREADABLE_INPUT", f"cannot be read: {reason}")
    sha256 = hashlib.sha256(data).hexdigest()
    doc_id = doc_id_for(sha256)
    if seen is not None:
        if sha256 in seen:
            result = DocumentResult(source_path=shown, doc_id=None)
            result.findings.append(
                Finding(
                    "DUPLICATE_INPUT",
                    "info",
                    f"{shown} has the same bytes as {seen[sha256]}; it was read once, as {seen[sha256]}",
                    doc_id=doc_id,
                    source_path=shown,
                    table="documents",
                )
            )
            return result
        seen[sha256] = shown
    try:
        doc = read_document(path, data, sha256, options.encoding)
    except InputError as exc:
        return _failed(shown, doc_id, exc.code, exc.message, sha256=sha256, media_type=media_type_of(path))
    return parse_document(doc, doc_id, options)


def parse_document(doc: SourceDocument, doc_id: str, options: IngestOptions) -> DocumentResult:
    result = DocumentResult(source_path=doc.path, doc_id=doc_id)
    leads_attachments = len(doc.sections) > 1
    for section in doc.sections:
        section.kind = detect_kind(section, leads_attachments and section.index == 0)
        section.title = section_title(section)
    result.kinds = [s.kind for s in doc.sections if s.kind and s.kind != COVER]
    if not result.kinds:
        result.failed = True
        result.error = "holds no table or report mstrack can read (UNKNOWN_KIND): no 完成情况, 责任清单, 任务分解表 or 政府工作报告 wording"
        result.findings.append(Finding("UNKNOWN_KIND", "error", f"{doc.path} {result.error}", doc_id=doc_id, source_path=doc.path))
    for section in doc.sections:
        if section.kind is None and result.kinds:
            result.findings.append(
                Finding(
                    "UNKNOWN_KIND",
                    "warning",
                    f"section {section.index} ({section.ref}) matches no known kind of table or report; its text was not parsed",
                    doc_id=doc_id,
                    source_path=doc.path,
                    ref=str(section.ref),
                )
            )
    meta = infer_metadata(doc, result.kinds, _overrides(options))
    if result.kinds:
        result.findings.extend(_metadata_findings(meta, doc, doc_id))
    context = ParseContext(doc_id=doc_id, source_path=doc.path, year=meta.year, period=meta.period, as_of=meta.as_of)
    parsers = registry()
    for section in doc.sections:
        parse = parsers.get(section.kind)
        if parse is None:
            continue
        parsed = parse(section, context)
        for table, rows in parsed.rows.items():
            context.rows.setdefault(table, []).extend(rows)
        result.findings.extend(parsed.findings)
    achievements, problems = derive_achievements(context.rows, meta.year)
    if achievements:
        context.rows["achievements"] = achievements
    result.findings.extend(problems)
    result.findings.extend(audit_quantities(context.rows))
    result.rows = context.rows
    result.rows["documents"] = [_document_row(doc, doc_id, meta, result.kinds)]
    return result


def _overrides(options: IngestOptions) -> dict:
    return {"city": options.city, "district": options.district, "year": options.year}


def _metadata_findings(meta: Metadata, doc: SourceDocument, doc_id: str) -> list[Finding]:
    missing = [name for name in ("city", "year") if getattr(meta, name) is None]
    if not missing:
        return []
    flags = " ".join(f"--{name} …" for name in missing)
    return [
        Finding(
            "METADATA_MISSING",
            "warning",
            f"the notice does not say its {' or '.join(missing)}; pass {flags} to set it",
            doc_id=doc_id,
            source_path=doc.path,
            table="documents",
        )
    ]


def _document_row(doc: SourceDocument, doc_id: str, meta: Metadata, kinds: list[str]) -> dict:
    return {
        "doc_id": doc_id,
        "source_path": doc.path,
        "source_sha256": doc.sha256,
        "media_type": doc.media_type,
        "encoding": doc.encoding,
        "title": meta.title,
        "issuer": meta.issuer,
        "doc_number": meta.doc_number,
        "city": meta.city,
        "district": meta.district,
        "year": meta.year,
        "period": meta.period,
        "as_of": meta.as_of,
        "published": meta.published,
        "script": script_of(doc.raw_text),
        "kinds": kinds,
        "section_count": len(doc.sections),
        "parser_version": PARSER_VERSION,
        "converter": CONVERTER,
    }


def _failed(
    shown: str, doc_id: str | None, code: str, reason: str, sha256: str | None = None, media_type: str | None = None
) -> DocumentResult:
    result = DocumentResult(source_path=shown, doc_id=doc_id, failed=True, error=reason)
    result.findings.append(Finding(code, "error", f"{shown} {reason}", doc_id=doc_id, source_path=shown))
    if doc_id and sha256 and media_type in ("txt", "docx", "pdf", "html"):
        # Keep a documents row, so the finding's doc_id resolves and the analyst sees the file was seen.
        result.rows["documents"] = [
            {
                "doc_id": doc_id,
                "source_path": shown,
                "source_sha256": sha256,
                "media_type": media_type,
                "script": "simplified",
                "kinds": [],
                "section_count": 0,
                "parser_version": PARSER_VERSION,
                "converter": CONVERTER,
            }
        ]
    elif doc_id:
        result.findings = [
            Finding(code, "error", f"{shown} {reason}", doc_id=None, source_path=shown)
        ]
    return result


def collect(results: list[DocumentResult]) -> dict[str, list[dict]]:
    """All documents' rows by table, findings included."""
    rows: dict[str, list[dict]] = {}
    for result in results:
        for table, table_rows in result.rows.items():
            rows.setdefault(table, []).extend(table_rows)
        rows.setdefault("findings", []).extend(f.row() for f in result.findings)
    return rows


def severity_counts(results: list[DocumentResult]) -> Counter:
    return Counter(f.severity for r in results for f in r.findings)
