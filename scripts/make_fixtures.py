"""Build the native-format fixtures (tests/fixtures/native/) from the text samples in data/raw.

    python scripts/make_fixtures.py            # .docx and .html; .pdf too when soffice is installed
    make fixtures

Cell contents come from the samples through the text reader; only the row grouping is this
script's own, by what cells look like (a task starts "3、", a 001 lead unit starts "★", a 002 row
that starts without its number is covered by the merged cells above). Merged cells are written as
the originals print them: categories and lead units spanning rows, two-level allocation headers.
The .pdf files are rendered from the .docx by LibreOffice headless with a CJK font
(apt-get install libreoffice-writer-nogui fonts-wqy-zenhei); the outputs are committed so CI
needs no LibreOffice.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from mstrack.readers.text import read_text  # noqa: E402

RAW = ROOT / "data" / "raw"
OUT = ROOT / "tests" / "fixtures" / "native"
SAMPLES = {
    "000": "000_xiacheng_2011_half_year.txt",
    "001": "001_binjiang_2024_q1.txt",
    "002": "002_hangzhou_2024_responsibility_allocation.txt",
    "003": "003_gongshu_2024_responsibility_allocation.txt",
    "004": "004_xiacheng_2014_work_report.txt",
}
UP = object()  # this position is covered by the merged cell above
LEFT = object()  # … by the merged cell to the left
CJK_FONT = "WenQuanYi Zen Hei"

TASK = re.compile(r"^\d+、")
CN_CATEGORY = re.compile(r"^[一二三四五六七八九十]+、")
CN_NUMBER = re.compile(r"^[一二三四五六七八九十]+$")
SEQ_001 = re.compile(r"^(\d+\.\d+|/)$")
UNIT_ONLY = re.compile(r"[^\W\d]{1,2}")
FURNITURE = re.compile(r"^(PAGE|[-—]\s*\d+\s*[-—])$")


def sample(key: str):
    path = RAW / SAMPLES[key]
    return read_text(str(path), path.read_bytes(), "")


# ---------------------------------------------------------------- row grouping, per sample

def rows_000(doc) -> tuple[list[str], list[list]]:
    """000: tab-led cells, four a row (项目名称, 工作任务, 责任单位, 完成情况) from each task cell
    ("3、…"): the cell before it is its category, the two after it its unit and progress. An empty
    cell (a lone tab, L36, L38) is merged with the row above. The one empty cell outside that rhythm
    (L25, after task 1's progress where task 2 would stand) is in no row."""
    cells = [c.raw for c in doc.sections[0].grid.rows[0]]
    header, cells = cells[:4], cells[4:]
    tasks = [i for i, cell in enumerate(cells) if TASK.match(cell)]
    rows, placed = [], set()
    for i in tasks:
        category, task, unit, progress = cells[i - 1 : i + 3]
        assert not TASK.match(progress) and (not category or CN_CATEGORY.match(category)), cells[i - 1 : i + 3]
        progress = "\n".join(l for l in progress.split("\n") if not FURNITURE.match(l.strip()))
        rows.append([category or UP, task, unit or UP, progress])
        placed.update(range(i - 1, i + 3))
    stray = [cells[i] for i in range(len(cells)) if i not in placed]
    assert not any(stray), stray
    return header, rows


def rows_001(doc) -> tuple[list[list], list[list]]:
    """001: one paragraph per cell. A category line opens a row, a number ("1.1", "/") opens a row,
    a ★ line is the lead unit (a second ★ in a row opens the next row of the same task), a line
    after two blank lines following the lead is its co-units, the rest is progress; a line just
    before a ★, after the row's progress, is the next row's target (L110, L440)."""
    lines, gap = [], 0
    for line in doc.lines:
        if not line.raw.strip():
            gap += 1
            continue
        lines.append((line.raw.strip(), gap))
        gap = 0
    start = next(i for i, (t, _) in enumerate(lines) if CN_CATEGORY.match(t))
    header = [["項目\n類別", "項目\n目標", LEFT, "責任★及\n配合單位", LEFT, "完成情況(1-3月)"]]
    rows: list[dict] = []

    def new(**cells):
        row = {"cat": UP, "seq": UP, "target": "", "lead": None, "co": None, "progress": []}
        row.update(cells)
        rows.append(row)
        return row

    row = None
    for i, (text, gap) in enumerate(lines[start:], start):
        following = lines[i + 1][0] if i + 1 < len(lines) else ""
        if CN_CATEGORY.match(text):
            row = new(cat=text, seq="")
        elif SEQ_001.match(text):
            if row is not None and row["seq"] == "" and row["lead"] is None and not row["target"]:
                row["seq"] = text
            else:
                row = new(seq=text)
        elif text.startswith("★"):
            if row["lead"] is not None:
                row = new(target=UP)
            row["lead"] = text
        elif row["lead"] is not None and row["progress"] and following.startswith("★"):
            # A line before a ★ opens the next row (its target) only once this row has its
            # progress: 7.4's and 7.5's streets (L431, L460) report before the next ★.
            row = new(target=text)
        elif row["lead"] is None:
            row["target"] = f"{row['target']}\n{text}" if row["target"] else text
        elif row["co"] is None and not row["progress"] and gap >= 2:
            row["co"] = text
        else:
            row["progress"].append(text)
    body = [[r["cat"], r["seq"], r["target"], r["lead"] or "", r["co"] or "", "\n".join(r["progress"])] for r in rows]
    return header, body


def looks_like_people(cell: str) -> bool:
    return all(len(re.sub(r"\s", "", part)) <= 4 for part in cell.split("\n") if part.strip())


def rows_003_list(section) -> tuple[list[str], list[list]]:
    """003 附件1: tab cells; a row opens at 一, 二, …; a five-cell row lacks its task when its third
    cell is people (四), else its 责任单位."""
    cells = [c.raw for c in section.grid.rows[0]]
    header, cells = cells[:6], cells[6:]
    rows: list[list] = []
    for cell in cells:
        if CN_NUMBER.match(cell):
            rows.append([cell])
        else:
            rows[-1].append(cell)
    out = []
    for row in rows:
        if len(row) == 5:
            row = row[:2] + [""] + row[2:] if looks_like_people(row[2]) else row + [""]
        out.append((row + [""] * 6)[:6])
    return header, out


def rows_003_matrix(section) -> tuple[list[list], list[list]]:
    """003 附件2: a two-level header (编号, 项目内容, 牵头单位, 区本级任务 spanning both header rows,
    各街道任务 over 18 streets; L146-149 are the four empty cells under the spanning ones), then 22
    cells a row, from each 编号 cell; an empty 编号 (L192) is merged with the number above."""
    cells = [c.raw for c in section.grid.rows[0]]
    first, covered, streets, data = cells[:5], cells[5:9], cells[9:27], cells[27:]
    assert not any(covered) and len(data) % 22 == 0, (covered, len(data))
    header = [first + [LEFT] * 17, [UP] * 4 + streets]
    body = [data[i : i + 22] for i in range(0, len(data), 22)]
    assert all(CN_NUMBER.match(row[0]) or not row[0] for row in body), [row[0] for row in body]
    body = [[row[0] or UP] + [unit_wrap_joined(cell) for cell in row[1:]] for row in body]
    # The dump's last cell runs on into the 抄送 block under the table (003 L688-692); in the
    # document those are paragraphs after it.
    last, *after = body[-1][-1].split("\n")
    body[-1][-1] = last
    return header, body, after


def unit_wrap_joined(cell: str) -> str:
    """A unit alone on a line under its figure ("286" / "户", 003 L556-557) is the figure's wrap in
    the original's narrow column, not a paragraph of its own: one paragraph, "286户"."""
    lines: list[str] = []
    for line in cell.split("\n"):
        if lines and re.search(r"\d$", lines[-1]) and UNIT_ONLY.fullmatch(line.strip()):
            lines[-1] += line.strip()
        else:
            lines.append(line)
    return "\n".join(lines)


def rows_002_list(section) -> tuple[list[str], list[list]]:
    """002 附件1: pipe rows of 9 cells; a row of 7 lacks its number and category, merged above."""
    rows = [[c.raw for c in row] for row in section.grid.rows]
    header, out = rows[0], []
    for row in rows[1:]:
        if len(row) == 9:
            out.append(row)
        elif len(row) == 7:
            out.append([UP, UP] + row)
        else:
            raise SystemExit(f"002 附件1: a row of {len(row)} cells: {row[:3]}")
    return header, out


def rows_002_matrix(section) -> tuple[list[list], list[list]]:
    """002 附件2: two header rows, then rows of 19 cells; a short row is covered above: without its
    lead unit (18), also without its number (17), also without its name (16, a second target).
    A row of a few cells ends in a note spanning every area column (11, 12)."""
    rows = [[c.raw for c in row] for row in section.grid.rows]
    width = 19
    header = [rows[0] + [LEFT] * (width - len(rows[0])), [UP] * 5 + rows[1]]
    body = []
    for row in rows[2:]:
        # 002 L117-119: row 11 breaks its line after its target; its lead and note follow.
        if body and len(body[-1]) == 3 and body[-1][0].strip().isdigit() and len(row) <= 3:
            body[-1] = body[-1] + row
        else:
            body.append(row)
    out = []
    for row in body:
        numbered = row[0].strip().isdigit()
        if len(row) == width:
            out.append(row)
        elif len(row) == width - 1 and numbered:
            out.append(row[:3] + [UP] + row[3:])
        elif len(row) == width - 2:
            out.append([UP] + row[:2] + [UP] + row[2:])
        elif len(row) == width - 3:
            out.append([UP, UP, row[0], UP] + row[1:])
        elif numbered and len(row) in (4, 5):
            lead = row[3:-1] or [UP]
            out.append(row[:3] + lead + [row[-1]] + [LEFT] * (width - 5))
        else:
            raise SystemExit(f"002 附件2: a row of {len(row)} cells: {row[:3]}")
    return header, out


# ---------------------------------------------------------------- writers

def spans(rows: list[list]) -> dict[tuple[int, int], tuple[int, int]]:
    """(row, col) of each cell that starts a merge → (rowspan, colspan)."""
    out = {}
    for r, row in enumerate(rows):
        for c, cell in enumerate(row):
            if cell is UP or cell is LEFT:
                continue
            colspan = 1
            while c + colspan < len(row) and row[c + colspan] is LEFT:
                colspan += 1
            rowspan = 1
            while r + rowspan < len(rows) and c < len(rows[r + rowspan]) and rows[r + rowspan][c] is UP:
                rowspan += 1
            out[(r, c)] = (rowspan, colspan)
    return out


def write_docx(path: Path, blocks: list, landscape: bool = False, rows_break: bool = False, padding_pt: float | None = None) -> None:
    """blocks: str paragraphs and (header_rows, body_rows) tables. By default rows are kept whole
    on a page; `rows_break` lets them break across pages, as Word does unless told otherwise.
    `padding_pt`: cell margin above and below the text (none by default, as in Word)."""
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    document = docx.Document()
    normal = document.styles["Normal"]
    normal.font.size = Pt(8)
    normal.font.name = CJK_FONT
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), CJK_FONT)
    if landscape:
        section = document.sections[0]
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = section.page_height, section.page_width
    for block in blocks:
        if isinstance(block, str):
            document.add_paragraph(block)
            continue
        header, body = block
        rows = header + body
        width = max(len(r) for r in rows)
        table = document.add_table(rows=len(rows), cols=width)
        table.style = "Table Grid"
        if padding_pt is not None:
            margins = OxmlElement("w:tblCellMar")
            for side in ("top", "bottom"):
                margin = OxmlElement(f"w:{side}")
                margin.set(qn("w:w"), str(round(padding_pt * 20)))
                margin.set(qn("w:type"), "dxa")
                margins.append(margin)
            table._tbl.tblPr.append(margins)
        for r in range(len(rows)):
            tr_pr = table.rows[r]._tr.get_or_add_trPr()
            if not rows_break:
                tr_pr.append(OxmlElement("w:cantSplit"))
            if r < len(header):
                # Word (and LibreOffice) print the header rows again at the top of every page.
                tr_pr.append(OxmlElement("w:tblHeader"))
        for (r, c), (rowspan, colspan) in spans(rows).items():
            cell = table.cell(r, c)
            lines = str(rows[r][c]).split("\n")
            cell.paragraphs[0].text = lines[0]
            for line in lines[1:]:
                cell.add_paragraph(line)
            if rowspan > 1 or colspan > 1:
                cell.merge(table.cell(r + rowspan - 1, c + colspan - 1))
    document.save(path)


def write_html(path: Path, title: str, blocks: list) -> None:
    out = ["<!DOCTYPE html>", '<html><head><meta charset="utf-8">', f"<title>{html.escape(title)}</title>",
           "<style>td,th{border:1px solid #999}</style></head><body>"]
    for block in blocks:
        if isinstance(block, str):
            out.append(f"<p>{html.escape(block)}</p>")
            continue
        header, body = block
        rows = header + body
        cells = spans(rows)
        out.append('<table class="data">')
        for r, row in enumerate(rows):
            tag = "th" if r < len(header) else "td"
            parts = []
            for c, cell in enumerate(row):
                if (r, c) not in cells:
                    continue
                rowspan, colspan = cells[(r, c)]
                attrs = (f' rowspan="{rowspan}"' if rowspan > 1 else "") + (f' colspan="{colspan}"' if colspan > 1 else "")
                text = "<br>".join(html.escape(line) for line in str(cell).split("\n"))
                parts.append(f"<{tag}{attrs}>{text}</{tag}>")
            out.append("<tr>" + "".join(parts) + "</tr>")
        out.append("</table>")
    out.append("</body></html>")
    path.write_text("\n".join(out) + "\n", encoding="utf-8")


def metadata_table(lines: list[str]) -> tuple[list, list]:
    """A page's metadata block ("索引號: | … | 公開方式: | …" or space-separated) as a 4-column table."""
    rows = []
    for line in lines:
        cells = [c.strip() for c in (line.split("|") if "|" in line else re.split(r"\s+", line)) if c.strip()]
        rows.append((cells + [LEFT] * 4)[:4] if len(cells) < 4 else cells[:4])
    return [], rows


# ---------------------------------------------------------------- the fixtures

def build() -> list[Path]:
    OUT.mkdir(parents=True, exist_ok=True)
    written = []
    documents: dict[str, tuple[list, bool]] = {}  # docx stem → (blocks, landscape), for the PDF variants

    doc = sample("000")
    head = [l.raw.strip() for l in doc.lines if l.raw.strip() and not l.raw.startswith("\t")][:2]
    header, body = rows_000(doc)
    documents["000_xiacheng_2011_half_year"] = (head + [([header], body)], False)

    doc = sample("001")
    header, body = rows_001(doc)
    documents["001_binjiang_2024_q1"] = ([(header, body)], True)

    doc = sample("003")
    cover, listing, matrix = doc.sections
    blocks: list = [l.raw.strip() for l in cover.lines if l.raw.strip()]
    blocks += [l.raw.strip() for l in listing.lines[:3] if l.raw.strip() and not l.raw.startswith("\t")]
    header, body = rows_003_list(listing)
    blocks.append(([header], body))
    blocks += [l.raw.strip() for l in matrix.lines[:3] if l.raw.strip() and not l.raw.startswith("\t")]
    header, body, after = rows_003_matrix(matrix)
    blocks += [(header, body)] + after
    documents["003_gongshu_2024_responsibility_allocation"] = (blocks, True)

    for stem, (blocks, landscape) in documents.items():
        write_docx(OUT / f"{stem}.docx", blocks, landscape=landscape)
        written.append(OUT / f"{stem}.docx")

    doc = sample("002")
    cover, listing, matrix = doc.sections
    cover_lines = [l.raw.strip() for l in cover.lines if l.raw.strip()]
    blocks = [metadata_table(cover_lines[:4])] + cover_lines[4:]
    blocks += [l.raw.strip() for l in listing.lines if l.raw.strip() and "|" not in l.raw][:2]
    header, body = rows_002_list(listing)
    blocks.append(([header], body))
    blocks += [l.raw.strip() for l in matrix.lines if l.raw.strip() and "|" not in l.raw][:2]
    blocks.append(rows_002_matrix(matrix))
    write_html(OUT / "002_hangzhou_2024_responsibility_allocation.html", "2024年市政府民生實事項目", blocks)
    written.append(OUT / "002_hangzhou_2024_responsibility_allocation.html")
    write_xlsx(OUT / "002_hangzhou_2024_responsibility_allocation.xlsx", blocks)
    written.append(OUT / "002_hangzhou_2024_responsibility_allocation.xlsx")
    # A page saved from a government site under a .doc name, as many are served: HTML bytes.
    saved_as_doc = OUT / "002_hangzhou_2024_responsibility_allocation_saved_page.doc"
    saved_as_doc.write_bytes((OUT / "002_hangzhou_2024_responsibility_allocation.html").read_bytes())
    written.append(saved_as_doc)

    doc = sample("004")
    lines = [l.raw.strip() for l in doc.lines if l.raw.strip()]
    write_html(OUT / "004_xiacheng_2014_work_report.html", "2014年下城区政府工作报告", [metadata_table(lines[:4])] + lines[4:])
    written.append(OUT / "004_xiacheng_2014_work_report.html")

    if "--only-browser" not in sys.argv:
        written += libreoffice_pdfs(documents)
        written += libreoffice_conversions([(OUT / "003_gongshu_2024_responsibility_allocation.docx", "doc"),
                                            (OUT / "002_hangzhou_2024_responsibility_allocation.xlsx", "xls")])
    written += chromium_pdfs([OUT / "002_hangzhou_2024_responsibility_allocation.html"])
    written += library_pdfs(documents)
    return written


# PDFs as offices print them: one producer each, so the reader is held to more than one layout engine.
# LibreOffice from the .docx as written above (rows kept whole); from a copy whose rows may break
# across pages (Word's default), with the header row repeated; from a copy with cell padding.
LIBREOFFICE_VARIANTS = {
    "": {},
    "_rows_break": {"rows_break": True},
    "_padded": {"rows_break": True, "padding_pt": 4.0},
}


def libreoffice_pdfs(documents: dict[str, tuple[list, bool]]) -> list[Path]:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        print("soffice not found: LibreOffice .pdf fixtures not rebuilt (apt-get install libreoffice-writer-nogui fonts-wqy-zenhei)")
        return []
    written = []
    variants = {"": list(documents), "_rows_break": ["000_xiacheng_2011_half_year", "001_binjiang_2024_q1"],
                "_padded": ["003_gongshu_2024_responsibility_allocation"]}
    for suffix, stems in variants.items():
        for stem in stems:
            blocks, landscape = documents[stem]
            with tempfile.TemporaryDirectory() as work:
                source = Path(work) / f"{stem}{suffix}.docx"
                write_docx(source, blocks, landscape=landscape, **LIBREOFFICE_VARIANTS[suffix])
                subprocess.run(
                    [soffice, f"-env:UserInstallation=file://{work}/profile", "--headless", "--convert-to", "pdf", "--outdir", str(OUT), str(source)],
                    check=True, capture_output=True, timeout=300,
                )
            written.append(OUT / f"{stem}{suffix}.pdf")
    return written


def write_xlsx(path: Path, blocks: list) -> None:
    """A workbook as offices publish allocation tables: a sheet per attachment (the cover letter
    first), each block a row or a table with its merged cells; figures stored as numbers."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "通知"
    for block in blocks:
        if isinstance(block, str):
            if re.match(r"^附件\s*\d", block) and sheet.max_row > 1:
                sheet = book.create_sheet(f"附件{len(book.worksheets)}")
            sheet.append([block])
            continue
        header, body = block
        rows = header + body
        first = sheet.max_row + 1 if sheet.max_row > 1 or sheet["A1"].value is not None else 1
        for (r, c), (rowspan, colspan) in spans(rows).items():
            cell = sheet.cell(row=first + r, column=1 + c)
            cell.value, cell.number_format = stored(str(rows[r][c]))
            if rowspan > 1 or colspan > 1:
                sheet.merge_cells(start_row=first + r, start_column=1 + c, end_row=first + r + rowspan - 1, end_column=c + colspan)
    book.save(path)


def stored(text: str) -> tuple[object, str]:
    """A cell's text as a spreadsheet stores it: a plain figure as a number, with the format that
    prints it the same way."""
    if re.fullmatch(r"[1-9]\d{0,8}|0", text):
        return int(text), "General"
    if re.fullmatch(r"\d+\.\d+", text):
        return float(text), "0." + "0" * len(text.split(".")[1])
    if re.fullmatch(r"\d+%", text):
        return int(text[:-1]) / 100, "0%"
    return text, "General"


def libreoffice_conversions(pairs: list[tuple[Path, str]]) -> list[Path]:
    """Old formats as LibreOffice writes them: a .doc from a .docx, a .xls from a .xlsx. (The .doc
    is 003's: LibreOffice 7.4 writes 000's and 001's tables, which start on the first page and run
    over many, as plain paragraphs.)"""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        print("soffice not found: .doc/.xls fixtures not rebuilt")
        return []
    written = []
    for source, target in pairs:
        with tempfile.TemporaryDirectory() as work:
            subprocess.run(
                [soffice, f"-env:UserInstallation=file://{work}/profile", "--headless", "--convert-to", target, "--outdir", str(OUT), str(source)],
                check=True, capture_output=True, timeout=300,
            )
        written.append(source.with_suffix(f".{target}"))
    return written


# A browser's print to PDF of a saved page, as a reader prints a notice from a government site:
# A4 landscape for the wide allocation table, no browser header or footer lines, cells aligned at
# the top (a merged cell whose text a browser centres in a span cut by the page break is printed
# outside the table's rules, and is not read back).
PRINT_CSS = ("<style>@page{size:A4 landscape;margin:12mm} body{font-family:'WenQuanYi Zen Hei';font-size:8pt}"
             " table{border-collapse:collapse} td,th{vertical-align:top}</style>")


def chromium_pdfs(pages: list[Path]) -> list[Path]:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        print("chromium not found: browser .pdf fixtures not rebuilt (apt-get install chromium)")
        return []
    written = []
    for page in pages:
        target = OUT / f"{page.stem}_chromium.pdf"
        with tempfile.TemporaryDirectory() as work:
            printable = Path(work) / page.name
            printable.write_text(page.read_text(encoding="utf-8").replace("</head>", PRINT_CSS + "</head>", 1), encoding="utf-8")
            subprocess.run(
                [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 f"--user-data-dir={work}/profile", "--no-pdf-header-footer", f"--print-to-pdf={target}", printable.as_uri()],
                check=True, capture_output=True, timeout=300,
            )
        written.append(target)
    return written


CJK_TTF = Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc")


def library_pdfs(documents: dict[str, tuple[list, bool]]) -> list[Path]:
    """A PDF written by a PDF library (reportlab) with an embedded CJK TrueType font: rows never
    split, the header row repeated on each page, cells wrapped by the library's own CJK rule."""
    try:
        import reportlab  # noqa: F401
    except ImportError:
        print("reportlab not installed: library .pdf fixtures not rebuilt (pip install reportlab)")
        return []
    if not CJK_TTF.exists():
        print(f"{CJK_TTF} not found: library .pdf fixtures not rebuilt (apt-get install fonts-wqy-zenhei)")
        return []
    stem = "000_xiacheng_2011_half_year"
    blocks, landscape = documents[stem]
    target = OUT / f"{stem}_reportlab.pdf"
    write_reportlab(target, blocks, landscape)
    return [target]


def write_reportlab(path: Path, blocks: list, landscape: bool) -> None:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape as turned
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    pdfmetrics.registerFont(TTFont("WQY", str(CJK_TTF), subfontIndex=0))
    style = ParagraphStyle("cell", fontName="WQY", fontSize=8, leading=10, wordWrap="CJK")
    title = ParagraphStyle("title", parent=style, fontSize=14, leading=20)
    size = turned(A4) if landscape else A4
    story = []
    for block in blocks:
        if isinstance(block, str):
            story.append(Paragraph(html.escape(block), title))
            continue
        header, body = block
        rows = header + body
        width = max(len(r) for r in rows)
        cells = spans(rows)
        data = [["" for _ in range(width)] for _ in rows]
        commands = [("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "TOP")]
        for (r, c), (rowspan, colspan) in cells.items():
            data[r][c] = Paragraph("<br/>".join(html.escape(line) for line in str(rows[r][c]).split("\n")), style)
            if rowspan > 1 or colspan > 1:
                commands.append(("SPAN", (c, r), (c + colspan - 1, r + rowspan - 1)))
        column = (size[0] - 72) / width
        story.append(Table(data, colWidths=[column] * width, repeatRows=len(header), style=TableStyle(commands)))
    # invariant=1: no creation date or random id, so the same input gives the same bytes.
    SimpleDocTemplate(str(path), pagesize=size, leftMargin=36, rightMargin=36, topMargin=36, bottomMargin=36,
                      invariant=1).build(story)


if __name__ == "__main__":
    for path in build():
        print(f"{path.relative_to(ROOT)} {path.stat().st_size} bytes")
