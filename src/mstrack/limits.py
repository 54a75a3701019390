"""Limits that keep one input from stopping a batch; defaults of `mstrack ingest --max-bytes/--timeout`.
A module of its own so that the CLI can show them without importing the pipeline.

Bytes on disk do not bound memory: a 21 MB .txt of a million lines, a 231 kB .html whose cells claim
colspan=1000 and an 18 MB .docx of 190 MB of XML each took gigabytes. So what a document may expand
to is capped too, each with a finding (INPUT_TOO_LARGE) that says which limit stopped it. The caps
stand far above any notice (the samples: at most 700 lines, 420 table cells, 70 kB of XML) and keep
a document's peak to a few hundred MB (`python -m bench.attacks` measures them)."""

from .errors import InputError

DEFAULT_MAX_BYTES = 50 * 1024 * 1024  # a notice is a few hundred kB; 50 MB is a scanned PDF at most
DEFAULT_TIMEOUT = 60.0  # seconds per document; the samples take well under one

MAX_LINES = 50_000  # lines of text of one document
MAX_TABLE_CELLS = 100_000  # grid positions of one document's tables, a merged cell counted at each it covers
MAX_DOCX_XML = 16 * 1024 * 1024  # bytes of a .docx's XML parts, inflated (a parsed tree takes ~30 times that)

NOT_PARSED = "it was not parsed; if it really is one notice, split it into smaller files"


def check_lines(count: int) -> None:
    if count > MAX_LINES:
        raise InputError("INPUT_TOO_LARGE", f"holds {count:,} lines, over the {MAX_LINES:,} a document may have; {NOT_PARSED}")


def check_table_cells(count: int) -> None:
    if count > MAX_TABLE_CELLS:
        raise InputError(
            "INPUT_TOO_LARGE",
            f"expands to {count:,} table cells (a merged cell counted at every position it covers), over the "
            f"{MAX_TABLE_CELLS:,} a document may have; {NOT_PARSED}",
        )


def check_docx_xml(size: int) -> None:
    if size > MAX_DOCX_XML:
        raise InputError(
            "INPUT_TOO_LARGE",
            f"holds {size / 2**20:.0f} MB of XML, over the {MAX_DOCX_XML // 2**20} MB a .docx may have; {NOT_PARSED}",
        )
