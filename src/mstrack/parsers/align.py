"""Cells → rows under their columns, when the layout does not place them.

A stream of cells (one per line, blank-line paragraphs) or a pipe row that dropped its merged cells
is put under the header's columns by what each cell looks like (`looks`): the alignment of least
cost, in reading order, where a column may be left out (a merged cell printed once above, a cell a
dump dropped, an empty cell a blank-line layout cannot show), a list column may take several cells
(units one per paragraph), and a new row starts after the last column. A row opens with a number
(its own cell, or numbering inside the task cell when the table has no number column); a row
without one goes on the row above (a second target, a wrapped cell), and leaves out its other
columns at almost no cost. A category heading ("一、教育惠民") is a row of its own.
Dynamic programming over (cells read, column reached, whether the row goes on the row above).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model import Cell
from .header import Column
from .looks import LIST_ROLES, TEXT_LOOKS, TEXT_ROLES, fit, look, opens_with_number

MAX_CELLS_PER_COLUMN = 6
# What leaving a column out costs: merged columns (a category, a project over several targets) are
# left out most often, a row's number in a row that goes on the row above.
SKIP = {"category": 0.3, "project": 0.6, "seq": 1.0, "target": 1.5}
SKIP_DEFAULT = 2.0
SKIP_IN_CONTINUATION = 0.1
EXTRA_LIST_CELL = 0.3
EXTRA_TEXT_CELL = 1.5
NEW_ROW = 0.5
CONTINUATION_ROW = 0.8
HEADING_ROW = 0.2
INF = float("inf")


@dataclass
class AlignedRow:
    """One row's cells by column index; `present` holds the columns the row printed (empty or not)."""

    cells: dict[int, list[Cell]] = field(default_factory=dict)
    present: list[int] = field(default_factory=list)

    def add(self, column: int, cell: Cell) -> None:
        self.cells.setdefault(column, []).append(cell)
        if column not in self.present:
            self.present.append(column)


def align(cells: list[Cell], columns: list[Column]) -> list[AlignedRow]:
    """The cells, in reading order, as rows under the columns."""
    if not cells or not columns:
        return []
    n, m = len(columns), len(cells)
    looks = [look(c) for c in cells]
    seq_first = columns[0].role == "seq"
    opens = [looks[i] == "seq" or (not seq_first and opens_with_number(cells[i])) for i in range(m)]
    # cost[c][i][j]: least cost with cells[:i] placed and column j next, in a row that goes on the
    # row above (c = 1) or not (c = 0); back: how that state was reached.
    cost = [[[INF] * (n + 1) for _ in range(m + 1)] for _ in range(2)]
    back: list[list[list[tuple | None]]] = [[[None] * (n + 1) for _ in range(m + 1)] for _ in range(2)]
    cost[0][0][0] = 0.0

    def relax(c2: int, i2: int, j2: int, value: float, how: tuple) -> None:
        if value < cost[c2][i2][j2] - 1e-9:
            cost[c2][i2][j2] = value
            back[c2][i2][j2] = how

    for i in range(m + 1):
        for _ in range(2):  # a second pass after the new-row steps below reach (i, 0)
            for c in (0, 1):
                for j in range(n):
                    here = cost[c][i][j]
                    if here == INF:
                        continue
                    role = columns[j].role
                    skip = SKIP_IN_CONTINUATION if c else SKIP.get(role, SKIP_DEFAULT)
                    relax(c, i, j + 1, here + skip, ("skip", c, i, j))
                    total = here
                    for k in range(1, min(MAX_CELLS_PER_COLUMN, m - i) + 1):
                        cell_look = looks[i + k - 1]
                        if k > 1 and (cell_look == "empty" or (c == 0 and opens[i + k - 1])):
                            break
                        total += fit(cell_look, role)
                        if k > 1:
                            if role in LIST_ROLES and cell_look in ("units", "people"):
                                total += EXTRA_LIST_CELL
                            elif role in TEXT_ROLES and cell_look in TEXT_LOOKS:
                                total += EXTRA_TEXT_CELL
                            else:
                                break
                        relax(c, i + k, j + 1, total, ("take", c, i, j, k))
                if i < m and looks[i] == "heading" and cost[c][i][0] < INF:
                    relax(0, i + 1, 0, cost[c][i][0] + HEADING_ROW, ("heading", c, i))
                if i < m and cost[c][i][n] < INF:
                    if opens[i]:
                        relax(0, i, 0, cost[c][i][n] + NEW_ROW, ("row", c, i))
                    else:
                        relax(1, i, 0, cost[c][i][n] + CONTINUATION_ROW, ("row", c, i))
    # The last row may stop short (a cut-off table, trailing empty cells a dump left out): its
    # missing columns cost nothing.
    end_c, end_j = min(((c, j) for c in (0, 1) for j in range(n + 1)), key=lambda cj: cost[cj[0]][m][cj[1]])
    steps = []
    c, i, j = end_c, m, end_j
    while (c, i, j) != (0, 0, 0):
        how = back[c][i][j]
        if how is None:
            break
        steps.append(how)
        if how[0] in ("skip", "take"):
            c, i, j = how[1], how[2], how[3]
        elif how[0] == "heading":
            c, i, j = how[1], how[2], 0
        else:
            c, i, j = how[1], how[2], n
    heading_at = next((k for k, col in enumerate(columns) if col.role != "seq"), 0)
    rows = [AlignedRow()]
    for how in reversed(steps):
        if how[0] == "row":
            rows.append(AlignedRow())
        elif how[0] == "heading":
            if rows[-1].present:
                rows.append(AlignedRow())
            rows[-1].add(heading_at, cells[how[2]])
            rows.append(AlignedRow())
        elif how[0] == "take":
            _, _, i0, j0, k = how
            for cell in cells[i0:i0 + k]:
                rows[-1].add(j0, cell)
    return [row for row in rows if row.present]
