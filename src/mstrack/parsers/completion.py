"""What the completion-table parsers (half_year, quarterly) share: how their cells look, the page
furniture inside cells, and a progress text's status read from its wording.

Status rule (words as data, `data/status_words.csv`):
- unknown: the progress cell is empty;
- not_started: a not-started phrase (001 L48 "暂未开展暑托工作");
- completed: a done word (完成, 建成, 竣工, …), no ongoing word (正在, 基本完成, 前期, …中), and every
  quantified target of the project reached by a figure of the same unit in the text. The target check
  is what keeps "已完成灯芯巷…8家社区老年食堂建设" (000 task 4, target 20家) in progress while
  "已配合直运公司完成13座垃圾中转站直运改造工作" (000 task 23, target 5座) is completed;
- in_progress: anything else that describes work.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

from ..model import Finding
from ..model import Cell, SourceRef
from ..numbering import opening
from ..names import is_complete_name
from ..quantity import find_quantities

STATUSES = ("completed", "in_progress", "not_started", "unknown")

# 一、教育惠民 / 二、推进养老服务设施建设: a category cell opens with a Chinese numeral and 、.
CATEGORY_STYLES = ("cn",)
# Page furniture a text dump prints between cells and that the reader glues onto the cell before it:
# 000 L218–219 "PAGE" and "— 1 —" after task 34's progress.
PAGE_FURNITURE = re.compile(r"^(PAGE|[—\-–]\s*\d+\s*[—\-–]|第\s*\d+\s*页(共\s*\d+\s*页)?)$")
# A cell that holds a sentence, not a list of unit names.
_SENTENCE_MARKS = re.compile(r"[。;:!?\d]")
_UNIT_SEPARATORS = re.compile(r"[、,,]")


@dataclass(frozen=True)
class StatusWord:
    role: str  # not_started, done, ongoing
    pattern: re.Pattern


@lru_cache(maxsize=1)
def status_words() -> tuple[StatusWord, ...]:
    with resources.files("mstrack.data").joinpath("status_words.csv").open(encoding="utf-8") as f:
        return tuple(
            StatusWord(row["role"], re.compile(row["pattern"]))
            for row in csv.DictReader(f)
            if row["role"] and not row["role"].startswith("#")
        )


def _says(text: str, role: str) -> bool:
    return any(pattern.search(text) for pattern in _patterns_of(role))


@cache
def _patterns_of(role: str) -> tuple[re.Pattern, ...]:
    return tuple(word.pattern for word in status_words() if word.role == role)


def status_of(text: str | None, targets: list[dict]) -> str:
    """completed, in_progress, not_started or unknown, from a progress text and its project's targets."""
    if not text or not text.strip():
        return "unknown"
    if _says(text, "not_started"):
        return "not_started"
    if _says(text, "done") and not _says(text, "ongoing") and targets_reached(text, targets):
        return "completed"
    return "in_progress"


def targets_reached(text: str, targets: list[dict]) -> bool:
    """Does the text state, for every target, a figure of the same unit that reaches it?"""
    achieved = find_quantities(text)
    for target in targets:
        if target.get("value") is None:
            continue
        figures = [float(q.value) for q in achieved if q.unit == target["unit"] and q.value is not None]
        if target.get("comparator") == "<=":
            reached = any(value <= target["value"] for value in figures)
        else:
            reached = any(value >= target["value"] for value in figures)
        if not reached:
            return False
    return True


def category_parts(cell: Cell) -> tuple[str | None, str] | None:
    """(numbering, name) of a category cell, its wrapped lines joined; None when the cell is no category.

    000 L9–15 "一、创建/充分就业/城区和创/业型城区" → ("一", "创建充分就业城区和创业型城区").
    """
    joined = "".join(cell.lines())
    found = opening(joined, CATEGORY_STYLES)
    if not found:
        return None
    return found[0].printed, found[1].strip()


def looks_like_units(text: str) -> bool:
    """A cell of unit names ("劳动和/社会保障局", "住建局、建管中心", "各街道"), not a sentence of progress."""
    if not text.strip() or _SENTENCE_MARKS.search(text.replace("★", "")):
        return False
    names = [part.strip() for line in text.replace("★", "").split("\n") for part in _UNIT_SEPARATORS.split(line)]
    names = [name for name in names if name]
    joined = "".join(text.replace("★", "").split("\n"))
    if not names:
        return False
    # A name wrapped over lines is complete only once joined (000 L17–19 "劳动和"+"社会保障局").
    complete = sum(1 for name in names if is_complete_name(name) or name.startswith("各") or name.startswith("("))
    return complete * 2 >= len(names) or is_complete_name(joined)


# What every page-furniture line holds: most cells hold none of it and are passed as they are.
_MAY_BE_FURNITURE = re.compile(r"PAGE|\d")


def without_furniture(cell: Cell) -> Cell:
    """The cell without page-furniture lines (000 L218–219), or the cell itself when it has none."""
    if _MAY_BE_FURNITURE.search(cell.text) is None and _MAY_BE_FURNITURE.search(cell.raw) is None:
        return cell
    text_lines = [line for line in cell.text.split("\n") if not PAGE_FURNITURE.match(line.strip())]
    raw_lines = [line for line in cell.raw.split("\n") if not PAGE_FURNITURE.match(line.strip())]
    if len(text_lines) == len(cell.text.split("\n")) and len(raw_lines) == len(cell.raw.split("\n")):
        return cell
    return Cell(text="\n".join(text_lines).strip(), raw="\n".join(raw_lines).strip(), ref=cell.ref,
                colspan=cell.colspan, rowspan=cell.rowspan)


def is_category(cell: Cell) -> bool:
    return category_parts(cell) is not None


def trim_task(text: str) -> str:
    """A task text without the list punctuation that closes it in the table ("…800张;")."""
    return text.strip().rstrip(";,。、").strip()


def distinct_targets(rows: list[dict]) -> tuple[list[dict], list[dict]]:
    """(kept, repeated): a clause printed twice in one task text counts once (001 L291, 5.4 prints
    "开展优生优孕科普知识宣传不少于3000对(夫妻)" twice)."""
    kept, repeated, seen = [], [], set()
    for row in rows:
        key = (row["text"], row["value"], row["unit"])
        (repeated if key in seen else kept).append(row)
        seen.add(key)
    return kept, repeated


def repeated_target_findings(seq: str | None, repeated: list[dict], ref: SourceRef, doc_id: str,
                             source_path: str) -> list[Finding]:
    """An info finding per clause `distinct_targets` counted once."""
    return [
        Finding(
            "DUPLICATE_TARGET", "info",
            f"{seq} prints \"{target['text']}\" twice in its target text; it is counted once",
            doc_id=doc_id, source_path=source_path, table="targets", ref=str(ref),
        )
        for target in repeated
    ]
