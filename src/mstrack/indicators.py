"""Statistics stated in a work report's prose: "全年实现地区生产总值643.57亿元,同比增长7.80%",
"单位生产总值电耗下降3.60%", "登记失业率控制在4%以内".

A statement is a metric with a figure, a change on the year before, or both. Figures are read by the
one quantity grammar (`quantity.py`) and named by `targets.extract_targets`; this module only
decides which figures are statistics and pairs each with its change.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from importlib.resources import files

from .quantity import Quantity
from .targets import extract_targets

# A change on the year before, after its metric or after the figure it qualifies. The words that
# say "on the year before" are dropped: what is left before the verb is the change's own metric.
CHANGE = re.compile(
    r"(?P<verb>增长|增加|提高|上升|下降|减少|降低|回落)(?P<figure>\d+(?:\.\d+)?)\s*%(?P<after>左右|以上|以内|以下)?"
)
_FALLING = {"下降", "减少", "降低", "回落"}
_CHANGE_COMPARATORS = {"左右": "~", "以上": ">=", "以内": "<=", "以下": "<=", None: "="}


def _baseline_words() -> list[str]:
    """Words between a figure and its change ("同比", "比上年", "按可比口径"): data/change_baselines.txt."""
    text = files("mstrack.data").joinpath("change_baselines.txt").read_text(encoding="utf-8")
    words = [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return sorted(words, key=len, reverse=True)


# Between a figure and its change: "643.57亿元,同比增长7.80%", "…,比上年增长8%", "…,按可比价格计算增长7%".
_BASELINE = "(?:" + "|".join(map(re.escape, _baseline_words())) + ")+"
_BASELINE_WORDS = re.compile(f"^{_BASELINE}|{_BASELINE}$")
# A share of something is said of the figure before it, not a figure of its own: "地区生产总值564亿元,
# 占计划的100%,同比下降2%" (tests/fixtures/work_reports/zhangwan_2023_report.txt) — the change is the
# product's. A change after a share skips back over it.
_SHARE = re.compile(r"^(?:占|相当于)")
_SENTENCE_END = re.compile(r"(?<=[。!?;])")
_CLAUSE_BREAK = re.compile(r"[,;:]")
# Words before a metric that are not part of it (004 L96 "2013年,我区实现地方财政收入…",
# L52 "特别是信息软件…", L139 "计划引进杭外到位资金129亿元").
_LEAD_IN = re.compile(
    r"^(?:(?:19|20)\d\d年,?|特别是|其中|全年|全区|全市|全县|我区|我市|我县|累计|共计|共|计划|力争|争取|预计|预期|并|且"
    # a verb that opens the clause: "预计实现地区生产总值1200亿元" (tests/fixtures/work_reports/wuchang_2019_report.txt)
    r"|实现|完成)+(?!生育)"
)
# A verb inside a metric joins its subject to what is counted (004 L48 "目标楼宇实现税收",
# L52 "“3+3”产业实现增加值"): the metric is subject + counted thing, without the verb.
_INNER_VERB = re.compile(r"(?<=.)(?:实现|完成)(?=.)")
_EDGE = " \t、,;:。的—·"  # "——地区生产总值增长7.8%左右" leads with a dash
_CONJUNCTIONS = "和及与或、分别"
# How fast the clause says it went is not part of what went: "…三大新兴产业发展较快" (004 L52).
_JUDGEMENT = re.compile(r"(?:发展|增长|增势)?(?:较快|迅速|迅猛|平稳|良好|强劲)$")


@dataclass(frozen=True)
class Statement:
    metric: str
    quantity: Quantity | None  # None for a change stated on its own ("电耗下降3.60%")
    change_pct: Decimal | None  # signed: -3.6 for 下降3.60%
    comparator: str
    text: str  # the sentence it came from
    start: int  # position in the sentence, for ordering


@dataclass(frozen=True)
class _Change:
    start: int
    end: int
    pct: Decimal
    comparator: str


@cache
def _statistic_words() -> tuple[tuple[str, str], ...]:
    """(ending, quantity kind) of metrics that name a statistic, from data/indicator_metrics.csv."""
    text = files("mstrack.data").joinpath("indicator_metrics.csv").read_text(encoding="utf-8")
    return tuple((row["word"], row["kind"]) for row in csv.DictReader(text.splitlines()))


def names_statistic(metric: str, quantity: Quantity) -> bool:
    """Whether a metric with this figure is a statistic (地区生产总值 643.57亿元), not a task count."""
    return any(metric.endswith(word) and quantity.kind == kind for word, kind in _statistic_words())


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(text) if s.strip()]


def clean_metric(metric: str) -> str:
    metric = metric.strip(_EDGE)
    metric = _LEAD_IN.sub("", metric).strip(_EDGE)
    return _INNER_VERB.sub("", metric).strip(_EDGE)


def statements(sentence: str, every_figure: bool = False) -> list[Statement]:
    """The statistics of one sentence. Figures count when they carry a change, name a statistic
    (data/indicator_metrics.csv), or — `every_figure`, for a list of the year's targets — always."""
    changes = [_change(m) for m in CHANGE.finditer(sentence)]
    figures = [
        clause
        for clause in extract_targets(sentence)
        if not any(c.start <= clause.quantity.start < c.end for c in changes)
    ]
    attached: dict[int, _Change] = {}  # figure index → its change
    found: list[Statement] = []
    for change in changes:
        own = _own_metric(sentence, change, figures)
        if own:
            found.append(Statement(own, None, change.pct, change.comparator, sentence, change.start))
            continue
        figure = _figure_before(sentence, change, figures)
        if figure is not None and figure not in attached:
            attached[figure] = change
            continue
        previous = _previous_clause(sentence, change.start)
        if previous:
            found.append(Statement(previous, None, change.pct, change.comparator, sentence, change.start))
    for n, clause in enumerate(figures):
        metric = clean_metric(clause.metric)
        change = attached.get(n)
        if not _names_something(metric) or not (change or every_figure or names_statistic(metric, clause.quantity)):
            continue
        found.append(
            Statement(
                metric,
                clause.quantity,
                change.pct if change else None,
                clause.quantity.comparator,
                sentence,
                clause.quantity.start,
            )
        )
    return sorted(found, key=lambda s: s.start)


def _names_something(metric: str) -> bool:
    """"分别增长8%和9%" leaves "和" before the second figure: a conjunction names nothing."""
    return len(metric.strip(_CONJUNCTIONS)) >= 2


def _change(found: re.Match[str]) -> _Change:
    pct = Decimal(found.group("figure"))
    if found.group("verb") in _FALLING:
        pct = -pct
    return _Change(found.start(), found.end(), pct, _CHANGE_COMPARATORS[found.group("after")])


def _clause_start(sentence: str, position: int) -> int:
    breaks = [m.end() for m in _CLAUSE_BREAK.finditer(sentence, 0, position)]
    return breaks[-1] if breaks else 0


def _own_metric(sentence: str, change: _Change, figures: list) -> str:
    """What the change is of when its clause names it: "单位生产总值电耗下降3.60%"."""
    start = _clause_start(sentence, change.start)
    for clause in figures:
        if start <= clause.quantity.end <= change.start:
            start = clause.quantity.end
    # "万元GDP水耗下降12%、电耗下降7%" (tests/fixtures/work_reports/longgang_2014_numbered_review.txt):
    # a change ends what the next change is of.
    for earlier in CHANGE.finditer(sentence, start, change.start):
        start = max(start, earlier.end())
    return clean_metric(_without_baseline(sentence[start : change.start]))


def _without_baseline(words: str) -> str:
    """"信访总量同比" → "信访总量"; ",同比" → ""."""
    return _BASELINE_WORDS.sub("", words.strip(_EDGE)).strip(_EDGE)


def _figure_before(sentence: str, change: _Change, figures: list) -> int | None:
    """The figure a bare change qualifies: only punctuation, baseline words and shares of the
    figure ("占计划的100%") stand between."""
    until = change.start
    for n in range(len(figures) - 1, -1, -1):
        end = figures[n].quantity.end
        if end > until:
            continue
        if _without_baseline(sentence[end:until]):
            return None
        if _SHARE.match(figures[n].metric.strip(_EDGE)):
            until = _clause_start(sentence, figures[n].quantity.start)
            continue
        return n
    return None


def _previous_clause(sentence: str, position: int) -> str:
    """A bare change after a clause with no figure qualifies that clause (004 L52 "…三大新兴产业
    发展较快,同比增长15.15%")."""
    end = _clause_start(sentence, position)
    if end == 0:
        return ""
    start = _clause_start(sentence, end - 1)
    return clean_metric(_JUDGEMENT.sub("", sentence[start : end - 1]))
