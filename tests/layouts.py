"""A layout generator: a spec of rows (projects, leaders, units, targets, progress, due dates)
rendered as a notice in each text layout the tables are printed in, with header synonyms, column
orders, numbering styles, periods, categories, continuation rows and cut-off ends drawn at random.

`draw` is anything with `pick(options)` and `chance(p)` (a seeded `random.Random` via `RandomDraw`,
or hypothesis's `data.draw` via `HypothesisDraw`), so the same generator serves a counted run over
many notices and a hypothesis test that shrinks a failing one.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from mstrack.parsers.header import role_of

LAYOUTS = ("pipe", "cell_lines", "tab_rows", "columns", "blank_lines", "labelled", "html")

# Header words per role, each read back to its role by the vocabulary (checked in `header_word`).
HEADER_WORDS = {
    "seq": ["序号", "编号"],
    "category": ["类别", "项目类别"],
    "project": ["项目", "项目名称", "民生实事", "实事项目", "工作任务", "主要任务", "任务内容"],
    "target": ["全年目标", "目标任务", "年度目标", "全年目标任务", "量化目标"],
    "leaders": ["牵头领导", "分管领导", "责任领导", "区政府分管领导"],
    "lead_units": ["牵头单位", "责任单位", "主办单位", "实施单位"],
    "co_units": ["配合单位", "协办单位", "责任主体与协同单位"],
    "due": ["完成时限", "完成时间", "时间节点"],
    "progress": ["进展情况", "完成情况", "推进情况", "实际完成情况"],
    "note": ["备注", "说明"],
}
# (words printed in the title or a progress header, period code, end month)
PERIODS = [
    ("一季度", "Q1", 3), ("第一季度", "Q1", 3), ("1-3月", "Q1", 3), ("一至三月", "Q1", 3),
    ("上半年", "H1", 6), ("1—6月", "H1", 6), ("1-6月", "H1", 6), ("前三季度", "Q3", 9),
    ("1-8月", "M8", 8), ("1-10月", "M10", 10), ("1-11月", "M11", 11), ("全年", "FY", 12),
]
TWO_PERIODS = [(("1-10月", "M10"), ("1-11月", "M11")), (("一季度", "Q1"), ("上半年", "H1")),
               (("1-8月", "M8"), ("前三季度", "Q3"))]
PEOPLE = ["张伟", "王芳", "李娜", "刘洋", "陈静", "杨帆", "赵磊", "黄敏", "周杰", "吴昊", "郑涛", "孙丽"]
UNITS = ["区教育局", "区民政局", "区卫健委", "区住建局", "区城管局", "区交通运输局", "区文旅局", "区人社局",
         "区市场监管局", "区水利局", "区财政局", "区自然资源局"]
CO_UNITS = ["各街道", "区财政局", "区自然资源局", "区发改局", "区残联", "区妇联"]
THINGS = [("新增老年助餐服务点", "个"), ("新建公办幼儿园学位", "个"), ("建设城市绿道", "公里"),
          ("新增公共停车泊位", "个"), ("新建社区卫生服务站", "家"), ("改造农贸市场", "家"),
          ("新增养老床位", "张"), ("建成口袋公园", "个"), ("新建人行天桥", "座"), ("新增充电桩", "个"),
          ("改造老旧小区", "个"), ("新增就业岗位", "个")]
CATEGORIES = ["教育惠民", "养老服务", "交通出行", "城市管理", "健康卫生", "就业创业"]
PROGRESS = ["已完成{n}{unit},正在推进", "已开工建设,完成{n}{unit}", "已进场施工,完成{pct}%", "正在办理前期手续",
            "已全面完成{n}{unit}"]
OWN_SEQ_STYLES = ["{n}", "{n}.", "{n}、"]
IN_CELL_STYLES = ["{n}.", "{n}、", "({n})", "（{n}）", "{circled}"]
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
CN = "一二三四五六七八九十"


class RandomDraw:
    def __init__(self, seed: int):
        self.rng = random.Random(seed)

    def pick(self, options):
        return self.rng.choice(list(options))

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def shuffled(self, items):
        items = list(items)
        self.rng.shuffle(items)
        return items


class HypothesisDraw:
    def __init__(self, data):
        from hypothesis import strategies as st

        self.data, self.st = data, st

    def pick(self, options):
        return self.data.draw(self.st.sampled_from(list(options)))

    def chance(self, p: float) -> bool:
        return self.data.draw(self.st.integers(0, 99)) < int(p * 100)

    def shuffled(self, items):
        return self.data.draw(self.st.permutations(list(items)))


@dataclass
class SpecRow:
    seq: int
    category: str | None
    project: str  # the project's text, its target inside ("新增养老床位300张")
    name: str  # the name the project should get: its text, or the words of a project column beside a target column
    figure: str  # the target's figure ("300张"), printed alone in a target column of figures
    extra_target: str | None  # a second target on a continuation row
    leaders: list[str]
    lead_units: list[str]
    co_units: list[str]
    due_month: int | None
    progress: dict[str, str]  # period code → text


@dataclass
class Notice:
    text: str
    layout: str
    kind: str  # progress or responsibility_list
    period: str | None  # the document's period code
    rows: list[SpecRow]  # the rows printed whole
    cut: SpecRow | None = None  # the last row, cut off
    roles: list[str] = field(default_factory=list)


def header_word(draw, role: str, spaced: bool) -> str:
    word = draw.pick(HEADER_WORDS[role])
    assert role_of(word) == role, (word, role)
    if spaced and len(word) == 2:
        return word[0] + " " + word[1]  # "项 目"
    return word


def make_notice(draw) -> Notice:
    layout = draw.pick(LAYOUTS)
    kind = "progress" if draw.chance(0.7) else "responsibility_list"
    periods: list[tuple[str, str]] = []
    title_period = None
    if kind == "progress":
        if draw.chance(0.25) and layout != "labelled":
            periods = list(draw.pick(TWO_PERIODS))
            title_period = periods[-1]
        else:
            word, code, _ = draw.pick(PERIODS)
            title_period = (word, code)
            periods = [(word, code)]
    roles = ["leaders", "lead_units", "co_units", "due"]
    roles = [r for r in roles if r == "lead_units" or draw.chance(0.6)]
    if kind == "responsibility_list" and "due" not in roles:
        roles.append("due")
    own_seq = layout != "labelled" and draw.chance(0.6)
    # A target column beside the project's: the full target, or its figure alone.
    target_column = draw.pick([None, None, "text", "figure"]) if layout != "labelled" else None
    lead_mark = draw.chance(0.2) and layout != "labelled"
    with_total = draw.chance(0.2) and layout != "labelled"
    in_cell_style = draw.pick(IN_CELL_STYLES)
    own_style = draw.pick(OWN_SEQ_STYLES)
    with_categories = draw.chance(0.3) and layout not in ("labelled",)
    n_rows = draw.pick(range(2, 8))
    rows = []
    category = None
    things = draw.shuffled(THINGS)
    for i in range(n_rows):
        if with_categories and (i == 0 or draw.chance(0.3)):
            category = draw.pick([c for c in CATEGORIES if c != category])
        thing, unit = things[i % len(things)]
        amount = draw.pick([12, 30, 45, 100, 227, 300, 1200])
        extra = None
        if draw.chance(0.2) and layout != "labelled":
            other, other_unit = things[(i + 5) % len(things)]
            extra = f"{other}{draw.pick([5, 8, 20])}{other_unit}"
        progress = {}
        for word, code in periods:
            template = draw.pick(PROGRESS)
            progress[code] = template.format(n=draw.pick([3, 7, 15, 60]), unit=unit, pct=draw.pick([30, 55, 80]))
        rows.append(SpecRow(
            seq=i + 1, category=category, project=f"{thing}{amount}{unit}",
            name=thing if target_column else f"{thing}{amount}{unit}", figure=f"{amount}{unit}", extra_target=extra,
            leaders=draw.pick([[p] for p in PEOPLE] + [PEOPLE[i % 5: i % 5 + 2]]) if "leaders" in roles else [],
            lead_units=[draw.pick(UNITS)],
            co_units=[draw.pick(CO_UNITS)] if "co_units" in roles else [],
            due_month=draw.pick(range(3, 13)) if "due" in roles else None,
            progress=progress,
        ))
    spaced = draw.chance(0.2) and layout not in ("columns", "labelled", "html")
    columns = (["seq"] if own_seq else []) + ["project"] + ([f"target:{target_column}"] if target_column else [])
    columns += draw.shuffled(roles)
    progress_headers = []
    for word, code in periods:
        base = header_word(draw, "progress", False)
        progress_headers.append((f"{word}{base}" if len(periods) > 1 or draw.chance(0.3) else base, code))
    headers = [header_word(draw, r.split(":")[0], spaced) for r in columns] + [h for h, _ in progress_headers]
    columns += [f"progress:{code}" for _, code in progress_headers]
    cut = rows[-1] if len(rows) > 2 and layout not in ("labelled", "tab_rows", "columns", "html") and draw.chance(0.15) else None
    numbering = own_style if own_seq else in_cell_style
    year = draw.pick([2016, 2019, 2023, 2024])
    if kind == "progress":
        title = f"{year}年区政府民生实事项目{title_period[0]}进展情况"
    else:
        title = f"{year}年民生实事项目{draw.pick(['责任清单', '目标任务分解表', '责任分工表'])}"
    render = RENDERERS[layout]
    if layout == "pipe":
        pipe_style = draw.pick(["closed", "closed", "open", "markdown"])
        if pipe_style == "open":
            cut = None  # an unclosed row cannot show where the page stops
        render = lambda *args: render_pipe(*args, style=pipe_style)  # noqa: E731
    marks = {"lead": "★" if lead_mark else "", "total": with_total and cut is None}
    rendered = render(title, headers, columns, rows, numbering, cut, marks)
    doc_period = title_period[1] if title_period else "FY"
    return Notice(text=rendered, layout=layout, kind=kind, period=doc_period,
                  rows=[r for r in rows if r is not cut], cut=cut, roles=columns)


def _number(style: str, n: int) -> str:
    return style.format(n=n, circled=CIRCLED[n - 1])


def _cells(row: SpecRow, columns: list[str], numbering: str, own_seq: bool, lead: str = "") -> list[str]:
    out = []
    for column in columns:
        if column == "seq":
            out.append(_number(numbering, row.seq))
        elif column == "project":
            text = row.name
            out.append(text if own_seq else _number(numbering, row.seq) + text)
        elif column == "target:text":
            out.append(row.project)
        elif column == "target:figure":
            out.append(row.figure)
        elif column == "leaders":
            out.append("、".join(row.leaders))
        elif column == "lead_units":
            out.append(lead + "、".join(row.lead_units))
        elif column == "co_units":
            out.append("、".join(row.co_units))
        elif column == "due":
            out.append(f"{row.due_month}月底前")
        elif column.startswith("progress:"):
            out.append(row.progress[column.split(":")[1]])
    return out


def _continuation(row: SpecRow, columns: list[str]) -> list[str]:
    """A second target on a row of its own: under the target column when the table has one of
    whole targets, else under the project's."""
    at = "target:text" if "target:text" in columns else "project"
    return [row.extra_target if c == at else "" for c in columns]


def _table_rows(rows, columns, numbering, cut, marks=None):
    """(cells, kind) per printed row: category, project, continuation, total."""
    marks = marks or {}
    own_seq = "seq" in columns
    category = None
    printed = []
    k = 0
    for row in rows:
        if row.category and row.category != category:
            category = row.category
            printed.append(([f"{CN[k]}、{category}"], "category"))
            k += 1
        printed.append((_cells(row, columns, numbering, own_seq, marks.get("lead", "")), "project"))
        if row.extra_target:
            printed.append((_continuation(row, columns), "continuation"))
    if marks.get("total"):
        printed.append((["合计", f"{len(rows)}项"] + [""] * (len(columns) - 2), "total"))
    if cut is not None:
        # The page stops inside the last row: its first cells only.
        cells, _ = next(p for p in reversed(printed) if p[1] == "project")
        while printed[-1][1] != "project":
            printed.pop()
        printed[-1] = (cells[: max(2, len(cells) // 2)], "cut")
    return printed


def render_pipe(title, headers, columns, rows, numbering, cut, marks=None, style="closed"):
    """closed: "a | b |" (a cut row has no closing "|"); open: "a | b"; markdown: "| a | b |" under a rule."""
    def line_of(cells, closing=True):
        if style == "markdown":
            return "| " + " | ".join(cells) + (" |" if closing else "")
        return " | ".join(cells) + (" |" if style == "closed" and closing else "")

    lines = [title, line_of(headers)]
    if style == "markdown":
        lines.append("|" + "---|" * len(headers))
    for cells, kind in _table_rows(rows, columns, numbering, cut, marks):
        if kind == "continuation" and columns[0] == "seq" and style != "markdown":
            cells = cells[1:]  # the dump drops the merged number cell
        lines.append(line_of(cells, closing=kind != "cut"))
    return "\n".join(lines) + "\n"


def render_cell_lines(title, headers, columns, rows, numbering, cut, marks=None):
    lines = [title] + [f"{h} |" for h in headers]
    for cells, kind in _table_rows(rows, columns, numbering, cut, marks):
        for cell in cells:
            lines.append(f"{cell} |" if cell else "||")
        if kind != "cut":
            lines.append("|")
    return "\n".join(lines) + "\n"


def render_tab_rows(title, headers, columns, rows, numbering, cut, marks=None):
    lines = [title, "\t".join(headers)]
    for cells, kind in _table_rows(rows, columns, numbering, cut, marks):
        lines.append("\t".join(cells))
    return "\n".join(lines) + "\n"


def render_columns(title, headers, columns, rows, numbering, cut, marks=None):
    lines = [title, "    ".join(h.replace(" ", "") for h in headers)]
    for cells, kind in _table_rows(rows, columns, numbering, cut, marks):
        lines.append("    ".join(c for c in cells if c) if kind != "project" else "    ".join(c or "-" for c in cells))
    return "\n".join(lines) + "\n"


def render_blank_lines(title, headers, columns, rows, numbering, cut, marks=None):
    paragraphs = [title] + headers
    for cells, kind in _table_rows(rows, columns, numbering, cut, marks):
        paragraphs += [c for c in cells if c]
    return "\n\n".join(paragraphs) + "\n"


def render_labelled(title, headers, columns, rows, numbering, cut, marks=None):
    items = []
    for row in rows:
        parts = [f"{row.seq}.{row.project}。"]
        for header, column in zip(headers, columns):
            if column in ("seq", "project"):
                continue
            value = _cells(row, [column], numbering, True)[0]
            parts.append(f"{header.replace(' ', '')}:{value}")
        items.append(" ".join(parts))
    return title + "\n" + " ".join(items) + "\n"


def render_html(title, headers, columns, rows, numbering, cut, marks=None):
    """A saved web page: the number cell of a project with a second target spans both rows
    (rowspan), a category row spans the table (colspan)."""
    from html import escape

    out = [f"<html><head><meta charset=\"utf-8\"></head><body><p>{escape(title)}</p><table border=\"1\">"]
    out.append("<tr>" + "".join(f"<td>{escape(h)}</td>" for h in headers) + "</tr>")
    printed = _table_rows(rows, columns, numbering, None, marks)
    for k, (cells, kind) in enumerate(printed):
        if kind == "category":
            out.append(f"<tr><td colspan=\"{len(headers)}\">{escape(cells[0])}</td></tr>")
            continue
        goes_on = k + 1 < len(printed) and printed[k + 1][1] == "continuation"
        tds = []
        for column, cell in zip(columns, cells):
            if kind == "continuation" and column == "seq":
                continue  # covered by the number cell above
            span = " rowspan=\"2\"" if goes_on and column == "seq" else ""
            tds.append(f"<td{span}>{escape(cell)}</td>")
        out.append("<tr>" + "".join(tds) + "</tr>")
    out.append("</table></body></html>")
    return "\n".join(out) + "\n"


RENDERERS = {
    "pipe": render_pipe, "cell_lines": render_cell_lines, "tab_rows": render_tab_rows,
    "columns": render_columns, "blank_lines": render_blank_lines, "labelled": render_labelled,
    "html": render_html,
}


# --- reading a notice back ------------------------------------------------------------------


def parse_notice(text: str):
    """The notice's parse: (projects, targets, progress, findings, documents row)."""
    from pathlib import Path

    from mstrack.pipeline import IngestOptions, parse_document
    from mstrack.readers import read_document

    data = text.encode("utf-8")
    name = "generated.html" if text.startswith("<html>") else "generated.txt"
    doc = read_document(Path(name), data, "0" * 64)
    result = parse_document(doc, "doc_0000000000000000", IngestOptions())
    rows = result.rows
    return rows.get("projects", []), rows.get("targets", []), rows.get("progress", []), result.findings, rows.get("documents", [{}])[0]


def row_misses(notice: Notice, projects, targets, progress) -> list[str]:
    """What differs, per spec row: [] when every row came back exact."""
    misses = []
    by_seq: dict[str, dict] = {}
    for project in projects:
        by_seq.setdefault(project["seq"], project)
    progress_by_project: dict[str, dict] = {}
    for p in progress:
        progress_by_project.setdefault(p["project_id"], {})[p["period"]] = p["text"]
    targets_by_project: dict[str, list[str]] = {}
    for t in targets:
        targets_by_project.setdefault(t["project_id"], []).append(t["text"])
    for row in notice.rows:
        project = by_seq.get(str(row.seq)) or by_seq.get(CIRCLED[row.seq - 1])
        if project is None:
            misses.append(f"row {row.seq}: no project")
            continue
        expected = {
            "name": row.name, "lead_units": row.lead_units, "co_units": row.co_units,
            "leaders": row.leaders, "category": row.category,
        }
        got = {k: (list(project[k]) if isinstance(expected[k], list) else project[k]) for k in expected}
        if got != expected:
            misses.append(f"row {row.seq}: {got} != {expected}")
            continue
        if (project["due"].month if project["due"] else None) != row.due_month:
            misses.append(f"row {row.seq}: due {project['due']} != month {row.due_month}")
            continue
        texts = targets_by_project.get(project["project_id"], [])
        if not any(t.endswith(row.figure) for t in texts):
            misses.append(f"row {row.seq}: target {row.project} not read ({texts})")
            continue
        if row.extra_target and not any(row.extra_target in t for t in texts):
            misses.append(f"row {row.seq}: second target {row.extra_target} not read")
            continue
        if row.progress and progress_by_project.get(project["project_id"], {}) != row.progress:
            misses.append(f"row {row.seq}: progress {progress_by_project.get(project['project_id'])} != {row.progress}")
    if len(projects) != len(notice.rows):
        misses.append(f"{len(projects)} projects for {len(notice.rows)} rows")
    return misses
