"""The library behind the command line, for notebooks and scripts: parse one notice, ingest many,
validate, load and query the tables. `import mstrack` exposes these names; the commands in
`mstrack.commands` only parse arguments, call them and print.

    >>> import mstrack
    >>> summary = mstrack.ingest(["data/raw"], "data/out")
    >>> mstrack.validate("data/out").valid
    True
    >>> tables = mstrack.load("data/out")
    >>> tables.targets.groupby("unit").value.sum()
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from .store.output import present_tables, read_table
from .schema import TABLES, json_schema

__all__ = ["ParsedDocument", "Tables", "ValidationReport", "connect", "ingest", "load", "parse", "validate"]


@dataclass
class ParsedDocument:
    """One notice read and parsed, nothing written: its rows as Arrow tables (all ten, findings
    included, empty ones with their columns), its kinds and whether it could be read."""

    source_path: str
    doc_id: str | None
    status: str  # parsed or failed
    error: str | None
    kinds: list[str]
    tables: dict = field(repr=False)  # table name → pyarrow.Table

    @property
    def findings(self):
        return self.tables["findings"]

    def to_pandas(self) -> "Tables":
        return Tables({name: _frame(name, table) for name, table in self.tables.items()})


def parse(path: str | Path, **options) -> ParsedDocument:
    """Read and parse one notice without writing anything.

    Options are those of `mstrack ingest`: city, district, year, encoding, max_bytes, timeout."""
    from .pipeline import IngestOptions, ingest_file
    from .schema import to_arrow

    result = ingest_file(Path(path), IngestOptions(**options))
    rows = dict(result.rows)
    rows["findings"] = rows.get("findings", []) + [f.row() for f in result.findings]
    tables = {name: to_arrow(name, rows.get(name, [])) for name in TABLES}
    return ParsedDocument(result.source_path, result.doc_id, result.status, result.error, result.kinds, tables)


def ingest(
    paths: Iterable[str | Path] | str | Path,
    out: str | Path = "data/out",
    *,
    jobs: int = 1,
    rebuild: bool = False,
    prune: bool = False,
    on_document: Callable | None = None,
    **options,
):
    """Read notices (files or folders, recursively) and merge their rows into the tables of `out`.
    Returns the run's summary (statuses, rows per table, findings per severity).

    Raises FileNotFoundError for a path that does not exist, merge.NoDocuments when the paths hold
    no file, merge.IncompatibleTables when `out` holds tables of another version (pass
    rebuild=True), writer.OutputBusy when another run writes to `out`. `on_document(n, result)` is
    called as each document is done. prune=True drops the documents whose file is gone. Options
    are those of `parse`."""
    from .store.merge import load_previous, merge_into, unchanged_documents
    from .pipeline import IngestOptions, iter_ingest
    from .store.writer import output_lock

    paths = [Path(paths)] if isinstance(paths, (str, Path)) else [Path(p) for p in paths]
    missing = [str(p) for p in paths if not p.exists() and not p.is_symlink()]
    if missing:
        raise FileNotFoundError(f"no such file or folder: {', '.join(missing)}")
    out = Path(out)
    ingest_options = IngestOptions(**options)
    with output_lock(out):
        previous = None if rebuild else load_previous(out)
        # --city and the like change rows without changing bytes: then every file is parsed again.
        unchanged = set() if ingest_options.overrides_metadata else unchanged_documents(previous)
        # Documents stream from the parser into the new tables; none is held until the end.
        # The output folder may sit inside an input folder: its tables are never read as notices.
        results = iter_ingest(paths, ingest_options, on_document=on_document, unchanged=unchanged, jobs=jobs, skip=[out])
        return merge_into(out, previous, results, prune=prune)


@dataclass
class ValidationReport:
    """What `validate` found: `valid`, and the problems one per row (code, table, key, column,
    message), the same as `mstrack validate --json`."""

    out: Path
    issues: list = field(repr=False)  # validate.Problem

    @property
    def valid(self) -> bool:
        return not self.issues

    @property
    def problems(self):
        import pandas as pd

        columns = ["code", "table", "key", "column", "message"]
        return pd.DataFrame([{c: getattr(p, c) for c in columns} for p in self.issues], columns=columns)

    def lines(self) -> list[str]:
        return [p.line() for p in self.issues]

    def summary(self) -> str:
        return f"{self.out}: {'valid' if self.valid else f'{len(self.issues)} problems'}"

    def to_json(self) -> str:
        from .validate import as_json

        return as_json(self.issues)

    def __bool__(self) -> bool:
        return self.valid


def validate(out: str | Path = "data/out") -> ValidationReport:
    """Check the tables of `out` against their schemas, keys and foreign keys."""
    from .validate import validate_dir

    out = Path(out)
    if not out.is_dir():
        raise NotADirectoryError(f"{out} is not a folder; run `mstrack ingest … --out {out}` first")
    return ValidationReport(out, validate_dir(out))


class Tables(dict):
    """Table name → DataFrame, also as attributes: `tables.targets`."""

    def __getattr__(self, name: str):
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None

    def __dir__(self):
        return list(super().__dir__()) + list(self)


def load(out: str | Path = "data/out", tables: Iterable[str] | None = None) -> Tables:
    """The tables of `out` as DataFrames with the dtypes an analyst expects: dates as datetime64,
    enum columns as categoricals (all their values as categories), list columns as Python lists,
    integers and booleans as pandas' nullable Int64 and boolean."""
    names = list(tables) if tables is not None else present_tables(out)
    unknown = [t for t in names if t not in TABLES]
    if unknown:
        raise ValueError(f"no table {', '.join(unknown)}; the tables are {', '.join(TABLES)}")
    return Tables({name: _frame(name, read_table(out, name)) for name in names})


def _frame(table: str, data):
    """An Arrow table of `table` as a DataFrame with the dtypes its schema says."""
    import pandas as pd
    import pyarrow as pa

    frame = data.to_pandas(
        date_as_object=False,
        types_mapper={pa.int64(): pd.Int64Dtype(), pa.bool_(): pd.BooleanDtype()}.get,
    )
    properties = json_schema(table)["properties"]
    for name in frame.columns:
        prop = properties.get(name, {})
        enum = [v for v in prop.get("enum", []) if v is not None]
        if enum:
            frame[name] = pd.Categorical(frame[name], categories=enum)
        elif pa.types.is_list(data.schema.field(name).type):
            frame[name] = pd.Series(data.column(name).to_pylist(), index=frame.index, dtype=object)
    return frame


def connect(out: str | Path = "data/out", database: str = ":memory:"):
    """A DuckDB connection with one view per table of `out` (needs the duckdb extra:
    `pip install 'mstrack[duckdb]'`)."""
    try:
        import duckdb
    except ImportError:
        raise ImportError("connect() needs DuckDB: pip install 'mstrack[duckdb]'") from None
    from .store.output import table_path

    connection = duckdb.connect(database)
    for table in present_tables(out):
        # Not resolved: the view reads through the folder's links, so it sees the next run's tables.
        # A table is a folder of Parquet parts: DuckDB reads it by a glob.
        path = os.path.abspath(table_path(out, table))
        path = (os.path.join(path, "*.parquet") if os.path.isdir(path) else path).replace("'", "''")
        connection.execute(f"CREATE OR REPLACE VIEW {table} AS SELECT * FROM read_parquet('{path}')")
    return connection
