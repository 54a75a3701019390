"""附件2 任务分解表 → allocations: one row per (target, area) cell, plus the targets the list lacks
and findings where the shares do not add up to their target.

Step (1), grid → aligned rows (`aligned_rows`). Rows are realigned by cell count and by what each
cell looks like (a figure, a unit name, words, "--"), never by row number:
- rectangular rows (.docx/.html/.pdf) pass through; an empty 序号/项目名称/牵头单位 is a merged
  cell and is inherited from the row above;
- pipe rows (002) drop merged cells: "2 | 新增认知障碍照护专区床位1000张 | 1000张 | -- | 110张 | …"
  (L83) has no 牵头单位, so "--" is 市本级 and 上城区 gets 110张; a second target of an item starts
  at its figure ("1000 人次 | -- | 40 人次 …", L90) or at its own text ("新建“医防护”… | 60家 | …",
  L112); item 11 wraps over two rows (L93–95), the second holding only its unit and a note;
- a stream (003, tab-led cells) is cut into rows at each 项目内容 cell, taking the 编号 position
  before it: 一…十 opening a new group, or an empty cell (a lone tab, 003 L192) merged with the 编号
  above, which makes the row full width and so aligned by position.

Step (2), aligned rows → rows (`parse`). Each item links to its project in the same notice's
responsibility list: by name (quotes and punctuation aside: 新增阳光食品作坊117家 is
新增“阳光食品作坊”117家), else by 编号 (003: 一…十 are 附件1's 序号), else by position (002 numbers
附件1's projects 1…48 in reading order; see `responsibility_list`). Each figure links to the
project's target with the same value and unit, or to a target made from the matrix row when the
task text has none (003 一.1 "新增6所“大运河老年学堂”" is not in 附件1's task).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import lru_cache

from ..achievements import achievement_row
from ..areas import Area, canonical_area, resolve_siblings
from ..model import Finding
from ..model import Cell, Grid, ref_of
from ..quantity import Quantity, parse_cell
from ..raw import raw_of
from ..rows import allocation_row, progress_row, project_row, target_row
from ..targets import closest_target, extract_targets, same_figure
from .columns import (
    _AREA_HEADER_TAIL, AREA_GROUP_LABEL, Column, area_siblings, column_role, header_key, is_blank, is_figure, is_seq, is_text, is_unit_name, role_text, split_header,
)  # fmt: skip

KIND = "allocation_matrix"
# Label columns a merged cell spans down the rows of one item.
INHERITED_ROLES = ("seq", "name", "lead_units")
# Shares of these kinds add up to their target; rates (83%, 100% in 002 items 9 and 39) do not.
ADDITIVE_KINDS = {"count", "area", "length", "mass", "volume", "money"}
# "5(4)个" under "新增(提升)…教学点100个" (002 L115) is 5 new and 4 upgraded points; both count.
NEW_AND_UPGRADED = re.compile(r"新增\(提升\)")
_NAME_NOISE = re.compile(r"[\s“”\"'‘’「」《》,;、。:()]")


@dataclass
class MatrixRow:
    """One target line of the matrix after realignment."""

    cells: dict[str, Cell] = field(default_factory=dict)  # label role → cell, inherited ones included
    own: set[str] = field(default_factory=set)  # label roles printed in this row
    shares: list[Cell | None] = field(default_factory=list)  # one per area column, None where blank
    source: list[Cell] = field(default_factory=list)
    extras: dict[str, Cell] = field(default_factory=dict)  # 合计 / 计量单位 cells of a positional table
    is_total: bool = False  # a 合计/总计 row: checked against the column sums, never an item
    free_text: str | None = None  # words where shares should be (002 items 11 and 12)
    problem: str | None = None  # why the row could not be aligned

    def text(self, role: str) -> str | None:
        return role_text(self.cells, role)


# --- step (1): grid → aligned rows ----------------------------------------------------------


def _fits(role: str, cells: list[Cell], i: int, labels: dict[str, Cell], n_area: int) -> bool:
    cell = cells[i]
    if role == "seq":
        return i == 0 and is_seq(cell)
    if role == "name":
        return is_text(cell)
    if role == "lead_units":
        return is_unit_name(cell)
    if role == "target":
        if is_figure(cell):
            return True
        # A dash right after the name is the target column unless the cells after it are exactly
        # the area columns (then it is 市本级's "--", 002 L83).
        rest = len(cells) - i - 1 - (1 if i + 1 < len(cells) and is_unit_name(cells[i + 1]) else 0)
        return is_blank(cell) and "name" in labels and rest != n_area
    return False


def _realign(cells: list[Cell], label_roles: list[str], n_area: int) -> tuple[dict[str, Cell], list[Cell]]:
    if len(cells) == len(label_roles) + n_area:
        labels = {role: cell for role, cell in zip(label_roles, cells) if not cell.empty}
        return labels, cells[len(label_roles) :]
    labels: dict[str, Cell] = {}
    i = 0
    for role in label_roles:
        if i < len(cells) and _fits(role, cells, i, labels, n_area):
            labels[role] = cells[i]
            i += 1
    return labels, cells[i:]


def _stream_chunks(cells: list[Cell], label_roles: list[str], n_area: int) -> list[list[Cell]]:
    """003: a row is 编号 (or its empty merged position) 项目内容 [牵头单位…] then up to one cell
    per area column."""
    after_name = label_roles[label_roles.index("name") + 1 :] if "name" in label_roles else []
    chunks: list[list[Cell]] = []
    i, n = 0, len(cells)
    while i < n:
        chunk: list[Cell] = []
        if (is_seq(cells[i]) or cells[i].empty) and i + 1 < n and is_text(cells[i + 1]):
            chunk.append(cells[i])
            i += 1
        chunk.append(cells[i])  # the 项目内容 (or a stray cell, which then fails to align)
        i += 1
        for role in after_name:
            if i < n and _fits(role, cells, i, {"name": chunk[-1]}, n_area):
                chunk.append(cells[i])
                i += 1
        taken = 0
        while i < n and taken < n_area and (is_blank(cells[i]) or is_figure(cells[i])):
            chunk.append(cells[i])
            i += 1
            taken += 1
        chunks.append(chunk)
    return chunks


def _figure_lines(cell: Cell) -> int:
    """How many leading lines of a share cell hold figures ("286\n户" counts as one figure's lines)."""
    lines = cell.lines()
    count = 0
    while count < len(lines) and (parse_cell(lines[count]) is not None or (count and _is_unit_only(lines[count]))):
        count += 1
    return count


def _is_unit_only(line: str) -> bool:
    """A wrapped line holding only the unit of the figure above it ("户" under "286", 003 L556)."""
    if re.search(r"\d", line):
        return False
    quantity = parse_cell("1" + line)
    return quantity is not None and quantity.unit is not None


def _without_footer(cell: Cell) -> Cell:
    """The tab-led dump has no row end, so the document's closing lines (抄送…印发, 003 L688–694)
    are wrapped into the table's last cell; keep its figure lines only."""
    keep = _figure_lines(cell)
    lines = cell.lines()
    if keep == 0 or keep == len(lines):
        return cell
    raw_lines = [line for line in cell.raw.split("\n") if line.strip()]
    return Cell(text="\n".join(lines[:keep]), raw="\n".join(raw_lines[:keep]), ref=cell.ref)


_BARE_NUMBER = re.compile(r"^\d+(?:\.\d+)?$")


def _with_unit(cell: Cell, unit: Cell | None) -> Cell:
    """A bare figure under a 计量单位 column gets that unit ("45" and "个" → "45个"); raw stays as printed."""
    if unit is None or unit.empty or not _BARE_NUMBER.match(cell.text.strip()):
        return cell
    return Cell(text=cell.text.strip() + unit.text.strip(), raw=cell.raw, ref=cell.ref)


def _positional_chunk(columns: list[Column], chunk: list[Cell]) -> tuple[dict[str, Cell], list[Cell], dict[str, Cell]]:
    """A full-width row of a table read by position: labels, area cells, 合计/计量单位 cells."""
    labels, shares, extras = {}, [], {}
    for column, cell in zip(columns, chunk):
        if column.role == "area":
            shares.append(cell)
        elif column.role in ("total", "unit"):
            extras[column.role] = cell
        elif column.role not in EXTRA_ROLES and not cell.empty:
            labels[column.role] = cell
    unit = extras.get("unit")
    if unit is not None:
        shares = [_with_unit(c, unit) for c in shares]
        labels = {role: _with_unit(c, unit) if role == "target" else c for role, c in labels.items()}
        if "total" in extras:
            extras["total"] = _with_unit(extras["total"], unit)
    return labels, shares, extras


def aligned_rows(columns: list[Column], body: list[list[Cell]], stream: bool) -> list[MatrixRow]:
    label_roles = [c.role for c in columns if c.role != "area" and c.role not in EXTRA_ROLES]
    n_area = sum(1 for c in columns if c.role == "area")
    positional = not stream and any(c.role in EXTRA_ROLES for c in columns)
    if stream:
        cells = body[0] if body else []
        if cells:
            cells = cells[:-1] + [_without_footer(cells[-1])]
        chunks = _stream_chunks(cells, label_roles, n_area)
    else:
        chunks = body

    rows: list[MatrixRow] = []
    for chunk in chunks:
        if not chunk or all(c.empty for c in chunk):
            continue
        extras: dict[str, Cell] = {}
        if positional and len(chunk) <= len(columns):
            labels, shares, extras = _positional_chunk(columns, chunk)
        else:
            labels, shares = _realign(chunk, label_roles, n_area)
        previous = rows[-1] if rows else None
        label_text = " ".join(labels[r].text for r in ("seq", "name") if r in labels).replace(" ", "")
        if TOTAL_ROW.match(label_text):
            rows.append(MatrixRow(cells=dict(labels), own=set(labels), shares=shares, extras=extras, is_total=True,
                                  source=[c for c in chunk if not c.empty]))  # fmt: skip
            continue
        if previous and not ({"seq", "name", "target"} & labels.keys()) and not previous.shares:
            # The rest of the row above, wrapped onto a row of its own (002 item 11, L93–95).
            for role, cell in labels.items():
                previous.cells.setdefault(role, cell)
                previous.own.add(role)
            previous.shares = shares
            previous.source += [c for c in chunk if not c.empty]
            continue
        row = MatrixRow(cells=dict(labels), own=set(labels), shares=shares, extras=extras,
                        source=[c for c in chunk if not c.empty])  # fmt: skip
        if previous and previous.is_total:
            previous = None
        if previous:
            for role in INHERITED_ROLES:
                if role not in row.cells and role in previous.cells:
                    row.cells[role] = previous.cells[role]
        rows.append(row)

    for row in rows:
        words = [c.text for c in row.shares if is_text(c)]
        if words:
            row.free_text, row.shares = " ".join(words), []
        elif len(row.shares) > n_area:
            row.problem = f"{len(row.shares)} cells stand where the header has {n_area} area columns"
            row.shares = []
        else:
            # Trailing empty cells are not printed by the dumps ("… | -- | |"): pad on the right.
            row.shares = [None if c.empty else c for c in row.shares] + [None] * (n_area - len(row.shares))
    return rows


# --- step (2): aligned rows → allocations ---------------------------------------------------


# Cached: each matrix row is matched against the name of every project of the list (002: 48).
@lru_cache(maxsize=4096)
def _name_key(text: str | None) -> str:
    return _NAME_NOISE.sub("", text or "")


def _names_overlap(a: str, b: str) -> bool:
    """One name opens the other: 附件2 item 24 names only the first two of its project's three targets."""
    return bool(a and b) and (a.startswith(b) or b.startswith(a))


def _link_project(row: MatrixRow, projects: list[dict]) -> dict | None:
    key = _name_key(row.text("name"))
    if key:
        for matches in (
            [p for p in projects if _name_key(p["name"]) == key],
            [p for p in projects if _names_overlap(_name_key(p["name"]), key)],
        ):
            if len(matches) == 1:
                return matches[0]
    seq = row.text("seq")
    same_seq = [p for p in projects if seq and p["seq"] == seq]
    if len(same_seq) == 1:
        return same_seq[0]
    if seq and seq.isdecimal() and 1 <= int(seq) <= len(projects):  # not ①: isdigit() is true of it, int() fails
        return projects[int(seq) - 1]  # 002: 附件2 item n is 附件1's n-th project
    return None


def _share_figures(cell: Cell) -> list[tuple[Quantity, str]]:
    """The figures in a share cell with their raw text: "4805\n400人" is two, "286\n户" one."""
    lines = cell.lines()
    raw_lines = [line for line in map(str.strip, cell.raw.split("\n")) if line]
    if len(raw_lines) != len(lines):
        raw_lines = lines
    figures, i = [], 0
    while i < len(lines):
        quantity = parse_cell(lines[i])
        if quantity is None:
            return []
        if quantity.unit is None and i + 1 < len(lines) and _is_unit_only(lines[i + 1]):
            figures.append((parse_cell(lines[i] + lines[i + 1]), raw_lines[i] + raw_lines[i + 1]))
            i += 2
            continue
        figures.append((quantity, raw_lines[i]))
        i += 1
    return figures


def _item_label(seq: str | None) -> str:
    return f", 附件2 item {seq}" if seq else ""


def _fmt(value: Decimal) -> str:
    return format(value.normalize(), "f")


class _Builder:
    """Step (2) for one section: holds the links made so far and the rows produced."""

    def __init__(self, section, context, columns: list[Column]) -> None:
        from . import ParseResult

        self.section, self.context = section, context
        self.areas = [c.area for c in columns if c.role == "area"]
        self.headers = [c.header for c in columns if c.role == "area"]
        self.has_target_column = any(c.role == "target" for c in columns)
        self.result = ParseResult()
        self.projects = [
            p for p in context.rows.get("projects", [])
            if p["doc_id"] == context.doc_id and p["kind"] == "responsibility_list"
        ]  # fmt: skip
        self.targets: dict[str, list[dict]] = defaultdict(list)
        for target in context.rows.get("targets", []):
            self.targets[target["project_id"]].append(target)
        self.project_of_group: dict[str, dict] = {}
        self.sums: dict[str, list[Decimal]] = {}  # target_id → [sum, target value]
        self.seq_of_target: dict[str, str | None] = {}
        self.row_ref_of_target: dict[str, str] = {}
        self.used_targets: set[str] = set()
        self.unlisted: set[str] = set()
        self.column_sums: dict[int, dict[str | None, Decimal]] = {}  # area column → unit → sum since the last 合计 row

    def note_unlisted(self, section) -> None:
        for area in self.areas:
            self.note_area(area, str(section.ref))

    def note_area(self, area: Area, ref: str) -> None:
        """One info finding per place no list has, the first time it is met."""
        if area.level == "unknown" and area.name not in self.unlisted:
            self.unlisted.add(area.name)
            self.finding("AREA_NOT_LISTED", "info",
                         f"{area.name} is in no division list; read as a place below the county by its form", ref)  # fmt: skip

    def finding(self, code: str, severity: str, message: str, ref: str) -> None:
        self.result.findings.append(
            Finding(code, severity, message, doc_id=self.context.doc_id, source_path=self.context.source_path,
                    table="allocations", ref=ref)
        )  # fmt: skip

    def project_for(self, ordinal: int, row: MatrixRow) -> dict:
        group = row.text("seq") or row.text("name") or str(ordinal)
        if group in self.project_of_group:
            return self.project_of_group[group]
        project = _link_project(row, self.projects)
        if project is None:
            # No responsibility list holds the item: the matrix row is the project.
            project = project_row(
                self.context.doc_id, self.section.index, KIND, ordinal, name=row.text("name"), task=row.text("name"),
                ref=ref_of(row.source), raw=raw_of(row.source), seq=row.text("seq"),
                lead_units=[row.text("lead_units")] if row.text("lead_units") else [],
            )  # fmt: skip
            self.result.add("projects", project)
            if self.projects:
                self.finding("PROJECT_NOT_IN_LIST", "info",
                             f"附件2 item {row.text('seq')} ({row.text('name')}) matches no project of the responsibility "
                             "list by name or number; it was kept as a project of the matrix", str(ref_of(row.source)))  # fmt: skip
        self.project_of_group[group] = project
        return project

    def target_for(self, project: dict, quantity: Quantity, text: str, metric: str | None, qualifier: str | None,
                   ref: str) -> dict:
        known = self.targets[project["project_id"]]
        # Each target has one matrix row: one already shared out is not a candidate again (003 一.1
        # and 一.2 are both "新增6所…"), and "20条(城乡公交)" is not "20条(社区微公交)" (002 L118, L120).
        matches = [
            t for t in known
            if same_figure(t, quantity) and t["target_id"] not in self.used_targets
            and (quantity.qualifier is None or t["qualifier"] == quantity.qualifier)
        ]  # fmt: skip
        if matches:
            target = closest_target(text, matches) if len(matches) > 1 else matches[0]
            self.used_targets.add(target["target_id"])
            return target
        if metric is None:
            # "20条(城乡公交)" (002 L118): one part of the task's 100条, named like it.
            same_unit = [t for t in known if t["unit"] == quantity.unit]
            metric = closest_target(text, same_unit)["metric"] if same_unit else (project["name"] or text)
        target = target_row(project, len(known), metric, quantity, text, ref, qualifier)
        known.append(target)
        self.used_targets.add(target["target_id"])
        self.result.add("targets", target)
        return target

    def row_targets(self, project: dict, row: MatrixRow) -> list[dict]:
        ref = str(ref_of(row.source))
        if self.has_target_column:
            cell = row.cells.get("target") if "target" in row.own else None
            figures = _share_figures(cell) if cell is not None and not is_blank(cell) else []
            own_name = row.text("name") if "name" in row.own else None
            found = []
            for quantity, _ in figures:
                clause = next((c for c in extract_targets(own_name or "") if c.quantity.value == quantity.value), None)
                found.append(self.target_for(project, quantity, own_name or cell.text,
                                             clause.metric if clause else None, quantity.qualifier, ref))  # fmt: skip
            return found
        # 003: the figures are in the row's own 项目内容.
        return [
            self.target_for(project, clause.quantity, clause.text, clause.metric, clause.qualifier, ref)
            for clause in extract_targets(row.text("name") or "")
        ]

    def add_row(self, ordinal: int, row: MatrixRow) -> None:
        ref = str(ref_of(row.source))
        if row.problem:
            self.finding("UNPARSED_ROW", "warning", f"附件2 row could not be aligned: {row.problem}", ref)
            return
        if row.is_total:
            self.check_total_row(row, ref)
            return
        project = self.project_for(ordinal, row)
        label = f"附件2 item {row.text('seq') or '?'} ({row.text('name')})"
        if row.free_text:
            self.finding("ALLOCATION_NOT_SPLIT", "info", f"{label} is not split by area; the matrix says: {row.free_text}", ref)
            return
        targets = self.row_targets(project, row)
        row_sum: dict[str, Decimal] = defaultdict(Decimal)
        for column, cell in enumerate(row.shares):
            if cell is None or is_blank(cell):
                continue
            figures = _share_figures(cell)
            pairs = self._pair(figures, targets)
            if pairs is None:
                self.finding("UNPARSED_CELL", "warning",
                             f"{label}: the {self.areas[column].name} cell {cell.text!r} does not match the row's "
                             f"{len(targets)} target(s); check the cell", str(cell.ref))  # fmt: skip
                continue
            for index, (target, (quantity, raw)) in enumerate(pairs):
                self._allocate(ordinal, column, index, project, target, quantity, raw, cell, row, ref)
                row_sum[target["target_id"]] += quantity.value
        if "total" in row.extras and len(targets) == 1 and row_sum:
            self.check_row_total(label, row.extras["total"], targets[0], row_sum[targets[0]["target_id"]])

    def area_progress(self, project: dict, target: dict, metric: MetricColumns, row: list[Cell], ordinal: int,
                      area: Area, share: Quantity, unit: str, context) -> None:
        """An area's 完成 (and 完成比例) cells: a progress row reported by the area, and its achievement
        measured against the area's own share."""
        at = metric.columns["achieved"]
        cell = row[at] if at < len(row) else None
        achieved = _figure(cell, unit)
        if cell is None or is_blank(cell):
            return
        if achieved is None:
            self.finding("UNPARSED_CELL", "warning", f"{project['name']}: the {area.name} progress cell {cell.text!r} "
                         "holds no figure; check the cell", str(cell.ref))  # fmt: skip
            return
        rate_cell = row[metric.columns["rate"]] if metric.columns.get("rate", len(row)) < len(row) else None
        stated = parse_cell(rate_cell.text) if rate_cell is not None and not is_blank(rate_cell) else None
        status = "completed" if achieved.value >= share.value else "in_progress" if achieved.value > 0 else "not_started"
        cells = [c for c in (cell, rate_cell) if c is not None]
        progress = progress_row(project, ordinal, as_of=context.as_of, period=context.period, text=None, status=status,
                                ref=ref_of(cells), reported_by=area.name)  # fmt: skip
        self.result.add("progress", progress)
        # The figure stands in the target's own 完成 column, for this area: an exact match.
        self.result.add("achievements", achievement_row(
            progress, target, 0, context.year, None, context.as_of, as_of_from="report",
            value=float(achieved.value), unit=achieved.unit or target["unit"],
            completion=float(achieved.value / share.value) if share.value else None,
            stated_completion=float(stated.value / 100) if stated is not None and stated.unit == "%" else None,
            match="exact", confidence="high", evidence=f"{area.name}: " + " | ".join(c.raw for c in cells),
        ))

    def check_row_total(self, label: str, cell: Cell, target: dict, shares: Decimal) -> None:
        """A 合计 column beside the areas: the row's shares must add up to it."""
        figures = _share_figures(cell) if not is_blank(cell) else []
        if len(figures) != 1 or target["kind"] not in ADDITIVE_KINDS:
            return
        total = figures[0][0].value
        if total != shares:
            unit = target["unit"] or ""
            self.finding("ALLOCATION_SUM_MISMATCH", "warning",
                         f"{label}: the 合计 column says {_fmt(total)}{unit}, the row's area shares add up to "
                         f"{_fmt(shares)}{unit}; check the row's cells", str(cell.ref))  # fmt: skip

    def check_total_row(self, row: MatrixRow, ref: str) -> None:
        """A 合计/总计 row under the items: each area's cell must be the sum of its column above."""
        for column, cell in enumerate(row.shares):
            if cell is None or is_blank(cell):
                continue
            figures = _share_figures(cell)
            sums = self.column_sums.get(column, {})
            if len(figures) != 1 or not sums:
                if len(figures) != 1:
                    self.finding("UNPARSED_CELL", "warning", f"the 合计 row's {self.areas[column].name} cell "
                                 f"{cell.text!r} holds no single figure; check the cell", str(cell.ref))  # fmt: skip
                continue
            quantity = figures[0][0]
            # A 合计 printed without a unit adds up the column's figures whatever they count.
            expected = sum(sums.values()) if quantity.unit is None else sums.get(quantity.unit)
            unit = quantity.unit or ""
            if expected is not None and expected != quantity.value:
                self.finding("ALLOCATION_SUM_MISMATCH", "warning",
                             f"the 合计 row says {_fmt(quantity.value)}{unit} for {self.areas[column].name}, its "
                             f"column's shares above add up to {_fmt(expected)}{unit}; check the column",
                             str(cell.ref))  # fmt: skip
        self.column_sums.clear()

    @staticmethod
    def _pair(figures: list[tuple[Quantity, str]], targets: list[dict]) -> list | None:
        if not figures or not targets:
            return None
        if len(figures) == len(targets):
            return list(zip(targets, figures))
        if len(figures) == 1:
            same_unit = [t for t in targets if t["unit"] == figures[0][0].unit]
            return [(same_unit[0], figures[0])] if len(same_unit) == 1 else None
        return None

    def _allocate(self, ordinal, column, index, project, target, quantity: Quantity, raw, cell: Cell, row, row_ref: str,
                  area: Area | None = None, area_raw: str | None = None) -> None:
        area = area or self.areas[column]
        area_raw = area_raw or self.headers[column]
        counts_both = quantity.secondary is not None and NEW_AND_UPGRADED.search(f"{target['text']} {row.text('name') or ''}")
        counted = quantity.value + quantity.secondary if counts_both else quantity.value
        self.result.add("allocations", allocation_row(
            self.context.doc_id, (self.section.index, ordinal, column, index), project["project_id"], target, area,
            area_raw=area_raw, value=quantity.value,
            # "859万" (002 L86) and "4805" (003 L407) print no unit: the share is in its target's unit.
            unit=quantity.unit or target["unit"], secondary=quantity.secondary, counted=counted, value_raw=raw, ref=cell.ref,
        ))
        if target["kind"] in ADDITIVE_KINDS:
            if column not in self.column_sums:
                self.column_sums[column] = defaultdict(Decimal)
            by_unit = self.column_sums[column]
            by_unit[quantity.unit or target["unit"]] += quantity.value
        if target["kind"] in ADDITIVE_KINDS and target["value"] is not None:
            if target["target_id"] not in self.sums:
                self.sums[target["target_id"]] = [Decimal(0), Decimal(str(target["value"]))]
            total = self.sums[target["target_id"]]
            total[0] += counted
            self.seq_of_target[target["target_id"]] = row.text("seq")
            self.row_ref_of_target[target["target_id"]] = row_ref

    def reconcile(self) -> None:
        by_id = {t["target_id"]: t for ts in self.targets.values() for t in ts}
        for target_id, (total, expected) in self.sums.items():
            if total == expected:
                continue
            target = by_id[target_id]
            unit = target["unit"] or ""
            difference = total - expected
            self.finding(
                "ALLOCATION_SUM_MISMATCH", "warning",
                f"the area shares of {target['metric']} ({_fmt(expected)}{unit}"
                f"{_item_label(self.seq_of_target[target_id])}) add up to {_fmt(total)}{unit}, "
                f"{_fmt(abs(difference))}{unit} {'over' if difference > 0 else 'short'}; check the row's cells against its target",
                self.row_ref_of_target[target_id],
            )  # fmt: skip


# --- areas inside one cell: "元坝镇280 白果乡15 … 拣银岩街道办40" ----------------------------------
#
# Lists printed beside their target, one row per target: [category |] [goal |] metric(unit) | target |
# name–figure pairs | leaders …. The pairs' names are places (listed, or known by their form).

_PAIR = re.compile(r"([\u4e00-\u9fff]{2,14}?)[:：]?(\d+(?:\.\d+)?)([\u4e00-\u9fff%]{0,2})")
_PAIR_SEPARATOR = re.compile(r"[\s,，、;；]+")
_UNIT_IN_PARENS = re.compile(r"\(([^()\d]{1,4})\)$")
MIN_PAIRS = 2
# Two figures apart, as MIN_PAIRS pairs print at least: four cells in five of a table's first rows
# print fewer (a year, a count, none) and are not split into tokens (kind detection asks every row
# of every section for a pair cell; area_pairs took 0.12 s of it over the corpus's 200 notices).
_TWO_FIGURES = re.compile(r"\d\D+\d")


@dataclass(frozen=True)
class AreaPair:
    printed: str  # the pair as printed: "元坝镇280"
    name: str
    figure: str


def area_pairs(text: str) -> tuple[list[AreaPair], list[str]]:
    """A cell's name–figure pairs, and the pieces that are not one."""
    pairs, rest = [], []
    for token in filter(None, _PAIR_SEPARATOR.split(text.strip())):
        match = _PAIR.fullmatch(token)
        if match:
            pairs.append(AreaPair(token, match.group(1), match.group(2) + match.group(3)))
        else:
            rest.append(token)
    return pairs, rest


def _pair_cell(row: list[Cell], year: int | None) -> tuple[int, list[tuple[AreaPair, Area | None]], list[str]] | None:
    """The cell of a row that holds area pairs, with each pair's Area."""
    for i, cell in enumerate(row):
        if _TWO_FIGURES.search(cell.text) is None:
            continue
        pairs, rest = area_pairs(cell.text)
        if len(pairs) >= MIN_PAIRS and len(pairs) > len(rest):
            areas = resolve_siblings([p.name for p in pairs], year)
            if sum(a is not None for a in areas) * 2 > len(pairs):
                return i, list(zip(pairs, areas)), rest
    return None


def holds_area_pairs(row: list[Cell], year: int | None = None) -> bool:
    """Whether one cell of the row shares a figure out to places by name–figure pairs."""
    return _pair_cell(row, year) is not None


def rows_are_areas(rows: list[list[Cell]], year: int | None = None) -> bool:
    """Whether one column names a place on most rows (at least MIN_AREA_ROWS): a table by area."""
    located = _area_column(rows, year)
    if located is None:
        return False
    at, areas = located
    named = sum(a is not None and a.level != "self" for a in areas)
    filled = sum(1 for row in rows if at < len(row) and not row[at].empty)
    return named >= MIN_AREA_ROWS and named * 2 > filled


# Fewer places down a column may be the reporting streets of one task (001 7.4), not a table by area.
MIN_AREA_ROWS = 3


def parse_pair_rows(builder: "_Builder", rows: list[list[Cell]], year: int | None) -> bool:
    """Rows whose areas stand inside one cell; False when no row holds such a cell."""
    found = False
    category: Cell | None = None
    for ordinal, cells in enumerate(rows):
        located = _pair_cell(cells, year)
        if located is None:
            continue
        found = True
        at, pairs, rest = located
        before = [c for c in cells[:at] if not c.empty]
        figure_at = max((i for i, c in enumerate(before) if is_figure(c)), default=None)
        # The cell before the target figure names it, whatever it looks like ("建设口袋公园(个)" ends like a unit name).
        words = [c for c in before[: figure_at if figure_at is not None else len(before)] if not is_blank(c) and not is_figure(c)]
        metric_cell = words[-1] if words else None
        if len(words) >= 2:
            category = words[0]
        ref = str(ref_of(cells))
        label = metric_cell.text if metric_cell else "?"
        if figure_at is None or metric_cell is None:
            builder.finding("UNPARSED_ROW", "warning", f"a row of area shares has no target figure and name before them: "
                            f"{raw_of(cells)!r}", ref)  # fmt: skip
            continue
        unit = _UNIT_IN_PARENS.search(metric_cell.text)
        quantity = parse_cell(before[figure_at].text + (unit.group(1) if unit else ""))
        metric = _UNIT_IN_PARENS.sub("", metric_cell.text)
        row = MatrixRow(cells={"name": metric_cell, **({"category": category} if category else {})},
                        own={"name"}, source=[c for c in cells if not c.empty])  # fmt: skip
        project = builder.project_for(ordinal, row)
        target = builder.target_for(project, quantity, metric_cell.text, metric, quantity.qualifier, ref)
        for piece in rest:
            builder.finding("UNPARSED_CELL", "warning", f"{label}: {piece!r} in the area list is no place and figure; "
                            "check the cell", str(cells[at].ref))  # fmt: skip
        for index, (pair, area) in enumerate(pairs):
            share = parse_cell(pair.figure)
            if area is None or share is None:
                builder.finding("UNPARSED_CELL", "warning", f"{label}: {pair.printed!r} names no place that could be read; "
                                "check the cell", str(cells[at].ref))  # fmt: skip
                continue
            builder.note_area(area, str(cells[at].ref))
            builder._allocate(ordinal, at, index, project, target, share, pair.printed, cells[at], row, ref, area, pair.name)
    return found


# --- headers with columns that are no area: 合计, 备注/说明, empty ---------------------------------
#
# Allocation tables from anywhere print more than labels and areas: a 合计 column (the row's total,
# checked against its shares; the target itself when no other column holds it), a 备注 or 说明
# column, empty columns, a 计量单位 column, and a 合计/总计 row under the items. A header whose
# first row holds no role of the responsibility lists ("项目 | 目标 | 鄞州区 | …") is found by its
# areas.

MATRIX_ROLES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("total", re.compile(r"^(合计|总计|小计|共计)$")),
    ("note", re.compile(r"^(备注|说明|备考|附注)")),
    ("unit", re.compile(r"^计量单位$")),
    ("target", re.compile(r"^(目标|目标任务|任务数|总任务|总目标|全年目标|年度目标|目标数|任务目标)$")),
    ("name", re.compile(r"^(项目|项目名称|任务|工作任务|指标|指标名称|内容|民生实事|实事项目|建设内容)$")),
)
EXTRA_ROLES = ("total", "note", "unit", "blank", "other")
TOTAL_ROW = re.compile(r"^(合计|总计|小计|共计)$")
HEADER_SCAN_ROWS = 6


def _matrix_role(cell: Cell) -> str | None:
    key = header_key(cell)
    return column_role(cell) or next((role for role, pattern in MATRIX_ROLES if pattern.search(key)), None)


def _header_areas(row: list[Cell], year: int | None) -> list[Area | None]:
    texts = [_AREA_HEADER_TAIL.sub("", header_key(c)) if not (c.empty or is_figure(c) or _matrix_role(c)) else "" for c in row]
    return resolve_siblings(texts, year)


def matrix_columns(grid: Grid, year: int | None) -> tuple[list[Column], list[list[Cell]]]:
    """The columns of an allocation table and its body. The lists' header reader (`split_header`)
    serves tables of labels and areas only; a header with 合计/备注/empty/unknown columns, or without
    a label the lists know, is read here by position."""
    columns, body = split_header(grid)
    columns = area_siblings(columns, year)
    if grid.stream:
        return columns, body
    rows = grid.rows
    start = next((i for i, row in enumerate(rows[:HEADER_SCAN_ROWS])
                  if any(column_role(c) for c in row) or sum(a is not None for a in _header_areas(row, year)) >= 2), None)  # fmt: skip
    if start is None:
        return columns, body
    end = start + 1
    while end < len(rows) and all(
        c.empty or _matrix_role(c) or canonical_area(header_key(c)) or AREA_GROUP_LABEL.search(header_key(c)) for c in rows[end]
    ):
        end += 1
    header = rows[start:end]
    has_extra = any(_matrix_role(c) in ("total", "note", "unit", "target", "name") and not column_role(c)
                    for row in header for c in row)  # fmt: skip
    width = max(len(r) for r in rows[start:])
    ragged = any(len(r) not in (width, width - 1) for r in header)
    n_area = sum(1 for c in columns if c.role == "area")
    # The lists' reader is right for a header of labels and areas (002, 003, and any dump that drops
    # merged cells): keep its columns unless the header holds a column it cannot place (合计, 备注, 目标,
    # 计量单位, a one-row header's empty cell) or no area it knows.
    plain = not has_extra and n_area and (end - start > 1 or not any(c.empty for c in header[-1][1:]))
    if plain or ragged:
        return columns, body
    positional: list[Column] = []
    areas_by_row = [_header_areas(r, year) for r in header]
    for j in range(width):
        column = Column("blank", "")
        for r in range(len(header) - 1, -1, -1):
            cell = header[r][j] if j < len(header[r]) else None
            if cell is None or cell.empty:
                continue
            role = _matrix_role(cell)
            area = areas_by_row[r][j]
            if role:
                column = Column(role, header_key(cell))
            elif area is not None:
                column = Column("area", header_key(cell), area)
            elif r == len(header) - 1 or not AREA_GROUP_LABEL.search(header_key(cell)):
                column = Column("other", header_key(cell))
            else:
                continue
            break
        positional.append(column)
    if not any(c.role == "area" for c in positional):
        return columns, body
    if not any(c.role == "target" for c in positional):
        # No target column: the 合计 column is the target (the total the areas share).
        positional = [replace(c, role="target") if c.role == "total" else c for c in positional]
    if not any(c.role == "name" for c in positional):
        first_other = next((i for i, c in enumerate(positional) if c.role == "other"), None)
        if first_other is not None and first_other < next(i for i, c in enumerate(positional) if c.role == "area"):
            positional[first_other] = replace(positional[first_other], role="name")
    return positional, rows[end:]


# --- areas as rows, targets as columns -------------------------------------------------------
#
# "街道 | 新增助餐点(个) | 改造老旧小区(个) | 备注" with one row per area, or a completion table by area
# where each metric spans 目标 | 完成 | 完成比例 sub-columns under it (a second header row). Each metric
# is a project and target of the matrix (linked to the responsibility list by name when there is one);
# its target is its 合计 row, else the sum of its areas' shares. A 完成/进度 sub-column gives a progress
# row per area (reported_by the area) and an achievement measured against the area's own share.

SUB_COLUMNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("rate", re.compile(r"比例|率|百分比|%")),
    ("share", re.compile(r"^(目标|任务|目标任务|计划|任务数|目标数|分解任务|年度目标)")),
    ("achieved", re.compile(r"^(完成|进度|已完成|完成数|实际完成|累计完成|完成情况|进展)")),
)
AREA_COLUMN_SCAN = 3


@dataclass
class MetricColumns:
    header: Cell
    columns: dict[str, int] = field(default_factory=dict)  # share / achieved / rate → column index


def _area_column(rows: list[list[Cell]], year: int | None) -> tuple[int, list[Area | None]] | None:
    """The column whose cells, down the rows, are mostly places (siblings), with each row's Area."""
    best = None
    for c in range(AREA_COLUMN_SCAN):
        texts = [row[c].text if c < len(row) and not TOTAL_ROW.match(header_key(row[c])) else "" for row in rows]
        areas = resolve_siblings(texts, year)
        found = sum(a is not None and a.level != "self" for a in areas)
        if found >= MIN_PAIRS and (best is None or found > best[0]):
            best = (found, c, areas)
    return (best[1], best[2]) if best else None


def _metric_columns(header: list[list[Cell]], start: int, width: int) -> list[MetricColumns]:
    top = header[0]
    sub = header[1] if len(header) > 1 else None
    metrics: list[MetricColumns] = []
    if sub is not None and len(top) < width:
        # A dump that dropped the merged cells of the top row: each metric spans the same number
        # of sub-columns.
        names = [c for c in top[start:] if not c.empty]
        span = (width - start) // len(names) if names else 0
        top = top[:start] + [cell for name in names for cell in [name] + [Cell("", "", name.ref)] * (span - 1)]
    current: MetricColumns | None = None
    for j in range(start, width):
        head = top[j] if j < len(top) else None
        if head is not None and not head.empty:
            current = None if _matrix_role(head) in ("note", "total", "unit") else MetricColumns(head)
            if current is not None:
                metrics.append(current)
        if current is None:
            continue
        word = header_key(sub[j]) if sub is not None and j < len(sub) else ""
        role = next((r for r, pattern in SUB_COLUMNS if pattern.search(word)), None) if word else "share"
        if role and role not in current.columns:
            current.columns[role] = j
    return [m for m in metrics if "share" in m.columns]


def _figure(cell: Cell | None, unit: str) -> Quantity | None:
    if cell is None or is_blank(cell):
        return None
    text = cell.text.strip()
    return parse_cell(text + unit if _BARE_NUMBER.match(text) else text)


def parse_area_rows(builder: "_Builder", grid: Grid, context) -> bool:
    """A table whose rows are areas; False when no column of it holds places."""
    rows = grid.rows
    located = _area_column(rows, context.year)
    if located is None:
        return False
    at, areas = located
    first = next(i for i, a in enumerate(areas) if a is not None and a.level != "self")
    header = [r for r in rows[max(0, first - 2) : first] if not any(is_figure(c) for c in r) and any(not c.empty for c in r)]
    if not header:
        return False
    width = max(len(r) for r in rows[first:])
    metrics = _metric_columns(header, at + 1, width)
    if not metrics:
        return False
    body = rows[first:]
    totals = next((r for r in body if at < len(r) and TOTAL_ROW.match(header_key(r[at]))), None)
    for m, metric in enumerate(metrics):
        unit_match = _UNIT_IN_PARENS.search(header_key(metric.header))
        unit = unit_match.group(1) if unit_match else ""
        name = _UNIT_IN_PARENS.sub("", header_key(metric.header))
        share_at = metric.columns["share"]
        shares = []
        for r, row in enumerate(body):
            area = areas[first + r]
            cell = row[share_at] if share_at < len(row) else None
            quantity = _figure(cell, unit)
            if area is None or area.level == "self" or cell is None or is_blank(cell):
                continue
            if quantity is None:
                builder.finding("UNPARSED_CELL", "warning", f"{name}: the {area.name} cell {cell.text!r} holds no figure; "
                                "check the cell", str(cell.ref))  # fmt: skip
                continue
            shares.append((r, area, row, cell, quantity))
        if not shares:
            continue
        total_cell = totals[share_at] if totals is not None and share_at < len(totals) else None
        target_quantity = _figure(total_cell, unit)
        target_text = metric.header.text
        if target_quantity is None:
            # No 合计 row: the target is what the areas share.
            total = sum((q.value for *_, q in shares), Decimal(0))
            target_quantity = parse_cell(_fmt(total) + (shares[0][4].unit or unit))
            target_text = f"{metric.header.text} (the sum of the areas' shares)"
        source = [metric.header] + ([total_cell] if total_cell is not None else [])
        matrix_row = MatrixRow(cells={"name": Cell(name, metric.header.raw, metric.header.ref)}, own={"name"}, source=source)
        project = builder.project_for(m, matrix_row)
        target = builder.target_for(project, target_quantity, target_text, name, target_quantity.qualifier, str(ref_of(source)))
        for r, area, row, cell, quantity in shares:
            builder.note_area(area, str(row[at].ref))
            builder._allocate(m, r, 0, project, target, quantity, cell.raw, cell, matrix_row, str(ref_of(source)),
                              area, row[at].text)  # fmt: skip
            if "achieved" in metric.columns:
                builder.area_progress(project, target, metric, row, r, area, quantity, unit, context)
    return True


def parse(section, context) -> "ParseResult":
    columns, body = matrix_columns(section.grid, context.year)
    builder = _Builder(section, context, columns)
    builder.note_unlisted(section)
    if not builder.areas:
        if parse_pair_rows(builder, section.grid.rows, context.year) or parse_area_rows(builder, section.grid, context):
            builder.reconcile()
            return builder.result
        builder.finding("UNPARSED_SECTION", "warning",
                        "the allocation matrix names no area in its header; check the section's table", str(section.ref))  # fmt: skip
        return builder.result
    for ordinal, row in enumerate(aligned_rows(columns, body, section.grid.stream)):
        builder.add_row(ordinal, row)
    builder.reconcile()
    return builder.result


# --- per-area figures printed inside a progress text -------------------------------------------
#
# Newspapers and reports flatten a small table into the progress paragraph: "鄞州 海曙、江东、江北 镇海
# 北仑 合计 新辟线路年度目标 3 5 2 2 12 实际完成 2 3 1 1 7". A run of place names (a group joined by 、
# is one column, shared jointly), an optional 合计, then rows of a label and one figure per column.
# A row labelled as a goal (目标, 任务, 计划) shares out the project's target whose value is its 合计.

_INLINE_GOAL = re.compile(r"目标|任务|计划")
_NAME_TOKEN = re.compile(r"^[\u4e00-\u9fff]{2,10}(?:[、,，][\u4e00-\u9fff]{2,10})*$")


@dataclass(frozen=True)
class InlineColumn:
    printed: str
    areas: tuple[Area, ...]


@dataclass
class InlineAreaTable:
    columns: list[InlineColumn]
    total: bool  # the last column is the 合计
    rows: list[tuple[str, list[Decimal]]]


def _inline_header(tokens: list[str], end: int, year: int | None) -> list[InlineColumn] | None:
    """The longest run of place-name tokens ending at `end` whose names are all places."""
    start = end
    while start > 0 and _NAME_TOKEN.match(tokens[start - 1]):
        start -= 1
    for first in range(start, end - 1):
        groups = [re.split(r"[、,，]", token) for token in tokens[first:end]]
        names = [name for group in groups for name in group]
        areas = resolve_siblings(names, year)
        if all(a is not None and a.level in ("city", "district", "street", "town") for a in areas):
            found, columns = iter(areas), []
            for token, group in zip(tokens[first:end], groups):
                columns.append(InlineColumn(token, tuple(next(found) for _ in group)))
            return columns
    return None


def inline_area_tables(text: str, year: int | None = None) -> list[InlineAreaTable]:
    tokens = text.split()
    tables, i = [], 0
    while i < len(tokens):
        if not TOTAL_ROW.match(tokens[i]):
            i += 1
            continue
        columns = _inline_header(tokens, i, year)
        if not columns:
            i += 1
            continue
        width, rows, k = len(columns) + 1, [], i + 1
        while k < len(tokens) and not _BARE_NUMBER.match(tokens[k]):
            label_end = k
            while label_end < len(tokens) and not _BARE_NUMBER.match(tokens[label_end]):
                label_end += 1
            figures = tokens[label_end : label_end + width]
            if label_end - k > 2 or len(figures) < width or not all(_BARE_NUMBER.match(f) for f in figures):
                break
            rows.append(("".join(tokens[k:label_end]), [Decimal(f) for f in figures]))
            k = label_end + width
        if rows:
            tables.append(InlineAreaTable(columns, True, rows))
        i = k
    return tables


def inline_allocations(rows: dict[str, list[dict]], doc_id: str, source_path: str, year: int | None) -> tuple[list[dict], list[Finding]]:
    """Allocations from the per-area tables inside a document's progress texts, linked to the target
    of the progress's project whose value is the table's 合计."""
    targets_by_project: dict[str, list[dict]] = defaultdict(list)
    for target in rows.get("targets", []):
        targets_by_project[target["project_id"]].append(target)
    allocations, findings = [], []

    def finding(code: str, severity: str, message: str, ref: str) -> None:
        findings.append(Finding(code, severity, message, doc_id=doc_id, source_path=source_path, table="allocations", ref=ref))

    for progress in rows.get("progress", []):
        for t, table in enumerate(inline_area_tables(progress.get("text") or "", year)):
            for r, (label, figures) in enumerate(table.rows):
                if not _INLINE_GOAL.search(label):
                    continue
                total, shares = figures[-1], figures[:-1]
                candidates = [x for x in targets_by_project.get(progress["project_id"], [])
                              if x["value"] is not None and Decimal(str(x["value"])) == total]  # fmt: skip
                if not candidates:
                    finding("UNPARSED_ROW", "warning", f"the per-area figures of {label} (合计 {_fmt(total)}) in a progress "
                            "text match no target of its project; they were not read as allocations", progress["ref"])  # fmt: skip
                    continue
                target = closest_target(label, candidates)
                for c, (column, value) in enumerate(zip(table.columns, shares)):
                    area = column.areas[0] if len(column.areas) == 1 else Area(
                        column.printed, column.printed, "unknown", column.areas[0].parent, None, column.areas[0].parent_code)
                    if len(column.areas) > 1:
                        finding("AREA_GROUP", "info", f"{label}: {_fmt(value)} is printed for {column.printed} together; "
                                "kept as one allocation to the group", progress["ref"])  # fmt: skip
                    allocations.append(allocation_row(
                        doc_id, ("inline", progress["progress_id"], t, r, c), progress["project_id"], target, area,
                        area_raw=column.printed, value=value, unit=target["unit"],
                        value_raw=f"{label} {column.printed} {_fmt(value)}", ref=progress["ref"]))
                if sum(shares, Decimal(0)) != total:
                    difference = sum(shares, Decimal(0)) - total
                    unit = target["unit"] or ""
                    finding("ALLOCATION_SUM_MISMATCH", "warning",
                            f"the area shares of {target['metric']} ({_fmt(total)}{unit}) in a progress text add up to "
                            f"{_fmt(sum(shares, Decimal(0)))}{unit}, {_fmt(abs(difference))}{unit} "
                            f"{'over' if difference > 0 else 'short'}", progress["ref"])  # fmt: skip
    return allocations, findings
