"""Canonical metric keys, so the same thing joins across documents: 城镇新增就业 (002) and
新增城镇就业人数 (000) are both 新增城镇就业, 推进老旧小区住宅加装电梯 (002) and 老旧小区既有住宅加装电梯
(003) both 既有住宅加装电梯.

A metric is first normalised (quotes, notes in brackets, punctuation and spaces removed, latin
letters lower-cased, the scope words that open it dropped: 全区, 全市, 累计…), then looked up in the
lexicon `data/metrics.csv` (key, synonym, unit, match). A synonym holds for rows of its unit only, so
养育照护 counted in 场 (activities) and in 人次 (people trained) are two keys. A metric the lexicon
does not know keys as its normalised text: two notices printing it alike still join.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib.resources import files

# Words that say where or over what time, not what is counted: 全区城镇新增就业 is 城镇新增就业.
SCOPE_WORDS = ("全市", "全区", "全县", "我市", "我区", "年内", "全年", "累计", "其中")
_NOTE = re.compile(r"[((][^()()]*[))]")
_NOISE = re.compile(r"[\s“”\"'‘’「」《》〈〉·、,,。;;::!!??\-—_/]")


@dataclass(frozen=True)
class MetricSynonym:
    key: str
    synonym: str  # normalised
    unit: str | None
    contains: bool


@cache
def lexicon() -> tuple[MetricSynonym, ...]:
    """Exact synonyms first, then contained ones longest first."""
    text = files("mstrack.data").joinpath("metrics.csv").read_text(encoding="utf-8")
    entries = [
        MetricSynonym(row["key"], normalise_metric(row["synonym"]), row["unit"] or None, row["match"] == "contains")
        for row in csv.DictReader(text.splitlines())
        if not row["key"].startswith("#")
    ]
    return tuple(sorted(entries, key=lambda e: (e.contains, -len(e.synonym))))


def normalise_metric(metric: str) -> str:
    """The metric with quotes, bracketed notes, punctuation and opening scope words removed."""
    text = _NOISE.sub("", _NOTE.sub("", metric or "")).lower()
    changed = True
    while changed:
        changed = False
        for word in SCOPE_WORDS:
            if text.startswith(word) and len(text) > len(word):
                text, changed = text[len(word):], True
    return text


# Cached: a document's targets and its allocations' repeat their metrics, and each key is a walk
# over the lexicon.
@lru_cache(maxsize=8192)
def metric_key(metric: str | None, unit: str | None = None) -> str | None:
    """The canonical key of a metric counted in `unit`; its normalised text when the lexicon does
    not know it; None for no metric."""
    if not metric:
        return None
    text = normalise_metric(metric)
    if not text:
        return None
    for entry in lexicon():
        if entry.unit and unit and entry.unit != unit:
            continue
        if entry.synonym == text or (entry.contains and entry.synonym in text):
            return entry.key
    return text


def add_metric_keys(rows: dict[str, list[dict]]) -> None:
    """Give every target, allocation and indicator of a document its metric_key (an allocation
    takes its target's), in place."""
    key_of_target = {}
    for target in rows.get("targets", []):
        target["metric_key"] = metric_key(target.get("metric"), target.get("unit"))
        key_of_target[target["target_id"]] = target["metric_key"]
    for allocation in rows.get("allocations", []):
        allocation["metric_key"] = key_of_target.get(allocation.get("target_id"))
    for indicator in rows.get("indicators", []):
        indicator["metric_key"] = metric_key(indicator.get("metric"), indicator.get("unit"))
