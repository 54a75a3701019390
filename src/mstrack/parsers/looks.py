"""What a table cell looks like, so that cells can be put under their columns when a layout does not
say where a row's cells stand (cells one per line, blank-line paragraphs, pipe rows that dropped
their merged cells): a number, a date, people's names, unit names, yes/no, a share, or text."""

from __future__ import annotations

import re

from ..model import Cell
from ..numbering import ROW_STYLES, opening, read_number
from .completion import looks_like_units

# A number alone in its cell (a 序号 column), with or without its stop.
_SEQ_STYLES = ("dotted", "arabic", "cn", "paren_cn", "paren", "circled")
LEAD_MARKS = "★☆*"
DATE_LIKE = re.compile(
    r"^(?:(?:19|20)\d{2}\s*年)?\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*月(?:\d{1,2}日)?(?:底|末|中旬|上旬|下旬)?(?:前|以前)?"
    r"|^(?:年底|年内|全年|长期|持续推进|(?:19|20)\d{2}\s*年(?:底|内)?)"
)
YES_NO = re.compile(r"^(?:是|否|已达序|未达序|达序|滞后|正常|超序时|序时|√|×)$")
SHARE = re.compile(r"^\d+(?:\.\d+)?\s*[%‰]?$")
PERSON = re.compile(r"^[\u4e00-\u9fff]{2,4}$")
_LIST_SPLIT = re.compile(r"[、,，;；\s]+")


def numbering(text: str) -> tuple[str, str, str] | None:
    """(style, number as printed, text after it) of a text that opens with a row's numbering, else None.
    Styles (mstrack.numbering): dotted (1.1), arabic (1. / 1、, or a number alone), cn (一、),
    paren_cn ((一)), paren ((1)), circled (①)."""
    found = opening(text, ROW_STYLES)
    if found:
        return found[0].style, found[0].printed, found[1]
    alone = read_number(text, ("arabic",))
    return ("arabic", alone.printed, "") if alone else None


# A category heading printed as a row of its own: "一、教育惠民", "(二)养老服务" — short, no figure.
_HEADING_STYLES = ("cn", "paren_cn")
_HEADING_NAME = re.compile(r"[^\d\n]{2,24}")


def is_heading(text: str) -> bool:
    found = opening(text, _HEADING_STYLES)
    return found is not None and _HEADING_NAME.fullmatch(found[1]) is not None


# A progress report's wording, not a task's: "已完成…", "正在…", "截至3月底…".
REPORT = re.compile(r"^(?:已|正在|目前|截至|截止|累计|尚未|暂未|未|进展情况|完成了)")


def opens_with_number(cell: Cell) -> bool:
    """Does the cell open with a row's numbering ("3.新增…", "①新增…", "(一)…")?"""
    return numbering(cell.text.strip().lstrip(LEAD_MARKS)) is not None


def look(cell: Cell) -> str:
    """empty, seq, heading, date, yesno, share, people, units, report or text."""
    text = cell.text.strip().lstrip(LEAD_MARKS).strip()
    if not text or text in ("-", "--", "—", "/", "无"):
        return "empty"
    flat = text.replace("\n", "")
    if read_number(flat, _SEQ_STYLES):
        return "seq"
    if is_heading(flat):
        return "heading"
    if len(flat) <= 16 and DATE_LIKE.match(flat):
        return "date"
    if YES_NO.match(flat):
        return "yesno"
    if SHARE.match(flat):
        return "share"
    names = [n for n in _LIST_SPLIT.split(flat) if n]
    if names and len(flat) <= 40 and all(PERSON.match(n) for n in names) and not looks_like_units(text):
        return "people"
    if len(flat) <= 80 and looks_like_units(text):
        return "units"
    if REPORT.match(flat):
        return "report"
    return "text"


# Cost of a cell of each look under a column of each role (0 fits; missing: 5).
FIT: dict[str, dict[str, float]] = {
    "seq": {"seq": 0, "share": 0.5},
    "category": {"text": 0.5, "heading": 0, "units": 1.5, "people": 2},
    "project": {"text": 0, "heading": 1, "report": 2, "units": 1.5, "people": 2.5, "date": 2, "yesno": 4, "share": 3},
    "target": {"text": 0, "report": 1.5, "units": 1.5, "people": 2.5, "date": 2, "yesno": 4, "share": 2},
    "leaders": {"people": 0, "units": 2, "text": 3},
    "unit_leaders": {"people": 0, "units": 2, "text": 3},
    "person": {"people": 0, "units": 2, "text": 3},
    "lead_units": {"units": 0, "people": 1.5, "text": 2, "report": 3},
    "co_units": {"units": 0, "people": 1.5, "text": 2, "report": 3},
    "owner": {"units": 0, "people": 1.5, "text": 2, "report": 3},
    "due": {"date": 0, "text": 2.5, "report": 3},
    "plan": {"text": 0, "report": 0.5, "date": 1, "units": 1.5, "people": 2},
    "progress": {"text": 0.3, "report": 0, "date": 1, "share": 1, "yesno": 1.5, "units": 1.5, "people": 2},
    "note": {"text": 0.3, "report": 0, "date": 1, "share": 1, "yesno": 1, "units": 1.5, "people": 2},
    "status": {"text": 0, "report": 0, "yesno": 0, "share": 1, "units": 1.5, "people": 2},
    "on_pace": {"yesno": 0, "text": 2, "report": 2},
    "rate": {"share": 0, "text": 2},
    "achieved": {"share": 0, "text": 1},
    None: {"text": 0.5, "report": 0.5, "date": 1, "share": 1, "yesno": 1, "units": 1, "people": 1},
}
MISFIT = 5.0
# Columns that may hold several cells in a stream: a list of units or people, one per paragraph.
LIST_ROLES = {"lead_units", "co_units", "owner", "leaders", "unit_leaders", "person"}
TEXT_ROLES = {"project", "target", "progress", "plan", "note", "status", None}
TEXT_LOOKS = ("text", "report")


def fit(cell_look: str, role: str | None) -> float:
    if cell_look == "empty":
        return 0.0
    return FIT.get(role, FIT[None]).get(cell_look, MISFIT)
