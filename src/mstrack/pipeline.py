"""Ingest: files → documents → sections → rows of the ten tables.

read bytes → decode → normalise → split sections → grid → kind parser → rows → write.
Each file is processed on its own and nothing one file does can stop the others: a file that
cannot be read, is too large, takes too long or makes a parser raise becomes an error finding (and a
documents row when its bytes were read), and the other files go on.
"""

from __future__ import annotations

import hashlib
import os
import signal
import threading
import traceback
from contextlib import contextmanager
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
from .limits import DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT
from .metadata import Metadata, infer_metadata
from .normalise import CONVERTER, script_of
from .parsers import ParseContext, registry
from .readers import media_type_of, read_document
from .validate import validate_rows

SKIPPED_NAMES = {".DS_Store", "Thumbs.db"}
MEDIA_TYPES = ("txt", "docx", "pdf", "html", "xlsx", "xls", "doc", "wps")  # documents.media_type's enum


@dataclass
class DocumentResult:
    source_path: str  # printable: undecodable bytes of a file name shown as \xNN
    doc_id: str | None
    rows: dict[str, list[dict]] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)
    # parsed; failed; unchanged (same bytes, path and parser version as in the tables already
    # written: not parsed again); duplicate (same bytes as another file of this run)
    status: str = "parsed"
    error: str | None = None  # one-line reason, when the file could not be read
    trace: str | None = None  # traceback of an unexpected exception, shown with --verbose

    @property
    def failed(self) -> bool:
        return self.status == "failed"


@dataclass
class IngestOptions:
    city: str | None = None
    district: str | None = None
    year: int | None = None
    encoding: str | None = None
    max_bytes: int = DEFAULT_MAX_BYTES
    timeout: float | None = DEFAULT_TIMEOUT  # None or 0: no limit

    @property
    def overrides_metadata(self) -> bool:
        """Options that change a document's rows without changing its bytes."""
        return any(v is not None for v in (self.city, self.district, self.year, self.encoding))


class DocumentTimeout(BaseException):
    """Raised by the alarm inside a document's processing. A BaseException, so that a parser's
    `except Exception` cannot swallow it."""


def printable_path(path: Path | str) -> str:
    """The path as text that can be printed and stored: a file name that is not valid UTF-8 keeps
    its undecodable bytes as backslash escapes (caf\\xe9.txt) instead of lone surrogates."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def discover(paths: list[Path]) -> Iterator[tuple[Path, OSError | None]]:
    """Files under the given paths, folders walked recursively in sorted order, each with the error
    that stopped the walk from listing it (a folder without read permission), else None.

    Links to folders are followed, but a folder is walked once: a symlink loop cannot trap the walk.
    A link that points to itself is yielded like a file, and fails to be read with its own reason.
    """
    walked: set[tuple[int, int]] = set()
    yielded: set[str] = set()
    for path in paths:
        if not path.is_dir():
            if str(path) not in yielded:
                yielded.add(str(path))
                yield path, None
            continue
        errors: list[OSError] = []
        for root, dirs, files in os.walk(path, followlinks=True, onerror=errors.append):
            for error in errors:
                yield Path(error.filename or root), error
            errors.clear()
            try:
                st = os.stat(root)
            except OSError as error:
                yield Path(root), error
                dirs[:] = []
                continue
            if (st.st_dev, st.st_ino) in walked:
                dirs[:] = []
                continue
            walked.add((st.st_dev, st.st_ino))
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(files):
                file = Path(root) / name
                if not name.startswith(".") and name not in SKIPPED_NAMES and str(file) not in yielded:
                    yielded.add(str(file))
                    yield file, None
        for error in errors:
            yield Path(error.filename or path), error


def iter_ingest(
    paths: list[Path],
    options: IngestOptions,
    on_document: Callable[[int, DocumentResult], None] | None = None,
    unchanged: set[tuple[str, str]] | None = None,
    jobs: int = 1,
) -> Iterator[DocumentResult]:
    """Ingest every file under paths, yielding each document's result in the order of the files, so
    that a caller can write its rows and let them go. `unchanged` holds (source_path, sha256) of
    documents already in the output tables, written by this parser version without errors: those
    are not parsed again.

    With jobs > 1 documents are read and parsed in that many worker processes. Files are still read,
    hashed and checked for duplicates and unchanged bytes here, in order, so the results are the
    serial ones: same statuses, rows and order. At most a few documents per worker are in flight."""
    seen: dict[str, str] = {}  # sha256 → path of the first file with those bytes
    prepared = (
        _failed(printable_path(path), None, "UNREADABLE_INPUT", f"cannot be read: {_reason(walk_error)}")
        if walk_error is not None
        else prepare_file(path, options, seen, unchanged)
        for path, walk_error in discover(paths)
    )
    if jobs > 1:
        results = _parse_in_workers(prepared, options, jobs)
    else:
        results = (parse_file(work, options) if isinstance(work, FileWork) else work for work in prepared)
    for n, result in enumerate(results, 1):
        if on_document:
            on_document(n, result)
        yield result


@dataclass
class FileWork:
    """A file read and hashed, to be parsed (here or in a worker process)."""

    path: Path
    shown: str
    data: bytes
    sha256: str
    doc_id: str


def ingest_file(
    path: Path,
    options: IngestOptions,
    seen: dict[str, str] | None = None,
    unchanged: set[tuple[str, str]] | None = None,
) -> DocumentResult:
    work = prepare_file(path, options, seen, unchanged)
    return parse_file(work, options) if isinstance(work, FileWork) else work


def prepare_file(
    path: Path,
    options: IngestOptions,
    seen: dict[str, str] | None = None,
    unchanged: set[tuple[str, str]] | None = None,
) -> FileWork | DocumentResult:
    """Read and hash a file: the work of parsing it, or its result when there is nothing to parse
    (unreadable, empty, a duplicate of a file before it, unchanged since the last run)."""
    shown = printable_path(path)
    try:
        data = read_limited(path, options.max_bytes)
    except InputError as exc:
        return _failed(shown, None, exc.code, exc.message)
    except OSError as exc:
        return _failed(shown, None, "UNREADABLE_INPUT", f"cannot be read: {_reason(exc)}")
    if not data.strip():
        # Before the duplicate check: two empty files are two empty files, not one document.
        return _failed(shown, None, "EMPTY_INPUT", "is empty (no bytes, or only white space)")
    sha256 = hashlib.sha256(data).hexdigest()
    doc_id = doc_id_for(sha256)
    if seen is not None:
        if sha256 in seen:
            result = DocumentResult(source_path=shown, doc_id=doc_id, status="duplicate")
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
    if unchanged and (shown, sha256) in unchanged:
        return DocumentResult(source_path=shown, doc_id=doc_id, status="unchanged")
    return FileWork(path=path, shown=shown, data=data, sha256=sha256, doc_id=doc_id)


def parse_file(work: FileWork, options: IngestOptions) -> DocumentResult:
    """Read a file's document from its bytes and parse it, within the time limit."""
    shown, doc_id, sha256 = work.shown, work.doc_id, work.sha256
    media_type = media_type_of(work.path)
    try:
        with time_limit(options.timeout):
            doc = read_document(work.path, work.data, sha256, options.encoding)
            doc.path = shown
            return parse_document(doc, doc_id, options)
    except InputError as exc:
        return _failed(shown, doc_id, exc.code, exc.message, sha256=sha256, media_type=media_type)
    except DocumentTimeout:
        reason = f"took longer than {options.timeout:g} s to read and was stopped; pass a larger --timeout if it is only large"
        return _failed(shown, doc_id, "TIMEOUT", reason, sha256=sha256, media_type=media_type)
    except Exception as exc:  # a bug in a reader or in kind/metadata detection: this file only
        result = _failed(shown, doc_id, "PARSER_ERROR", f"made mstrack fail: {one_line(exc)}", sha256=sha256, media_type=media_type)
        result.trace = traceback.format_exc()
        return result


def _parse_in_workers(prepared: Iterator[FileWork | DocumentResult], options: IngestOptions, jobs: int) -> Iterator[DocumentResult]:
    """parse_file in a pool of worker processes, results in the order of `prepared`.

    Workers come from a fork server that has imported nothing but mstrack: forking this process,
    whose pyarrow has threads running after reading the old tables, could deadlock a worker. Each
    worker runs a document in its main thread, so the SIGALRM time limit holds there too. A worker
    that dies (killed, out of memory) fails its document, not the run."""
    import multiprocessing
    from collections import deque
    from concurrent.futures import ProcessPoolExecutor

    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["mstrack.pipeline"])
    in_flight: deque = deque()
    window = 4 * jobs  # documents read ahead: enough to keep workers busy, few enough to stay small
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        for work in prepared:
            in_flight.append((work, pool.submit(parse_file, work, options) if isinstance(work, FileWork) else None))
            if len(in_flight) >= window:
                yield _collect(*in_flight.popleft())
        while in_flight:
            yield _collect(*in_flight.popleft())


def _collect(work: FileWork | DocumentResult, future) -> DocumentResult:
    if future is None:
        return work
    try:
        return future.result()
    except Exception as exc:  # the worker process died or the result could not be sent back
        result = _failed(
            work.shown, work.doc_id, "PARSER_ERROR", f"made mstrack fail: the worker process reading it failed: {one_line(exc)}",
            sha256=work.sha256, media_type=media_type_of(work.path),
        )
        result.trace = traceback.format_exc()
        return result


def read_limited(path: Path, max_bytes: int) -> bytes:
    """The file's bytes, refusing (before reading them) a file larger than max_bytes."""
    with open(path, "rb") as f:
        size = os.fstat(f.fileno()).st_size
        # Read one byte more than allowed: a file that grew since fstat (or a pipe) is caught too.
        data = f.read(max_bytes + 1) if size <= max_bytes else b""
    if size > max_bytes or len(data) > max_bytes:
        shown_size = max(size, len(data))
        raise InputError(
            "INPUT_TOO_LARGE",
            f"is {_size(shown_size)}, over the {_size(max_bytes)} limit; it was not read (pass --max-bytes to raise the limit)",
        )
    return data


@contextmanager
def time_limit(seconds: float | None):
    """Raise DocumentTimeout in the body after `seconds`, by SIGALRM, which also stops a pure-Python
    loop. Only the main thread can receive signals: elsewhere (or without setitimer) no limit."""
    usable = seconds and hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable:
        yield
        return

    def on_alarm(signum, frame):
        raise DocumentTimeout()

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def one_line(exc: BaseException) -> str:
    """An exception as `Type: message`, on one line and of bounded length."""
    message = " ".join(str(exc).split())
    if len(message) > 200:
        message = message[:199] + "…"
    return f"{type(exc).__name__}: {message}" if message else type(exc).__name__


def parse_document(doc: SourceDocument, doc_id: str, options: IngestOptions) -> DocumentResult:
    result = DocumentResult(source_path=doc.path, doc_id=doc_id)
    leads_attachments = len(doc.sections) > 1
    for section in doc.sections:
        section.kind = detect_kind(section, leads_attachments and section.index == 0)
        section.title = section_title(section)
    result.kinds = [s.kind for s in doc.sections if s.kind and s.kind != COVER]
    if not result.kinds:
        result.status = "failed"
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
    document_row = _document_row(doc, doc_id, meta, result.kinds)
    parsers = registry()
    for section in doc.sections:
        parse = parsers.get(section.kind)
        if parse is None:
            continue
        try:
            parsed = parse(section, context)
        except InputError as exc:  # the parser's own verdict on the section, e.g. columns missing
            where = f"section {section.index} ({section.ref}) {exc.message}"
            return _parser_failed(doc, doc_id, meta, result.kinds, section, exc.code, where, trace=None)
        except Exception as exc:
            # One parser's bug costs this document its rows (half a document would pass for all of
            # it), never the run. DocumentTimeout is no Exception and goes up to ingest_file.
            reason = (
                f"could not be parsed: the {section.kind} parser failed on section {section.index} "
                f"({section.ref}): {one_line(exc)}; its rows were not written"
            )
            return _parser_failed(doc, doc_id, meta, result.kinds, section, "PARSER_ERROR", reason, traceback.format_exc())
        for table, rows in parsed.rows.items():
            context.rows.setdefault(table, []).extend(rows)
        findings = {f.row()["finding_id"]: f.row() for f in result.findings + parsed.findings}  # a repeat is one finding
        problems = validate_rows({**context.rows, "documents": [document_row], "findings": list(findings.values())})
        if problems:
            # A row the tables cannot hold would fail the write of every document, or validate.
            more = f" (and {len(problems) - 1} more problems)" if len(problems) > 1 else ""
            reason = (
                f"could not be parsed: the {section.kind} parser made rows the tables cannot hold, on section "
                f"{section.index} ({section.ref}): {problems[0].line()}{more}; its rows were not written"
            )
            return _parser_failed(doc, doc_id, meta, result.kinds, section, "PARSER_ERROR", reason, trace=None)
        result.findings.extend(parsed.findings)
    achievements, problems = derive_achievements(context.rows, meta.year)
    if achievements:
        context.rows["achievements"] = achievements
    result.findings.extend(problems)
    result.findings.extend(audit_quantities(context.rows))
    result.rows = context.rows
    result.rows["documents"] = [document_row]
    if result.failed:
        result.status = "failed"
    return result


def _parser_failed(
    doc: SourceDocument, doc_id: str, meta: Metadata, kinds: list[str], section, code: str, reason: str, trace: str | None
) -> DocumentResult:
    """The document with its documents row and the error, without the rows of any section."""
    result = DocumentResult(source_path=doc.path, doc_id=doc_id, kinds=kinds, status="failed", error=reason, trace=trace)
    result.findings.append(
        Finding(code, "error", f"{doc.path} {reason}", doc_id=doc_id, source_path=doc.path, ref=str(section.ref))
    )
    result.rows["documents"] = [_document_row(doc, doc_id, meta, kinds)]
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
    """A file that could not be read. It keeps a documents row when its bytes were read and its
    format is one the table knows, so that its finding's doc_id resolves; else the finding names
    only the path."""
    keeps_row = bool(doc_id and sha256 and media_type in MEDIA_TYPES)
    doc_id = doc_id if keeps_row else None
    result = DocumentResult(source_path=shown, doc_id=doc_id, status="failed", error=reason)
    result.findings.append(Finding(code, "error", f"{shown} {reason}", doc_id=doc_id, source_path=shown))
    if keeps_row:
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
    return result


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc)


def _size(n: int) -> str:
    for unit, scale in (("GB", 1 << 30), ("MB", 1 << 20), ("kB", 1 << 10)):
        if n >= scale:
            return f"{n / scale:.1f} {unit}".replace(".0 ", " ")
    return f"{n} bytes"
