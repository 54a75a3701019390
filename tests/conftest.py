from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from mstrack.cli import main
from mstrack.schema import TABLES

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "data" / "raw"
SAMPLES = {
    "000": RAW / "000_xiacheng_2011_half_year.txt",
    "001": RAW / "001_binjiang_2024_q1.txt",
    "002": RAW / "002_hangzhou_2024_responsibility_allocation.txt",
    "003": RAW / "003_gongshu_2024_responsibility_allocation.txt",
    "004": RAW / "004_xiacheng_2014_work_report.txt",
}


def shown(path: Path) -> str:
    """How the tables spell a file's path: relative to the working folder when under it."""
    from mstrack.paths import source_path_of

    return str(source_path_of(Path(path)))


def run(*args: str):
    """Run the CLI in-process; returns click's Result (exit_code, stdout, stderr)."""
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def read_tables(out: Path) -> dict[str, pd.DataFrame]:
    return {table: pd.read_parquet(out / f"{table}.parquet") for table in TABLES}


@pytest.fixture(scope="session")
def samples_out(tmp_path_factory) -> Path:
    """data/raw ingested once for the session."""
    out = tmp_path_factory.mktemp("out")
    result = run("ingest", RAW, "--out", out)
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="session")
def tables(samples_out) -> dict[str, pd.DataFrame]:
    return read_tables(samples_out)


@pytest.fixture()
def copy_of(tmp_path):
    def _copy(sample: str, name: str | None = None) -> Path:
        target = tmp_path / (name or SAMPLES[sample].name)
        shutil.copy(SAMPLES[sample], target)
        return target

    return _copy
