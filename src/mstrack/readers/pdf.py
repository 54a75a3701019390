"""PDF files → SourceDocument, with pdfplumber.

Tables are found from ruling lines; a page without ruled tables falls back to text alignment.
Each page's characters are read once and handed to the cell their centre lies in (`pdf_chars`);
a box that reaches over several column (row) edges spans those columns (rows). A cell's visual
line wraps are joined and its own line breaks kept, judged from where its characters stand
(`line_breaks`). A table that goes on at the top of the next page with as many columns is stitched
to the one before (`pdf_tables`): its repeated header dropped, a row or merged cell the page break
cut joined again. Text outside tables becomes paragraphs (titles, metadata).

PDFs whose CJK fonts carry no Unicode map extract as "(cid:123)"; fake-bold fonts print every
character twice; scans carry no text, or a stray line of it. None is passed on as text: the file
is refused with what to do.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

from ..model import SourceDocument
from ..errors import InputError
from ..model import SourceRef
from .layout import Paragraph, assemble, stitch_continued
from .line_breaks import join_soft_wraps, mixed_script_gap
from .pdf_chars import assign, dedupe, grid_cells, visual_lines
from .pdf_tables import PageTable, as_table, page_table, stitch_pages

# Named strategies, as pdfplumber's own table_settings; a caller may pass others to read_pdf.
TABLE_SETTINGS = {
    "lines": {"vertical_strategy": "lines", "horizontal_strategy": "lines", "snap_tolerance": 3, "intersection_tolerance": 3},
    "text": {"vertical_strategy": "text", "horizontal_strategy": "text", "min_words_vertical": 3, "min_words_horizontal": 2},
}
MIN_TEXT_TABLE = (3, 3)  # rows, columns a text-aligned table needs before it is believed
CID = re.compile(r"\(cid:\d+\)")
PAGE_NUMBER = re.compile(r"^[-—–－\s]*(第\s*)?\d+(\s*页)?[-—–－\s]*$|^PAGE\s*$")
EDGE_TOLERANCE = 2.0
SCAN_COVER = 0.5  # share of a page an image covers on a scanned page
SCAN_MAX_CHARS = 100  # characters a scanned page may carry (a stamp, a file name); a page of text has many more
RULE_MIN = 5.0  # points: a shorter edge is the end of a thin rectangle, not a rule

SAVE_TEXT = "open it and save or print it again as a PDF with embedded Unicode fonts, or save its text as .txt"


@dataclass(frozen=True)
class TextLayerProblem:
    code: str  # cid, doubled, none
    message: str


def read_pdf(path: str, data: bytes, sha256: str, table_settings: dict | None = None) -> SourceDocument:
    if not data.lstrip()[:5] == b"%PDF-":
        raise InputError("UNREADABLE_INPUT", ".pdf file cannot be read: it has no %PDF- header; check what the file really is")
    if b"%%EOF" not in data[-2048:]:
        # A PDF ends in %%EOF; pdfminer would read what is left of a cut-off file without a word.
        raise InputError("UNREADABLE_INPUT", ".pdf file cannot be read: it is truncated (no %EOF at its end); download it again")
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError

    settings = table_settings or TABLE_SETTINGS
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            pages = [_page_content(page, settings) for page in pdf.pages]
            scanned = sum(looks_scanned(page) for page in pdf.pages)
    except InputError:
        raise
    except Exception as exc:  # pdfminer raises many kinds of error on broken files; pdfplumber wraps them
        cause = exc.args[0] if exc.args and isinstance(exc.args[0], Exception) else exc
        if isinstance(cause, (PDFPasswordIncorrect, PDFEncryptionError)):
            raise InputError("UNREADABLE_INPUT", ".pdf file cannot be read: it is encrypted and needs a password; save an unprotected copy (e.g. qpdf --decrypt) and read that") from None
        kind = "damaged or truncated" if isinstance(cause, PDFSyntaxError) else "damaged"
        raise InputError("UNREADABLE_INPUT", f".pdf file cannot be read: {kind} ({type(cause).__name__}: {str(cause)[:80]}); download it again") from None
    chars = [text for page_chars, _ in pages for text in page_chars]
    problem = text_layer_problem(chars)
    if problem:
        raise InputError("UNREADABLE_INPUT", problem.message)
    if scanned and 2 * scanned >= len(pages):
        raise InputError("UNREADABLE_INPUT", f".pdf file cannot be read: it looks scanned ({scanned} of {len(pages)} pages are an image with "
                                             f"hardly any text); run OCR on it (e.g. ocrmypdf -l chi_sim) or find the original document")
    blocks = stitch_pages([block for _, page_blocks in pages for block in page_blocks], is_page_furniture)
    blocks = [as_table(block) if isinstance(block, PageTable) else block for block in blocks]
    return assemble(path, "pdf", sha256, None, stitch_continued(blocks, is_furniture=is_page_furniture, continue_spans=True))


def text_layer_problem(chars: list[str]) -> TextLayerProblem | None:
    """Why a PDF's characters are not its text, or None. `chars`: every character's text in order."""
    visible = [c for c in chars if c.strip()]
    if not visible:
        return TextLayerProblem("none", ".pdf file cannot be read: it has no text layer (a scan); run OCR on it (e.g. ocrmypdf -l chi_sim) or find the original document")
    cids = sum(1 for c in visible if CID.fullmatch(c))
    if cids >= max(5, len(visible) // 20):
        return TextLayerProblem("cid", f".pdf file cannot be read: its fonts have no Unicode map ({cids} characters read as (cid:N)); {SAVE_TEXT}")
    if _doubled_share(visible) >= 0.8:
        return TextLayerProblem("doubled", f".pdf file cannot be read: its characters are printed twice (fake-bold fonts); {SAVE_TEXT}")
    return None


def looks_scanned(page) -> bool:
    """A page that is an image (a scan) with at most a stray line of text on it (a copier's or a
    site's stamp): images cover most of it and it holds fewer characters than a short paragraph."""
    area = (page.bbox[2] - page.bbox[0]) * (page.bbox[3] - page.bbox[1])
    covered = sum(max(0.0, image["x1"] - image["x0"]) * max(0.0, image["bottom"] - image["top"]) for image in page.images)
    if area <= 0 or covered < SCAN_COVER * area:
        return False
    return sum(1 for char in page.chars if char["text"].strip()) < SCAN_MAX_CHARS


def _doubled_share(chars: list[str]) -> float:
    """Share of characters printed twice in a row ("民民生生实实事事"): 1.0 when every one is."""
    if len(chars) < 20:
        return 0.0
    pairs = 0
    i = 0
    while i + 1 < len(chars):
        if chars[i] == chars[i + 1]:
            pairs += 1
            i += 2
        else:
            i += 1
    return 2 * pairs / len(chars)


def is_page_furniture(text: str) -> bool:
    """Page numbers ("— 1 —", "PAGE") between a table and its continuation."""
    return bool(PAGE_NUMBER.match(text.strip()))


def _page_content(page, settings: dict) -> tuple[list[str], list[Paragraph | PageTable]]:
    """A page's characters, read once, → its paragraphs and tables in reading order."""
    chars = dedupe(page.chars)  # overlapping copies of a character (bold by overprinting) are one
    mixed_gap = mixed_script_gap(chars)
    frame_ends = table_frame_ends(page.edges)
    lines_settings = dict(settings["lines"])
    if frame_ends:
        lines_settings["explicit_horizontal_lines"] = list(lines_settings.get("explicit_horizontal_lines", [])) + frame_ends
    found = page.find_tables(lines_settings)
    if not found and "text" in settings:
        found = [t for t in page.find_tables(settings["text"]) if _believable(t)]
    frames = []
    for table in found:
        xs, ys, cells = grid_cells([_clip(box, page.bbox) for box in table.cells], EDGE_TOLERANCE)
        frames.append((_clip(table.bbox, page.bbox), xs, ys, cells))
    outside = assign(chars, frames)
    items: list[tuple[float, Paragraph | PageTable]] = []
    lines = [line for line in visual_lines(outside) if line["text"].strip() and not is_page_furniture(line["text"])]
    right_margin = max((line["x1"] for line in lines), default=page.bbox[2])
    for top, text in join_soft_wraps(lines, right_margin, mixed_gap):
        items.append((top, Paragraph(raw=text, ref=SourceRef(page=page.page_number))))
    for number, (bbox, xs, ys, cells) in enumerate(frames, 1):
        items.append((bbox[1], page_table(page.page_number, number, cells, len(xs) - 1, len(ys) - 1, mixed_gap)))
    items.sort(key=lambda item: item[0])
    return [c["text"] for c in chars], [block for _, block in items]


def table_frame_ends(edges: list[dict]) -> list[float]:
    """The top and bottom of a page's vertical rules, where a table may be cut by the page break.
    A browser draws no rule at the cut (not under a row or a merged cell that goes on over the next
    page, not above the first row on the next page); a rule there closes the cut cells."""
    vertical = [e for e in edges if e["orientation"] == "v" and e["height"] > RULE_MIN]
    if not vertical:
        return []
    return [min(e["top"] for e in vertical), max(e["bottom"] for e in vertical)]


def _believable(table) -> bool:
    rows = table.rows
    return len(rows) >= MIN_TEXT_TABLE[0] and max((len(r.cells) for r in rows), default=0) >= MIN_TEXT_TABLE[1]


def _clip(bbox, page_bbox):
    x0, top, x1, bottom = bbox
    px0, ptop, px1, pbottom = page_bbox
    return (max(x0, px0), max(top, ptop), min(x1, px1), min(bottom, pbottom))
