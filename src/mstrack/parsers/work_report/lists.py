"""The 实事 list of a work report, in whichever form it is printed, as (seq, body, category) items.

Reports print the year's 实事 list one item per line ("1." "一、" "(一)" "①"), inside one paragraph
with inline numbers ("①…;②…", "(1)…(2)…", "一是…;二是…"), as clauses after "包括:" ("…;…;…"), as
a 、-separated list of names, or in groups ("18项民生工程,其中城建工程10项:①…⑩。教育工程3项:①…③").
What names a list is data (data/project_list_names.csv); a bare 实事 ("好事实事", "办实事") names none.

Inline numbers are read as a sequence, not as every digit that looks like a marker: a list is the
run 1, 2, 3… (restarting at 1 for a new group), so "3所" or "2025年" inside an item never cut it.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from ...normalise import normalise_text
from ...numbering import CIRCLED, mark_pattern, value_of

@cache
def list_names() -> tuple[str, ...]:
    text = files("mstrack.data").joinpath("project_list_names.csv").read_text(encoding="utf-8")
    return tuple(row["name"] for row in csv.DictReader(text.splitlines()))


_COUNT = r"(?:[一二两三四五六七八九十百]{1,3}|\d{1,3})\s*(?:件|项|大|个|方面|类)"


@cache
def _names_pattern() -> re.Pattern[str]:
    names = "|".join(map(re.escape, sorted(list_names(), key=len, reverse=True)))
    # "十件实事" and "10项民生实事" name a list by its count; "好事实事", "办实事" do not.
    return re.compile(rf"(?:{_COUNT}\s*)?(?:民生|惠民|为民)?(?:{names})(?:项目|工程)?|{_COUNT}\s*实事(?!求是)(?:项目|工程)?")


@cache
def list_title() -> re.Pattern[str]:
    """A line that is nothing but a list's title with its count: "附件1 2026年十件民生实事",
    "2026年区政府十大民生实事项目" — how an appendix that holds the list is headed."""
    names = "|".join(map(re.escape, sorted(list_names(), key=len, reverse=True)))
    return re.compile(
        rf"(?m)^\s*(?:附件\s*\d*\s*[:：]?\s*)?(?:(?:19|20)\d\d\s*年(?:度)?)?[^\n。;,，；]{{0,10}}?"
        rf"{_COUNT}\s*(?:民生|惠民|为民)?(?:{names}|实事)(?:项目|工程)?(?:清单|名单)?\s*[:：]?\s*\n"
        # …and the list's first item on the next line: a table titled the same way (a header row
        # "序号 | 项目 | 责任单位", cells "1 | …") is a table, not the list
        rf"\s*{LINE_MARKER}"
    )


# A line that opens a list item: "1." "1、" "一、" "一是" "(一)" "(1)" "①", or "1" folded from "①"
# by normalisation with the item's first character right after it.
LINE_MARKER = (
    "(?:" + mark_pattern(("arabic", "cn", "yishi", "paren_cn", "paren", "circled")).pattern
    + r"|\d{1,2}(?=[\u4e00-\u9fff]))"
)


def is_list_name(term: str) -> bool:
    """Whether a term is the name of a list ("十件民生实事", "2026年民生实事项目"), not a term
    that only mentions one ("民生实事票决制")."""
    term = term.strip("“”\"'《》 ")
    found = None
    for found in _names_pattern().finditer(term):
        pass
    return found is not None and found.end() == len(term)


@cache
def _name_words() -> re.Pattern[str]:
    """What every list name holds: one of the names, or 实事 after a count."""
    return re.compile("|".join(map(re.escape, (*list_names(), "实事"))))


def names_list(text: str) -> re.Match[str] | None:
    """Where a text names a 实事 list ("十件民生实事", "为民办实事项目"), if it does."""
    # The full pattern opens with an optional count, so it is tried at every character: asked
    # first whether the text holds a name at all (most paragraphs do not).
    if _name_words().search(text) is None:
        return None
    return _names_pattern().search(text)


def announced_count(text: str) -> int | None:
    """The number of items an announcement promises: "十件民生实事" → 10."""
    found = names_list(text)
    if not found:
        return None
    count = re.match(r"([一二两三四五六七八九十百]{1,3}|\d{1,3})\s*(?:件|项|大|个|方面|类)", found.group(0))
    return value_of(count.group(1)) if count else None


# --- inline numbers --------------------------------------------------------------------------

# Marker styles of a list run inside one paragraph. The lookbehind keeps "3所" or "第(2)" from
# starting an item: an arabic or bracketed marker opens the text or follows punctuation.
_OPENS = r"(?:^|(?<=[。;:,；：，、\s]))"
_INLINE_ORDER = ("circled", "paren", "paren_cn", "yishi", "arabic")
INLINE_STYLES = {
    style: mark_pattern((style,)) if style == "circled" else re.compile(_OPENS + mark_pattern((style,)).pattern)
    for style in _INLINE_ORDER
}
_ITEM_EDGE = " ;。,；，:：、\n"
# A group of a nested list is announced by its name and count: "其中城建工程10项:", "教育工程3项:".
_GROUP_HEAD = re.compile(r"(?:其中)?([^,;。:：，；]{2,16}?)\s*(?:\d{1,3}|[一二三四五六七八九十]{1,3})\s*[项件个类]\s*[:：]?\s*$")
# Sentences after a list's last item that close the list, not extend the item: "以上实事…",
# "各位代表,…", "我们将…确保…".
_CLOSING = re.compile(r"^(?:以上|上述|这些|各位代表|我们(?:将|要)|确保|让)")


@dataclass(frozen=True)
class ListItem:
    seq: str  # as printed: "3", "三", "⑤" read as "5"
    body: str
    category: str | None = None


def inline_list(text: str, raw: str | None = None) -> list[ListItem]:
    """Items numbered inside one paragraph, in the first style that numbers a run of at least two.

    Circled markers are looked for in the raw text as well: text normalisation (NFKC) may fold
    "①" to "1", and then the raw text still knows where each item starts; its pieces are
    normalised one by one."""
    if raw and sum(raw.count(c) for c in CIRCLED) >= 2 and not any(c in text for c in CIRCLED):
        items = _sequence_items(raw, INLINE_STYLES["circled"])
        return [ListItem(i.seq, normalise_text(i.body), normalise_text(i.category) if i.category else None)
                for i in items]
    for pattern in INLINE_STYLES.values():
        items = _sequence_items(text, pattern)
        if len(items) >= 2:
            return items
    return []


def _sequence_items(text: str, pattern: re.Pattern[str]) -> list[ListItem]:
    """The run of markers numbered 1, 2, 3… (a new group starts again at 1)."""
    marks = [(m, value_of(m.group(1))) for m in pattern.finditer(text)]
    run: list[re.Match[str]] = []
    expected = 1
    for mark, number in marks:
        if number == expected:
            run.append(mark)
            expected += 1
        elif number == 1 and len(run) >= 2:
            run.append(mark)  # a second group
            expected = 2
    if len(run) < 2:
        return []
    items: list[ListItem] = []
    starts = [m.start() for m in run] + [len(text)]
    groups = sum(1 for m in run if value_of(m.group(1)) == 1)
    category = group_name(text[: run[0].start()]) if groups > 1 else None
    for n, mark in enumerate(run):
        body = text[mark.end() : starts[n + 1]]
        next_starts_group = n + 1 < len(run) and value_of(run[n + 1].group(1)) == 1
        if next_starts_group:
            body, head = _split_group_head(body)
            items.append(ListItem(_seq(mark.group(1)), body.strip(_ITEM_EDGE), category))
            category = group_name(head)
            continue
        items.append(ListItem(_seq(mark.group(1)), body.strip(_ITEM_EDGE), category))
    last = close_last(items[-1].body, items[:-1]).strip(_ITEM_EDGE)
    items[-1] = ListItem(items[-1].seq, last, items[-1].category)
    return items


def _seq(printed: str) -> str:
    return str(CIRCLED.index(printed) + 1) if printed in CIRCLED else printed


def _split_group_head(body: str) -> tuple[str, str]:
    """"新建学校3所。教育工程3项:" → ("新建学校3所。", "教育工程3项:")."""
    cut = max(body.rfind("。"), body.rfind(";"), body.rfind("；"))
    if cut < 0:
        return body, ""
    return body[: cut + 1], body[cut + 1 :]


def group_name(head: str) -> str | None:
    found = _GROUP_HEAD.search(head.strip())
    if not found:
        return None
    name = re.split(r"[,，]", found.group(1))[-1].removeprefix("其中").strip()
    return name or None


def close_last(body: str, others: list[ListItem]) -> str:
    """The last item without the sentences that close the list after it.

    When no other item holds a full stop inside it, items are one sentence each and the last ends
    at its first 。; otherwise sentences that open like a closing ("以上…", "各位代表") are cut."""
    sentences = [s for s in re.split(r"(?<=。)", body) if s.strip()]
    if len(sentences) <= 1:
        return body.strip()
    one_sentence_items = others and all("。" not in o.body.strip(_ITEM_EDGE) for o in others)
    if one_sentence_items:
        return sentences[0].strip()
    kept = []
    for sentence in sentences:
        if kept and _CLOSING.match(sentence.strip()):
            break
        kept.append(sentence)
    return "".join(kept).strip()


# --- clauses and names -----------------------------------------------------------------------

# What introduces the list inside the announcing sentence: "包括:", "分别是", or the colon after its name.
_INTRODUCES = re.compile(r"(?:包括|分别是|分别为|即|具体是|具体为)?\s*[:：]|包括|分别是|分别为")
_NAME_MAX_CHARS = 24
_FIELDS = re.compile(r"等.{0,8}$")


def clause_list(text: str) -> list[ListItem]:
    """Items after the announcement's colon or 包括: clauses split by ;, else short names by 、."""
    intro = _INTRODUCES.search(text)
    if not intro:
        return []
    rest = text[intro.end() :]
    end = rest.find("。")
    clauses_text = rest if end < 0 else rest[:end]
    clauses = [c.strip(_ITEM_EDGE) for c in re.split(r"[;；]", clauses_text) if c.strip(_ITEM_EDGE)]
    if len(clauses) < 2:
        names = [c.strip(_ITEM_EDGE) for c in clauses_text.split("、") if c.strip(_ITEM_EDGE)]
        # "教育、医疗、养老等十个方面" lists the fields the items cover, not the items
        fields_only = bool(names) and bool(_FIELDS.search(names[-1]))
        if len(names) >= 3 and all(len(n) <= _NAME_MAX_CHARS for n in names) and not fields_only:
            clauses = names
        else:
            return []
    return [ListItem(str(n + 1), clause) for n, clause in enumerate(clauses)]


# --- units on an item -----------------------------------------------------------------------

# "(牵头单位:区教育局;配合单位:区财政局、各街道)" printed after an item.
_UNITS_NOTE = re.compile(r"[(（]\s*((?:牵头|责任|主责|配合|协办|责任)单位\s*[:：][^()（）]+)[)）]")
_UNIT_ROLE = re.compile(r"(牵头|责任|主责|配合|协办)单位\s*[:：]\s*")
_CO_ROLES = {"配合", "协办"}


def lead_units(body: str) -> tuple[str, list[str], list[str]]:
    """The item without its units note, the lead units and the co-operating units it names."""
    leads: list[str] = []
    cos: list[str] = []
    for note in _UNITS_NOTE.finditer(body):
        parts = _UNIT_ROLE.split(note.group(1))
        # split() alternates: ["", role, units, role, units, …]
        for role, units in zip(parts[1::2], parts[2::2]):
            names = [u.strip() for u in re.split(r"[、,，;；]", units) if u.strip()]
            (cos if role in _CO_ROLES else leads).extend(names)
    return _UNITS_NOTE.sub("", body).strip(), leads, cos
