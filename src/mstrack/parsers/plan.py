"""A project's 工作计划和进度安排 → milestones: one row per dated step.

"3月底前确定项目点位以及实施名单; 6月底前开展项目设计及招标; 9月底前完成新增助餐服务点不少于100个;
11月底全面完成建设任务。" (002 L29) is four steps. A step starts at a date that opens a clause; its
figure comes from the quantity grammar; a percentage of the task is a share (0.5), except where the
target itself is a rate (002 L37: 保障率 80% by March is a value of the 83% target).
A plan can hold sub-plans, one per target, each under a "[target text]" label (002 L36, L43–44).
"""

from __future__ import annotations

import re
from datetime import date

from ..model import Cell
from ..quantity import Quantity, find_quantities
from ..rows import milestone_row
from ..targets import closest_target, extract_targets, same_figure
from .dates import DUE, due_from_match

# A date opening a clause starts a step; "需待11月晚稻收割后" (002 L76) is inside one and does not.
_STEP_START = re.compile(rf"(?:^|(?<=[;。,:\s\]]))(?:{DUE.pattern})")
_STEP_END = re.compile(r"[;。]")
_SUB_PLAN_LABEL = re.compile(r"\[([^\[\]]+)\]")
# "每月完成…250堂" (002 L56), "平均每月完成1000余场" (L72): a monthly rate, not the step's figure.
_RATE_WORDS = ("每月", "每周", "每天", "每年")
_NOT_A_STEP_FIGURE = {"age", "duration"}
_STEP_TRIM = " ;。,:\n"


def _steps(text: str) -> list[tuple[str | None, re.Match[str], str]]:
    """(sub-plan label, date match, step text) for each dated step, in order."""
    steps = []
    label: str | None = None
    pieces = _SUB_PLAN_LABEL.split(text)
    # split() alternates text and captured labels: [text, label, text, label, text…]
    for index, piece in enumerate(pieces):
        if index % 2:
            label = piece.strip()
            continue
        starts = list(_STEP_START.finditer(piece))
        for n, found in enumerate(starts):
            end = starts[n + 1].start() if n + 1 < len(starts) else len(piece)
            # A step ends at its ; or 。 too: what follows without a date is a note, not a step
            # ("实际推进时间安排以…为准" 002 L31, "完成认定任务后,组织…" L70).
            stop = _STEP_END.search(piece, found.end(), end)
            steps.append((label, found, piece[found.start() : stop.start() if stop else end].strip(_STEP_TRIM)))
    return steps


def _is_rate(step: str, quantity: Quantity) -> bool:
    clause = re.split(r"[,;]", step[: quantity.start])[-1]
    return any(word in clause for word in _RATE_WORDS)


def _label_target(label: str | None, targets: list[dict]) -> dict | None:
    """The target a "[新开工保障房100万平方米]" sub-plan is about."""
    if not label:
        return None
    for clause in extract_targets(label):
        for target in targets:
            if same_figure(target, clause.quantity):
                return target
    return None


def milestone_rows(project: dict, targets: list[dict], plan: Cell, year: int | None) -> list[dict]:
    if year is None or not plan.text:
        return []
    rate_target = next((t for t in targets if t["unit"] == "%"), None)
    units = {t["unit"] for t in targets if t["unit"]}
    rows = []
    for ordinal, (label, found, step) in enumerate(_steps(plan.text)):
        due: date = due_from_match(found, year)
        figures = [
            q for q in find_quantities(step)
            if q.kind not in _NOT_A_STEP_FIGURE and not _is_rate(step, q) and q.start >= found.end() - found.start()
        ]  # fmt: skip
        percent = next((q for q in figures if q.unit == "%"), None)
        amount = next((q for q in figures if q.unit != "%" and q.unit in units), None)
        value = unit = comparator = share = None
        if percent is not None and rate_target is not None:
            amount = percent  # a rate target: 80% is a value of it, not a share of the task
        elif percent is not None:
            share, comparator = float(percent.value / 100), percent.comparator
        if amount is not None:
            value, unit, comparator = float(amount.value), amount.unit, amount.comparator

        target = _label_target(label, targets)
        if target is None and amount is not None:
            candidates = [t for t in targets if t["unit"] == amount.unit]
            target = closest_target(step, candidates) if candidates else None
        if target is None and share is not None and len(targets) == 1:
            target = targets[0]
        rows.append(milestone_row(project, ordinal, target, due=due, text=step, value=value, unit=unit,
                                  comparator=comparator, share=share, ref=plan.ref))
    return rows
