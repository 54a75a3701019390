"""Where a table of an output folder is, for everything that reads the tables (load, connect,
describe, export, report, the data dictionary). The only module that knows the folder's layout on
the reading side, so the layout can change without touching its readers."""

from __future__ import annotations

from pathlib import Path

from ..schema import TABLES


class NoTables(Exception):
    """The folder holds no tables of mstrack."""


def table_path(out_dir: Path | str, table: str) -> Path:
    """The Parquet file (or folder of files) holding `table` in out_dir, relative paths kept."""
    return Path(out_dir) / f"{table}.parquet"


def table_file(out_dir: Path | str, table: str) -> Path:
    """The one Parquet file holding `table` (a table is a folder of one part per generation)."""
    from .writer import table_file as file_of

    return file_of(Path(out_dir), table)


def read_table(out_dir: Path | str, table: str, columns: list[str] | None = None):
    """One table of out_dir as an Arrow table, from the generation live when the read began."""
    import pyarrow.parquet as pq

    from .writer import pinned

    return pq.read_table(table_file(pinned(Path(out_dir)), table), columns=columns)


def present_tables(out_dir: Path | str) -> list[str]:
    """The tables out_dir holds, in the order of TABLES; NoTables when it holds none."""
    present = [t for t in TABLES if table_path(out_dir, t).exists()]
    if not present:
        raise NoTables(f"{out_dir} holds no tables; run `mstrack ingest … --out {out_dir}` first")
    return present
