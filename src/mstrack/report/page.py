"""The report's HTML: a section per document, built from the loaded tables (DataFrames)."""

from __future__ import annotations

import math
from datetime import datetime, timezone
from html import escape

from .. import __version__
from .charts import Bar, Pair, bar_chart, paired_chart, progress_bar

# Allocation charts of the units with the most allocation rows in a document, beside the count of
# tasks per area; more would make a long page of small charts.
UNIT_CHARTS = 2
MAX_PAIRS = 60  # indicator rows charted per document; the table lists them all
PACE_LABELS = {"ahead": "超前", "on_pace": "同步", "behind": "滞后"}
STATUS_LABELS = {"completed": "已完成", "in_progress": "推进中", "not_started": "未开始", "unknown": "未知"}
SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}

# CJK fonts first, the ones Debian, macOS and Windows ship, so labels are never empty boxes.
CSS = """
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Zen Hei", "WenQuanYi Micro Hei",
       "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "SimHei", sans-serif;
       margin: 2rem auto; max-width: 62rem; color: #1d2733; line-height: 1.5; padding: 0 1rem; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.3rem; border-top: 2px solid #2a6fb0; padding-top: .8rem; margin-top: 2.5rem; }
h3 { font-size: 1.05rem; margin-top: 1.6rem; }
table { border-collapse: collapse; width: 100%; font-size: .88rem; margin: .5rem 0; }
th, td { border-bottom: 1px solid #e3e7ec; padding: .25rem .4rem; text-align: left; vertical-align: top; }
th { background: #f3f5f8; } td.num { text-align: right; white-space: nowrap; }
svg.chart text { font-size: 12px; fill: #1d2733; } svg.chart text.value { fill: #4a5663; }
.meta { color: #4a5663; font-size: .9rem; } .empty { color: #7a8591; font-style: italic; }
.pace-ahead { color: #2f9e5b; } .pace-behind { color: #c0392b; } .pace-on_pace { color: #2a6fb0; }
.sev-error { color: #c0392b; font-weight: bold; } .sev-warning { color: #b36b00; }
.legend span { display: inline-block; width: .8rem; height: .8rem; margin: 0 .3rem 0 1rem; vertical-align: middle; }
nav a { margin-right: 1rem; } details { margin: .2rem 0; }
"""


def render(tables, source: str) -> str:
    """The whole page for the loaded tables (`mstrack.load`)."""
    documents = tables["documents"]
    sections = [document_section(tables, row) for row in documents.itertuples(index=False)]
    orphans = tables["findings"][tables["findings"]["doc_id"].isna()]
    nav = "".join(f'<a href="#{escape(d)}">{escape(_short_title(row))}</a>' for d, row in zip(documents["doc_id"], documents.itertuples(index=False)))
    generated = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>民生实事 report — {escape(source)}</title>
<style>{CSS}</style>
</head>
<body>
<h1>民生实事 · 报告</h1>
<p class="meta">{len(documents)} documents from <code>{escape(source)}</code>; mstrack {escape(__version__)}, {generated}.
Every figure is in the tables; <code>ref</code> says where in its document it was printed.</p>
<nav>{nav}</nav>
{"".join(sections)}
{_findings_section(orphans, "Files that could not be read") if len(orphans) else ""}
</body>
</html>
"""


def document_section(tables, document) -> str:
    doc_id = document.doc_id
    of = {name: frame[frame["doc_id"] == doc_id] for name, frame in tables.items() if "doc_id" in frame.columns}
    meta = " · ".join(
        escape(str(v))
        for v in (document.issuer, document.doc_number, document.city, document.district, document.year, document.period, _date(document.as_of))
        if _present(v)
    )
    return f"""
<section class="document" id="{escape(doc_id)}">
<h2>{escape(_short_title(document))}</h2>
<p class="meta">{meta}<br><code>{escape(document.source_path)}</code> · {escape(", ".join(document.kinds))}</p>
{allocation_part(of["allocations"])}
{completion_part(tables, of["projects"], of["progress"])}
{indicator_part(of["indicators"])}
{_findings_section(of["findings"], "Findings")}
</section>"""


def allocation_part(allocations) -> str:
    if allocations.empty:
        return ""
    assigned = allocations[allocations["value"].fillna(0) > 0]
    tasks = assigned.groupby("area", sort=False).size().sort_values(ascending=False)
    charts = [
        "<h3>Allocation per area 各地区任务分解</h3>",
        bar_chart([Bar(area, n, f"{n} 项") for area, n in tasks.items()], "任务数 per area"),
    ]
    units = assigned.groupby("unit", observed=True).size().sort_values(ascending=False).head(UNIT_CHARTS)
    for unit in units.index:
        sums = assigned[assigned["unit"] == unit].groupby("area", sort=False)["value"].sum().sort_values(ascending=False)
        charts.append(f"<p class=\"meta\">Sum of the shares counted in {escape(unit)}:</p>")
        charts.append(bar_chart([Bar(area, float(v), figure(v, unit)) for area, v in sums.items()], f"合计 ({unit}) per area"))
    return "\n".join(charts)


def completion_part(tables, projects, progress) -> str:
    if progress.empty:
        return ""
    achievements = tables["achievements"].merge(progress[["progress_id", "project_id", "reported_by"]], on="progress_id")
    achievements = achievements.merge(tables["targets"][["target_id", "metric", "value", "unit"]], on="target_id", suffixes=("", "_target"))
    names = dict(zip(projects["project_id"], projects["name"].fillna(projects["task"])))
    statuses = progress["status"].value_counts()
    status_chart = bar_chart(
        [Bar(STATUS_LABELS.get(s, s), int(n), f"{int(n)} 项") for s, n in statuses.items() if n],
        "progress status",
    )
    rows = []
    for a in achievements.itertuples(index=False):
        pace = "" if _missing(a.pace) else a.pace
        rows.append(
            "<tr>"
            f"<td>{escape(str(names.get(a.project_id, '')))}</td>"
            f"<td>{escape(a.metric)}</td>"
            f'<td class="num">{escape(figure(a.value_target, a.unit_target))}</td>'
            f'<td class="num">{escape(figure(a.value, a.unit))}</td>'
            f'<td class="num">{_share(a.completion)}</td>'
            f"<td>{progress_bar(None if _missing(a.completion) else float(a.completion))}</td>"
            f'<td class="pace-{escape(pace)}">{escape(PACE_LABELS.get(pace, pace))}</td>'
            "</tr>"
        )
    table = (
        "<table><tr><th>project</th><th>target</th><th>planned</th><th>achieved</th><th>completion</th><th></th><th>pace</th></tr>"
        + "".join(rows)
        + "</table>"
        if rows
        else '<p class="empty">No achieved figure could be matched to a target.</p>'
    )
    return f"<h3>Completion and pace 完成进度</h3>{status_chart}{table}"


def indicator_part(indicators) -> str:
    if indicators.empty:
        return ""
    pairs, rows = [], []
    for metric, group in indicators.groupby("metric", sort=False):
        actual = _first(group[group["basis"] == "actual"])
        planned = _first(group[group["basis"] == "planned"])
        pairs.append(
            Pair(
                metric,
                _number(actual, "value"),
                _number(planned, "value"),
                _shown(actual, "实际"),
                _shown(planned, "计划"),
            )
        )
        rows.append(
            f"<tr><td>{escape(metric)}</td><td class=\"num\">{escape(_shown(actual, ''))}</td>"
            f"<td class=\"num\">{escape(_shown(planned, ''))}</td></tr>"
        )
    charted = [p for p in pairs if p.actual is not None or p.planned is not None][:MAX_PAIRS]
    legend = (
        '<p class="legend"><span style="background:#2a6fb0"></span>actual 实际'
        '<span style="background:#e08a2c"></span>planned 计划 (each row on its own scale)</p>'
    )
    return (
        "<h3>Indicators, actual and planned 主要指标</h3>"
        + legend
        + paired_chart(charted, "indicators actual vs planned")
        + "<details><summary>All indicators</summary><table><tr><th>metric</th><th>actual</th><th>planned</th></tr>"
        + "".join(rows)
        + "</table></details>"
    )


def _findings_section(findings, title: str) -> str:
    if findings.empty:
        return f'<h3>{escape(title)}</h3><p class="empty">None.</p>'
    groups = []
    ordered = findings.assign(_order=findings["severity"].astype(str).map(SEVERITY_ORDER)).sort_values(["_order", "code"])
    for (code, severity), group in ordered.groupby(["code", "severity"], sort=False, observed=True):
        items = "".join(
            f"<li>{escape(str(m))}{f' <code>{escape(str(r))}</code>' if _present(r) else ''}</li>"
            for m, r in zip(group["message"], group["ref"])
        )
        groups.append(
            f'<details><summary><span class="sev-{escape(str(severity))}">{escape(code)}</span> '
            f"({escape(str(severity))}): {len(group)}</summary><ul>{items}</ul></details>"
        )
    return f"<h3>{escape(title)} 问题</h3>" + "".join(groups)


def figure(value, unit) -> str:
    """A figure as a Chinese reader writes it: 643.57亿元, 1.36万平方米, 227个."""
    if _missing(value):
        return ""
    value = float(value)
    unit = "" if _missing(unit) else str(unit)
    if unit == "%":
        return f"{value:g}%"
    for scale, word in ((1e8, "亿"), (1e4, "万")):
        if abs(value) >= scale:
            return f"{value / scale:.2f}".rstrip("0").rstrip(".") + word + unit
    return f"{value:,.2f}".rstrip("0").rstrip(".") + unit


def _shown(row, word: str) -> str:
    if row is None or _missing(row.value):
        return ""
    text = figure(row.value, row.unit)
    year = "" if _missing(row.year) else f"{int(row.year)} "
    return f"{year}{word}{text}".strip()


def _first(group):
    return next(group.itertuples(index=False), None)


def _number(row, column: str) -> float | None:
    if row is None or _missing(getattr(row, column)):
        return None
    return float(getattr(row, column))


def _share(value) -> str:
    return "" if _missing(value) else f"{float(value):.0%}"


def _short_title(document) -> str:
    if _present(document.title):
        return str(document.title)
    return str(document.source_path).rsplit("/", 1)[-1]


def _date(value) -> str | None:
    return None if _missing(value) else value.strftime("%Y-%m-%d")


def _missing(value) -> bool:
    if value is None:
        return True
    try:
        return bool(value != value) or (isinstance(value, float) and math.isnan(value))
    except (TypeError, ValueError):
        return False


def _present(value) -> bool:
    return not _missing(value) and str(value) != ""
