"""A PDF page's characters → visual lines, and into table cells by where they stand.

Each page's characters are read once (pdfplumber's `page.chars`) and handed out here: a character
belongs to the cell its centre lies in. Its box may touch or cross a border — in a table printed
without cell padding above and below the text (Word's default, and LibreOffice's when the table is
made there), the first row's "1" touches the header's bottom rule — but its centre stands on one
side of it. Every step is arithmetic on the character dicts (text, x0, x1, top, bottom, size),
sorted once; no PDF objects here and no cropping a page per cell.

A line's text is its characters in order. A gap between two characters becomes a space only between
two Latin letters or digits ("Bin hub"), never next to a CJK character: the gap a layout engine
leaves between a figure and an ideograph ("2024 年", wider under a title's large font) is spacing,
not a space the author typed.
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_right
from dataclasses import dataclass, field

DEDUPE_TOLERANCE = 1.0  # points: copies of a character printed this close are one (bold by overprinting)
WORD_GAP = 0.25  # of the font size: a wider gap between Latin letters or digits is a word space


@dataclass
class CellChars:
    """One table cell: its box (x0, top, x1, bottom), span and the characters whose centre it holds."""

    box: tuple[float, float, float, float]
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1
    chars: list[dict] = field(default_factory=list)


def dedupe(chars: list[dict]) -> list[dict]:
    """Drop copies of a character printed again within DEDUPE_TOLERANCE of it (fake bold)."""
    kept: list[dict] = []
    seen: dict[tuple[str, int, int], list[dict]] = {}
    for char in chars:
        x, y = char["x0"], char["top"]
        ix, iy = int(x // DEDUPE_TOLERANCE), int(y // DEDUPE_TOLERANCE)
        duplicate = False
        for dx in (-1, 0, 1):
            for dy in (-1, 0, 1):
                for other in seen.get((char["text"], ix + dx, iy + dy), ()):
                    if abs(other["x0"] - x) <= DEDUPE_TOLERANCE and abs(other["top"] - y) <= DEDUPE_TOLERANCE:
                        duplicate = True
                        break
        if not duplicate:
            kept.append(char)
            seen.setdefault((char["text"], ix, iy), []).append(char)
    return kept


def visual_lines(chars: list[dict]) -> list[dict]:
    """Characters → lines top to bottom, as pdfplumber's text lines (text, x0, x1, top, bottom,
    chars): a character joins the line whose vertical middle its own middle is level with."""
    lines: list[list[dict]] = []
    spans: list[tuple[float, float]] = []
    for char in sorted(chars, key=lambda c: (c["top"], c["x0"])):
        middle = (char["top"] + char["bottom"]) / 2
        if spans and spans[-1][0] <= middle <= spans[-1][1]:
            lines[-1].append(char)
            top, bottom = spans[-1]
            spans[-1] = (min(top, char["top"]), max(bottom, char["bottom"]))
        else:
            lines.append([char])
            spans.append((char["top"], char["bottom"]))
    out = []
    for line in lines:
        line.sort(key=lambda c: c["x0"])
        out.append(dict(text=line_text(line), x0=line[0]["x0"], x1=max(c["x1"] for c in line),
                        top=min(c["top"] for c in line), bottom=max(c["bottom"] for c in line), chars=line))
    return out


def line_text(chars: list[dict]) -> str:
    """A line's characters side by side; a space only where Latin words stand apart (see above)."""
    parts: list[str] = []
    previous = None
    for char in chars:
        text = char["text"]
        if previous is not None and text.strip() and previous["text"].strip():
            gap = char["x0"] - previous["x1"]
            if gap > WORD_GAP * char.get("size", 10) and _latin(previous["text"]) and _latin(text):
                parts.append(" ")
        parts.append(text)
        previous = char
    return "".join(parts)


def _latin(text: str) -> bool:
    ch = text[-1:] or " "
    return ch.isascii() and ch.isalnum() or (not ch.isascii() and unicodedata.category(ch)[0] in "LN" and ord(ch) < 0x2E80)


def grid_cells(boxes: list[tuple[float, float, float, float]], edge_tolerance: float) -> tuple[list[float], list[float], list[CellChars]]:
    """A table's cell boxes → its column edges, row edges and cells with their row, column and
    spans: a box that reaches over several column (row) edges spans those columns (rows)."""
    xs = _edges([b[0] for b in boxes] + [b[2] for b in boxes], edge_tolerance)
    ys = _edges([b[1] for b in boxes] + [b[3] for b in boxes], edge_tolerance)
    cells = []
    for box in boxes:
        r, c = _nearest(ys, box[1]), _nearest(xs, box[0])
        cells.append(CellChars(box=box, row=r, col=c, rowspan=max(1, _nearest(ys, box[3]) - r), colspan=max(1, _nearest(xs, box[2]) - c)))
    cells.sort(key=lambda cell: (cell.row, cell.col))
    return xs, ys, cells


def assign(chars: list[dict], tables: list[tuple[tuple[float, float, float, float], list[float], list[float], list[CellChars]]]) -> list[dict]:
    """Put each character in the cell of the table its centre lies in; return those in no table.
    `tables`: (bbox, column edges, row edges, cells) as `grid_cells` gives them."""
    owners = []
    for _, xs, ys, cells in tables:
        owner: dict[tuple[int, int], CellChars] = {}
        for cell in cells:
            for r in range(cell.row, cell.row + cell.rowspan):
                for c in range(cell.col, cell.col + cell.colspan):
                    owner[(r, c)] = cell
        owners.append(owner)
    outside = []
    for char in chars:
        cx, cy = (char["x0"] + char["x1"]) / 2, (char["top"] + char["bottom"]) / 2
        for (bbox, xs, ys, _), owner in zip(tables, owners):
            if bbox[0] <= cx <= bbox[2] and bbox[1] <= cy <= bbox[3]:
                r, c = bisect_right(ys, cy) - 1, bisect_right(xs, cx) - 1
                cell = owner.get((min(r, len(ys) - 2), min(c, len(xs) - 2)))
                if cell is None:
                    outside.append(char)  # in the table's frame but no cell's (a gap in its rules)
                else:
                    cell.chars.append(char)
                break
        else:
            outside.append(char)
    return outside


def _edges(values: list[float], tolerance: float) -> list[float]:
    edges: list[float] = []
    for v in sorted(values):
        if not edges or v - edges[-1] > tolerance:
            edges.append(v)
    return edges


def _nearest(edges: list[float], value: float) -> int:
    i = bisect_right(edges, value)
    if i == 0:
        return 0
    if i == len(edges):
        return len(edges) - 1
    return i if edges[i] - value < value - edges[i - 1] else i - 1
