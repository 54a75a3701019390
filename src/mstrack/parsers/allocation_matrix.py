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
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

from ..findings import Finding
from ..grid import Cell, ref_of
from ..ids import make_id
from ..quantity import Quantity, parse_cell
from ..rows import project_row, target_row
from ..targets import extract_targets
from .columns import (
    Column, is_blank, is_figure, is_seq, is_text, is_unit_name, raw_of, split_header,
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
    free_text: str | None = None  # words where shares should be (002 items 11 and 12)
    problem: str | None = None  # why the row could not be aligned

    def text(self, role: str) -> str | None:
        cell = self.cells.get(role)
        return cell.text if cell is not None and not cell.empty else None


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


def aligned_rows(columns: list[Column], body: list[list[Cell]], stream: bool) -> list[MatrixRow]:
    label_roles = [c.role for c in columns if c.role != "area"]
    n_area = sum(1 for c in columns if c.role == "area")
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
        labels, shares = _realign(chunk, label_roles, n_area)
        previous = rows[-1] if rows else None
        if previous and not ({"seq", "name", "target"} & labels.keys()) and not previous.shares:
            # The rest of the row above, wrapped onto a row of its own (002 item 11, L93–95).
            for role, cell in labels.items():
                previous.cells.setdefault(role, cell)
                previous.own.add(role)
            previous.shares = shares
            previous.source += [c for c in chunk if not c.empty]
            continue
        row = MatrixRow(cells=dict(labels), own=set(labels), shares=shares, source=[c for c in chunk if not c.empty])
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


def _same_figure(target: dict, quantity: Quantity) -> bool:
    # 002 item 5 prints its target "859万" with no unit: the value alone must match.
    return target["value"] is not None and Decimal(str(target["value"])) == quantity.value and (
        quantity.unit is None or quantity.unit == target["unit"]
    )


def _closest(text: str, candidates: list[dict]) -> dict:
    return max(candidates, key=lambda t: len(set(t["metric"]) & set(text)))


def _share_figures(cell: Cell) -> list[tuple[Quantity, str]]:
    """The figures in a share cell with their raw text: "4805\n400人" is two, "286\n户" one."""
    lines = cell.lines()
    raw_lines = [line.strip() for line in cell.raw.split("\n") if line.strip()]
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


def _fmt(value: Decimal) -> str:
    return format(value.normalize(), "f")


class _Builder:
    """Step (2) for one section: holds the links made so far and the rows produced."""

    def __init__(self, section, context, columns: list[Column]) -> None:
        from . import ParseResult

        self.section, self.context = section, context
        self.areas = [c.area for c in columns if c.role == "area"]
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
            if _same_figure(t, quantity) and t["target_id"] not in self.used_targets
            and (quantity.qualifier is None or t["qualifier"] == quantity.qualifier)
        ]  # fmt: skip
        if matches:
            target = _closest(text, matches) if len(matches) > 1 else matches[0]
            self.used_targets.add(target["target_id"])
            return target
        if metric is None:
            # "20条(城乡公交)" (002 L118): one part of the task's 100条, named like it.
            same_unit = [t for t in known if t["unit"] == quantity.unit]
            metric = _closest(text, same_unit)["metric"] if same_unit else (project["name"] or text)
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
        project = self.project_for(ordinal, row)
        label = f"附件2 item {row.text('seq') or '?'} ({row.text('name')})"
        if row.free_text:
            self.finding("ALLOCATION_NOT_SPLIT", "info", f"{label} is not split by area; the matrix says: {row.free_text}", ref)
            return
        targets = self.row_targets(project, row)
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

    def _allocate(self, ordinal, column, index, project, target, quantity: Quantity, raw, cell: Cell, row, row_ref: str) -> None:
        area = self.areas[column]
        self.result.add(
            "allocations",
            {
                "allocation_id": make_id("alc", self.context.doc_id, self.section.index, ordinal, column, index),
                "doc_id": self.context.doc_id,
                "project_id": project["project_id"],
                "target_id": target["target_id"],
                "area": area.name,
                "area_level": area.level,
                "value": float(quantity.value),
                # "859万" (002 L86) and "4805" (003 L407) print no unit: the share is in its target's unit.
                "unit": quantity.unit or target["unit"],
                "secondary_value": float(quantity.secondary) if quantity.secondary is not None else None,
                "value_raw": raw,
                "ref": str(cell.ref),
            },
        )
        if target["kind"] in ADDITIVE_KINDS and target["value"] is not None:
            total = self.sums.setdefault(target["target_id"], [Decimal(0), Decimal(str(target["value"]))])
            total[0] += quantity.value
            if quantity.secondary is not None and NEW_AND_UPGRADED.search(f"{target['text']} {row.text('name') or ''}"):
                total[0] += quantity.secondary
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
                f"the area shares of {target['metric']} ({_fmt(expected)}{unit}, 附件2 item "
                f"{self.seq_of_target[target_id]}) add up to {_fmt(total)}{unit}, "
                f"{_fmt(abs(difference))}{unit} {'over' if difference > 0 else 'short'}; check the row's cells against its target",
                self.row_ref_of_target[target_id],
            )  # fmt: skip


def parse(section, context) -> "ParseResult":
    columns, body = split_header(section.grid)
    builder = _Builder(section, context, columns)
    if not builder.areas:
        builder.finding("UNPARSED_SECTION", "warning",
                        "the allocation matrix names no area in its header; check the section's table", str(section.ref))  # fmt: skip
        return builder.result
    for ordinal, row in enumerate(aligned_rows(columns, body, section.grid.stream)):
        builder.add_row(ordinal, row)
    builder.reconcile()
    return builder.result
