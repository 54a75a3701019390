"""Generated corpora: N variants of the samples, no two byte-identical, so duplicate detection
cannot skip any and every one is parsed.

.txt: the five text samples with figures and dates changed (001 stays Big5). A figure is changed
only where it counts something (followed by a CJK unit such as 个, 家, 万): list numbering, years,
percentages and document numbers stay, so every variant parses into the same kinds of rows.
.docx: the fixtures with a core-properties comment naming the variant (content unchanged).
.pdf: the fixtures with a PDF comment line after %%EOF (pdfplumber reads past it; content unchanged).
"""

from __future__ import annotations

import hashlib
import io
import random
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "data" / "raw"
NATIVE = ROOT / "tests" / "fixtures" / "native"

# A count: digits after no digit, dot or letter, and before a CJK character (the unit).
_COUNT = re.compile(r"(?<![\d.A-Za-z〔\[])(\d{1,5})(?=[\u4e00-\u9fff])(?![年月日号时])")
_DAY = re.compile(r"(\d{1,2})月(\d{1,2})日")


def _vary_text(text: str, rng: random.Random) -> str:
    def count(m: re.Match) -> str:
        n = int(m.group(1))
        if 1900 <= n <= 2100:  # a year without 年 (2024年度 is caught by the lookahead anyway)
            return m.group(1)
        return str(n + rng.randint(1, 9))

    def day(m: re.Match) -> str:
        return f"{m.group(1)}月{rng.randint(1, 28)}日"

    return _DAY.sub(day, _COUNT.sub(count, text))


def txt_corpus(folder: Path, n: int, seed: int = 0) -> list[Path]:
    """n .txt variants, cycling through the samples, each in its sample's encoding."""
    import sys

    sys.path.insert(0, str(ROOT / "src"))
    from mstrack.decode import decode

    samples = sorted(RAW.glob("*.txt"))
    texts = []
    for sample in samples:
        decoded = decode(sample.read_bytes())
        encoding = "cp950" if decoded.encoding == "big5" else decoded.encoding
        texts.append((sample.stem, decoded.text, encoding))
    return _write_unique(folder, n, seed, texts, lambda text, rng: _vary_text(text, rng), ".txt")


def docx_corpus(folder: Path, n: int) -> list[Path]:
    """n .docx variants of the .docx fixtures, told apart by their core-properties comment."""
    import docx

    folder.mkdir(parents=True, exist_ok=True)
    fixtures = sorted(NATIVE.glob("*.docx"))
    paths = []
    for i in range(n):
        fixture = fixtures[i % len(fixtures)]
        document = docx.Document(str(fixture))
        document.core_properties.comments = f"mstrack bench variant {i}"
        path = folder / f"{fixture.stem}_v{i:05d}.docx"
        document.save(str(path))
        paths.append(path)
    return paths


def pdf_corpus(folder: Path, n: int) -> list[Path]:
    """n .pdf variants of the .pdf fixtures, told apart by a comment after %%EOF."""
    folder.mkdir(parents=True, exist_ok=True)
    fixtures = sorted(NATIVE.glob("*.pdf"))
    paths = []
    for i in range(n):
        fixture = fixtures[i % len(fixtures)]
        path = folder / f"{fixture.stem}_v{i:05d}.pdf"
        path.write_bytes(fixture.read_bytes() + f"%mstrack bench variant {i}\n".encode())
        paths.append(path)
    return paths


def _write_unique(folder: Path, n: int, seed: int, texts, vary, suffix: str) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    seen: set[str] = set()
    paths = []
    for i in range(n):
        stem, text, encoding = texts[i % len(texts)]
        rng = random.Random(f"{seed}-{i}")
        while True:
            data = vary(text, rng).encode(encoding)
            digest = hashlib.sha256(data).hexdigest()
            if digest not in seen:
                break
        seen.add(digest)
        path = folder / f"{stem}_v{i:05d}{suffix}"
        path.write_bytes(data)
        paths.append(path)
    return paths


def size_of(paths: list[Path]) -> int:
    return sum(p.stat().st_size for p in paths)
