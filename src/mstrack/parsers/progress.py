"""Progress tables of every period (一季度, 上半年, 1-11月, 本月, 全年, …): one entry point.

Tables are read by their header's column roles (`table`). Two stream layouts whose rows are told
apart by marks inside the cells, not by the header, keep their own row readers:
- ★ before each lead unit, a row per ★, under "1.1" numbers (the unit cells "★lead" of a quarterly
  report printed as paragraphs, 001): `led_rows`;
- the task numbered inside its cell ("3、…") beside a column of "一、" category cells, in native
  tables or tab-led cells (a half-year table printed by a word processor, 000): `numbered_tasks`.
The kind a progress table's projects carry follows its period: H1 half_year, a quarter quarterly,
any other period progress.
"""

from __future__ import annotations

from . import ParseContext, ParseResult, led_rows, numbered_tasks, table
from .completion import is_category
from .looks import LEAD_MARKS

MIN_MARKED = 2  # cells with the mark before a layout is taken for the marked one


def kind_for_period(period: str | None) -> str:
    if period in ("H1",):
        return "half_year"
    if period and period.startswith("Q"):
        return "quarterly"
    return "progress"


def layout_reader(grid) -> str:
    """table, led_rows (★-marked lead rows) or numbered_tasks (tasks numbered "N、" inside their cells
    beside a column of "一、" category cells)."""
    cells = grid.cells
    led = sum(1 for c in cells if c.text.strip()[:1] == LEAD_MARKS[0]) >= MIN_MARKED
    dotted = sum(1 for c in cells if led_rows.is_dotted_seq(c) and c.text.strip() != led_rows.NO_SEQ) >= MIN_MARKED
    if led and dotted and grid.layout in (None, "paragraph"):
        return "led_rows"
    marked = sum(1 for c in cells if _numbered_task(c)) >= MIN_MARKED and sum(
        1 for c in cells if is_category(c)) >= MIN_MARKED
    if marked and grid.layout == "tab":
        return "numbered_tasks"
    # In a native table the category is a column beside the task, not a heading row of its own.
    if marked and grid.layout is None and any(
        any(is_category(c) for c in row) and any(_numbered_task(c) for c in row) for row in grid.rows
    ):
        return "numbered_tasks"
    return "table"


def _numbered_task(cell) -> bool:
    """A task with its number inside the cell ("3、新增…"), not a number cell of its own ("3、")."""
    found = numbered_tasks.task_number(cell.text)
    return bool(found and found[1].strip())


def parse_as(kind: str):
    def parse(section, context: ParseContext) -> ParseResult:
        reader = layout_reader(section.grid)
        if reader == "led_rows":
            return led_rows.parse(section, context, kind)
        if reader == "numbered_tasks":
            return numbered_tasks.parse(section, context, kind)
        return table.parse(section, context, kind)

    return parse
