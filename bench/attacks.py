"""Inputs that expand in memory far beyond their size, and the peak RSS an ingest of each reaches:
a .txt of a million short lines, an .html whose cells claim colspan=1000, a .docx of hundreds of MB
of XML inside every size limit. Each document must be stopped by a limit (limits.py) with a clear
finding, so that no single file takes the machine's memory.

    python -m bench.attacks            # every case at full size; prints case, MB, peak RSS, verdict
    python -m bench.attacks --scale 0.1
"""

from __future__ import annotations

import argparse
import io
import os
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from bench.measure import mstrack

ROW = "新增老年助餐服务点227个"


def many_lines_txt(path: Path, scale: float = 1.0) -> Path:
    """A .txt of a million lines (21 MB at full scale): one notice line over and over."""
    lines = int(1_000_000 * scale)
    path.write_bytes(("2024年民生实事项目完成情况\n" + f"{ROW}\n" * lines).encode())
    return path


def colspan_html(path: Path, scale: float = 1.0) -> Path:
    """An .html table of a few kB a row whose cells claim colspan=1000 (231 kB at full scale)."""
    rows = int(1_000 * scale)
    cells = "".join(f'<td colspan="1000">{ROW}</td>' for _ in range(4))
    body = "".join(f"<tr>{cells}</tr>" for _ in range(rows))
    path.write_text(f"<html><body><p>民生实事任务分解表</p><table>{body}</table></body></html>", encoding="utf-8")
    return path


def huge_xml_docx(path: Path, scale: float = 1.0) -> Path:
    """A .docx whose document.xml is 190 MB at full scale (18 MB zipped: under the 50 MB and the
    200 MB-inflated limits, and under the 200-to-1 ratio of a zip bomb)."""
    paragraph = f"<w:p><w:r><w:t>{ROW}</w:t></w:r></w:p>"
    count = int(190 * 2**20 * scale) // len(paragraph.encode())
    xml = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
        + paragraph * count
        + "</w:body></w:document>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as package:
        package.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
        )
        package.writestr(
            "_rels/.rels",
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
        )
        package.writestr("word/document.xml", xml)
    path.write_bytes(buffer.getvalue())
    return path


CASES = {"lines.txt": many_lines_txt, "colspan.html": colspan_html, "xml.docx": huge_xml_docx}


def measure(scale: float = 1.0) -> dict:
    """Peak RSS of `mstrack ingest` of each case on its own, and the finding that stopped it."""
    results = {}
    with tempfile.TemporaryDirectory(prefix="mstrack-attacks-") as tmp:
        work = Path(tmp)
        for name in CASES:
            path = _make_apart(name, work / name, scale)
            out = work / f"out-{name}"
            run = mstrack("ingest", path, "--out", out, "--quiet")
            verdict = _verdict(out)
            results[name] = {
                "mb": round(path.stat().st_size / 2**20, 2),
                "peak_rss_mb": round(run.peak_rss_mb, 1),
                "seconds": round(run.seconds, 2),
                "exit": run.returncode,
                "verdict": verdict,
            }
            path.unlink()
    return results


def _make_apart(name: str, path: Path, scale: float) -> Path:
    """Write a case in a process of its own: the child of a process that held the case's hundreds of
    MB would inherit that peak in its own ru_maxrss (Linux keeps it across exec)."""
    root = Path(__file__).resolve().parents[1]
    subprocess.run(
        [sys.executable, "-m", "bench.attacks", "--make", name, str(path), "--scale", str(scale)],
        check=True, cwd=root, env={**os.environ, "PYTHONPATH": str(root / "src")},
    )
    return path


def _verdict(out: Path) -> str:
    import pyarrow.parquet as pq

    try:
        findings = pq.read_table(out / "findings.parquet").to_pylist()
    except Exception as exc:
        return f"no tables ({type(exc).__name__})"
    errors = [f for f in findings if f["severity"] == "error"]
    return f"{errors[0]['code']}: {errors[0]['message'].split(' ', 1)[1][:90]}" if errors else "read (no error)"


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=1.0, help="fraction of the full-size cases")
    parser.add_argument("--make", nargs=2, metavar=("CASE", "PATH"), help="only write one case to PATH")
    args = parser.parse_args(argv)
    if args.make:
        CASES[args.make[0]](Path(args.make[1]), args.scale)
        return {}
    results = measure(args.scale)
    for name, r in results.items():
        print(f"{name:<14}{r['mb']:>8.2f} MB{r['peak_rss_mb']:>9.1f} MB RSS{r['seconds']:>8.2f} s  exit {r['exit']}  {r['verdict']}")
    return results


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    main()
