"""Achieved figures in progress texts, matched to the targets they measure, with completion and pace.

"全区城镇新增就业人数16358人,实现失业人员再就业8562人,其中就业困难人员安置3919人,分别完成目标
任务的69%、68%和141%" (000 task 1) measures the task's three targets: each achieved figure goes to
the target with the same unit whose metric shares the most words with the figure's own metric
(never across units: 人 does not measure 个); the shares the text states (69%, 68%, 141%) go to
those achievements in order. A figure that matches no target gives no row.

Only a figure stated as done is an achievement. Progress texts also print figures of candidates
("收集18个点位信息"), plans, selections ("选取确定三个重点区域"), headings ("4条整治河道:" over the
early work on each river) and the target restated ("15个老旧小区…均已完成过半"); the words that
say which are data (`data/achievement_words.csv`), and each such figure of a target's unit is an
info finding (NOT_AN_ACHIEVEMENT) rather than a silent drop. A share stated in words ("过半",
"基本完成": `data/share_words.csv`) gives a row of its own with the range it stands for.

Pace compares completion with the share of the plan's time elapsed at the date the figure speaks
for — the report's as_of, or a date in the evidence ("2月累计", "截至2月底") — the 序时进度
supervising offices report. The plan runs from 1 January of the plan year to the project's due date
(31 December when none is set), counted in whole days (Q1 2024 is 91 of 366). A rate target (80%
coverage) has no pace: its share is not delivered over time.
"""

from __future__ import annotations

import calendar
import csv
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache, lru_cache
from importlib.resources import files

from .model import Finding
from .ids import make_id
from .metrics import metric_key
from .targets import TargetClause, extract_targets

# A setting: completion within this many percentage points of the elapsed share is on pace; each
# row carries its band (pace_low, pace_high).
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
_NOT_A_WORD = re.compile(r"[^\u4e00-\u9fffA-Za-z]")
# A clause ends at these; a sentence (whose opening label may state what was done) at the second set.
_CLAUSE_BREAK = ",;。:\n"
_SENTENCE_BREAK = ";。\n"
# A figure whose clause ends in a colon heads the text about it ("4条整治河道:备塘河…").
_HEADING_END = ":"
# A share word closing its clause states the completion of the targets its clause names, by their
# metric words or by one of these words for the task as a whole ("各项任务指标均已完成过半").
WHOLE_TASK_WORDS = ("各项", "任务", "目标", "指标", "全部")
_CLAUSE_FILLER = " 。,;了的"
# Units of rate targets, which have no pace.
RATE_UNITS = ("%", "‰")
# Dates in the evidence the figure speaks for, before the figure in its sentence: (pattern, what
# the groups are). The plan year is the report's.
_EVIDENCE_DATES = (
    re.compile(r"截至(?P<month>\d{1,2})月(?P<day>\d{1,2})日"),
    re.compile(r"截至(?P<month>\d{1,2})月(?:底|末)?"),
    re.compile(r"(?:1|一)\s*[-—~至]\s*(?P<month>\d{1,2})月"),
    re.compile(r"(?P<month>\d{1,2})月(?:份)?累计"),
)
# How a figure was matched to its target, and how sure that is (done word, match strength).
MATCHES = ("exact", "similar", "bare", "rate", "stated_rate", "share_words")
_CONFIDENCE = {
    # (match, stated as done) -> confidence
    ("exact", True): "high", ("similar", True): "high", ("rate", True): "high",
    ("exact", False): "medium", ("similar", False): "medium", ("rate", False): "medium", ("bare", True): "medium",
    ("bare", False): "low",
}


@dataclass(frozen=True)
class AchievementWord:
    word: str
    role: str  # done, candidate, plan, selection


@dataclass(frozen=True)
class ShareWord:
    word: str
    low: float
    high: float


def _read_lexicon(name: str) -> list[dict[str, str]]:
    text = files("mstrack.data").joinpath(name).read_text(encoding="utf-8")
    return [row for row in csv.DictReader(text.splitlines()) if not next(iter(row.values()), "").startswith("#")]


@cache
def achievement_words() -> tuple[AchievementWord, ...]:
    """Longest first, so 点位信息 is read before 信息 would be."""
    words = [AchievementWord(r["word"], r["role"]) for r in _read_lexicon("achievement_words.csv")]
    return tuple(sorted(words, key=lambda w: -len(w.word)))


@cache
def _any_word(done: bool) -> re.Pattern[str]:
    """Any achievement word of the done role (or of the others): most clauses hold none, and are
    asked once instead of once per word."""
    return re.compile("|".join(re.escape(w.word) for w in achievement_words() if (w.role == "done") == done))


@cache
def share_words() -> tuple[ShareWord, ...]:
    words = [ShareWord(r["word"], float(r["low"]), float(r["high"])) for r in _read_lexicon("share_words.csv")]
    return tuple(sorted(words, key=lambda w: -len(w.word)))


@dataclass(frozen=True)
class StatedShare:
    share: Decimal
    decimals: int  # printed decimals of the percentage, for the rounding tolerance
    start: int
    end: int


@dataclass(frozen=True)
class Figure:
    """A figure of a progress text and what its words say of it."""

    clause: TargetClause
    done: bool  # stated as done
    excluded: str | None  # why it is no achievement: candidate, plan, selection, heading, restated
    word: str | None  # the word that decided
    as_of: date | None  # date the evidence gives the figure, else None


def derive_achievements(rows: dict[str, list[dict]], year: int | None) -> tuple[list[dict], list[Finding]]:
    """Achievement rows (and COMPLETION_MISMATCH, NOT_AN_ACHIEVEMENT findings) for every progress
    row of a document."""
    targets_by_project: dict[str, list[dict]] = {}
    for target in rows.get("targets", []):
        targets_by_project.setdefault(target["project_id"], []).append(target)
    due_by_project = {p["project_id"]: p.get("due") for p in rows.get("projects", [])}
    achievements, findings = [], []
    for progress in rows.get("progress", []):
        targets = targets_by_project.get(progress["project_id"], [])
        if not targets or not progress.get("text"):
            continue
        found, problems = achievements_for(progress, targets, year, due_by_project.get(progress["project_id"]))
        achievements += found
        findings += problems
    return achievements, findings


def achievements_for(progress: dict, targets: list[dict], year: int | None = None,
                     due: date | None = None) -> tuple[list[dict], list[Finding]]:
    text = progress["text"]
    stated = stated_shares(text)
    clauses = [c for c in extract_targets(text) if not _inside_any(c, stated)]
    figures = [read_figure(text, c, targets, year) for c in clauses]
    counted = [f for f in figures if not f.excluded]
    pairs = match([f.clause for f in counted], targets)
    figure_of = {id(f.clause): f for f in counted}
    shares = _assign_shares(pairs, stated)
    rows: list[dict] = []
    findings: list[Finding] = []
    for n, (clause, target) in enumerate(pairs):
        figure = figure_of[id(clause)]
        completion = float(clause.quantity.value) / target["value"] if target["value"] else None
        share = shares.get(n)
        kind = match_kind(clause, target)
        # A date in the evidence counts when it is not after the report's own ("截至2月底" in a
        # March report); a later one is a plan ("预计…"), not the date of the figure.
        from_evidence = figure.as_of is not None and (progress.get("as_of") is None or figure.as_of <= progress["as_of"])
        as_of = figure.as_of if from_evidence else progress.get("as_of")
        row = achievement_row(progress, target, clause.quantity.start, year, due, as_of,
                   as_of_from="evidence" if from_evidence else "report",
                   value=float(clause.quantity.value), unit=clause.quantity.unit, completion=completion,
                   stated_completion=float(share.share) if share else None, match=kind,
                   confidence=_CONFIDENCE[(kind, figure.done)], evidence=clause.text)
        rows.append(row)
        if share and completion is not None and abs(completion - float(share.share)) > _tolerance(share):
            findings.append(_finding(
                "COMPLETION_MISMATCH", "warning", progress, target,
                f"progress says {float(share.share) * 100:g}% of {target['metric']} is done, but "
                f"{clause.quantity.value_raw} of {target['value_raw']} is {completion * 100:.1f}%"))
    matched = {target["target_id"] for _, target in pairs}
    left = [share for share in stated if share not in shares.values()]
    rows += _stated_rate_rows(progress, [t for t in targets if t["target_id"] not in matched], left, year, due)
    matched |= {row["target_id"] for row in rows}
    rows += _share_word_rows(progress, [t for t in targets if t["target_id"] not in matched], year, due)
    findings += _not_achievements(progress, [f for f in figures if f.excluded], targets)
    findings += _status_mismatch(progress, rows, targets)
    return rows, findings


def read_figure(text: str, clause: TargetClause, targets: list[dict], year: int | None) -> Figure:
    """What the words around a figure say: done, or a candidate, plan, selection, heading or the
    target restated. Words of these roles are looked for in the figure's clause; a done word also
    in the label that opens its sentence ("竣工并投入使用项目:杭州养和医院268张床位")."""
    quantity = clause.quantity
    clause_start, clause_end = _bounds(text, _CLAUSE_BREAK, quantity.start, quantity.end)
    sentence_start, _ = _bounds(text, _SENTENCE_BREAK, quantity.start, quantity.end)
    words = text[clause_start:quantity.start] + "\x00" + text[quantity.end:clause_end]
    label = text[sentence_start:clause_start]
    as_of = evidence_date(text[sentence_start:quantity.start], year)
    if _any_word(False).search(words):
        for found in achievement_words():
            if found.role != "done" and found.word in words:
                return Figure(clause, False, found.role, found.word, as_of)
    done_word = None
    if _any_word(True).search(words + label):
        done_word = next((w.word for w in achievement_words() if w.role == "done" and w.word in words + label), None)
    if text[clause_end:clause_end + 1] == _HEADING_END:
        return Figure(clause, done_word is not None, "heading", ":", as_of)
    after = text[quantity.end:clause_end]
    share = next((w.word for w in share_words() if w.word in after), None)
    restates = any(t["value"] == float(quantity.value) and t["unit"] == quantity.unit for t in targets)
    if restates and share:
        return Figure(clause, False, "restated", share, as_of)
    if restates and done_word is None:
        return Figure(clause, False, "restated", None, as_of)
    return Figure(clause, done_word is not None, None, done_word, as_of)


def match_kind(clause: TargetClause, target: dict) -> str:
    """exact: same metric key; rate: a rate target met by a rate; similar: metric words shared;
    bare: the figure names nothing of its own and is the only one of its unit."""
    if target["unit"] in RATE_UNITS:
        return "rate"
    if metric_key(clause.metric, clause.quantity.unit) == _key_of(target):
        return "exact"
    if similarity(clause.metric, target["metric"]) >= MIN_SIMILARITY:
        return "similar"
    return "bare"


def evidence_date(before: str, year: int | None) -> date | None:
    """The date a figure speaks for when its sentence says one: "2月累计" → 29 Feb 2024."""
    if year is None:
        return None
    for pattern in _EVIDENCE_DATES:
        found = None
        for found in pattern.finditer(before):
            pass
        if found is None:
            continue
        month = int(found.group("month"))
        if not 1 <= month <= 12:
            continue
        last = calendar.monthrange(year, month)[1]
        day = int(found.groupdict().get("day") or last)
        return date(year, month, min(max(day, 1), last))
    return None


def _stated_rate_rows(progress: dict, targets: list[dict], shares: list[StatedShare], year: int | None,
                      due: date | None) -> list[dict]:
    """A completion rate stated with no achieved figure ("完成率60%") is the completion of the
    targets no figure measured: in order when there are as many, else of the one its sentence names
    (or the only one)."""
    text = progress["text"]
    if not shares or not targets:
        return []
    if len(shares) == len(targets):
        pairs = list(zip(shares, targets))
    elif len(shares) == 1:
        sentence_start, sentence_end = _bounds(text, _SENTENCE_BREAK, shares[0].start, shares[0].end)
        sentence = text[sentence_start:sentence_end]
        named = [t for t in targets if similarity(sentence, t["metric"]) >= MIN_SIMILARITY]
        chosen = targets if len(targets) == 1 else named if len(named) == 1 else []
        pairs = [(shares[0], t) for t in chosen]
    else:
        return []
    rows = []
    for share, target in pairs:
        clause_start, clause_end = _bounds(text, _CLAUSE_BREAK, share.start, share.end)
        rows.append(achievement_row(
            progress, target, share.start, year, due, progress.get("as_of"), as_of_from="report",
            value=None, unit=target["unit"], completion=None, stated_completion=float(share.share),
            match="stated_rate", confidence="medium" if len(targets) == 1 else "low",
            evidence=text[clause_start:clause_end].strip()))
    return rows


def _share_word_rows(progress: dict, targets: list[dict], year: int | None, due: date | None) -> list[dict]:
    """A share in words ("均已完成过半") with no achieved figure after it in its clause states the
    completion of the targets no figure measured."""
    text = progress["text"]
    rows = []
    for share in share_words():
        position = text.find(share.word)
        if position < 0 or not targets:
            continue
        clause_start, clause_end = _bounds(text, _CLAUSE_BREAK, position, position + len(share.word))
        if text[position + len(share.word):clause_end].strip(_CLAUSE_FILLER):
            continue  # "已基本完成对…168幢…的整治工程", "基本完成内部装饰工程": the word says its object is done
        subject = text[clause_start:position]
        named = [t for t in targets if any(w in subject for w in WHOLE_TASK_WORDS)
                 or similarity(subject, t["metric"]) >= MIN_SIMILARITY]
        for target in named:
            rows.append(achievement_row(
                progress, target, position, year, due, progress.get("as_of"), as_of_from="report",
                value=None, unit=target["unit"], completion=None, stated_completion=None,
                stated_low=share.low, stated_high=share.high, match="share_words",
                confidence="medium" if len(named) == 1 else "low", evidence=text[clause_start:clause_end].strip()))
        if named:
            break  # the longest share word of the text; 全面完成 is not also 完成
    return rows


def achievement_row(progress: dict, target: dict, position: int, year: int | None, due: date | None, as_of: date | None, *,
         as_of_from: str, value: float | None, unit: str | None, completion: float | None,
         stated_completion: float | None, match: str, confidence: str, evidence: str,
         stated_low: float | None = None, stated_high: float | None = None) -> dict:
    rate = target["unit"] in RATE_UNITS
    elapsed = None if rate else elapsed_share(as_of, year, due)
    measured = next((m for m in (completion, stated_completion, stated_low) if m is not None), None)
    band = pace_band(elapsed)
    return {
        "achievement_id": make_id("ach", progress["progress_id"], target["target_id"], position),
        "progress_id": progress["progress_id"],
        "target_id": target["target_id"],
        "metric_key": _key_of(target),
        "value": value,
        "unit": unit,
        "completion": completion,
        "stated_completion": stated_completion,
        "stated_low": stated_low,
        "stated_high": stated_high,
        "match": match,
        "confidence": confidence,
        "as_of": as_of,
        "as_of_from": as_of_from if as_of else None,
        "elapsed_share": elapsed,
        "pace": pace(measured, elapsed),
        "pace_low": band[0] if band and measured is not None else None,
        "pace_high": band[1] if band and measured is not None else None,
        "evidence": evidence,
    }


def _key_of(target: dict) -> str | None:
    return target.get("metric_key") or metric_key(target.get("metric"), target.get("unit"))


def _finding(code: str, severity: str, progress: dict, target: dict | None, message: str) -> Finding:
    return Finding(code, severity, message, doc_id=progress["doc_id"], table="achievements", ref=progress.get("ref"),
                   project_id=progress.get("project_id"), target_id=target["target_id"] if target else None)


def _not_achievements(progress: dict, figures: list[Figure], targets: list[dict]) -> list[Finding]:
    """A figure of a target's unit that is not counted as achieved, said once, with why."""
    findings = []
    for figure in figures:
        quantity = figure.clause.quantity
        same_unit = [t for t in targets if t["unit"] and t["unit"] == quantity.unit]
        if not same_unit:
            continue
        target = max(same_unit, key=lambda t: similarity(figure.clause.metric, t["metric"]))
        why = {"heading": "heads the text after it", "restated": "restates the target"}.get(
            figure.excluded, f"counts a {figure.excluded} ({figure.word})")
        findings.append(_finding(
            "NOT_AN_ACHIEVEMENT", "info", progress, target,
            f"progress figure {quantity.value_raw} in “{figure.clause.text}” {why}; it is not counted as "
            f"achieved for {target['metric']}"))
    return findings


def _status_mismatch(progress: dict, rows: list[dict], targets: list[dict]) -> list[Finding]:
    """Every target done while the status says in progress, or completed while a target is not."""
    status = progress.get("status")
    if not rows or status not in ("completed", "in_progress", "not_started"):
        return []
    low: dict[str, float] = {}  # per target, the most its rows say is surely done
    high: dict[str, float] = {}  # and the most they allow
    for row in rows:
        stated = row["completion"] if row["completion"] is not None else row["stated_completion"]
        reached = stated if stated is not None else row["stated_low"]
        allowed = stated if stated is not None else row["stated_high"]
        if reached is not None:
            low[row["target_id"]] = max(low.get(row["target_id"], 0.0), reached)
            high[row["target_id"]] = max(high.get(row["target_id"], 0.0), allowed)
    all_done = len(low) == len(targets) and all(v >= 1 for v in low.values())
    short = [t for t in targets if t["target_id"] in high and high[t["target_id"]] < 1 - 1e-9]
    if status != "completed" and all_done:
        return [_finding("COMPLETION_MISMATCH", "warning", progress, None,
                         f"progress status is {status}, but every target's achieved figure reaches it")]
    if status == "completed" and short:
        target = short[0]
        return [_finding("COMPLETION_MISMATCH", "warning", progress, target,
                         f"progress status is completed, but {target['metric']} is at "
                         f"{high[target['target_id']] * 100:.1f}% of its target")]
    return []


def match(achieved: list[TargetClause], targets: list[dict]) -> list[tuple[TargetClause, dict]]:
    """Each achieved figure to at most one target and each target to at most one figure: best
    metric similarity first, same canonical unit only. Returned in the order of the text."""
    candidates = []
    for i, clause in enumerate(achieved):
        same_unit = [t for t in targets if t["unit"] and t["unit"] == clause.quantity.unit and t["value"]]
        for target in same_unit:
            score = similarity(clause.metric, target["metric"])
            if score < CLOSE_SIMILARITY and not bigrams(clause.metric[-HEAD_CHARS:]) & bigrams(target["metric"]):
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
    return dice(bigrams(a), bigrams(b))


def dice(grams_a: frozenset[str], grams_b: frozenset[str]) -> float:
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
    """Share of the plan's days elapsed at the end of as_of: 31 March 2024 is 91/366."""
    if as_of is None or year is None:
        return None
    start, end = date(year, 1, 1), due or date(year, 12, 31)
    if end < start:
        return None
    days = (end - start).days + 1
    return round(min(1.0, max(0.0, ((as_of - start).days + 1) / days)), 4)


def pace_band(elapsed: float | None) -> tuple[float, float] | None:
    """The completions that are on pace at this elapsed share."""
    if elapsed is None:
        return None
    return round(max(0.0, elapsed - PACE_TOLERANCE), 4), round(elapsed + PACE_TOLERANCE, 4)


def pace(completion: float | None, elapsed: float | None) -> str | None:
    if completion is None or elapsed is None:
        return None
    if completion >= elapsed + PACE_TOLERANCE:
        return "ahead"
    if completion < elapsed - PACE_TOLERANCE:
        return "behind"
    return "on_pace"


def _bounds(text: str, breaks: str, start: int, end: int) -> tuple[int, int]:
    """The stretch of text around [start, end) between two breaks (any character of `breaks`; a
    figure's own "1,200" aside). Sought outwards with str's own search: a long progress text holds
    dozens of breaks, of which only the two nearest count."""
    opening = start
    while True:
        opening = max(text.rfind(mark, 0, opening) for mark in breaks)
        if opening < 0 or not _in_number(text, opening):
            break
    closing = end - 1
    while True:
        found = [at for at in (text.find(mark, closing + 1) for mark in breaks) if at >= 0]
        closing = min(found) if found else len(text)
        if closing == len(text) or not _in_number(text, closing):
            break
    return opening + 1, closing


def _in_number(text: str, index: int) -> bool:
    return text[index] == "," and 0 < index < len(text) - 1 and text[index - 1].isdigit() and text[index + 1].isdigit()


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


# Links compare every project and metric of a place's documents with each other's: the same texts
# come again and again.
@lru_cache(maxsize=65_536)
def bigrams(text: str) -> frozenset[str]:
    """The character bigrams of a text's words (CJK and Latin letters; figures and marks dropped)."""
    text = _NOT_A_WORD.sub("", text)
    return frozenset({text[i : i + 2] for i in range(len(text) - 1)})
