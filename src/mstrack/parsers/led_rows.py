"""Progress tables whose rows are led by ★ before each lead unit, under "1.1" numbers, printed as
paragraphs (001: 滨江区 2024 民生实事 完成情况(1-3月), in traditional script). A layout, not a period:
the projects take the kind the period gives (`progress.kind_for_period`).

Columns: 项目类别 ("一、教育惠民"), 项目 (seq "1.1"), 项目目标, 责任★及配合单位 (★lead, then co-units),
完成情况. The dump prints every cell as a blank-line paragraph with no row markers, so rows are
regrouped by what cells look like. Two steps:

1. `aligned_rows(grid)`: grid → one `TargetRow` per target, each with one `LeadRow` per ★ lead
   cell. A category cell opens with "一、"; a seq cell is "1.1" (or "/", 001 L560); a lead cell
   opens with ★; the cell after a lead is its co-units when it is a list of unit names; the cells
   after that are its progress (several numbered paragraphs "1.…" "2.…" are one cell, 001 L74–82).
   A cell followed by a ★ lead is a target text: it opens a new target even without a seq (001 L110
   "推进校园公共停车位开放不少于300个") — unless it repeats the target above, as 7.4's does before
   its third street (001 L440). A ★ lead with no target before it is another lead of the same target
   (7.4's three streets, 7.5's three ★社会工作部、<street> rows). Rectangular rows are read the same
   way: empty (merged) cells are skipped, and a cell holding "★lead" and co-units on two lines is
   split in two.
2. `parse(section, context, kind)`: rows → projects, targets, progress and findings.

Choices: a target without its own seq is its own project, with the seq of the numbered row above
(2.3's second target, 9.1's "/" row, 7.5's 社区治理共同体, 9.6's 儿童综合服务驿站), the printed cells
kept in `raw`. `name` = the target text with its closing punctuation trimmed, as the table has no
name column; `task` = the target text. `lead_units`/`co_units` are the union over the project's lead
rows. A project with several lead rows gets one progress row each, `reported_by` = the lead units
that row does not share with the others (7.4: 西兴街道; 7.5: 西兴街道, its ★社会工作部 is in every
row), joined by 、; with one lead row `reported_by` is null. A seq printed twice (7.5 at L451 and
L487) gives two projects and a DUPLICATE_SEQ info finding.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model import Finding
from ..model import Cell, Grid, ref_of
from ..numbering import is_seq, opening
from ..names import split_units
from ..raw import raw_of
from ..rows import progress_row, project_row, target_rows
from . import ParseContext, ParseResult
from .completion import (
    category_parts,
    distinct_targets,
    is_category,
    looks_like_units,
    repeated_target_findings,
    status_of,
    trim_task,
    without_furniture,
)

# 001 L17 "1.1" (a dotted number of two parts); L560 "/" stands in the seq column of a target
# without a number of its own.
NO_SEQ = "/"
LEAD_MARK = "★"
# A numbered progress paragraph: 001 L74 "1.联庄路…".
ENUMERATED = ("arabic",)


@dataclass
class LeadRow:
    lead: Cell
    co_units: Cell | None = None
    progress: list[Cell] = field(default_factory=list)

    @property
    def cells(self) -> list[Cell]:
        return [self.lead] + ([self.co_units] if self.co_units else []) + self.progress


@dataclass
class TargetRow:
    target: Cell
    seq: Cell | None = None  # the printed seq cell, None when the row has none
    seq_text: str | None = None  # printed or inherited from the numbered row above
    category: Cell | None = None  # the category cell the row stands under
    repeats: list[Cell] = field(default_factory=list)  # the target printed again (001 L440)
    leads: list[LeadRow] = field(default_factory=list)

    @property
    def own_cells(self) -> list[Cell]:
        cells = ([self.seq] if self.seq else []) + [self.target] + self.repeats
        return cells + [cell for lead in self.leads for cell in lead.cells]


def is_dotted_seq(cell: Cell) -> bool:
    text = cell.text.strip()
    return text == NO_SEQ or is_seq(text, ("dotted",), depth=2)


def is_lead(cell: Cell) -> bool:
    return cell.text.strip().startswith(LEAD_MARK)


def reading_order(grid: Grid) -> list[Cell]:
    """The grid's non-empty cells in reading order; a rectangular unit cell "★lead\\nco-units" in two."""
    cells = []
    for cell in (without_furniture(c) for c in grid.cells if not c.empty):
        lines = cell.lines()
        if not grid.stream and lines and lines[0].startswith(LEAD_MARK) and len(lines) > 1:
            cells.append(Cell(text=lines[0], raw=cell.raw.split("\n")[0], ref=cell.ref))
            cells.append(Cell(text="\n".join(lines[1:]), raw="\n".join(cell.raw.split("\n")[1:]).strip(), ref=cell.ref))
        else:
            cells.append(cell)
    return cells


def aligned_rows(grid: Grid) -> list[TargetRow]:
    """Step 1: the grid's cells → one TargetRow per target, with its lead rows."""
    cells = reading_order(grid)
    rows: list[TargetRow] = []
    category: Cell | None = None
    seq: Cell | None = None  # a seq cell waiting for its target
    for n, cell in enumerate(cells):
        following = cells[n + 1] if n + 1 < len(cells) else None
        if is_category(cell):
            category = cell
        elif is_dotted_seq(cell):
            seq = cell
        elif is_lead(cell):
            if rows:
                rows[-1].leads.append(LeadRow(lead=cell))
        elif seq is not None or (following is not None and is_lead(following) and _opens_target(cell, rows)):
            if seq is None and rows and cell.text == rows[-1].target.text:
                rows[-1].repeats.append(cell)  # 7.4's target printed again before 浦沿街道 (L440)
                continue
            inherited = rows[-1].seq_text if rows else None
            seq_text = seq.text.strip() if seq is not None and seq.text.strip() != "/" else inherited
            rows.append(TargetRow(target=cell, seq=seq, seq_text=seq_text, category=category))
            seq = None
        elif rows and rows[-1].leads:
            lead = rows[-1].leads[-1]
            if lead.co_units is None and not lead.progress and looks_like_units(cell.text):
                lead.co_units = cell
            else:
                lead.progress.append(cell)
        # Cells before the first category or seq are the header (项目类别, 项目目标, …).
    return rows


def _opens_target(cell: Cell, rows: list[TargetRow]) -> bool:
    """A cell before a ★ lead opens a target only once the lead row above has its progress: the
    first cell after 7.4's ★西兴街道 and co-units is that street's progress (001 L431), not a target.
    A numbered paragraph ("2.…") is progress too."""
    if not rows or not rows[-1].leads:
        return True
    return bool(rows[-1].leads[-1].progress) and opening(cell.text, ENUMERATED) is None


def _reported_by(row: TargetRow) -> list[str | None]:
    """Per lead row, the units it does not share with the other lead rows (None when there is one)."""
    if len(row.leads) < 2:
        return [None] * len(row.leads)
    units = [split_units(lead.lead.text) for lead in row.leads]
    shared = set.intersection(*(set(u) for u in units))
    return ["、".join(u for u in lead_units if u not in shared) or "、".join(lead_units) for lead_units in units]


def _union(lists: list[list[str]]) -> list[str]:
    out: list[str] = []
    for names in lists:
        out.extend(name for name in names if name not in out)
    return out


def parse(section, context: ParseContext, kind: str) -> ParseResult:
    """Step 2: aligned rows → projects, targets, progress and findings."""
    result = ParseResult()
    rows = aligned_rows(section.grid)
    for ordinal, row in enumerate(rows):
        task = "".join(row.target.lines())
        parts = category_parts(row.category) if row.category else None
        cells = ([row.category] if row.category else []) + row.own_cells
        project = project_row(
            context.doc_id, section.index, kind, ordinal,
            seq=row.seq_text, category=parts[1] if parts else None, name=trim_task(task), task=task,
            lead_units=_union([split_units(lead.lead.text) for lead in row.leads]),
            co_units=_union([split_units(lead.co_units.text) for lead in row.leads if lead.co_units]),
            ref=ref_of(row.own_cells), raw=raw_of(cells),
        )
        result.add("projects", project)
        targets, repeated = distinct_targets(target_rows(project, task, row.target.ref))
        for target in targets:
            result.add("targets", target)
        result.findings.extend(
            repeated_target_findings(row.seq_text, repeated, row.target.ref, context.doc_id, context.source_path))
        for n, (lead, reporter) in enumerate(zip(row.leads, _reported_by(row))):
            text = "\n".join(cell.text for cell in lead.progress) or None
            result.add("progress", progress_row(
                project, n, as_of=context.as_of, period=context.period, text=text, reported_by=reporter,
                status=status_of(text, targets), ref=ref_of(lead.progress or lead.cells),
            ))
    result.findings.extend(duplicate_seqs(rows, context))
    return result


def duplicate_seqs(rows: list[TargetRow], context: ParseContext) -> list[Finding]:
    """A seq printed for two different targets (001: 7.5 at L451 and L487)."""
    printed: dict[str, list[TargetRow]] = {}
    for row in rows:
        if row.seq is not None and row.seq.text.strip() != "/" and row.seq_text:
            printed.setdefault(row.seq_text, []).append(row)
    findings = []
    for seq, same in printed.items():
        if len(same) < 2:
            continue
        where = ", ".join(str(row.seq.ref) for row in same)
        findings.append(Finding(
            "DUPLICATE_SEQ", "info",
            f"seq {seq} is printed {len(same)} times ({where}) for different targets; each is kept as its own project",
            doc_id=context.doc_id, source_path=context.source_path, table="projects",
            ref=str(ref_of([row.seq for row in same])),
        ))
    return findings
