"""Charts as inline SVG, written here so the report needs no JavaScript library and no network.

Pure functions from figures to SVG text. Labels are text elements in the page's font (the CJK
font stack of the report's CSS), so Chinese renders as the page does.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

BAR_HEIGHT = 18
GAP = 6
LABEL_WIDTH = 190
VALUE_WIDTH = 190
WIDTH = 820
COLOURS = {"actual": "#2a6fb0", "planned": "#e08a2c", "bar": "#2a6fb0", "done": "#2f9e5b", "rest": "#d9dee5"}


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    shown: str  # the value as printed beside the bar, with its unit


def bar_chart(bars: list[Bar], title: str) -> str:
    """Horizontal bars, one per label, on one scale."""
    if not bars:
        return ""
    top = max((b.value for b in bars), default=0) or 1
    plot = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    height = len(bars) * (BAR_HEIGHT + GAP) + GAP
    parts = []
    for i, bar in enumerate(bars):
        y = GAP + i * (BAR_HEIGHT + GAP)
        length = max(plot * bar.value / top, 1 if bar.value else 0)
        parts.append(_label(bar.label, y))
        parts.append(_rect(LABEL_WIDTH, y, length, BAR_HEIGHT, COLOURS["bar"], f"{bar.label}: {bar.shown}"))
        parts.append(_value(LABEL_WIDTH + length + 6, y, bar.shown))
    return _svg(title, height, parts, len(bars))


@dataclass(frozen=True)
class Pair:
    label: str
    actual: float | None
    planned: float | None
    actual_shown: str
    planned_shown: str


def paired_chart(pairs: list[Pair], title: str) -> str:
    """Two bars per label, actual above planned, each label on its own scale (the figures of one
    label share a unit; those of different labels need not)."""
    if not pairs:
        return ""
    plot = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    parts = []
    bars = 0
    y = GAP
    for pair in pairs:
        drawn = [
            (basis, value, shown)
            for basis, value, shown in (("actual", pair.actual, pair.actual_shown), ("planned", pair.planned, pair.planned_shown))
            if value is not None
        ]
        top = max((abs(v) for _, v, _ in drawn), default=0) or 1
        # The label beside the middle of its one or two bars.
        parts.append(_label(pair.label, y + (len(drawn) - 1) * BAR_HEIGHT / 2))
        for basis, value, shown in drawn:
            length = max(plot * abs(value) / top, 1 if value else 0)
            parts.append(_rect(LABEL_WIDTH, y, length, BAR_HEIGHT - 2, COLOURS[basis], f"{pair.label} {basis}: {shown}"))
            parts.append(_value(LABEL_WIDTH + length + 6, y, shown))
            y += BAR_HEIGHT
            bars += 1
        y += GAP
    height = y
    return _svg(title, height, parts, bars)


def progress_bar(share: float | None, width: int = 140) -> str:
    """A small bar of a completion share (1 = done; over 1 drawn full)."""
    if share is None:
        return ""
    done = max(0.0, min(share, 1.0)) * width
    return (
        f'<svg class="chart meter" width="{width}" height="12" role="img" aria-label="{share:.0%}" data-bars="1">'
        f'<rect x="0" y="0" width="{width}" height="12" fill="{COLOURS["rest"]}"/>'
        f'<rect x="0" y="0" width="{done:.1f}" height="12" fill="{COLOURS["done"]}"/></svg>'
    )


def _svg(title: str, height: float, parts: list[str], bars: int) -> str:
    return (
        f'<svg class="chart" width="{WIDTH}" height="{height:.0f}" viewBox="0 0 {WIDTH} {height:.0f}" '
        f'role="img" aria-label="{escape(title)}" data-bars="{bars}"><title>{escape(title)}</title>{"".join(parts)}</svg>'
    )


def _label(text: str, y: float) -> str:
    shown = text if len(text) <= 14 else text[:13] + "…"
    return (
        f'<text x="{LABEL_WIDTH - 8}" y="{y + BAR_HEIGHT - 5:.1f}" text-anchor="end">'
        f"<title>{escape(text)}</title>{escape(shown)}</text>"
    )


def _value(x: float, y: float, text: str) -> str:
    return f'<text x="{x:.1f}" y="{y + BAR_HEIGHT - 5:.1f}" class="value">{escape(text)}</text>'


def _rect(x: float, y: float, width: float, height: float, colour: str, tip: str) -> str:
    return f'<rect x="{x}" y="{y:.1f}" width="{width:.1f}" height="{height}" fill="{colour}"><title>{escape(tip)}</title></rect>'
