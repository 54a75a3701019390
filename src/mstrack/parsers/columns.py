"""Column headers and cell looks shared by the table parsers (responsibility list, allocation matrix).

A table parser works in two steps: (1) grid → aligned logical rows, (2) aligned rows → table rows.
This module serves step (1): it reads the header into `Column`s (a role such as `lead_units`, or an
area such as 上城区) and says what a cell looks like (a sequence number, a figure, a unit name, text),
because the pipe dumps (002) drop merged cells and the parsers realign rows by look and count.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from .. import numbering
from ..areas import Area, canonical_area, resolve_siblings
from ..model import Cell, Grid
from ..names import is_complete_name
from ..normalise import join_name_tokens
from ..quantity import parse_cell

# Header wording → column role, most specific first (牵头单位分管领导 before 分管…领导 and 牵头单位).
COLUMN_ROLES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("unit_leaders", re.compile(r"^牵头单位分管领导$")),  # 002 L28
    ("leaders", re.compile(r"^分管.{0,2}领导$")),  # 002 "分管 市领导", 003 "分管\n区领导"
    ("seq", re.compile(r"^(序号|编号)$")),
    ("category", re.compile(r"^类别$")),
    ("name", re.compile(r"^项目(名称|内容)$")),  # 003 附件2 "项目内容"
    ("task", re.compile(r"^工作任务$")),
    ("lead_units", re.compile(r"^牵头单位$")),
    ("co_units", re.compile(r"^(配合|责任)单位$")),  # 003 "责任单位"
    ("due", re.compile(r"^预计完成时间$")),
    ("plan", re.compile(r"^工作计划")),  # 002 "工作计划和进度安排"
    ("target", re.compile(r"^量化目标$")),
)
# A label spanning the area columns, with no column of its own: 002 "各区、县(市)任务分解", 003 "各街道任务".
AREA_GROUP_LABEL = re.compile(r"^各.{0,8}任务")
# 003 prints its own column as "区本级\n任务".
_AREA_HEADER_TAIL = re.compile(r"任务$")

EMPTY_MARKERS = {"", "-", "--", "—", "——", "/", "无"}
# A matrix's 序号 cell: "3" or "三", alone.
SEQ_STYLES = ("arabic", "cn")
_DIGIT = re.compile(r"\d")


@dataclass(frozen=True)
class Column:
    role: str  # a COLUMN_ROLES role, or "area"
    header: str
    area: Area | None = None


def header_key(cell: Cell) -> str:
    return _text_key(cell.text)


# Cached by the text as printed: kind detection, the header reader and the row readers ask the key
# of the same cells again (11,000 keys for kind detection over the corpus, a regex each).
@lru_cache(maxsize=16384)
def _text_key(text: str) -> str:
    return join_name_tokens(text).replace("\n", "").replace(" ", "")


def column_role(cell: Cell) -> str | None:
    key = header_key(cell)
    for role, pattern in COLUMN_ROLES:
        if pattern.search(key):
            return role
    return None


def header_area(cell: Cell) -> Area | None:
    return _header_area(cell.text)


@lru_cache(maxsize=16384)
def _header_area(text: str) -> Area | None:
    key = _AREA_HEADER_TAIL.sub("", _text_key(text))
    return canonical_area(key) if key else None


def _header_column(cell: Cell) -> Column | None:
    role = column_role(cell)
    if role:
        return Column(role, header_key(cell))
    area = header_area(cell)
    if area:
        return Column("area", header_key(cell), area)
    return None


def _is_header_cell(cell: Cell) -> bool:
    return cell.empty or _header_column(cell) is not None or bool(AREA_GROUP_LABEL.search(header_key(cell)))


def split_header(grid: Grid) -> tuple[list[Column], list[list[Cell]]]:
    """The table's columns, in order, and the body: the rows after the header (a stream keeps one
    row of all its remaining cells).

    A header spread over two rows (002 附件2: 市本级 in the first, the districts in the second)
    gives the labelled columns of the first row, then the areas of the next, which is also the
    left-to-right order of a rectangular grid where the group label spans the area columns.
    """
    if grid.stream:
        cells = grid.rows[0] if grid.rows else []
        start = next((i for i, c in enumerate(cells) if column_role(c)), len(cells))
        end = start
        while end < len(cells) and _is_header_cell(cells[end]):
            end += 1
        columns = [col for col in (_header_column(c) for c in cells[start:end]) if col]
        return area_siblings(columns), [cells[end:]]
    rows = grid.rows
    start = next((i for i, row in enumerate(rows) if any(column_role(c) for c in row)), len(rows))
    end = start
    while end < len(rows) and all(_is_header_cell(c) for c in rows[end]):
        end += 1
    columns = [col for row in rows[start:end] for col in (_header_column(c) for c in row) if col]
    return area_siblings(columns), rows[end:]


def area_siblings(columns: list[Column], year: int | None = None) -> list[Column]:
    """The area columns of one header resolved together: the parent most of them share decides
    between namesakes ("天水" is 拱墅区's 天水街道 beside 武林 and 米市巷, not 天水市)."""
    headers = [_AREA_HEADER_TAIL.sub("", c.header) for c in columns if c.role == "area"]
    areas = iter(resolve_siblings(headers, year))
    return [replace(c, area=next(areas) or c.area) if c.role == "area" else c for c in columns]


# --- what a cell looks like -----------------------------------------------------------------


def is_blank(cell: Cell | None) -> bool:
    """Empty or a dash: "--" means "no share" in both matrices."""
    return cell is None or cell.text.strip() in EMPTY_MARKERS


def role_text(cells: dict[str, Cell], role: str) -> str | None:
    """The text of a row's cell in a role; None when the row has no such cell or it is empty."""
    cell = cells.get(role)
    return cell.text if cell is not None and not cell.empty else None


def is_seq(cell: Cell) -> bool:
    return numbering.is_seq(cell.text, SEQ_STYLES)


def is_figure(cell: Cell) -> bool:
    """The cell opens with one figure ("227个", "859万", "4805" over "400人")."""
    lines = cell.lines()
    return bool(lines) and parse_cell(lines[0]) is not None


def is_unit_name(cell: Cell) -> bool:
    """Organisation names only (市民政局; "区民政局\n区教育局"); a figure such as "1所" ends like one but holds a digit."""
    if is_blank(cell) or _DIGIT.search(cell.text):
        return False
    return all(is_complete_name(join_name_tokens(line)) for line in cell.lines())


def is_text(cell: Cell) -> bool:
    """Words: a project name, a task, a note; not a figure, a dash or a unit name."""
    return not is_blank(cell) and not is_figure(cell) and not is_unit_name(cell)
