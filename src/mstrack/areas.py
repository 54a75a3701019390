"""The area lexicon (data/areas.csv): canonical names of cities, districts, streets and scenic areas."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from .normalise import join_name_tokens

# Headers meaning "the issuing government itself" rather than a place under it (002 市本级, 003 区本级).
SELF_LEVEL = {"市本级", "区本级", "县本级", "本级"}


@dataclass(frozen=True)
class Area:
    name: str
    short: str
    level: str  # city, district, street, scenic_area, self
    parent: str | None


@lru_cache(maxsize=1)
def lexicon() -> tuple[Area, ...]:
    with resources.files("mstrack.data").joinpath("areas.csv").open(encoding="utf-8") as f:
        return tuple(
            Area(row["name"], row["short"], row["level"], row["parent"] or None) for row in csv.DictReader(f)
        )


@lru_cache(maxsize=1)
def _index() -> dict[str, Area]:
    index: dict[str, Area] = {}
    for area in lexicon():
        index.setdefault(area.short, area)
        index[area.name] = area
    return index


def canonical_area(text: str) -> Area | None:
    """An area header as printed → its Area: "上 城 区" → 上城区, "杭州 西湖 风景 名胜 区" → 西湖风景名胜区,
    "天水" → 天水街道, "区本级" → self. None when the header is no known area."""
    name = join_name_tokens(text.strip()).replace("\n", "")
    if name in SELF_LEVEL or name.endswith("本级"):
        return Area(name, name, "self", None)
    if name.startswith("杭州") and name[2:] in _index():
        name = name[2:]
    return _index().get(name)


def districts() -> tuple[Area, ...]:
    return tuple(a for a in lexicon() if a.level in ("district", "scenic_area"))


def area_by_name(name: str) -> Area | None:
    return _index().get(name)
