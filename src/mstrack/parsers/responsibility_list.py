"""附件1 民生实事项目责任清单 → projects, targets, milestones.

Step (1), grid → aligned rows (`aligned_rows`):
- rectangular rows (.docx/.html/.pdf) pass through; a merged 序号/类别 is an empty Cell and is
  inherited from the row above (so is any cell a rowspan covers);
- pipe rows (002) drop merged cells: a row that does not open with a 序号 starts at 项目名称, and
  takes 序号 and 类别 from the row above (002 L30: "新增认知障碍照护专区床位1000张 | 方 毅 | …");
- a stream (003, tab-led cells) is cut into rows at each 序号 (一…十) followed by words.

Step (2), aligned rows → rows (`parse`): people and units split by `names`, due dates by
`dates.parse_due`, targets from the task text, milestones from 工作计划和进度安排.

Numbering. 002 prints one 序号 per category group (1 … 10, "3 “春雨计划”在杭州" printed again after a
page break at L43 is the same group), so its 48 projects keep seq as printed ("1" for the five
projects of group 1) and keep their reading order; 附件2 numbers the same projects 1 … 48 in that
order. `allocation_matrix` links its items by name first and falls back to that order.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model import Cell, ref_of
from ..names import split_people, split_units
from ..raw import raw_of
from ..rows import project_row, target_rows
from .columns import Column, is_seq, is_text, role_text, split_header
from .dates import parse_due
from .plan import milestone_rows

KIND = "responsibility_list"
# Columns a merged cell spans down a group of projects (002: 序号 and 类别).
GROUP_ROLES = ("seq", "category")
# Layouts this reader realigns by the looks of 002/003's columns (pipe rows dropping merged cells,
# tab-led streams) and native tables (layout None); others go to the header-driven `table` reader.
READ_HERE = (None, "pipe", "tab")


@dataclass
class ListRow:
    """One project's cells by column role, after realignment."""

    cells: dict[str, Cell] = field(default_factory=dict)
    source: list[Cell] = field(default_factory=list)  # the cells as printed

    def text(self, role: str) -> str | None:
        return role_text(self.cells, role)


def _stream_spans(cells: list[Cell]) -> list[list[Cell]]:
    """003: a row starts at a 序号 cell followed by a name."""
    spans: list[list[Cell]] = []
    for index, cell in enumerate(cells):
        opens = is_seq(cell) and index + 1 < len(cells) and is_text(cells[index + 1])
        if opens or not spans:
            spans.append([])
        spans[-1].append(cell)
    return spans


def _realign(cells: list[Cell], roles: list[str]) -> dict[str, Cell]:
    if len(cells) == len(roles) or (cells and is_seq(cells[0])):
        return dict(zip(roles, cells))
    # A short row lacks the merged group columns at its left; trailing blanks were trimmed at its right.
    first = next((i for i, role in enumerate(roles) if role not in GROUP_ROLES), 0)
    return dict(zip(roles[first:], cells))


def aligned_rows(columns: list[Column], body: list[list[Cell]], stream: bool) -> list[ListRow]:
    roles = [c.role for c in columns]
    spans = _stream_spans(body[0]) if stream and body else body
    rows: list[ListRow] = []
    covering: dict[str, tuple[Cell, int]] = {}  # role → (cell, rows it still covers below)
    previous: dict[str, Cell] = {}
    for span in spans:
        if not span or all(c.empty for c in span):
            continue
        cells = {role: cell for role, cell in _realign(span, roles).items() if not cell.empty}
        for role in roles:
            if role in cells:
                continue
            if role in covering and covering[role][1] > 0:
                cells[role] = covering[role][0]
            elif role in GROUP_ROLES and role in previous:
                cells[role] = previous[role]
        covering = {r: (c, n - 1) for r, (c, n) in covering.items() if n > 1}
        covering.update({r: (c, c.rowspan - 1) for r, c in cells.items() if c.rowspan > 1})
        if "name" not in cells and "task" not in cells:
            continue
        previous = cells
        rows.append(ListRow(cells=cells, source=[c for c in span if not c.empty]))
    return rows


def parse(section, context) -> "ParseResult":
    from . import ParseResult

    result = ParseResult()
    columns, body = split_header(section.grid)
    roles = {c.role for c in columns}
    if not {"name", "lead_units"} <= roles or section.grid.layout not in READ_HERE:
        # Lists of other places (no 项目名称 and 牵头单位 columns, where this reader takes 责任单位 for
        # co-units; other layouts) are read by their header's roles.
        from . import table

        return table.parse(section, context, KIND)
    for ordinal, row in enumerate(aligned_rows(columns, body, section.grid.stream)):
        ref = ref_of(row.source)
        name = row.text("name")
        task = row.text("task") or name  # 002 has no 工作任务 column: the project name is the task
        project = project_row(
            context.doc_id, section.index, KIND, ordinal,
            name=name, task=task, ref=ref, raw=raw_of(row.source),
            seq=row.text("seq"), category=row.text("category"),
            lead_units=split_units(row.text("lead_units")), co_units=split_units(row.text("co_units")),
            leaders=split_people(row.text("leaders")), unit_leaders=split_people(row.text("unit_leaders")),
            due=parse_due(row.text("due"), context.year),
        )  # fmt: skip
        targets = target_rows(project, task, ref)
        result.add("projects", project)
        for target in targets:
            result.add("targets", target)
        if "plan" in row.cells:
            for milestone in milestone_rows(project, targets, row.cells["plan"], context.year):
                result.add("milestones", milestone)
    return result
