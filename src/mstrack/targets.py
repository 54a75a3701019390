"""Quantified targets inside a task text, each with the thing it counts (its metric).

"新增城镇就业人数23600人,实现失业人员再就业12500人" holds two targets: 新增城镇就业人数 23600 人 and
失业人员再就业 12500 人. The figure grammar is `mstrack.quantity`; this module decides which figures
are targets and names what each one counts.

Naming follows Chinese word order. A figure with its classifier before a noun counts that noun
("打造8个“一老一小”示范型融合服务点"); a figure closing its clause counts what came before it
("新增机构养老床位800张").
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from decimal import Decimal

from mstrack.normalise import list_markers
from mstrack.quantity import Quantity, find_quantities, find_unknown_units


@dataclass(frozen=True)
class TargetClause:
    metric: str  # the counted thing: 新增机构养老床位, 失业人员再就业, 建档率
    quantity: Quantity
    text: str  # the clause it came from
    qualifier: str | None = None  # 提升 in "新增(提升)…教学点", 城乡公交 in "20条(城乡公交)"


# Words that open a clause but are not part of what is counted. 新增/新建/提升 stay: the contract's
# metric is 新增机构养老床位, and 新建 vs 提升 are different targets in 001 and 002.
# 共计 before 共, so "共计投入各类科技资金" (004 L50) does not lose only its first character; 以及
# before 及, the link after a figure in an unknown unit ("路灯200盏及垃圾桶300个").
_LEADING_WORDS = ("其中", "全年", "全市", "全区", "我市", "我区", "年内", "累计", "确保", "全部", "并", "共计", "共", "以及", "及")
# "新增…服务对象900人,达到5400人" (004 实事 item 7): a clause of nothing but a linking word states
# the running total of the previous clause's metric, without its 新增/新建.
_ADDING_VERBS = ("新增", "新建")
# Light verbs: their object is the counted thing (完成…筛查2万人 counts 筛查, 打造亲水节点80个 counts 节点).
_LIGHT_VERBS = ("完成", "实现", "实施", "打造", "举办", "开展", "组织", "提供")
# Words that link the metric to its figure: 建档率达到75%, 投保人数达到859万人.
_LINKING_WORDS = ("达到", "共计", "合计", "达", "为")
# In "为<beneficiaries><service>" (002: 为全市60岁以上老年人免费接种流感疫苗) the service is counted;
# it starts at the last of these words. 免费 is kept as part of the name, the others are dropped.
_SERVICE_MARKERS = {"免费": True, "提供": False, "开展": False, "实施": False}
# Before a figure-first noun, a lead-in this short is a verb worth keeping (新增, 建设或改造); a longer
# one is a list of places (000 task 6 "建成重机地块、灯塔区块2所幼儿园") and is left out of the metric.
_VERB_LENGTH = 5

# Milestone texts open with their due date (002: "9月底前完成新增助餐服务点不少于100个").
_LEADING_DATE = re.compile(r"^(?:(?:19|20)\d\d年度?)?(?:\d{1,2}月(?:底|份|中旬|上旬|下旬)?)?(?:\d{1,2}日)?前?")
# A list marker (①, ⑴, ⒈, ㈠: kept as printed by normalisation) opens a new item, so a new clause:
# "①新建公园3个②改造道路12条" counts 新建公园 and 改造道路.
_CLAUSE_BREAK = re.compile("[,;。:\n" + "".join(sorted(list_markers())) + "]")
_LIST_BREAK = "、"
# "整修…2条道路并完成交通移交" (004 实事 item 3): 并 + a verb starts a second action; the counted
# thing ends before it.
_AND_THEN = re.compile(r"(?<=\w\w)并(?=完成|实现|实施|开展|投入|交付|移交|落实)")
# Trimmed from both ends of a metric; 的 from "80%以上的消防安全重点单位" (000 task 10).
_EDGE_FILLER = " \t、,;。:的"
# 002's "新增(提升)“家门口青少年宫”教学点": the verb in parentheses is a qualifier, not the name.
_VERB_QUALIFIER = re.compile(r"^([\u4e00-\u9fff]{2})\(([\u4e00-\u9fff]{1,4})\)")
# A spelled-out numeral before 期 or 次 is an ordinal or part of a name, not a count: 000 task 11
# "灯塔二期" (phase two), 003 "人大三次会议" (third session), "二次供水" (secondary water supply).
# The notices print counts of sessions with Arabic figures ("不少于50场次" in 001).
_ORDINAL_UNITS = {"期", "次"}
# An item number opening a table cell: 003 附件2 "1.新增6所…", 附件 list "1.2024年…清单".
_ENUMERATOR = re.compile(r"^\s*(?:\d{1,2}[.、](?=\D|(?:19|20)\d\d年)|\(?[一二三四五六七八九十]{1,3}[)、])")
# A note in parentheses holding a figure: 003 附件2 "新增6所“大运河少儿学堂”(街道涉及5所)".
_FIGURE_NOTE = re.compile(r"\([^()]*\d[^()]*\)")
_CHINESE_DIGITS = set("零〇一二两三四五六七八九十")
# Characters that make a following 一 part of a word (同一, 统一, 唯一, 万一, 第一) rather than a count.
_ONE_WORD_HEADS = set("同统唯万第逐")


def _is_calendar_year(quantity: Quantity) -> bool:
    return quantity.unit == "年" and re.fullmatch(r"(19|20)\d\d(?:-(19|20)\d\d)?年", quantity.value_raw) is not None


def _is_time_window(quantity: Quantity, text: str) -> bool:
    """"为离校2年内未就业高校毕业生…" (002): a duration followed by 内/后/前 says who, not how many."""
    return quantity.kind == "duration" and text[quantity.end : quantity.end + 1] in ("内", "后", "前")


def _is_spelled_ordinal(quantity: Quantity) -> bool:
    return quantity.unit in _ORDINAL_UNITS and quantity.value_raw[0] in _CHINESE_DIGITS


def _is_inside(quantity: Quantity, text: str, opening: str, closing: str) -> bool:
    head = text[: quantity.start]
    return head.rfind(opening) > head.rfind(closing)


def _is_one_of_a_word(quantity: Quantity, text: str) -> bool:
    """"同一所单位" (001 1.2 progress) is "the same school", not one school."""
    return quantity.value_raw.startswith("一") and text[quantity.start - 1 : quantity.start] in _ONE_WORD_HEADS


def _is_per(quantity: Quantity, text: str) -> bool:
    """"每一名学生", "每1000人拥有": a figure after 每 is the base of a rate, not a count."""
    return text[max(0, quantity.start - 1) : quantity.start] == "每"


def _is_target(quantity: Quantity, text: str) -> bool:
    # Ages (60岁以上) and years describe who or when, not how many (002 row 3, 001 health items).
    # Figures inside “…” are part of a name (“一老一小”, 000 task 10's “四个能力”); figures inside
    # (…) are notes on the figure before them.
    return not (
        quantity.kind == "age"
        or _is_calendar_year(quantity)
        or _is_spelled_ordinal(quantity)
        or _is_time_window(quantity, text)
        or _is_one_of_a_word(quantity, text)
        or _is_per(quantity, text)
        or _is_inside(quantity, text, "“", "”")
        or _is_inside(quantity, text, "(", ")")
    )


def _clause_breaks(text: str, quantities: list[Quantity]) -> list[int]:
    """Where clause punctuation stands, in order, except inside a figure ("1,200")."""

    def inside_figure(index: int) -> bool:
        return any(q.start <= index < q.end for q in quantities)

    return [m.start() for m in _CLAUSE_BREAK.finditer(text) if not inside_figure(m.start())]


def _clause_bounds(text: str, breaks: list[int], position: int) -> tuple[int, int]:
    """The clause around `position`: between the breaks before and after it."""
    after = bisect_left(breaks, position)  # breaks[:after] stand before position
    start = breaks[after - 1] + 1 if after else 0
    end = breaks[after] if after < len(breaks) else len(text)
    return start, end


def _strip_words(phrase: str, words: tuple[str, ...], *, at_end: bool = False) -> str:
    changed = True
    while changed:
        changed = False
        # Most phrases open (or end) with none of the words: no pass over them one by one.
        if not (phrase.endswith(words) if at_end else phrase.startswith(words)):
            break
        for word in words:
            if not at_end and phrase.startswith(word) and len(phrase) > len(word):
                phrase, changed = phrase[len(word) :], True
            elif at_end and phrase.endswith(word) and len(phrase) > len(word):
                phrase, changed = phrase[: -len(word)], True
    return phrase


def _service_of_beneficiary_clause(phrase: str) -> str:
    """"为1.6万名义务教育段学生开展正脊筛查" counts 正脊筛查 (003 project 三)."""
    found = [(phrase.rfind(marker), marker) for marker in _SERVICE_MARKERS if marker in phrase]
    if not found:
        return phrase[1:]
    index, marker = max(found)
    return phrase[index:] if _SERVICE_MARKERS[marker] else phrase[index + len(marker) :]


def _split_verb_qualifier(phrase: str) -> tuple[str, str | None]:
    """"新增(提升)“家门口青少年宫”教学点100个" (002 row 26): the 100 counts new and upgraded points
    together (the matrix prints them as 5(4)个), so the qualifier is both verbs as printed and the
    metric is the thing counted."""
    found = _VERB_QUALIFIER.match(phrase)
    if not found:
        return phrase, None
    return phrase[found.end() :], f"{found.group(1)}({found.group(2)})"


def _first_list_item(text: str) -> str:
    """Text up to the first 、 outside brackets: 000 task 30 "10个企业(园区、楼宇)流动图书站" counts
    企业(园区、楼宇)流动图书站, its 、 lists inside the note."""
    depth = 0
    for index, ch in enumerate(text):
        if ch in "(“":
            depth += 1
        elif ch in ")”":
            depth = max(0, depth - 1)
        elif ch == _LIST_BREAK and depth == 0:
            return text[:index]
    return text


def _name_metric(before: str, after: str) -> str:
    """The counted thing from the words before and after one figure in its clause."""
    before = _LEADING_DATE.sub("", before.strip(_EDGE_FILLER))
    before = _strip_words(before, _LEADING_WORDS)
    before = _strip_words(before, _LINKING_WORDS, at_end=True)
    after = _AND_THEN.split(_first_list_item(after), 1)[0].strip(_EDGE_FILLER)
    if after:
        # Figure before its noun: keep a short verb in front (新增, 建设或改造), drop a long lead-in.
        metric = (before if len(before) <= _VERB_LENGTH else "") + after
    else:
        metric = before
    if metric.startswith("为"):
        metric = _service_of_beneficiary_clause(metric)
    metric = _FIGURE_NOTE.sub("", metric)
    return _strip_words(metric, _LEADING_WORDS + _LIGHT_VERBS).strip(_EDGE_FILLER)


def extract_targets(task_text: str) -> list[TargetClause]:
    """Every quantified target in a task text, in order, each named by what it counts.

    Example: "新建规范化电子健康档案50000份,建档率达到75%以上;" gives
    (新建规范化电子健康档案, 50000 份, =) and (建档率, 75 %, >=).
    """
    # Blank the item number out rather than cut it, so spans still point into the text given.
    task_text = _ENUMERATOR.sub(lambda found: " " * len(found.group()), task_text, count=1)
    quantities = find_quantities(task_text)
    targets = [q for q in quantities if _is_target(q, task_text)]
    if not targets:
        return []  # most sentences of a report state no figure
    # A figure in a unit the lexicon does not know ("200盏") bounds the names of its neighbours:
    # it is reported (audit), never part of a metric.
    unknown = find_unknown_units(task_text)
    unknown_ends = [figure.end for figure in unknown]
    unknown_starts = [figure.start for figure in unknown]
    # Once per text, not per target: a paragraph of 004 holds dozens of each.
    breaks = _clause_breaks(task_text, quantities)
    clauses: list[TargetClause] = []
    for index, target in enumerate(targets):
        clause_start, clause_end = _clause_bounds(task_text, breaks, target.start)
        previous_end = targets[index - 1].end if index > 0 else 0
        next_start = targets[index + 1].start if index + 1 < len(targets) else len(task_text)
        if unknown:
            previous_end = max([previous_end] + [e for e in unknown_ends if e <= target.start])
            next_start = min([next_start] + [b for b in unknown_starts if b >= target.end])
        before = task_text[max(clause_start, previous_end) : target.start]
        if previous_end > clause_start:
            # "4所中小学、1所培智学校" (001): words up to the 、 belonged to the previous figure.
            before = before.rsplit(_LIST_BREAK, 1)[-1]
        after = task_text[target.end : min(clause_end, next_start)]
        metric, verb_qualifier = _split_verb_qualifier(_name_metric(before, after))
        if metric in _LINKING_WORDS and clauses:
            metric = _strip_words(clauses[-1].metric, _ADDING_VERBS)
        clause_text = task_text[clause_start:clause_end].strip()
        clauses.append(
            TargetClause(
                metric=metric or clause_text,
                quantity=target,
                text=clause_text,
                qualifier=target.qualifier or verb_qualifier,
            )
        )
    return clauses


# --- matching a figure to a project's targets --------------------------------------------------


def same_figure(target: dict, quantity: Quantity) -> bool:
    """Is `quantity` the figure of a target row? A figure printed without its unit matches on the
    value alone (a share cell "859万" under a target of 859万人次)."""
    return target["value"] is not None and Decimal(str(target["value"])) == quantity.value and (
        quantity.unit is None or quantity.unit == target["unit"]
    )


def closest_target(text: str, candidates: list[dict]) -> dict:
    """Of several target rows, the one whose metric shares most characters with the text."""
    return max(candidates, key=lambda t: len(set(t["metric"]) & set(text)))
