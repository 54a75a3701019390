"""Validation speed: `mstrack validate` on a generated targets table of many rows (with projects and
documents tables its foreign keys resolve in), against a per-row jsonschema loop over the same rows.
Both must reject the same rows of a table seeded with known errors."""

from __future__ import annotations

import datetime
import time
from pathlib import Path

SEEDED_ERRORS = 1000  # rows of targets broken on purpose, four kinds of error in turn


def _column(name: str, prop: dict, n: int, own_key: str, pools: dict[str, list]):
    """A valid value for every row of a column, from its JSON Schema."""
    from mstrack import PARSER_VERSION

    types = prop["type"] if isinstance(prop["type"], list) else [prop["type"]]
    if name == own_key:
        return [f"{prop['pattern'][1:4]}_{i:016x}" for i in range(n)]
    if name in pools:  # a foreign key: each parent row gets a run of children
        pool = pools[name]
        return [pool[i * len(pool) // n] for i in range(n)]
    if name == "source_sha256":
        return [f"{i:064x}" for i in range(n)]
    if name == "parser_version":
        return [PARSER_VERSION] * n
    if "enum" in prop:
        allowed = [v for v in prop["enum"] if v is not None]
        return [allowed[i % len(allowed)] for i in range(n)]
    if "array" in types:
        return [["杭州市民政局", "各区县(市)政府"] for _ in range(n)]
    if "null" in types:
        return [None] * n
    if "integer" in types:
        return [int(prop.get("minimum", 0)) + i % 7 for i in range(n)]
    if "number" in types:
        return [float(i % 1000) for i in range(n)]
    if prop.get("format") == "date":
        return [datetime.date(2024, 1, 1)] * n
    return [f"{name} {i % 997}" for i in range(n)]


def make_tables(folder: Path, targets: int, seed_errors: bool = True) -> list[int]:
    """Write every table to folder (targets with `targets` rows, one project per ten targets, one
    document per hundred projects; the other tables empty); return the indices of the targets rows
    broken on purpose (none of them breaks a foreign key, which is no per-row rule)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from mstrack.schema import TABLES, arrow_schema, json_schema, primary_key

    folder.mkdir(parents=True, exist_ok=True)
    sizes = {"documents": max(1, targets // 1000), "projects": max(1, targets // 10), "targets": targets}
    data: dict[str, dict[str, list]] = {}
    for table in ("documents", "projects", "targets"):
        key = primary_key(table)[0]
        pools = {"doc_id": data.get("documents", {}).get("doc_id"), "project_id": data.get("projects", {}).get("project_id")}
        pools = {k: v for k, v in pools.items() if v is not None and k != key}
        data[table] = {name: _column(name, prop, sizes[table], key, pools) for name, prop in json_schema(table)["properties"].items()}
    broken = []
    if seed_errors:
        count = min(SEEDED_ERRORS, targets // 10)
        step = targets // count
        columns = data["targets"]
        for k in range(count):
            row = k * step + k % min(7, step)
            which = k % 4
            if which == 0:
                columns["target_id"][row] = f"tgt_NOT-HEX-{row}"
            elif which == 1:
                columns["kind"][row] = "weight"
            elif which == 2:
                columns["comparator"][row] = None
            else:
                columns["value_raw"][row] = None
            broken.append(row)
    for table in TABLES:
        # Every field nullable, as in a table written by another tool: a null in a required column
        # is then the validator's to find, not the writer's to refuse.
        schema = pa.schema([field.with_nullable(True) for field in arrow_schema(table)])
        columns = data.get(table, {name: [] for name in schema.names})
        pq.write_table(pa.Table.from_pydict(columns, schema=schema), folder / f"{table}.parquet")
    return sorted(set(broken))


def vectorised_verdict(folder: Path) -> tuple[list[int], float]:
    import pyarrow.parquet as pq

    from mstrack.validate import invalid_rows

    started = time.perf_counter()
    bad = invalid_rows("targets", pq.read_table(folder / "targets.parquet"))
    return bad, time.perf_counter() - started


def jsonschema_verdict(folder: Path, budget_s: float = 180.0, probe_rows: int = 20_000) -> dict:
    """The per-row baseline: Draft202012Validator.is_valid on each row as a dict (dates as ISO
    strings). All rows when the probe says they fit in budget_s, else a fixed sample (the first
    rows, every seeded error among them checked)."""
    import pyarrow.parquet as pq
    from jsonschema import Draft202012Validator

    from mstrack.schema import json_schema

    table = pq.read_table(folder / "targets.parquet")
    validator = Draft202012Validator(json_schema("targets"))

    def invalid_among(start: int, length: int) -> list[int]:
        bad = []
        for offset, row in enumerate(table.slice(start, length).to_pylist()):
            row = {k: v.isoformat() if isinstance(v, datetime.date) else v for k, v in row.items()}
            if not validator.is_valid(row):
                bad.append(start + offset)
        return bad

    started = time.perf_counter()
    bad = invalid_among(0, min(probe_rows, table.num_rows))
    probe_s = time.perf_counter() - started
    estimate_s = probe_s * table.num_rows / max(1, min(probe_rows, table.num_rows))
    rows = table.num_rows if estimate_s <= budget_s else max(probe_rows, int(table.num_rows * budget_s / estimate_s / 4))
    started = time.perf_counter()
    bad = invalid_among(0, rows)
    seconds = time.perf_counter() - started
    return {"rows": rows, "all_rows": rows == table.num_rows, "seconds": seconds, "invalid": bad}
