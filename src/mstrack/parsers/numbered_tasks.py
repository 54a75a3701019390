"""Progress tables whose tasks are numbered inside their cells ("3、…") beside a column of "一、"
category cells, as a word processor prints them (000: 下城区 2011 为民办实事项目半年度完成情况表). A
layout, not a period: the projects take the kind the period gives (`progress.kind_for_period`).

Columns: 项目名称 (the category, "一、创建充分就业城区和创业型城区"), 工作任务 ("1、新增城镇就业人数…"),
责任单位, 完成情况. A category or unit cell left empty is merged with the row above (000 task 4 is
民政局's like task 3). Two steps:

1. `aligned_rows(grid)`: grid → one `TaskRow` per task, inherited cells filled in. Rows are read by
   position from their task cell ("N、"): the cell before it is the category (empty: merged with the
   row above), the cell after it the units (likewise), the rest its progress. A stream (the tab-led
   dump) keeps its empty cells (a lone tab, 000 L36, L38), so it is cut into rows at each task's
   category position (an empty cell or a "一、" cell just before the task) and read the same way as
   the rectangular rows of the docx/html/pdf readers.
2. `parse(section, context, kind)`: rows → projects, targets, progress, findings.

Names: `seq` is the task number ("1", "3"); `task` the task text without "N、" and its closing
";"; `name` is the same text, as the table has no separate name column; `category` the category
name without its numbering (the numbering stays in `raw`); `lead_units` the 责任单位 (all units of
this table lead; `co_units` is empty).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model import Finding
from ..model import Cell, Grid, ref_of
from ..numbering import opening
from ..names import split_units
from ..raw import raw_of
from ..rows import progress_row, project_row, target_rows
from . import ParseContext, ParseResult
from .completion import (
    category_parts,
    distinct_targets,
    is_category,
    repeated_target_findings,
    status_of,
    trim_task,
    without_furniture,
)

# 000 L16 "1、新增城镇就业人数…": the task number and its 、 (L71 "10、80%以上…" goes on with a figure);
# after a dot, a digit would be a decimal or a "1.1" seq, not a task.
TASK_STYLES = ("arabic",)


def task_number(text: str) -> tuple[str, str] | None:
    """(number, task text) of a cell that opens with a task's number ("1、新增城镇就业人数…")."""
    found = opening(text.strip(), TASK_STYLES)
    return (found[0].printed, found[1]) if found else None


@dataclass
class TaskRow:
    """One table row, aligned: each column's cell, inherited ones included (`inherited` names them)."""

    task: Cell
    category: Cell | None = None
    units: Cell | None = None
    progress: list[Cell] = field(default_factory=list)
    inherited: set[str] = field(default_factory=set)

    @property
    def own_cells(self) -> list[Cell]:
        cells = [self.category] if self.category and "category" not in self.inherited else []
        cells.append(self.task)
        if self.units and "units" not in self.inherited:
            cells.append(self.units)
        return cells + self.progress


def is_task(cell: Cell) -> bool:
    return task_number(cell.text) is not None


def aligned_rows(grid: Grid) -> list[TaskRow]:
    """Step 1: the grid's cells → one TaskRow per task cell, merged (empty) cells inherited from above."""
    rows: list[TaskRow] = []
    grid_rows = stream_rows(grid.cells) if grid.stream else grid.rows
    for grid_row in grid_rows:
        _read_rectangular_row([without_furniture(c) for c in grid_row], rows)
    _inherit(rows)
    return rows


def stream_rows(cells: list[Cell]) -> list[list[Cell]]:
    """A stream cut into table rows: a row opens at its category position, the cell just before a
    task when that cell is empty (merged) or a category. The cells before the first row are the
    header; an empty cell outside the four-column rhythm (000 L25, after task 1's progress where
    task 2 would stand) ends up at the end of the row above, where it holds nothing."""
    starts = []
    for i, cell in enumerate(cells):
        if not cell.empty and is_task(cell):
            opens_before = i > 0 and (cells[i - 1].empty or is_category(cells[i - 1]))
            starts.append(i - 1 if opens_before and (not starts or starts[-1] < i - 1) else i)
    bounds = [0] + starts + [len(cells)]
    return [cells[a:b] for a, b in zip(bounds, bounds[1:]) if a < b]


def _read_rectangular_row(cells: list[Cell], rows: list[TaskRow]) -> None:
    at = next((i for i, cell in enumerate(cells) if not cell.empty and is_task(cell)), None)
    if at is None:
        # A row without a task (a header, or a continuation of the row above): its text stays with
        # the task above, as the stream reading keeps it.
        if rows:
            rows[-1].progress.extend(cell for cell in cells if not cell.empty and not is_category(cell))
        return
    category = next((cell for cell in cells[:at] if not cell.empty and is_category(cell)), None)
    units = cells[at + 1] if at + 1 < len(cells) and not cells[at + 1].empty else None
    progress = [cell for cell in cells[at + 2:] if not cell.empty]
    rows.append(TaskRow(task=cells[at], category=category, units=units, progress=progress))


def _inherit(rows: list[TaskRow]) -> None:
    """An empty category or unit cell is merged with the row above (000 L36–38: task 4 under 民政局)."""
    for above, row in zip(rows, rows[1:]):
        if row.category is None and above.category is not None:
            row.category = above.category
            row.inherited.add("category")
        if row.units is None and above.units is not None:
            row.units = above.units
            row.inherited.add("units")


def parse(section, context: ParseContext, kind: str) -> ParseResult:
    """Step 2: aligned rows → projects, targets, progress and findings."""
    result = ParseResult()
    rows = aligned_rows(section.grid)
    for ordinal, row in enumerate(rows):
        seq, task_text = task_number(row.task.text)
        task = trim_task("".join(line for line in task_text.split("\n")))
        parts = category_parts(row.category) if row.category else None
        cells = ([row.category] if row.category else []) + [row.task] + ([row.units] if row.units else []) + row.progress
        ref = ref_of(row.own_cells)
        project = project_row(
            context.doc_id, section.index, kind, ordinal,
            seq=seq, category=parts[1] if parts else None, name=task, task=task,
            lead_units=split_units(row.units.text) if row.units else [],
            ref=ref, raw=raw_of(cells),
        )
        result.add("projects", project)
        targets, repeated = distinct_targets(target_rows(project, task, row.task.ref))
        for target in targets:
            result.add("targets", target)
        result.findings.extend(
            repeated_target_findings(seq, repeated, row.task.ref, context.doc_id, context.source_path))
        text = "\n".join(cell.text for cell in row.progress) or None
        result.add("progress", progress_row(
            project, 0, as_of=context.as_of, period=context.period, text=text,
            status=status_of(text, targets), ref=ref_of(row.progress) if row.progress else ref,
        ))
    result.findings.extend(numbering_gaps(rows, context))
    return result


def numbering_gaps(rows: list[TaskRow], context: ParseContext) -> list[Finding]:
    """A task number skipped (000: 1, 3, 4 … — task 2 is not printed). The text between the two
    tasks stays with the task before; the message quotes its last paragraph, which may be the
    missing task's progress (000 L23 "一是加强小额担保贷款…")."""
    findings = []
    for before, after in zip(rows, rows[1:]):
        first, second = (int(task_number(r.task.text)[0]) for r in (before, after))
        if second <= first + 1:
            continue
        missing = ", ".join(str(n) for n in range(first + 1, second))
        plural = "s" if second - first > 2 else ""
        message = f"task{plural} {missing} not printed: the numbering jumps from {first} ({before.task.ref}) to {second} ({after.task.ref})"
        paragraphs = [line for cell in before.progress for line in cell.lines()]
        if len(paragraphs) > 1:
            message += (f"; task {first}'s progress keeps its last paragraph \"{paragraphs[-1][:12]}…\", "
                        f"which may be task {missing}'s progress")
        findings.append(Finding(
            "NUMBERING_GAP", "warning", message + "; check the source table",
            doc_id=context.doc_id, source_path=context.source_path, table="projects",
            ref=str(ref_of(before.own_cells)),
        ))
    return findings
