"""Saved web pages (.html, .htm) → SourceDocument, with the standard library's html.parser.

Hangzhou government pages (002, 004) open with a metadata table (索引号, 文号, 发布单位, 成文日期)
and then the notice: paragraphs and data tables with rowspan/colspan. A table that holds another
table is page layout, not data: its content is read as if the table were not there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from ..decode import decode
from ..model import SourceDocument
from ..errors import InputError
from ..model import SourceRef
from .layout import Block, Paragraph, Table, assemble, place_spans

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"}
SKIPPED = {"script", "style", "head", "noscript", "template", "svg", "iframe", "select", "button"}
# Elements that end a line of text where they start and end.
BREAKS = {"p", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd", "tr", "table",
          "section", "article", "header", "footer", "blockquote", "pre", "hr", "form", "center", "caption", "title"}
# Start tags that close an open element of the same family (HTML's implied end tags).
CLOSES = {"p": {"p"}, "li": {"li"}, "tr": {"tr", "td", "th"}, "td": {"td", "th"}, "th": {"td", "th"},
          "dt": {"dt", "dd"}, "dd": {"dt", "dd"}}
CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_\-]+)""", re.IGNORECASE)


@dataclass
class Node:
    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list["Node | str"] = field(default_factory=list)
    parent: "Node | None" = None


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#root")
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        closes = CLOSES.get(tag, set())
        if closes:
            # Close an open td/tr/p/li of the same family, but never past the table that holds it.
            for i in range(len(self.stack) - 1, 0, -1):
                open_tag = self.stack[i].tag
                if open_tag in ("table", "tbody", "thead", "tfoot") and tag in ("tr", "td", "th"):
                    break
                if open_tag in closes:
                    del self.stack[i:]
                    break
        node = Node(tag, {k: v or "" for k, v in attrs}, parent=self.stack[-1])
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag, attrs):
        node = Node(tag, {k: v or "" for k, v in attrs}, parent=self.stack[-1])
        self.stack[-1].children.append(node)

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == tag:
                del self.stack[i:]
                return

    def handle_data(self, data):
        self.stack[-1].children.append(data)


def read_html(path: str, data: bytes, sha256: str, encoding: str | None = None) -> SourceDocument:
    text, used, replaced = _decode(data, encoding)
    if not re.search(r"<\s*(html|body|p|div|table|br)\b", text[:200_000], re.IGNORECASE):
        raise InputError("UNREADABLE_INPUT", ".html file cannot be read: it holds no HTML tags; if it is page text, save it as .txt")
    builder = _TreeBuilder()
    builder.feed(text)
    builder.close()
    blocks = _Walker().blocks(builder.root)
    doc = assemble(path, "html", sha256, used, blocks)
    doc.replaced_bytes = replaced
    return doc


def _decode(data: bytes, encoding: str | None) -> tuple[str, str, int]:
    """The page's text, the encoding used and how many undecodable bytes were read as U+FFFD."""
    declared = CHARSET.search(data[:4096])
    if encoding is None and declared:
        name = declared.group(1).decode("ascii").lower()
        name = {"gb2312": "gb18030", "gbk": "gb18030"}.get(name, name)
        try:
            return data.decode(name), name, 0
        except (LookupError, UnicodeDecodeError):
            pass
    decoded = decode(data, encoding)
    return decoded.text, decoded.encoding, decoded.replaced


class _Walker:
    """Tree → blocks: text runs between line-breaking elements become paragraphs, data tables Tables."""

    def __init__(self) -> None:
        self.out: list[Block] = []
        self.buffer: list[str] = []
        self.tables = 0

    def blocks(self, root: Node) -> list[Block]:
        self._walk(root)
        self._flush()
        return self.out

    def _flush(self) -> None:
        text = "".join(self.buffer)
        self.buffer = []
        for line in text.split("\n"):
            line = _squash(line)
            if line:
                self.out.append(Paragraph(raw=line))

    def _walk(self, node: Node) -> None:
        for child in node.children:
            if isinstance(child, str):
                self.buffer.append(child)
                continue
            if child.tag in SKIPPED:
                continue
            if child.tag == "table" and not _holds_table(child):
                self._flush()
                self.tables += 1
                self.out.append(_table(child, self.tables))
                continue
            if child.tag in BREAKS:
                self.buffer.append("\n")
            elif child.tag in ("td", "th"):
                self.buffer.append(" ")  # cells of a layout table: keep their words apart
            self._walk(child)
            if child.tag in BREAKS:
                self.buffer.append("\n")


def _holds_table(node: Node) -> bool:
    return any(isinstance(c, Node) and (c.tag == "table" or _holds_table(c)) for c in node.children)


def _table(node: Node, number: int) -> Table:
    rows: list[list[tuple[str, int, int, SourceRef]]] = []
    for tr in _descendants(node, "tr"):
        row = []
        for cell in (c for c in tr.children if isinstance(c, Node) and c.tag in ("td", "th")):
            ref = SourceRef(table=number)
            row.append((_cell_text(cell), _span(cell, "rowspan"), _span(cell, "colspan"), ref))
        rows.append(row)
    return Table(rows=place_spans(rows, SourceRef(table=number)), ref=SourceRef(table=number))


def _descendants(node: Node, tag: str) -> list[Node]:
    found = []
    for child in node.children:
        if isinstance(child, Node):
            if child.tag == tag:
                found.append(child)
            elif child.tag != "table":
                found.extend(_descendants(child, tag))
    return found


def _cell_text(cell: Node) -> str:
    """A cell's text with its <br>/<p> breaks kept as line breaks."""
    parts: list[str] = []

    def walk(node: Node) -> None:
        for child in node.children:
            if isinstance(child, str):
                parts.append(child)
            elif child.tag not in SKIPPED:
                if child.tag in BREAKS:
                    parts.append("\n")
                walk(child)
                if child.tag in BREAKS and child.tag != "br":
                    parts.append("\n")

    walk(cell)
    return "\n".join(_squash(line) for line in "".join(parts).split("\n"))


def _span(cell: Node, name: str) -> int:
    try:
        return max(1, min(int(re.sub(r"\D", "", cell.attrs.get(name, "1")) or 1), 1000))
    except ValueError:
        return 1


def _squash(text: str) -> str:
    """Source whitespace (indentation, newlines inside a tag) is markup, not text; &nbsp; runs too."""
    return re.sub(r"[ \t\r\f\v\xa0]+", " ", text).strip()
