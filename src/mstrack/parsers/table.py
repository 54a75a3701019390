"""One reader for progress tables and responsibility lists of any place, period and layout, driven
by the header's column roles (`header`, data/column_roles.csv).

Step 1, grid → rows under columns (`read_rows`): the header is found by its words (two rows when
a group label stands over its columns; a header printed again on a later page is skipped). Rows
whose cells stand in their columns (.docx/.html/.pdf, whole pipe rows) are read by position; a
stream of cells (one per line, blank-line paragraphs) or a short pipe row is put under the columns
by what its cells look like (`align`). A notice printed as paragraphs with no table ("1.任务。
牵头领导:… 责任单位:… 实际完成情况:…") is read by its labels (`labelled_rows`).

Step 2, rows → projects (`parse_table`): a row opens a project when it is numbered (its own
number column, or numbering inside the task cell in any style: 1 1. 1、 一、 (一) （1） 1.1 ①);
a row without a number goes on the project above (a second target, a wrapped cell); a row of one
cell numbered in another style than the projects (一、 over 1.) is a category; a 合计/小计/总计 row
is a total, never a project. Each progress column gives its own progress row, with the period its
header names ("1-10月推进情况" → M10) or the document's.

Never silent: a table that yields no rows is an error finding naming the header cells seen and the
roles missing; a row that cannot be attached is UNPARSED_ROW; the last row of a cut-off table is
TRUNCATED_ROW; a header whose cells run together with no separator is LAYOUT_UNDECIDED.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from statistics import median

from ..model import Finding
from ..model import Cell, Grid, SourceRef, ref_of
from ..numbering import mark_pattern
from ..names import split_people, split_units
from ..periods import period_of
from ..raw import raw_of
from ..sections import CELL_SEPARATOR
from ..rows import progress_row, project_row, target_rows
from . import ParseContext, ParseResult
from .align import AlignedRow, align
from .completion import distinct_targets, status_of, trim_task, without_furniture
from .dates import parse_due
from .header import (
    ROW_ROLES, Column, column_of, columns_of, header_key, is_header_row, role_of, role_words, settled,
)
from .looks import LEAD_MARKS, LIST_ROLES, look, numbering, opens_with_number
from .plan import milestone_rows

TOTAL = re.compile(r"^(?:全[市区县]?|总)?(?:合计|小计|总计|共计)")
MAX_TOTAL_CHARS = 6  # "合计", "全区合计": a total's label, not a sentence that opens with 共计
# A web page's furniture after its table ("分享到:", "打印本页"): not a cell.
WEB_FURNITURE = re.compile(r"^(?:分享到|打印本页|关闭窗口|【打印】|【关闭】|扫一扫|上一篇|下一篇|相关链接)")
HEAD_SCAN = 20
CATEGORY_STYLES = ("cn", "paren_cn")
# Roles a progress table reports by, in order of preference (`progress_columns`).
REPORT_ROLES = ("progress", "achieved", "rate", "status")
# Cells a project of its own prints beside its task; a second target printed below one does not.
OWN_ROLES = ("lead_units", "leaders", "unit_leaders", "co_units", "person", "owner")
FIGURE_FIRST = re.compile(r"^\s*\d")


@dataclass
class Table:
    columns: list[Column]
    rows: list[AlignedRow]
    header_cells: list[Cell] = field(default_factory=list)
    truncated: AlignedRow | None = None  # the last row, cut off


@dataclass
class Project:
    seq: str | None
    category: str | None
    cells: dict[int, list[Cell]] = field(default_factory=dict)
    source: list[Cell] = field(default_factory=list)
    names: dict[str, str] = field(default_factory=dict)  # role → the opening row's own text

    def take(self, row: AlignedRow) -> None:
        """The row's cells join the project's, column by column (a row going on the one above too)."""
        for j, cells in row.cells.items():
            self.cells.setdefault(j, []).extend(c for c in cells if not c.empty)
        self.source.extend(c for j in sorted(row.cells) for c in row.cells[j] if not c.empty)


# --- step 1 ---------------------------------------------------------------------------------


def find_header(grid: Grid) -> tuple[list[Column], list[Cell], int] | None:
    """(columns, header cells, index where the body starts) of a grid's first header."""
    if grid.stream:
        cells = grid.rows[0] if grid.rows else []
        for start in range(min(len(cells), HEAD_SCAN * 3)):
            header, end = _header_run(cells, start)
            if len(header) >= 2 and is_header_row(header):
                return settled([column_of(i, c.text) for i, c in enumerate(header)]), header, end
        return None
    for r, row in enumerate(grid.rows[:HEAD_SCAN]):
        if is_header_row(row):
            end = r + 1
            while end < len(grid.rows) and _continues_header(grid.rows[end]):
                end += 1
            header_rows = grid.rows[r:end]
            return columns_of(header_rows), [c for row_ in header_rows for c in row_ if not c.empty], end
    return None


# A header cell of a stream wrapped over two paragraphs breaks after its conjunction ("责任★及" /
# "配合单位"): the part before the break names no role of its own.
WRAPPED_HEADER_END = re.compile(r"[及和与、/或]$")


def _header_run(cells: list[Cell], start: int) -> tuple[list[Cell], int]:
    """The header cells of a stream from `start` (a wrapped one rejoined), and where they end."""
    header, i = [], start
    while i < len(cells):
        if role_of(cells[i].text):
            header.append(cells[i])
            i += 1
        elif i + 1 < len(cells) and WRAPPED_HEADER_END.search(header_key(cells[i].text)) and role_of(cells[i].text + cells[i + 1].text):
            header.append(_joined(cells[i : i + 2]))
            i += 2
        else:
            break
    return header, i


def _joined(cells: list[Cell]) -> Cell:
    """Cells read as one, line after line (a header cell wrapped over two paragraphs, a plan over several)."""
    return Cell(text="\n".join(c.text for c in cells), raw="\n".join(c.raw for c in cells), ref=ref_of(cells))


def _continues_header(row: list[Cell]) -> bool:
    """A second header row under the first: every cell it prints is a period ("1-10月", "一季度"),
    or names a role while the row is no header of its own (the words under a group label)."""
    filled = [c for c in row if not c.empty]
    if not filled:
        return False
    if all(_period_only(c.text) for c in filled):
        return True
    return all(role_of(c.text) or _period_only(c.text) for c in filled) and not is_header_row(row)


def _period_only(text: str) -> bool:
    key = header_key(text)
    period = period_of(key)
    return period is not None and len(key) <= len(period.word) + 2


def read_rows(grid: Grid) -> Table | None:
    found = find_header(grid)
    if found is None:
        return None
    columns, header_cells, start = found
    rows: list[AlignedRow] = []
    if grid.stream:
        cells = [c for c in (grid.rows[0][start:] if grid.rows else []) if not WEB_FURNITURE.match(c.text.strip())]
        cells = _without_totals(_without_repeated_headers(cells, len(columns)))
        rows = align([without_furniture(c) for c in cells], columns)
    else:
        for row in grid.rows[start:]:
            row = [without_furniture(c) for c in row]
            if is_header_row(row) or all(c.empty for c in row):
                continue
            if len(row) == len(columns):
                aligned = AlignedRow()
                for j, cell in enumerate(row):
                    aligned.add(j, cell)
                rows.append(aligned)
            else:
                rows.extend(align(row, columns))
    table = Table(columns=columns, rows=rows, header_cells=header_cells)
    table.truncated = _cut_off_row(grid, table)
    if table.truncated is not None:
        table.rows = table.rows[:-1]
    return table


def _without_repeated_headers(cells: list[Cell], width: int) -> list[Cell]:
    """A stream drops a header printed again after a page break: a run of header words."""
    out, i = [], 0
    while i < len(cells):
        run = 0
        while i + run < len(cells) and role_of(cells[i + run].text):
            run += 1
        if run >= max(2, width // 2) and is_header_row(cells[i:i + run]):
            i += run
            continue
        out.append(cells[i])
        i += 1
    return out


def _without_totals(cells: list[Cell]) -> list[Cell]:
    """A stream without its 合计/小计 rows: from the total's cell to the next numbered one, which
    would otherwise read as a project's units or a second target."""
    out, in_total = [], False
    for cell in cells:
        text = cell.text.strip()
        if TOTAL.match(header_key(text)) and len(header_key(text)) <= MAX_TOTAL_CHARS:
            in_total = True
        elif in_total and (look(cell) in ("seq", "heading") or opens_with_number(cell)):
            in_total = False
        if not in_total:
            out.append(cell)
    return out


def _cut_off_row(grid: Grid, table: Table) -> AlignedRow | None:
    """The last row, when the table stops inside it: a pipe row not closed by its "|", or a row that
    prints fewer columns than the rows before it do."""
    if not table.rows:
        return None
    last = table.rows[-1]
    if grid.open_end:
        return last
    if not grid.stream or len(table.rows) < 2:
        return None
    # A row that goes on the row above (a second target) or a category row is short by nature; a
    # numbered row that prints fewer columns than the numbered rows before it is cut.
    numbered = [row for row in table.rows[:-1] if sum(1 for cells in row.cells.values() if _text(cells)) >= 2
                and _row_number(row, table.columns)[1] is not None]
    widths = [max(row.present) for row in numbered]
    opens = _row_number(last, table.columns)[1] is not None
    if widths and opens and max(last.present) < median(widths):
        return last
    return None


# --- paragraphs with labels -----------------------------------------------------------------


# An item number opening the text or following a space or the end of the item before.
ITEM = re.compile(r"(?:^|(?<=[\s。;;]))" + mark_pattern(("arabic",)).pattern)


def labelled_rows(lines: list[str], refs: list[SourceRef]) -> Table | None:
    """Items "1.任务。 牵头领导:… 责任单位:… 实际完成情况:…", one after another (one line or many),
    each label's words a column role."""
    text = "\n".join(lines)
    if _label_pattern_backwards().search(text[::-1]) is None:
        return None
    label = _label_pattern()
    starts = []
    expected = None
    for match in ITEM.finditer(text):
        number = int(match.group("arabic"))
        if expected is None and number != 1:
            continue
        if expected is not None and number != expected:
            continue
        starts.append(match)
        expected = number + 1
    if len(starts) < 2:
        return None
    bounds = [m.start() for m in starts] + [len(text)]
    line_starts = [0]
    for line in lines:
        line_starts.append(line_starts[-1] + len(line) + 1)
    columns: list[Column] = [Column(index=0, role="seq", header="序号"), Column(index=1, role="project", header="项目")]
    by_word: dict[str, int] = {}
    rows: list[AlignedRow] = []
    for match, end in zip(starts, bounds[1:]):
        item = text[match.start():end]
        labels = [m for m in label.finditer(item) if m.start() > 0]
        if len(labels) < 2:
            continue
        ref = _ref_at(match.start(), end, line_starts, refs)
        row = AlignedRow()
        row.add(0, Cell(text=match.group(1), raw=match.group(1), ref=ref))
        head = item[match.end() - match.start():labels[0].start()].strip()
        row.add(1, Cell(text=head, raw=head, ref=ref))
        for m, nxt in zip(labels, labels[1:] + [None]):
            word = m.group(1)
            if word not in by_word:
                by_word[word] = len(columns)
                columns.append(column_of(len(columns), word))
            value = item[m.end():nxt.start() if nxt else len(item)].strip()
            if columns[by_word[word]].role in LIST_ROLES:
                # A list of units or people ends at a space; what follows (a small table printed
                # inline in the paragraph) stays in the row's raw text only.
                value = value.split()[0] if value.split() else value
            row.add(by_word[word], Cell(text=value, raw=value, ref=ref))
        rows.append(row)
    if not rows:
        return None
    table = Table(columns=columns, rows=rows, header_cells=[])
    # The last item stops short of a label most other items print (the page was cut off there).
    before = rows[:-1]
    usual = {j for j in range(len(columns)) if sum(j in r.present for r in before) * 2 > len(before)}
    if before and not usual <= set(rows[-1].present) and end >= len(text):
        table.truncated = rows[-1]
        table.rows = rows[:-1]
    return table


@lru_cache(maxsize=1)
def _label_pattern() -> re.Pattern:
    """A header word used as a label: "牵头领导:", "实际完成情况：" (longest words first)."""
    _, ordered = role_words()
    return re.compile(r"(" + "|".join(re.escape(w) for w, _ in ordered) + r")\s*[:：]")


@lru_cache(maxsize=1)
def _label_pattern_backwards() -> re.Pattern:
    """_label_pattern for the text read backwards, colon first: whether a text holds a label at
    all. A text holds few colons and a search led by one skips the rest at C speed, where one led by
    150 words tries them at most characters (a section without labels: 1.3 ms, now a fifth)."""
    _, ordered = role_words()
    return re.compile(r"[:：]\s*(" + "|".join(re.escape(w[::-1]) for w, _ in ordered) + r")")


def _ref_at(start: int, end: int, line_starts: list[int], refs: list[SourceRef]) -> SourceRef:
    first = max(i for i, s in enumerate(line_starts[:-1]) if s <= start)
    last = max(i for i, s in enumerate(line_starts[:-1]) if s < end)
    return SourceRef.covering([refs[first], refs[last]])


# --- step 2 ---------------------------------------------------------------------------------


def _text(cells: list[Cell] | None) -> str | None:
    texts = [c.text.strip() for c in cells or [] if not c.empty]
    return "\n".join(texts) or None


def _roles(columns: list[Column], role: str) -> list[int]:
    return [c.index for c in columns if c.role == role]


def _row_number(row: AlignedRow, columns: list[Column]) -> tuple[str | None, str | None, int | None]:
    """(style, number, column) of a row's numbering: its number cell, else its task cell's opening."""
    for j in _roles(columns, "seq"):
        text = _text(row.cells.get(j))
        if text:
            found = numbering(text + ("" if re.search(r"[.、)）]$", text) else "、"))
            if found:  # a number, or a category's number and name ("一、教育惠民" across the row)
                return found[0], found[1], j
            return "other", text.strip(), j
    for role in ("project", "target"):
        for j in _roles(columns, role):
            text = _text(row.cells.get(j))
            if text:
                found = _cell_numbering(next(c for c in row.cells[j] if not c.empty))
                return (found[0], found[1], j) if found else (None, None, None)
    return None, None, None


def _cell_numbering(cell: Cell) -> tuple[str, str, str] | None:
    """The numbering a cell opens with (a circled ① is kept by normalisation, so the text says it)."""
    return numbering(cell.text.strip().lstrip(LEAD_MARKS))


def _is_total(row: AlignedRow) -> bool:
    first = next((c for j in sorted(row.cells) for c in row.cells[j] if not c.empty), None)
    return first is not None and bool(TOTAL.match(header_key(first.text)))


def parse_table(table: Table, section, context: ParseContext, kind: str) -> ParseResult:
    result = ParseResult()
    columns = table.columns
    numbered = [_row_number(row, columns) for row in table.rows]
    filled = [sum(1 for cells in row.cells.values() if _text(cells)) for row in table.rows]
    project_styles = [style for (style, _, _), n in zip(numbered, filled) if style and n >= 2]
    main_style = max(set(project_styles), key=project_styles.count) if project_styles else None
    category_cols = _roles(columns, "category")
    projects: list[Project] = []
    category: str | None = None
    for row, (style, number, at), n in zip(table.rows, numbered, filled):
        if _is_total(row):
            continue
        texts = {_text(cells) for cells in row.cells.values()} - {None}
        lone = len(texts) == 1
        outer = style is not None and style != main_style and (style in CATEGORY_STYLES or main_style == "dotted")
        if outer and lone:
            category = _strip_number(next(iter(texts)))
            continue
        if outer and at is not None and columns[at].role == "seq" and len(texts) == 2:
            # "(一) | 出行便利": the category's number in the number column, its name beside it.
            category = next(t for t in texts if t != _text(row.cells.get(at)))
            continue
        if lone and style is None and not projects and not _holds_row_role(row, columns):
            category = next(iter(texts))
            continue
        for j in category_cols:
            own = _text(row.cells.get(j))
            if own:
                category = _strip_number(own)
        if number is not None:
            projects.append(_opened(row, columns, number, category, at))
        elif projects and _holds_row_role(row, columns) and _holds_own_units(row, columns):
            # A merged number over several projects (one 序号 per group): a row with its own task and
            # its own units or leaders is a project of the group, not a second target of the one above.
            projects.append(_opened(row, columns, projects[-1].seq, category, None))
        elif projects:
            projects[-1].take(row)  # a second target, a wrapped cell: the project above goes on
        elif _holds_row_role(row, columns):
            projects.append(_opened(row, columns, None, category, None))
        else:
            result.findings.append(_unparsed_row(row, context))
    for ordinal, project in enumerate(projects):
        _emit(project, ordinal, columns, section, context, kind, result)
    if table.truncated is not None:
        cells = [c for j in sorted(table.truncated.cells) for c in table.truncated.cells[j] if not c.empty]
        if cells:
            result.findings.append(Finding(
                "TRUNCATED_ROW", "warning",
                f"the table stops inside its last row (\"{_quote(raw_of(cells))}\"): the source is cut off "
                "there; the rows printed whole were read",
                doc_id=context.doc_id, source_path=context.source_path, table="projects", ref=str(ref_of(cells)),
            ))
    return result


def _opened(row: AlignedRow, columns: list[Column], number: str | None, category: str | None, at: int | None) -> Project:
    project = Project(seq=number, category=category)
    project.take(row)
    if at is not None and columns[at].role != "seq":
        project.cells[at] = _without_number(project.cells[at])
    for role in ROW_ROLES:
        for j in _roles(columns, role):
            own = _text(project.cells.get(j))
            if own and role not in project.names:
                project.names[role] = "".join(own.split("\n"))
    return project


def progress_columns(columns: list[Column]) -> list[int]:
    """The columns that report progress: 进展情况-like ones; in a table without one, what it
    reports instead (完成数, then 完成率, then 目标完成情况)."""
    for role in REPORT_ROLES:
        found = _roles(columns, role)
        if found:
            return found
    return []


def _holds_own_units(row: AlignedRow, columns: list[Column]) -> bool:
    return any(_text(row.cells.get(c.index)) for c in columns if c.role in OWN_ROLES)


def _holds_row_role(row: AlignedRow, columns: list[Column]) -> bool:
    return any(_text(row.cells.get(c.index)) for c in columns if c.role in ROW_ROLES)


def _strip_number(text: str) -> str:
    found = numbering(text)
    return (found[2] if found else text).strip()


def _without_number(cells: list[Cell]) -> list[Cell]:
    if not cells:
        return cells
    first = cells[0]
    found = _cell_numbering(first)
    if not found:
        return cells
    return [Cell(text=found[2].strip(), raw=first.raw, ref=first.ref, colspan=first.colspan, rowspan=first.rowspan)] + cells[1:]


def _quote(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 40 else text[:39] + "…"


def _unparsed_row(row: AlignedRow, context: ParseContext) -> Finding:
    cells = [c for j in sorted(row.cells) for c in row.cells[j] if not c.empty]
    return Finding(
        "UNPARSED_ROW", "warning",
        f"a row with no project to belong to: \"{_quote(raw_of(cells))}\"; check it by hand",
        doc_id=context.doc_id, source_path=context.source_path, table="projects", ref=str(ref_of(cells)),
    )


def _emit(project: Project, ordinal: int, columns: list[Column], section, context: ParseContext, kind: str,
          result: ParseResult) -> None:
    def text(role: str) -> str | None:
        parts = [_text(project.cells.get(j)) for j in _roles(columns, role)]
        return "\n".join(p for p in parts if p) or None

    name_text = text("project")
    # The year's target; a target column of a period ("一季度目标") is a stage of the work, kept in raw.
    target_text = "\n".join(t for t in (_text(project.cells.get(c.index)) for c in columns
                                         if c.role == "target" and (c.period is None or c.period.code == "FY")) if t) or None
    # The name is the project's own cell as its numbered row prints it; rows that go on below it add
    # targets to the task, not words to the name.
    name = trim_task(project.names.get("project") or project.names.get("target") or "") or None
    # The task is the year's target; lines the project column gathered from rows below its own
    # (a second target printed under the project's name) go with it. A target column of bare
    # figures ("2000个") counts what the project column names.
    names = name_text.split("\n") if name_text else []
    targets_printed = target_text.split("\n") if target_text else []
    if names and targets_printed and FIGURE_FIRST.match(targets_printed[0]):
        lines = [names[0] + targets_printed[0]] + targets_printed[1:] + names[1:]
    elif targets_printed:
        lines = targets_printed + names[1:]
    else:
        lines = names
    task = "\n".join(lines) or None
    ref = ref_of(project.source) if project.source else section.ref
    row = project_row(
        context.doc_id, section.index, kind, ordinal,
        seq=project.seq, category=project.category, name=name, task=task,
        lead_units=split_units(text("lead_units")), co_units=split_units(text("co_units")),
        leaders=split_people(text("leaders")), unit_leaders=split_people(text("unit_leaders")),
        due=parse_due(text("due"), context.year),
        ref=ref, raw=raw_of(project.source),
    )  # fmt: skip
    result.add("projects", row)
    targets, _ = distinct_targets(target_rows(row, task, ref))
    for target in targets:
        result.add("targets", target)
    plan_cells = [c for j in _roles(columns, "plan") for c in project.cells.get(j, [])]
    if plan_cells:
        plan = _joined(plan_cells)
        for milestone in milestone_rows(row, targets, plan, context.year):
            result.add("milestones", milestone)
    status_text = text("status")
    for n, j in enumerate(progress_columns(columns)):
        cells = project.cells.get(j, [])
        progress = _text(cells)
        period = columns[j].period  # the column's own ("1-10月推进情况"), else the document's
        result.add("progress", progress_row(
            row, n, as_of=period.as_of(context.year) if period else context.as_of,
            period=period.code if period else context.period, text=progress,
            status=status_of("\n".join(t for t in (progress, status_text) if t) or None, targets),
            ref=ref_of(cells) if cells else ref,
        ))


# --- the whole section ----------------------------------------------------------------------


def parse(section, context: ParseContext, kind: str) -> ParseResult:
    """Rows of a progress table or a responsibility list, or the findings saying why there are none."""
    table = read_rows(section.grid)
    if table is None or not table.rows:
        labelled = labelled_rows([line.text for line in section.lines], [SourceRef(line_start=l.number) for l in section.lines])
        if labelled is not None and labelled.rows:
            table = labelled
    if table is None:
        return _no_table(section, context, kind)
    result = parse_table(table, section, context, kind)
    if not result.rows.get("projects"):
        result.findings.append(_no_rows(section, context, kind, table.header_cells, table.columns))
    return result


def _no_table(section, context: ParseContext, kind: str) -> ParseResult:
    result = ParseResult()
    run_together = next((line for line in section.lines if _runs_together(line.text)), None)
    if run_together is not None:
        result.findings.append(Finding(
            "LAYOUT_UNDECIDED", "error",
            f"section {section.index} ({section.ref}) prints its header with its cells run together, "
            f"\"{_quote(run_together.text)}\" (L{run_together.number}): no separator (|, tab, blank line, "
            "two spaces) tells its columns apart, so no rows were read",
            doc_id=context.doc_id, source_path=context.source_path, table="projects", ref=f"L{run_together.number}",
        ))
        return result
    header = _header_line(section)
    result.findings.append(_no_rows(section, context, kind, header, [column_of(i, c.text) for i, c in enumerate(header)]))
    return result


def _header_line(section) -> list[Cell]:
    """The header words of the line that holds most of them, as cells, when a section has no table."""
    best: list[Cell] = []
    for line in section.lines:
        words = [w for w in CELL_SEPARATOR.split(line.text.strip()) if w.strip()]
        cells = [Cell(text=w.strip(), raw=w.strip(), ref=SourceRef(line_start=line.number)) for w in words]
        if sum(1 for c in cells if role_of(c.text)) > sum(1 for c in best if role_of(c.text)):
            best = cells
    return best


def _runs_together(text: str) -> bool:
    """A line holding three header words or more with no separator between them."""
    _, ordered = role_words()
    if CELL_SEPARATOR.search(text.strip()):
        return False
    key = header_key(text)
    if len(key) > 60:
        return False
    found, rest = 0, key
    for word, _ in ordered:
        if len(word) >= 2 and word in rest:
            found += 1
            rest = rest.replace(word, "|")
    return found >= 3 and len(rest.replace("|", "")) <= 4


def _no_rows(section, context: ParseContext, kind: str, header: list[Cell], columns: list[Column]) -> Finding:
    seen = ", ".join(header_key(c.text) for c in header) or "none"
    found = {c.role for c in columns if c.role}
    wanted = ["project or target", "progress"] if kind not in ("responsibility_list",) else ["project or target"]
    missing = [w for w in wanted if not any(r in found for r in w.split(" or "))]
    return Finding(
        "NO_ROWS", "error",
        f"section {section.index} ({section.ref}) was taken for a {kind} table but gave no rows: header cells "
        f"seen: {seen}; roles not found: {', '.join(missing) or 'none (no row under the header could be read)'}",
        doc_id=context.doc_id, source_path=context.source_path, table="projects", ref=str(section.ref),
    )
