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

from ...quantity import Quantity
from ...targets import extract_targets

# A change on the year before, after its metric or after the figure it qualifies. The words that
# say "on the year before" are dropped: what is left before the verb is the change's own metric.
CHANGE = re.compile(
    r"(?:(?P<verb>增长|增加|提高|上升|上涨|下降|减少|降低|回落|下滑)"
    # a change said by its rate: "增速6.5%", "涨幅3%左右", "降幅收窄到2%"
    r"|(?P<rate>增速|增幅|涨幅|降幅)(?:为|达到?|保持在|控制在|在|收窄到|收窄至)?)"
    r"(?P<figure>\d+(?:\.\d+)?)\s*%(?P<after>左右|以上|以内|以下)?"
)
_FALLING = {"下降", "减少", "降低", "回落", "下滑", "降幅"}
# A change or a figure over several years, not one: "年均增长7.2%", "五年累计完成286亿元".
_MULTI_YEAR_CHANGE = re.compile(r"(?:年均|年平均|平均每年)$")
# 累计 alone is the year's running total ("累计完成固定资产投资152.84亿元", 004 L38); a span of
# years makes it several years' ("五年累计", "过去五年", "“十四五”期间").
_MULTI_YEAR_FIGURE = re.compile(
    r"(?:[两二三四五六七八九十]|\d{1,2})年(?:来|间|共|合计|累计)|(?:过去|近|今后|未来)(?:[两二三四五六七八九十]|\d{1,2})年"
    r"|十[一二三四五六七八九]?五”?(?:时期|期间)"
)
# A target said for a year of its own: "到2025年,常住人口城镇化率达到75%".
_TARGET_YEAR = re.compile(r"(?:到|至|截至)((?:19|20)\d{2})\s*年(?:底|末)?")
# Figures that are no statistic whatever they follow: "过去五年" is a span, "60周岁" an age.
_NOT_A_STATISTIC = {"duration", "age"}
# A figure of a pairing, with its unit or sign after it, and what stands between two of them.
_FIGURE = r"\d+(?:\.\d+)?"
_AFTER_FIGURE = r"[^\d,;。、和及与]{0,6}"
_BETWEEN = r"\s*(?:、|和|及|与|,)\s*"
_BETWEEN_LISTED = r"\s*、\s*"
# "城镇和农村居民人均可支配收入分别增长4.3%、5.5%": each subject with its own figure.
_RESPECTIVELY = re.compile(
    r"(?P<subject>[^,;:。]{2,60}?)分别(?P<verb>[^\d,;。]{0,8}?)"
    rf"(?P<figures>{_FIGURE}{_AFTER_FIGURE}(?:{_BETWEEN}{_FIGURE}{_AFTER_FIGURE})+)"
)
# The same pairing without 分别, when the subjects are listed and the figures follow one verb:
# "城镇、农村居民人均可支配收入同比增长6.1%、8%".
_PAIRED = re.compile(
    r"(?P<subject>[^,;:。]{2,60}?(?:、|和|及|与)[^,;:。]{1,40}?)"
    r"(?P<verb>(?:同比|比上年|较上年)?(?:增长|下降|提高|增加|减少|降低|上涨|回落|达到|为))"
    rf"(?P<figures>{_FIGURE}{_AFTER_FIGURE}(?:{_BETWEEN_LISTED}{_FIGURE}{_AFTER_FIGURE})+)"
)
# What each pattern needs and most sentences lack, found without its lazy subject's backtracking:
# two figures side by side (4.3%、5.5%), from the same pieces so the two cannot drift apart.
_FIGURES_SIDE_BY_SIDE = re.compile(rf"\d{_AFTER_FIGURE}{_BETWEEN}\d")
_FIGURES_BY_COMMA = re.compile(rf"\d{_AFTER_FIGURE}{_BETWEEN_LISTED}\d")
_SUBJECT_BREAK = re.compile(r"、|和|及|与")
_FIGURE_BREAK = re.compile(r"\s*(?:、|和|及|与|,)\s*(?=\d)")
# A subject that names two groups at once: "城乡居民人均可支配收入" is that of 城镇 and of 农村 residents.
_PAIRED_SUBJECTS = {"城乡": ("城镇", "农村")}
_CHANGE_COMPARATORS = {"左右": "~", "以上": ">=", "以内": "<=", "以下": "<=", None: "="}


def _baseline_words() -> list[str]:
    """Words between a figure and its change ("同比", "比上年", "按可比口径"): data/change_baselines.txt."""
    text = files("mstrack.data").joinpath("change_baselines.txt").read_text(encoding="utf-8")
    words = [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return sorted(words, key=len, reverse=True)


# Between a figure and its change: "643.57亿元,同比增长7.80%", "…,比上年增长8%", "…,按可比价格计算增长7%".
_BASELINE = "(?:" + "|".join(map(re.escape, _baseline_words())) + ")+"
_BASELINE_WORDS = re.compile(f"^{_BASELINE}|{_BASELINE}$")
_BASELINE_ALONE = "|".join(map(re.escape, [w for w in _baseline_words() if w != "年均"]))
# A share of something is said of the figure before it, not a figure of its own: "地区生产总值564亿元,
# 占计划的100%,同比下降2%" (tests/fixtures/work_reports/zhangwan_2023_report.txt) — the change is the
# product's. A change after a share skips back over it.
_SHARE = re.compile(r"^(?:占|相当于)")
_SENTENCE_END = re.compile(r"(?<=[。!?;])")
_CLAUSE_BREAK = re.compile(r"[,;:]")
# Words before a metric that are not part of it (004 L96 "2013年,我区实现地方财政收入…",
# L52 "特别是信息软件…", L139 "计划引进杭外到位资金129亿元").
_LEAD_IN = re.compile(
    r"^(?:(?:19|20)\d\d年,?|(?:到|至)(?:19|20)\d\d年(?:底|末)?,?|特别是|其中|全年|全区|全市|全县|我区|我市|我县|累计|共计|计划|力争|争取|预计|预期"
    # one-character links only before a verb: "共济金额" and "并购金额" keep their first character
    r"|[共并且](?=新增|新建|实现|完成|引进|建成|开工|投入|达到)"
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
# A verb that links a metric to its figure is not part of it: "研发经费投入强度提高到3.2%".
_TRAILING_VERB = re.compile(
    r"(?<=..)(?:达到|达|实现|完成|突破|超过|保持在|控制在|稳定在|提高到|提升到|增加到|增长到|下降到|降低到|降至|升至|增至|为)$"
)


@dataclass(frozen=True)
class Statement:
    metric: str
    quantity: Quantity | None  # None for a change stated on its own ("电耗下降3.60%")
    change_pct: Decimal | None  # signed: -3.6 for 下降3.60%
    comparator: str
    text: str  # the sentence it came from
    start: int  # position in the sentence, for ordering
    multi_year: bool = False  # 年均增长, 五年累计: over several years, not one
    year: int | None = None  # the year the sentence gives the figure ("到2025年"), if it does


@dataclass(frozen=True)
class _Change:
    start: int
    end: int
    pct: Decimal
    comparator: str
    multi_year: bool = False


@cache
def _statistic_words() -> tuple[tuple[str, str], ...]:
    """(ending, quantity kind) of metrics that name a statistic, from data/indicator_metrics.csv."""
    text = files("mstrack.data").joinpath("indicator_metrics.csv").read_text(encoding="utf-8")
    return tuple((row["word"], row["kind"]) for row in csv.DictReader(text.splitlines()))


@cache
def _statistic_endings() -> dict[str | None, tuple[str, ...]]:
    """The endings of data/indicator_metrics.csv by quantity kind, and all of them (None)."""
    endings: dict[str | None, tuple[str, ...]] = {None: tuple(word for word, _ in _statistic_words())}
    for word, kind in _statistic_words():
        endings[kind] = endings.get(kind, ()) + (word,)
    return endings


def names_statistic(metric: str, quantity: Quantity) -> bool:
    """Whether a metric with this figure is a statistic (地区生产总值 643.57亿元), not a task count."""
    return metric.endswith(_statistic_endings().get(quantity.kind, ()))


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(text) if s.strip()]


def clean_metric(metric: str) -> str:
    metric = metric.strip(_EDGE)
    metric = _LEAD_IN.sub("", metric).strip(_EDGE)
    metric = _INNER_VERB.sub("", metric).strip(_EDGE)
    return _TRAILING_VERB.sub("", metric).strip(_EDGE)


def respectively(sentence: str) -> str:
    """The sentence with each "A和B…分别<verb>x、y" said once per subject: "A…<verb>x,B…<verb>y".

    Subjects share the words after the last one's own: "城镇和农村居民人均可支配收入" is
    城镇居民人均可支配收入 and 农村居民人均可支配收入; a subject that already ends like a
    statistic ("进出口总额和实际利用外资") stands alone."""

    def spell_out(found: re.Match[str]) -> str:
        subject = found.group("subject")
        lead = _LEAD_IN.match(subject)
        prefix, subject = (lead.group(0), subject[lead.end() :]) if lead else ("", subject)
        subjects = [s for s in _SUBJECT_BREAK.split(subject) if s]
        figures = [f for f in _FIGURE_BREAK.split(found.group("figures")) if f]
        if len(subjects) == 1:
            for paired, parts in _PAIRED_SUBJECTS.items():
                if subjects[0].startswith(paired) and len(figures) == len(parts):
                    subjects = [part + subjects[0][len(paired) :] for part in parts]
        if len(subjects) != len(figures) or len(subjects) < 2:
            return found.group(0)
        last = subjects[-1]
        named = []
        for own in subjects[:-1]:
            complete = own.endswith(_statistic_endings()[None]) or len(own) + 2 > len(last)
            named.append(own if complete else own + last[len(own) :])
        named.append(last)
        verb = found.group("verb")
        return prefix + ",".join(f"{name}{verb}{figure}" for name, figure in zip(named, figures))

    # Each pattern needs what most sentences lack (分别; figures side by side): tested first.
    if "分别" in sentence and _FIGURES_SIDE_BY_SIDE.search(sentence):
        sentence = _RESPECTIVELY.sub(spell_out, sentence)
    if "、" in sentence and _FIGURES_BY_COMMA.search(sentence):
        sentence = _PAIRED.sub(spell_out, sentence)
    return sentence


def statements(sentence: str, every_figure: bool = False) -> list[Statement]:
    """The statistics of one sentence. Figures count when they carry a change, name a statistic
    (data/indicator_metrics.csv), or — `every_figure`, for a list of the year's targets — always."""
    printed = sentence
    sentence = respectively(sentence)
    changes = [_change(m, sentence) for m in CHANGE.finditer(sentence)]
    clauses = extract_targets(sentence)
    figures = [
        clause
        for clause in clauses
        if not any(c.start <= clause.quantity.start < c.end for c in changes)
        and clause.quantity.kind not in _NOT_A_STATISTIC
    ]
    spans = [c.quantity for c in clauses if c.quantity.kind in _NOT_A_STATISTIC]
    attached: dict[int, _Change] = {}  # figure index → its change
    found: list[Statement] = []
    for change in changes:
        own = _own_metric(sentence, change, figures)
        if own:
            found.append(_statement(own, None, change, sentence, printed, change.start))
            continue
        figure = _figure_before(sentence, change, figures)
        if figure is not None and figure not in attached:
            attached[figure] = change
            continue
        previous = _previous_clause(sentence, change.start)
        if previous:
            found.append(_statement(previous, None, change, sentence, printed, change.start))
    for n, clause in enumerate(figures):
        metric = clean_metric(clause.metric)
        if not _names_something(metric):
            metric = _metric_before_span(sentence, clause.quantity, spans) or metric
        change = attached.get(n)
        if not _names_something(metric) or not (change or every_figure or names_statistic(metric, clause.quantity)):
            continue
        opening = sentence[_clause_start(sentence, clause.quantity.start) : clause.quantity.start]
        found.append(
            Statement(
                metric,
                clause.quantity,
                change.pct if change else None,
                clause.quantity.comparator,
                printed,
                clause.quantity.start,
                multi_year=bool(_MULTI_YEAR_FIGURE.search(opening)) or bool(change and change.multi_year),
                year=_target_year(sentence, clause.quantity.start),
            )
        )
    return sorted(found, key=lambda s: s.start)


def _metric_before_span(sentence: str, quantity: Quantity, spans: list[Quantity]) -> str | None:
    """"一般公共预算收入五年累计完成286亿元": a span of years between a metric and its figure
    cuts what the figure counts; the metric is the clause before the span."""
    start = _clause_start(sentence, quantity.start)
    before = [span for span in spans if start <= span.start and span.end <= quantity.start]
    if not before:
        return None
    return clean_metric(sentence[start : before[0].start]) or None


def _statement(metric: str, quantity: Quantity | None, change: _Change, sentence: str, printed: str,
               start: int) -> Statement:
    return Statement(metric, quantity, change.pct, change.comparator, printed, start,
                     multi_year=change.multi_year, year=_target_year(sentence, start))


def _target_year(sentence: str, position: int) -> int | None:
    years = [int(m.group(1)) for m in _TARGET_YEAR.finditer(sentence, 0, position)]
    return years[-1] if years else None


def _names_something(metric: str) -> bool:
    """"分别增长8%和9%" leaves "和" before the second figure: a conjunction names nothing."""
    return len(metric.strip(_CONJUNCTIONS)) >= 2


def _change(found: re.Match[str], sentence: str) -> _Change:
    pct = Decimal(found.group("figure"))
    if (found.group("verb") or found.group("rate")) in _FALLING:
        pct = -pct
    before = _without_baseline_tail(sentence[max(0, found.start() - 8) : found.start()])
    return _Change(found.start(), found.end(), pct, _CHANGE_COMPARATORS[found.group("after")],
                   multi_year=bool(_MULTI_YEAR_CHANGE.search(before)))


def _without_baseline_tail(words: str) -> str:
    """"年均同比" → "年均": what precedes a change once the words it is measured against go."""
    return re.sub(f"(?:{_BASELINE_ALONE})+$", "", words)


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
