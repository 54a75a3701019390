"""`mstrack report`: one HTML file that opens offline, checked in a real headless browser."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import ROOT, run

CHECK_SCRIPT = Path(__file__).parent / "browser" / "check_page.js"
# Screenshots are kept here for a person to look at after the run (build/ is not committed).
TEST_OUTPUT = Path(os.environ.get("MSTRACK_TEST_OUTPUT", ROOT / "build" / "test-output"))
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--hide-scrollbars",
]


@pytest.fixture(scope="module")
def report_html(samples_out, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("report") / "report.html"
    result = run("report", samples_out, "-o", path)
    assert result.exit_code == 0, result.output
    assert result.output.strip() == f"wrote {path}"
    return path


def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


def browse(page: Path, tmp_path: Path, *args: str) -> str:
    profile = tmp_path / f"profile-{len(list(tmp_path.iterdir()))}"
    command = [chromium(), *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args, page.as_uri()]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def checked_in_browser(html: str, tmp_path: Path) -> dict:
    page = tmp_path / "checked.html"
    page.write_text(html.replace("</body>", f"<script>{CHECK_SCRIPT.read_text()}</script></body>"), encoding="utf-8")
    dom = browse(page, tmp_path, "--virtual-time-budget=5000", "--dump-dom")
    found = re.search(r'<pre id="mstrack-check">(.*?)</pre>', dom, re.S)
    assert found, "the check script did not run"
    return json.loads(found.group(1).replace("&quot;", '"').replace("&amp;", "&"))


def test_report_is_one_file_that_needs_nothing_from_elsewhere(report_html):
    html = report_html.read_text(encoding="utf-8")
    assert not re.search(r"<(script|link|img|iframe)\b", html)
    assert not re.search(r"(src|href)=\"(?!#)", html)
    assert "url(" not in html and "@import" not in html


def test_report_has_a_section_per_document_with_its_parts(report_html, samples_out):
    html = report_html.read_text(encoding="utf-8")
    assert html.count('<section class="document"') == 5
    assert "Allocation per area" in html and "Completion and pace" in html and "Indicators, actual and planned" in html
    assert "NUMBERING_GAP" in html and "ALLOCATION_NOT_SPLIT" in html
    assert "Noto Sans CJK SC" in html and "WenQuanYi Zen Hei" in html  # a CJK font stack
    assert "新增老年助餐服务点" in html or "助餐" in html


def test_report_of_a_folder_without_tables_says_what_to_do(tmp_path):
    result = run("report", tmp_path, "-o", tmp_path / "r.html")
    assert result.exit_code == 2 and "holds no tables" in result.output


@pytest.mark.skipif(chromium() is None, reason="no Chromium (apt-get install chromium fonts-wqy-zenhei)")
def test_report_draws_its_charts_and_every_chinese_label_in_a_browser(report_html, tmp_path):
    result = checked_in_browser(report_html.read_text(encoding="utf-8"), tmp_path)
    assert result["empty_charts"] == []
    assert result["charts"] == report_html.read_text(encoding="utf-8").count('<svg class="chart')
    assert result["charts"] > 20
    assert result["missing"] == [], f"drawn as missing-glyph boxes: {''.join(result['missing'])}"
    TEST_OUTPUT.mkdir(parents=True, exist_ok=True)
    screenshot = TEST_OUTPUT / "report.png"
    browse(report_html, tmp_path, "--window-size=1200,3000", f"--screenshot={screenshot}")
    assert screenshot.stat().st_size > 10_000
    print(f"screenshot of the report: {screenshot}")


@pytest.mark.skipif(chromium() is None, reason="no Chromium")
def test_the_browser_check_sees_a_missing_glyph(tmp_path):
    # U+0378 is unassigned: no font has it, so it is drawn as a box. The check must say so.
    page = "<html><body><p>中文 abc \u0378</p></body></html>"
    assert checked_in_browser(page, tmp_path)["missing"] == ["\u0378"]
