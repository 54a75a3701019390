"""What an output folder holds, table by table and column by column: rows, type, share of nulls
and the column's description, for a first look before loading anything."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .store.output import present_tables, read_table
from .schema import json_schema


@dataclass
class ColumnDescription:
    name: str
    type: str  # the Arrow type
    nulls: int
    description: str


@dataclass
class TableDescription:
    name: str
    rows: int
    description: str
    columns: list[ColumnDescription] = field(default_factory=list)

    def null_share(self, column: ColumnDescription) -> float:
        return column.nulls / self.rows if self.rows else 0.0


def describe(out: Path | str) -> list[TableDescription]:
    """Every table of `out` with its row count and each column's type, nulls and description."""
    described = []
    for table in present_tables(out):
        data = read_table(out, table)
        properties = json_schema(table)["properties"]
        columns = [
            ColumnDescription(
                name=name,
                type=str(data.schema.field(name).type),
                nulls=_nulls(data.column(name)),
                description=properties.get(name, {}).get("description", ""),
            )
            for name in data.column_names
        ]
        described.append(TableDescription(table, data.num_rows, json_schema(table).get("description", ""), columns))
    return described


def _nulls(column) -> int:
    """Missing values: nulls, and empty lists in a list column (nothing was printed there)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if pa.types.is_list(column.type):
        return column.null_count + pc.sum(pc.equal(pc.list_value_length(column), 0)).as_py() if len(column) else 0
    return column.null_count


def as_text(tables: list[TableDescription]) -> str:
    """The description as a person reads it: a block per table, a line per column."""
    lines = []
    for table in tables:
        lines.append(f"{table.name}: {table.rows} rows. {table.description}")
        width = max((len(c.name) for c in table.columns), default=0)
        type_width = max((len(c.type) for c in table.columns), default=0)
        for column in table.columns:
            share = f"{table.null_share(column):6.1%}" if table.rows else "     -"
            lines.append(f"  {column.name:<{width}}  {column.type:<{type_width}}  null {share}  {column.description}")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def as_records(tables: list[TableDescription]) -> list[dict]:
    """One record per column, for --json and DataFrames."""
    return [
        {
            "table": t.name,
            "rows": t.rows,
            "column": c.name,
            "type": c.type,
            "nulls": c.nulls,
            "null_share": round(t.null_share(c), 4),
            "description": c.description,
        }
        for t in tables
        for c in t.columns
    ]
