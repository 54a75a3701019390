"""PDF ingest beside the PDF libraries' own character passes over the same files, in one process.

For each table PDF of the fixtures: mstrack reading and parsing it (iter_ingest: reader, kind
parser, rows; no Parquet), pdfplumber's `page.chars` over every page (the floor for a reader built
on pdfplumber: the characters must be parsed once), and pypdfium2's character pass (the C floor:
what a reader on PDFium would start from). Each figure is the best of `tries` runs, after one
untimed run that loads the libraries.
"""

from __future__ import annotations

import io
import time
from pathlib import Path


def best_of(tries: int, work) -> float:
    times = []
    for _ in range(tries):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return min(times)


def mstrack_pass(path: Path) -> None:
    from mstrack.pipeline import IngestOptions, iter_ingest

    for result in iter_ingest([path], IngestOptions(timeout=0)):
        if result.status == "failed":
            raise SystemExit(f"{path}: {result.error}")


def pdfplumber_pass(data: bytes) -> int:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return sum(len(page.chars) for page in pdf.pages)


def pdfium_pass(data: bytes) -> int:
    import pypdfium2

    document = pypdfium2.PdfDocument(data)
    try:
        count = 0
        for page in document:
            text = page.get_textpage()
            count += len(text.get_text_range())
            text.close()
            page.close()
        return count
    finally:
        document.close()


def measure(paths: list[Path], tries: int = 3) -> dict:
    import pdfplumber

    files = {}
    for path in paths:
        data = path.read_bytes()
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            pages = len(pdf.pages)
        mstrack_pass(path), pdfplumber_pass(data), pdfium_pass(data)  # warm: imports, caches
        ours = best_of(tries, lambda: mstrack_pass(path))
        plumber = best_of(tries, lambda: pdfplumber_pass(data))
        pdfium = best_of(tries, lambda: pdfium_pass(data))
        files[path.name] = {
            "pages": pages,
            "mstrack_s": round(ours, 3),
            "pdfplumber_chars_s": round(plumber, 3),
            "pypdfium2_chars_s": round(pdfium, 4),
            "ratio_to_pdfplumber": round(ours / plumber, 2),
        }
    pages = sum(f["pages"] for f in files.values())
    totals = {key: sum(f[key] for f in files.values()) for key in ("mstrack_s", "pdfplumber_chars_s", "pypdfium2_chars_s")}
    return {
        "files": files,
        "pages": pages,
        "mstrack_pages_per_s": round(pages / totals["mstrack_s"], 1),
        "pdfplumber_pages_per_s": round(pages / totals["pdfplumber_chars_s"], 1),
        "pypdfium2_pages_per_s": round(pages / totals["pypdfium2_chars_s"], 1),
        "ratio_to_pdfplumber": round(totals["mstrack_s"] / totals["pdfplumber_chars_s"], 2),
        "worst_ratio_to_pdfplumber": max(f["ratio_to_pdfplumber"] for f in files.values()),
    }


def lines(result: dict) -> list[str]:
    out = ["", f"pdf ingest beside the character passes (in one process, best of several; {result['pages']} pages):",
           f"  {'file':<58}{'pages':>6}{'mstrack':>9}{'plumber':>9}{'pdfium':>8}{'ratio':>7}"]
    for name, f in result["files"].items():
        out.append(f"  {name:<58}{f['pages']:>6}{f['mstrack_s']:>9.3f}{f['pdfplumber_chars_s']:>9.3f}{f['pypdfium2_chars_s']:>8.4f}{f['ratio_to_pdfplumber']:>7.2f}")
    out.append(f"  pages/s: mstrack {result['mstrack_pages_per_s']}, pdfplumber's page.chars {result['pdfplumber_pages_per_s']}, "
               f"pypdfium2 (floor) {result['pypdfium2_pages_per_s']}; mstrack / pdfplumber {result['ratio_to_pdfplumber']}× "
               f"(worst file {result['worst_ratio_to_pdfplumber']}×)")
    return out
