"""Organisation and people names in table cells: split lists, join names split over lines."""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

from .normalise import join_name_tokens

# Separators of a list of units, outside brackets: 、 ， , ； ;
_LIST_SEPARATORS = "、，,；;"
# "各区、县(市)政府" is one addressee although it holds 、 (002 配合单位).
_PROTECTED = (("区、县(市)", "区\x00县(市)"), ("区、县", "区\x00县"))
_PEOPLE_SEPARATORS = re.compile(r"[\s/、，,；;]+")


@lru_cache(maxsize=1)
def org_suffixes() -> tuple[str, ...]:
    text = resources.files("mstrack.data").joinpath("org_suffixes.txt").read_text(encoding="utf-8")
    suffixes = [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return tuple(sorted(suffixes, key=len, reverse=True))


def is_complete_name(name: str) -> bool:
    """Does the name end like an organisation (局, 街道, 中心, …), ignoring a bracketed tail?"""
    core = re.sub(r"\([^()]*\)$", "", name).strip()
    return core.endswith(org_suffixes())


def split_units(cell: str | None) -> list[str]:
    """A cell of units → their names.

    Wrapped lines are joined when the first is not a complete name ("消防" + "下城大队"), kept
    apart when both are ("教育局" / "人口计生局"); a bracketed line belongs to the name before it
    ("文广新局" + "(体育局)"); layout spaces inside a name go ("市卫生健康 委员会").
    """
    if not cell:
        return []
    text = cell.replace("★", "")
    for original, guarded in _PROTECTED:
        text = text.replace(original, guarded)
    names: list[str] = []
    for line in (l.strip() for l in text.split("\n")):
        if not line:
            continue
        parts = [join_name_tokens(p).strip() for p in _split_outside_brackets(line)]
        parts = [p for p in parts if p]
        if not parts:
            continue
        first, rest = parts[0], parts[1:]
        if names and (first.startswith("(") or not is_complete_name(names[-1])):
            names[-1] += first
        else:
            names.append(first)
        names.extend(rest)
    return [name.replace("\x00", "、") for name in names]


def split_people(cell: str | None) -> list[str]:
    """A cell of people → their names: "方毅" → [方毅], "漆宪忠 邓伟民" → two, "樊峥/王一平/贾元元" → three."""
    if not cell:
        return []
    return [name for name in _PEOPLE_SEPARATORS.split(cell.strip()) if name]


def _split_outside_brackets(line: str) -> list[str]:
    parts, depth, current = [], 0, []
    for ch in line:
        if ch in "(（":
            depth += 1
        elif ch in ")）":
            depth = max(0, depth - 1)
        if ch in _LIST_SEPARATORS and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    parts.append("".join(current))
    return parts
