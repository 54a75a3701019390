"""Achieved figures in progress texts, matched to the targets they measure, with completion and pace.

"全区城镇新增就业人数16358人,实现失业人员再就业8562人,其中就业困难人员安置3919人,分别完成目标
任务的69%、68%和141%" (000 task 1) measures the task's three targets: each achieved figure goes to
the target with the same unit whose metric shares the most words with the figure's own metric
(never across units: 人 does not measure 个); the shares the text states (69%, 68%, 141%) go to
those achievements in order. A figure that matches no target gives no row.

Pace compares completion with the share of the plan's time elapsed at the report date — the
序时进度 supervising offices report. The plan runs from 1 January of the plan year to the project's
due date (31 December when none is set).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from .findings import Finding
from .ids import make_id
from .targets import TargetClause, extract_targets

# A setting: completion within this many percentage points of the elapsed share is on pace.
PACE_TOLERANCE = 0.10
# Metric similarity (character-bigram Dice) below which a figure does not measure a target, unless
# the figure names nothing of its own ("已建成145个", 001 2.4) and is the only figure and the only
# target of its unit in the project. A figure with a noun of its own that shares no words with the
# target ("申请候选企业9家" against 建成实习见习基地3家, 001 3.4) measures something else.
MIN_SIMILARITY = 0.2
# Chinese noun phrases end in their head: "重点挖掘见习基地申请候选企业9家" counts 企业. Unless the
# metrics are close overall, the figure's last words must share a word with the target's metric.
CLOSE_SIMILARITY = 0.4
HEAD_CHARS = 4
_BARE_WORDS = ("已经", "已", "累计", "共计", "共", "目前", "新建成", "建成", "完成", "新增", "新建", "建设", "实现",
               "开展", "举办", "培养", "投用", "改造", "提升", "达到", "达")
# Phrases that state a completion share rather than an achieved figure.
STATED_SHARE = re.compile(
    r"(?:分别)?完成(?:了)?(?:年度|全年)?(?:目标任务|目标|任务|计划)?(?:的)?"
    r"(?P<shares>\d+(?:\.\d+)?%(?:[、和及,]\d+(?:\.\d+)?%)*)"
    r"|完成率(?:为|达到?)?(?P<rate>\d+(?:\.\d+)?%)"
)
_PERCENT = re.compile(r"(\d+(?:\.\d+)?)%")


@dataclass(frozen=True)
class StatedShare:
    share: Decimal
    decimals: int  # printed decimals of the percentage, for the rounding tolerance
    start: int
    end: int


def derive_achievements(rows: dict[str, list[dict]], year: int | None) -> tuple[list[dict], list[Finding]]:
    """Achievement rows (and COMPLETION_MISMATCH findings) for every progress row of a document."""
    targets_by_project: dict[str, list[dict]] = {}
    for target in rows.get("targets", []):
        targets_by_project.setdefault(target["project_id"], []).append(target)
    due_by_project = {p["project_id"]: p.get("due") for p in rows.get("projects", [])}
    achievements, findings = [], []
    for progress in rows.get("progress", []):
        targets = targets_by_project.get(progress["project_id"], [])
        if not targets or not progress.get("text"):
            continue
        elapsed = elapsed_share(progress.get("as_of"), year, due_by_project.get(progress["project_id"]))
        found, problems = achievements_for(progress, targets, elapsed)
        achievements += found
        findings += problems
    return achievements, findings


def achievements_for(progress: dict, targets: list[dict], elapsed: float | None) -> tuple[list[dict], list[Finding]]:
    text = progress["text"]
    stated = stated_shares(text)
    achieved = [c for c in extract_targets(text) if not _inside_any(c, stated)]
    pairs = match(achieved, targets)
    rows, findings = [], []
    shares = _assign_shares(pairs, stated)
    for n, (clause, target) in enumerate(pairs):
        completion = float(clause.quantity.value) / target["value"] if target["value"] else None
        share = shares.get(n)
        row = {
            "achievement_id": make_id("ach", progress["progress_id"], target["target_id"], clause.quantity.start),
            "progress_id": progress["progress_id"],
            "target_id": target["target_id"],
            "value": float(clause.quantity.value),
            "unit": clause.quantity.unit,
            "completion": completion,
            "stated_completion": float(share.share) if share else None,
            "elapsed_share": elapsed,
            "pace": pace(completion, elapsed),
            "evidence": clause.text,
        }
        rows.append(row)
        if share and completion is not None and abs(completion - float(share.share)) > _tolerance(share):
            findings.append(
                Finding(
                    "COMPLETION_MISMATCH",
                    "warning",
                    f"progress says {float(share.share) * 100:g}% of {target['metric']} is done, but "
                    f"{clause.quantity.value_raw} of {target['value_raw']} is {completion * 100:.1f}%",
                    doc_id=progress["doc_id"],
                    table="achievements",
                    ref=progress.get("ref"),
                )
            )
    return rows, findings


def match(achieved: list[TargetClause], targets: list[dict]) -> list[tuple[TargetClause, dict]]:
    """Each achieved figure to at most one target and each target to at most one figure: best
    metric similarity first, same canonical unit only. Returned in the order of the text."""
    candidates = []
    for i, clause in enumerate(achieved):
        same_unit = [t for t in targets if t["unit"] and t["unit"] == clause.quantity.unit and t["value"]]
        for target in same_unit:
            score = similarity(clause.metric, target["metric"])
            if score < CLOSE_SIMILARITY and not _bigrams(clause.metric[-HEAD_CHARS:]) & _bigrams(target["metric"]):
                score = 0.0
            alone = (
                _is_bare(clause.metric)
                and len(same_unit) == 1
                and sum(c.quantity.unit == target["unit"] for c in achieved) == 1
            )
            if score >= MIN_SIMILARITY or alone:
                candidates.append((score, -i, i, target["target_id"], target))
    candidates.sort(key=lambda c: (c[0], c[1]), reverse=True)
    used_figures, used_targets, pairs = set(), set(), []
    for _, _, i, target_id, target in candidates:
        if i in used_figures or target_id in used_targets:
            continue
        used_figures.add(i)
        used_targets.add(target_id)
        pairs.append((i, target))
    return [(achieved[i], target) for i, target in sorted(pairs, key=lambda p: p[0])]


def similarity(a: str, b: str) -> float:
    """Dice coefficient of character bigrams: Chinese metrics share words, not spellings."""
    grams_a, grams_b = _bigrams(a), _bigrams(b)
    if not grams_a or not grams_b:
        return 0.0
    return 2 * len(grams_a & grams_b) / (len(grams_a) + len(grams_b))


def stated_shares(text: str) -> list[StatedShare]:
    shares = []
    for found in STATED_SHARE.finditer(text):
        group = "shares" if found.group("shares") else "rate"
        offset = found.start(group)
        for pct in _PERCENT.finditer(found.group(group)):
            decimals = len(pct.group(1).split(".")[1]) if "." in pct.group(1) else 0
            shares.append(StatedShare(Decimal(pct.group(1)) / 100, decimals, offset + pct.start(), offset + pct.end()))
    return shares


def elapsed_share(as_of: date | None, year: int | None, due: date | None) -> float | None:
    if as_of is None or year is None:
        return None
    start, end = date(year, 1, 1), due or date(year, 12, 31)
    if end <= start:
        return None
    return round(min(1.0, max(0.0, (as_of - start).days / (end - start).days)), 4)


def pace(completion: float | None, elapsed: float | None) -> str | None:
    if completion is None or elapsed is None:
        return None
    if completion >= elapsed + PACE_TOLERANCE:
        return "ahead"
    if completion < elapsed - PACE_TOLERANCE:
        return "behind"
    return "on_pace"


def _assign_shares(pairs, stated: list[StatedShare]) -> dict[int, StatedShare]:
    """Stated shares go, in order, to the achievements printed before them."""
    assigned: dict[int, StatedShare] = {}
    pending = list(range(len(pairs)))
    for share in stated:
        before = [n for n in pending if pairs[n][0].quantity.end <= share.start]
        if not before:
            continue
        n = before[0]
        assigned[n] = share
        pending.remove(n)
    return assigned


def _inside_any(clause: TargetClause, stated: list[StatedShare]) -> bool:
    return any(s.start <= clause.quantity.start < s.end or clause.quantity.start <= s.start < clause.quantity.end
               for s in stated)


def _tolerance(share: StatedShare) -> float:
    # A share printed as 69% stands for anything from 68.5% to 69.5%.
    return 0.5 * 10 ** -(share.decimals + 2) + 1e-9


def _is_bare(metric: str) -> bool:
    """Does the figure's metric hold only verbs ("已建成"), no noun of its own?"""
    changed = True
    while metric and changed:
        changed = False
        for word in _BARE_WORDS:
            if metric.startswith(word):
                metric, changed = metric[len(word) :], True
    return not metric


def _bigrams(text: str) -> set[str]:
    text = re.sub(r"[^\u4e00-\u9fffA-Za-z]", "", text)
    return {text[i : i + 2] for i in range(len(text) - 1)}
