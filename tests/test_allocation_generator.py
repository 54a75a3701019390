"""Allocation tables generated from a spec (real places of the division list, metrics, shares) and
rendered in every shape the parser reads, then read back: every share must come back exact.

Shapes: areas as header columns (one header row; with 合计/备注/empty columns and a 合计 row; two
header rows under a group label), areas as name–figure pairs in one cell, areas as rows with targets
as columns (with a 合计 row), and a completion table by area (目标/完成/完成比例 sub-columns).
"""

from __future__ import annotations

import csv
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mstrack.pipeline import IngestOptions, ingest_file

SHAPES = ("columns", "columns_extras", "columns_two_rows", "pairs", "rows", "rows_completion")
METRICS = ("新建农家书屋", "改造农村危房", "新增老年助餐点", "建设口袋公园", "新增公共停车泊位", "改造老旧小区",
           "新增托育托位", "建设健身步道", "新增城乡居民医保参保", "培训农村劳动力")  # fmt: skip
UNITS = ("个", "户", "人", "处", "所", "条", "张")
EXAMPLES_PER_SHAPE = 50  # 6 shapes × 50 = 300 tables


@lru_cache(maxsize=1)
def county_towns() -> list[tuple[str, ...]]:
    """Counties with at least five towns or streets whose names print plainly."""
    by_county = defaultdict(list)
    with resources.files("mstrack.data").joinpath("towns.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            name = row["name"]
            if 3 <= len(name) <= 10 and all("\u4e00" <= ch <= "\u9fff" for ch in name):
                by_county[row["county"]].append(name)
    return sorted(tuple(sorted(set(names))) for names in by_county.values() if len(set(names)) >= 5)


@dataclass
class Spec:
    shape: str
    areas: list[str]
    metrics: list[tuple[str, str]]  # (name, unit)
    shares: list[list[int | None]]  # per metric, per area; None: no share ("--")
    achieved: list[list[int]]


@st.composite
def specs(draw, shape: str) -> Spec:
    towns = draw(st.sampled_from(county_towns()))
    n_area = draw(st.integers(min_value=3, max_value=min(8, len(towns))))
    areas = draw(st.lists(st.sampled_from(towns), min_size=n_area, max_size=n_area, unique=True))
    # At least two: the text reader takes fewer than three piped lines for prose, not a table.
    n_metric = draw(st.integers(min_value=2, max_value=4))
    names = draw(st.lists(st.sampled_from(METRICS), min_size=n_metric, max_size=n_metric, unique=True))
    metrics = [(name, draw(st.sampled_from(UNITS))) for name in names]
    share = st.one_of(st.integers(min_value=1, max_value=500), st.none()) if shape != "pairs" else st.integers(1, 500)
    shares = [draw(st.lists(share, min_size=n_area, max_size=n_area).filter(lambda xs: any(xs))) for _ in metrics]
    achieved = [[draw(st.integers(min_value=0, max_value=x or 0)) for x in row] for row in shares]
    return Spec(shape, areas, metrics, shares, achieved)


def _cell(value: int | None, unit: str = "") -> str:
    return "--" if value is None else f"{value}{unit}"


def render(spec: Spec) -> str:
    lines = ["2023年民生实事任务分解表", ""]
    totals = [sum(x for x in row if x) for row in spec.shares]
    n = len(spec.areas)
    if spec.shape.startswith("columns"):
        extras = spec.shape == "columns_extras"
        if spec.shape == "columns_two_rows":
            lines.append(" | ".join(["序号", "项目名称", "量化目标", "各镇(街道)任务分解"] + [""] * (n - 1)) + " |")
            lines.append(" | ".join(["", "", ""] + spec.areas) + " |")
        else:
            lines.append(" | ".join(["序号", "项目名称", "量化目标"] + spec.areas + (["", "合计", "备注"] if extras else [])) + " |")
        for i, ((name, unit), row) in enumerate(zip(spec.metrics, spec.shares)):
            cells = [str(i + 1), name, f"{totals[i]}{unit}"] + [_cell(x, unit) for x in row]
            if extras:
                cells += ["", f"{totals[i]}{unit}", "按年度计" if i % 2 else ""]
            lines.append(" | ".join(cells) + " |")
        if extras:
            column_sums = [sum(row[j] or 0 for row in spec.shares) for j in range(n)]
            lines.append(" | ".join(["合计", "", ""] + [str(x) for x in column_sums] + ["", "", ""]) + " |")
    elif spec.shape == "pairs":
        lines.append("项目 | 目标 | 分解情况 | 责任单位 |")
        for i, ((name, unit), row) in enumerate(zip(spec.metrics, spec.shares)):
            pairs = " ".join(f"{area}{x}" for area, x in zip(spec.areas, row))
            lines.append(f"{name}({unit}) | {totals[i]} | {pairs} |" + (" 县民政局 |" if i == 0 else ""))
    elif spec.shape == "rows":
        lines.append(" | ".join(["镇(街道)"] + [f"{name}({unit})" for name, unit in spec.metrics] + ["备注"]) + " |")
        for j, area in enumerate(spec.areas):
            lines.append(" | ".join([area] + [_cell(row[j]) for row in spec.shares]) + " |")
        lines.append(" | ".join(["合计"] + [str(t) for t in totals]) + " |")
    else:  # rows_completion
        lines.append(" | ".join(["序号", "镇(街道)"] + [f"{name}({unit})" for name, unit in spec.metrics]) + " |")
        lines.append(" | ".join(["", ""] + ["目标", "完成", "完成比例"] * len(spec.metrics)) + " |")
        for j, area in enumerate(spec.areas):
            cells = [str(j + 1), area]
            for row, done in zip(spec.shares, spec.achieved):
                share = row[j]
                cells += [_cell(share), "" if share is None else str(done[j]),
                          "" if share is None else f"{round(100 * done[j] / share, 1)}%"]  # fmt: skip
            lines.append(" | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def read_back(path: Path) -> dict[tuple[str, str], float]:
    result = ingest_file(path, IngestOptions())
    targets = {t["target_id"]: t for t in result.rows.get("targets", [])}
    return {(targets[a["target_id"]]["metric"], a["area_raw"]): a["value"] for a in result.rows.get("allocations", [])}


def expected(spec: Spec) -> dict[tuple[str, str], float]:
    return {
        (name, area): float(x)
        for (name, _), row in zip(spec.metrics, spec.shares)
        for area, x in zip(spec.areas, row)
        if x is not None
    }


def _check(spec: Spec, tmp_path_factory) -> None:
    path = tmp_path_factory.mktemp("gen") / "table.txt"
    path.write_text(render(spec), encoding="utf-8")
    want, got = expected(spec), read_back(path)
    assert got == want, render(spec)


def _shape_test(shape: str):
    @settings(max_examples=EXAMPLES_PER_SHAPE, deadline=None, derandomize=True,
              suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])  # fmt: skip
    @given(spec=specs(shape))
    def test(spec, tmp_path_factory):
        _check(spec, tmp_path_factory)

    test.__name__ = f"test_{shape}_tables_read_back_exact"
    return test


test_columns_tables_read_back_exact = _shape_test("columns")
test_columns_extras_tables_read_back_exact = _shape_test("columns_extras")
test_columns_two_rows_tables_read_back_exact = _shape_test("columns_two_rows")
test_pairs_tables_read_back_exact = _shape_test("pairs")
test_rows_tables_read_back_exact = _shape_test("rows")
test_rows_completion_tables_read_back_exact = _shape_test("rows_completion")
