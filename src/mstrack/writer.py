"""Write tables as Parquet, all or nothing: every table goes to a temporary file first, and the
temporary files are renamed over the old ones only when all of them were written."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .tables import TABLES, arrow_schema


def to_arrow(table: str, rows: list[dict]):
    import pyarrow as pa

    schema = arrow_schema(table)
    columns = {name: [row.get(name) for row in rows] for name in schema.names}
    return pa.Table.from_pydict(columns, schema=schema)


def write_tables(out_dir: Path, rows_by_table: dict[str, list[dict]]) -> dict[str, int]:
    """Write every table (empty ones too, with their columns); return rows written per table."""
    import pyarrow.parquet as pq

    out_dir.mkdir(parents=True, exist_ok=True)
    staged: list[tuple[str, Path]] = []
    counts: dict[str, int] = {}
    try:
        for table in TABLES:
            rows = rows_by_table.get(table, [])
            arrow = to_arrow(table, rows)
            fd, tmp = tempfile.mkstemp(prefix=f".{table}.", suffix=".parquet.tmp", dir=out_dir)
            os.close(fd)
            pq.write_table(arrow, tmp)
            staged.append((table, Path(tmp)))
            counts[table] = len(rows)
        for table, tmp in staged:
            os.replace(tmp, out_dir / f"{table}.parquet")
    finally:
        for _, tmp in staged:
            if tmp.exists():
                tmp.unlink()
    return counts
