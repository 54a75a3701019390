"""Ingest: files → documents → sections → rows of the ten tables.

read bytes → decode → normalise → split sections → grid → kind parser → rows → write.
Each file is processed on its own and nothing one file does can stop the others: a file that
cannot be read, is too large, takes too long or makes a parser raise becomes an error finding (and a
documents row when its bytes were read), and the other files go on.
"""

from __future__ import annotations

import gc
import hashlib
import os
import signal
import stat
import threading
import time
import traceback
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable, Iterator

from . import PARSER_VERSION
from .achievements import derive_achievements
from .audit import audit_quantities
from .errors import InputError
from .findings import with_row_keys
from .ids import doc_id_for
from .kinds import COVER, detect_kind, section_title
from .limits import DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT
from .metadata import PLACE_SOURCES, Metadata, infer_metadata
from .metrics import add_metric_keys
from .model import DocumentResult, Finding, SourceDocument
from .normalise import CONVERTER, script_of
from .parsers import ParseContext, registry
from .parsers.allocation_matrix import inline_allocations
from .paths import discover, printable_path
from .readers import UNSUPPORTED, media_type_of, read_document
from .validate import validate_rows

MEDIA_TYPES = ("txt", "docx", "pdf", "html", "xlsx", "xls", "doc", "wps")  # documents.media_type's enum


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


def iter_ingest(
    paths: list[Path],
    options: IngestOptions,
    on_document: Callable[[int, DocumentResult], None] | None = None,
    unchanged: set[tuple[str, str]] | None = None,
    jobs: int = 1,
    skip: list[Path] = (),
) -> Iterator[DocumentResult]:
    """Ingest every file under paths, yielding each document's result in the order of the files, so
    that a caller can write its rows and let them go. `unchanged` holds (source_path, sha256) of
    documents already in the output tables, written by this parser version without errors: those
    are not parsed again.

    With jobs > 1 documents are read and parsed in that many worker processes. Files are still read,
    hashed and checked for duplicates and unchanged bytes here, in order, so the results are the
    serial ones: same statuses, rows and order. At most a few documents per worker are in flight.
    Folders in `skip` are not walked (the output folder)."""
    seen: dict[str, str] = {}  # sha256 → path of the first file with those bytes
    prepared = (
        _failed(printable_path(path), None, "UNREADABLE_INPUT", f"cannot be read: {_reason(walk_error)}")
        if walk_error is not None
        else prepare_file(path, options, seen, unchanged)
        for path, walk_error in discover(paths, skip)
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
    suffix = path.suffix.lower()
    if suffix in UNSUPPORTED:  # refused by its name, before its bytes are read
        return _failed(shown, None, "UNREADABLE_INPUT", f"{suffix} files cannot be read: {UNSUPPORTED[suffix]}")
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
    that dies (killed, out of memory) fails its document, not the run; a document that does not
    stop when its alarm tells it to is stopped by killing the workers (`_WorkerPool.kill`)."""
    import multiprocessing
    from collections import deque

    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["mstrack.pipeline"])
    in_flight: deque = deque()  # [work, future or None], in the order of the files
    window = 4 * jobs  # documents read ahead: enough to keep workers busy, few enough to stay small
    pool = _WorkerPool(context, jobs, options)
    try:
        for work in prepared:
            in_flight.append([work, pool.submit(work)])
            if len(in_flight) >= window:
                yield _next_result(in_flight, pool, options)
        while in_flight:
            yield _next_result(in_flight, pool, options)
    finally:
        pool.shutdown()


# A document still in a worker this many seconds after twice its --timeout has not answered the alarm
# (code in a C extension that never checks for signals): the workers are killed. Twice: counted from
# when the pool queued the document for a worker, which may still be busy with another one for up to
# its own --timeout.
STUCK_GRACE = 10.0


class _WorkerPool:
    """A ProcessPoolExecutor that can be killed and replaced, for a document that cannot be stopped."""

    def __init__(self, context, jobs: int, options: IngestOptions):
        self.context, self.jobs, self.options = context, jobs, options
        self.executor = self._start()

    def _start(self):
        from concurrent.futures import ProcessPoolExecutor

        return ProcessPoolExecutor(
            max_workers=self.jobs, mp_context=self.context, initializer=start_worker, initargs=(os.getpid(), gc.get_threshold())
        )

    def submit(self, work: FileWork | DocumentResult):
        return self.executor.submit(parse_file, work, self.options) if isinstance(work, FileWork) else None

    def kill(self) -> None:
        # concurrent.futures has no public way to kill one task; its worker processes are known.
        for process in list(getattr(self.executor, "_processes", {}).values()):
            process.kill()
        self.executor.shutdown(wait=True, cancel_futures=True)
        self.executor = self._start()

    def shutdown(self) -> None:
        self.executor.shutdown()


def _next_result(in_flight, pool: _WorkerPool, options: IngestOptions) -> DocumentResult:
    """The result of the first document in flight, waiting for it at most twice its --timeout and
    STUCK_GRACE beyond; a document stuck past that is a TIMEOUT, its workers killed and the other
    documents in flight handed to new ones (parsing is deterministic: their results are the same)."""
    from concurrent.futures import wait
    from concurrent.futures.process import BrokenProcessPool

    work, future = in_flight[0]
    if future is None:
        in_flight.popleft()
        return work
    limit = 2 * options.timeout + STUCK_GRACE if options.timeout else None
    taken = None
    while not wait([future], timeout=PARENT_CHECK).done:
        if limit is None:
            continue
        if taken is None and future.running():
            taken = time.monotonic()
        if taken is not None and time.monotonic() - taken > limit:
            pool.kill()
            in_flight.popleft()
            for entry in in_flight:
                done = entry[1] is not None and entry[1].done() and not entry[1].cancelled()
                if entry[1] is not None and not (done and not isinstance(entry[1].exception(), BrokenProcessPool)):
                    entry[1] = pool.submit(entry[0])
            reason = (
                f"took longer than {options.timeout:g} s to read and did not stop when told (stuck inside compiled code); "
                "its worker process was killed"
            )
            return _failed(work.shown, work.doc_id, "TIMEOUT", reason, sha256=work.sha256, media_type=media_type_of(work.path))
    in_flight.popleft()
    return _collect(work, future)


# Seconds between a worker's checks that the ingest that started it is still there.
PARENT_CHECK = 0.5


def start_worker(ingest_pid: int, gc_threshold: tuple[int, ...]) -> None:
    """A worker ends with its ingest, and collects garbage as the ingest does (the CLI collects less often)."""
    exit_with_parent(ingest_pid)
    gc.set_threshold(*gc_threshold)


def exit_with_parent(ingest_pid: int) -> None:
    """Make a worker process end when the ingest that started it does, even by SIGKILL: else a
    worker blocked on its task queue (or stuck in a document) runs on with nobody to read its rows,
    and keeps the resource tracker alive too. On Linux the kernel kills the worker when its parent
    (the fork server, which ends with the ingest) dies; everywhere a thread checks the ingest's pid."""
    import ctypes
    import ctypes.util

    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # not Linux: the thread below does it
        pass
    parent = os.getppid()

    def watch() -> None:
        while True:
            if os.getppid() != parent or not _alive(ingest_pid):
                os._exit(1)
            time.sleep(PARENT_CHECK)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # a process of another user took the pid
        return False
    return True


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
    """The file's bytes, refusing (before reading them) a file larger than max_bytes, and anything
    but a regular file: opening a FIFO blocks until a writer comes, a device never ends."""
    _require_regular(os.stat(path).st_mode)
    # O_NONBLOCK: should a FIFO take the file's place after the check, opening it does not block.
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    with open(fd, "rb") as f:
        _require_regular(os.fstat(fd).st_mode)
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


_NOT_REGULAR = (
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)


def _require_regular(mode: int) -> None:
    if stat.S_ISREG(mode):
        return
    what = next((name for test, name in _NOT_REGULAR if test(mode)), "a special file")
    raise InputError("UNREADABLE_INPUT", f"is not a regular file ({what}); only regular files are read")


# Seconds between alarms once the time is up: cleaning up after a stopped document (closing a PDF
# walks its pages again, through the same reference loop that was stopped) is stopped again too.
REPEAT_ALARM = 0.1


@contextmanager
def time_limit(seconds: float | None):
    """Raise DocumentTimeout in the body after `seconds`, by SIGALRM, which also stops a pure-Python
    loop, and again every REPEAT_ALARM seconds until the body has left: the limit holds through the
    `finally` and `__exit__` code that releases the document's resources, which may loop as well.
    Only the main thread can receive signals: elsewhere (or without setitimer) no limit."""
    usable = seconds and hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable:
        yield
        return
    armed = [True]

    def on_alarm(signum, frame):
        if armed[0]:
            raise DocumentTimeout()

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds, REPEAT_ALARM)
    try:
        yield
    finally:
        # An alarm may still come while this runs; it must not escape from here with the timer armed.
        while True:
            try:
                armed[0] = False
                signal.setitimer(signal.ITIMER_REAL, 0)
                signal.signal(signal.SIGALRM, previous)
                break
            except DocumentTimeout:
                continue


def one_line(exc: BaseException) -> str:
    """An exception as `Type: message`, on one line and of bounded length."""
    message = " ".join(str(exc).split())
    if len(message) > 200:
        message = message[:199] + "…"
    return f"{type(exc).__name__}: {message}" if message else type(exc).__name__


def parse_document(doc: SourceDocument, doc_id: str, options: IngestOptions) -> DocumentResult:
    result = DocumentResult(source_path=doc.path, doc_id=doc_id)
    leads_attachments = len(doc.sections) > 1
    # Each section once more, with its kind and title: sections are built once and never changed.
    doc = replace(doc, sections=[_classified(section, leads_attachments) for section in doc.sections])
    result.sections = doc.sections
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
    result.findings.extend(_decoding_findings(doc, doc_id))
    meta = infer_metadata(doc, result.kinds, _overrides(options))
    if result.kinds:
        result.findings.extend(_metadata_findings(meta, doc, doc_id))
    context = ParseContext(doc_id=doc_id, source_path=doc.path, year=meta.year, period=meta.period, as_of=meta.as_of)
    document_row = _document_row(doc, doc_id, meta, result.kinds)
    parsers = registry()
    parsed_sections: list[tuple] = []  # (section, what its parser gave), in order

    def unfit() -> DocumentResult | None:
        failed = _first_unfit_section(parsed_sections, result.findings, document_row)
        if failed is None:
            return None
        section, problems = failed
        # A row the tables cannot hold would fail the write of every document, or validate.
        more = f" (and {len(problems) - 1} more problems)" if len(problems) > 1 else ""
        reason = (
            f"could not be parsed: the {section.kind} parser made rows the tables cannot hold, on section "
            f"{section.index} ({section.ref}): {problems[0].line()}{more}; its rows were not written"
        )
        return _parser_failed(doc, doc_id, meta, result.kinds, section, "PARSER_ERROR", reason, trace=None)

    for section in doc.sections:
        parse = parsers.get(section.kind)
        if parse is None:
            continue
        try:
            parsed = parse(section, context)
        except InputError as exc:  # the parser's own verdict on the section, e.g. columns missing
            where = f"section {section.index} ({section.ref}) {exc.message}"
            return unfit() or _parser_failed(doc, doc_id, meta, result.kinds, section, exc.code, where, trace=None)
        except Exception as exc:
            # One parser's bug costs this document its rows (half a document would pass for all of
            # it), never the run. DocumentTimeout is no Exception and goes up to ingest_file.
            reason = (
                f"could not be parsed: the {section.kind} parser failed on section {section.index} "
                f"({section.ref}): {one_line(exc)}; its rows were not written"
            )
            return unfit() or _parser_failed(doc, doc_id, meta, result.kinds, section, "PARSER_ERROR", reason, traceback.format_exc())
        for table, rows in parsed.rows.items():
            context.rows.setdefault(table, []).extend(rows)
        parsed_sections.append((section, parsed))
    failed = unfit()
    if failed is not None:
        return failed
    for _, parsed in parsed_sections:
        result.findings.extend(parsed.findings)
    inline, problems = inline_allocations(context.rows, doc_id, doc.path, meta.year)
    if inline:
        context.rows["allocations"] = context.rows.get("allocations", []) + inline
    result.findings.extend(problems)
    add_metric_keys(context.rows)
    achievements, problems = derive_achievements(context.rows, meta.year)
    if achievements:
        # Parsers may have made achievements of their own (an allocation table's 完成 column by area).
        context.rows["achievements"] = context.rows.get("achievements", []) + achievements
    result.findings.extend(problems)
    result.findings.extend(audit_quantities(context.rows))
    result.findings = with_row_keys(result.findings, context.rows)
    # Every finding of a document names its file, whichever stage raised it (achievements, audit).
    result.findings = [f if f.source_path else replace(f, source_path=doc.path) for f in result.findings]
    result.rows = context.rows
    result.rows["documents"] = [document_row]
    # A table that gave no rows (NO_ROWS, LAYOUT_UNDECIDED) fails its document, as a file that
    # cannot be read does: one line on stderr, exit status 1; the rows of its other sections stay.
    unread = next((f for f in result.findings if f.severity == "error"), None)
    if unread is not None and not result.failed:
        result.status = "failed"
        result.error = unread.message
    return result


def _classified(section, leads_attachments: bool):
    section = replace(section, kind=detect_kind(section, leads_attachments and section.index == 0))
    return replace(section, title=section_title(section))


def _first_unfit_section(parsed_sections: list[tuple], findings: list[Finding], document_row: dict) -> tuple | None:
    """The first section whose rows, with those of the sections before it, the tables cannot hold,
    and the problems; None when all of them fit. The rows are checked once, all together; only when
    they do not fit are they checked again section by section, to name the section at fault."""

    def problems_of(upto: int) -> list:
        rows: dict[str, list[dict]] = {}
        found = list(findings)
        for _, parsed in parsed_sections[:upto]:
            for table, table_rows in parsed.rows.items():
                rows.setdefault(table, []).extend(table_rows)
            found += parsed.findings
        unique = {row["finding_id"]: row for row in map(Finding.row, found)}  # a repeat is one finding
        return validate_rows({**rows, "documents": [document_row], "findings": list(unique.values())})

    if not parsed_sections or not problems_of(len(parsed_sections)):
        return None
    for upto in range(1, len(parsed_sections) + 1):
        problems = problems_of(upto)
        if problems:
            return parsed_sections[upto - 1][0], problems
    return None


def _parser_failed(
    doc: SourceDocument, doc_id: str, meta: Metadata, kinds: list[str], section, code: str, reason: str, trace: str | None
) -> DocumentResult:
    """The document with its documents row and the error, without the rows of any section."""
    result = DocumentResult(
        source_path=doc.path, doc_id=doc_id, kinds=kinds, sections=doc.sections, status="failed", error=reason, trace=trace
    )
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
    looked = f" (looked in {PLACE_SOURCES})" if "city" in missing else ""
    return [
        Finding(
            "METADATA_MISSING",
            "warning",
            f"the notice does not say its {' or '.join(missing)}{looked}; pass {flags} to set it",
            doc_id=doc_id,
            source_path=doc.path,
            table="documents",
        )
    ]


def _decoding_findings(doc: SourceDocument, doc_id: str) -> list[Finding]:
    if not doc.replaced_bytes:
        return []
    count = f"{doc.replaced_bytes} byte{'s' if doc.replaced_bytes > 1 else ''}"
    return [
        Finding(
            "UNDECODABLE_BYTES",
            "warning",
            f"{count} of the file {'are' if doc.replaced_bytes > 1 else 'is'} not {doc.encoding} text and "
            f"{'were' if doc.replaced_bytes > 1 else 'was'} read as U+FFFD (�); the text around them may be "
            "incomplete: check the file, or pass the right --encoding",
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
        "province": meta.province,
        "province_code": meta.province_code,
        "city": meta.city,
        "city_code": meta.city_code,
        "district": meta.district,
        "district_code": meta.district_code,
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
