"""A positional Markdown block scanner.

It decides once, for every consumer (lint, search, export, the editor), which
parts of an article are prose and which are code, markup or metadata. It is a
line scanner in the spirit of CommonMark, tolerant rather than exact: it never
raises, and every block it emits carries character offsets into the original
text, which it never modifies.

Leaf blocks (``Block``) are ordered and disjoint. Block quotes are containers:
they are listed separately (``Container``) and the leaf blocks inside them
carry ``quote_depth`` and, for ``> [!NOTE]``-style call-outs, ``alert``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

# Block kinds. Plain strings so they read well in JSON and in rule files.
HEADING = "heading"
PARAGRAPH = "paragraph"
LIST_ITEM = "list_item"
CODE_FENCED = "code_fenced"
CODE_INDENTED = "code_indented"
TABLE = "table"
HTML = "html"
COMMENT = "comment"
DIRECTIVE = "directive"
LINK_REF_DEF = "link_ref_def"
THEMATIC_BREAK = "thematic_break"

PROSE_KINDS = frozenset({HEADING, PARAGRAPH, LIST_ITEM, TABLE})
CODE_KINDS = frozenset({CODE_FENCED, CODE_INDENTED})

ALERT_TYPES = ("NOTE", "TIP", "IMPORTANT", "WARNING", "CAUTION")


@dataclass(frozen=True, slots=True)
class Block:
    """One leaf block.

    ``start``/``end`` cover the block's whole source lines (end excludes the
    final line break); ``line`` and ``end_line`` are 1-based. ``level`` is the
    heading level, ``depth`` the list nesting depth (0 outside lists, 1 for a
    top-level item or a paragraph inside one), ``number`` an ordered item's
    number, ``info`` a fenced code block's info string.
    """

    kind: str
    start: int
    end: int
    line: int
    end_line: int
    level: int = 0
    ordered: bool = False
    depth: int = 0
    number: int | None = None
    info: str = ""
    quote_depth: int = 0
    alert: str | None = None

    @property
    def is_prose(self) -> bool:
        return self.kind in PROSE_KINDS

    @property
    def is_code(self) -> bool:
        return self.kind in CODE_KINDS


@dataclass(frozen=True, slots=True)
class Container:
    """A block quote (or alert) spanning several leaf blocks."""

    kind: str  # "blockquote" or "alert"
    start: int
    end: int
    line: int
    end_line: int
    alert: str | None = None


@dataclass(frozen=True, slots=True)
class Prefix:
    """Markup at the start of a line that is not prose (``> ``, ``1. ``, ``## ``)."""

    start: int
    end: int


@dataclass(slots=True)
class Scan:
    blocks: list[Block]
    containers: list[Container]
    prefixes: list[Prefix]


# A backtick fence's info string cannot hold a backtick (CommonMark): "```x```" is inline code.
_FENCE = re.compile(
    r"^(?P<indent>[ \t]*)(?:(?P<fence>`{3,})(?P<info>[^`\r\n]*)|(?P<tilde>~{3,})(?P<tinfo>[^\r\n]*))$"
)
_ATX = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+|$)")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_HR = re.compile(r"^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_LIST = re.compile(r"^(?P<indent>[ \t]*)(?P<marker>[-*+]|(?P<num>\d{1,9})[.)])(?P<gap>[ \t]+|$)")
_HTML_OPEN = re.compile(r"^ {0,3}</?[A-Za-z][\w-]*(?:[\s/>]|$)")
_COMMENT_OPEN = re.compile(r"^ {0,3}<!--")
# Directives and quotes may sit deeper than three spaces when they belong to a list item.
_DIRECTIVE = re.compile(r"^[ \t]*:::")
_LINK_REF = re.compile(r"^ {0,3}\[[^\]\r\n]+\]:[ \t]*\S")
_TABLE_DELIM = re.compile(r"^[ \t]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$")
_QUOTE = re.compile(r"[ \t]{0,8}>[ ]?")
_ALERT = re.compile(r"^\[!(NOTE|TIP|IMPORTANT|WARNING|CAUTION)\][ \t]*$", re.IGNORECASE)


@dataclass(slots=True)
class _Line:
    start: int  # offset of the line in the text
    end: int  # offset of the end of its content (before \r\n)
    number: int  # 1-based
    content_start: int  # after block-quote markers
    quote_depth: int

    def content(self, text: str) -> str:
        return text[self.content_start : self.end]


def _split_lines(text: str, start: int) -> list[_Line]:
    lines: list[_Line] = []
    number = text.count("\n", 0, start) + 1
    pos = start
    n = len(text)
    while pos < n:
        nl = text.find("\n", pos)
        stop = n if nl < 0 else nl
        end = stop - 1 if stop > pos and text[stop - 1] == "\r" else stop
        content_start, depth = pos, 0
        while True:
            m = _QUOTE.match(text, content_start, end)
            if not m:
                break
            content_start, depth = m.end(), depth + 1
        lines.append(_Line(pos, end, number, content_start, depth))
        number += 1
        pos = stop + 1 if nl >= 0 else n
    return lines


def _indent_width(s: str) -> int:
    width = 0
    for ch in s:
        if ch == " ":
            width += 1
        elif ch == "\t":
            width += 4 - width % 4
        else:
            break
    return width


class _Scanner:
    """Walks the lines once; a small state machine for lists and quotes."""

    def __init__(self, text: str, lines: list[_Line]) -> None:
        self.text = text
        self.lines = lines
        self.blocks: list[Block] = []
        self.prefixes: list[Prefix] = []
        self.i = 0
        # Content indents of the open list items, innermost last.
        self.list_stack: list[int] = []

    # -- helpers -----------------------------------------------------------
    def emit(self, kind: str, first: int, last: int, **extra: Any) -> None:
        a, b = self.lines[first], self.lines[last]
        alert = self.alert_for.get(first) if hasattr(self, "alert_for") else None
        self.blocks.append(
            Block(
                kind,
                a.start,
                b.end,
                a.number,
                b.number,
                quote_depth=a.quote_depth,
                alert=alert,
                **extra,
            )
        )

    def content(self, i: int) -> str:
        return self.lines[i].content(self.text)

    def blank(self, i: int) -> bool:
        return not self.content(i).strip()

    def add_quote_prefixes(self) -> None:
        for line in self.lines:
            if line.quote_depth:
                self.prefixes.append(Prefix(line.start, line.content_start))

    # -- main loop -----------------------------------------------------------
    def run(self) -> list[Block]:
        self.alert_for: dict[int, str] = {}
        self.add_quote_prefixes()
        n = len(self.lines)
        prev_blank = True
        while self.i < n:
            if self.blank(self.i):
                self.i += 1
                prev_blank = True
                continue
            self.leaf(prev_blank)
            prev_blank = False
        return self.blocks

    def leaf(self, prev_blank: bool) -> None:
        i = self.i
        line = self.content(i)
        indent = _indent_width(line)
        here = self.lines[i]
        # A quote inside a list item is indented before its ">": that indent keeps the list open.
        outer = (
            _indent_width(self.text[here.start : here.content_start])
            if here.quote_depth
            else indent
        )
        self.close_lists(outer, prev_blank, line)
        base = self.list_stack[-1] if self.list_stack else 0
        if self.lines[i].quote_depth and _ALERT.match(line.strip()) and self.is_quote_start(i):
            self.alert_line(i)
            return
        if _FENCE.match(line):
            self.fenced(i)
        elif indent >= base + 4 and prev_blank:
            self.indented_code(i, base + 4)
        elif m := _ATX.match(line[base:] if indent >= base else line):
            self.atx(i, len(m.group(1)))
        elif _HR.match(line):
            self.prefixes.append(Prefix(self.lines[i].content_start, self.lines[i].end))
            self.emit(THEMATIC_BREAK, i, i)
            self.i += 1
        elif m := _LIST.match(line):
            self.list_item(i, m)
        elif _COMMENT_OPEN.match(line):
            self.until(i, COMMENT, lambda j: "-->" in self.content(j))
        elif _HTML_OPEN.match(line):
            self.until_blank(i, HTML)
        elif _DIRECTIVE.match(line):
            self.emit(DIRECTIVE, i, i)
            self.i += 1
        elif _LINK_REF.match(line):
            self.emit(LINK_REF_DEF, i, i)
            self.i += 1
        elif (
            "|" in line
            and i + 1 < len(self.lines)
            and _TABLE_DELIM.match(self.content(i + 1))
            and "-" in self.content(i + 1)
        ):
            self.table(i)
        else:
            self.paragraph(i, PARAGRAPH)

    def is_quote_start(self, i: int) -> bool:
        return i == 0 or self.lines[i - 1].quote_depth < self.lines[i].quote_depth

    def alert_line(self, i: int) -> None:
        kind = _ALERT.match(self.content(i).strip()).group(1).upper()  # type: ignore[union-attr]
        depth = self.lines[i].quote_depth
        j = i + 1
        while j < len(self.lines) and self.lines[j].quote_depth >= depth:
            self.alert_for[j] = kind
            j += 1
        self.prefixes.append(Prefix(self.lines[i].content_start, self.lines[i].end))
        self.i += 1

    def close_lists(self, indent: int, prev_blank: bool, line: str) -> None:
        """Leave list items whose content indent this line no longer reaches."""
        if not self.list_stack:
            return
        if not prev_blank and not _LIST.match(line):
            return  # lazy continuation keeps the list open
        while self.list_stack and indent < self.list_stack[-1]:
            self.list_stack.pop()

    # -- block kinds ---------------------------------------------------------
    def fenced(self, i: int) -> None:
        m = _FENCE.match(self.content(i))
        assert m is not None
        fence = m.group("fence") or m.group("tilde")
        depth = self.lines[i].quote_depth
        closing = re.compile(rf"^[ \t]*{re.escape(fence[0])}{{{len(fence)},}}[ \t]*$")
        j = i + 1
        while j < len(self.lines):
            if self.lines[j].quote_depth < depth:
                j -= 1
                break
            if closing.match(self.content(j)):
                break
            j += 1
        last = min(j, len(self.lines) - 1)
        self.emit(
            CODE_FENCED,
            i,
            last,
            info=(m.group("info") or m.group("tinfo") or "").strip(),
            depth=len(self.list_stack),
        )
        self.i = last + 1

    def indented_code(self, i: int, need: int) -> None:
        j = i
        last = i
        while j < len(self.lines):
            text = self.content(j)
            if text.strip():
                if _indent_width(text) < need:
                    break
                last = j
            j += 1
        self.emit(CODE_INDENTED, i, last, depth=len(self.list_stack))
        self.i = last + 1

    def atx(self, i: int, level: int) -> None:
        line = self.lines[i]
        raw = self.content(i)
        hashes = raw.index("#")
        self.prefixes.append(Prefix(line.content_start, line.content_start + hashes + level))
        closing = re.search(r"[ \t]+#+[ \t]*$", raw)
        if closing:
            self.prefixes.append(Prefix(line.content_start + closing.start(), line.end))
        self.emit(HEADING, i, i, level=level)
        self.list_stack.clear()
        self.i += 1

    def list_item(self, i: int, m: re.Match[str]) -> None:
        indent = _indent_width(m.group("indent"))
        while self.list_stack and indent < self.list_stack[-1] - 1:
            self.list_stack.pop()
        if self.list_stack and indent >= self.list_stack[-1]:
            pass  # nested inside the current item
        elif self.list_stack:
            self.list_stack.pop()  # a sibling of the current item
        content_indent = m.end() if m.group("gap") else m.end() + 1
        self.list_stack.append(indent + max(content_indent - len(m.group("indent")), 2))
        line = self.lines[i]
        self.prefixes.append(Prefix(line.content_start, line.content_start + m.end()))
        number = int(m.group("num")) if m.group("num") else None
        self.paragraph(
            i, LIST_ITEM, ordered=number is not None, number=number, depth=len(self.list_stack)
        )

    def table(self, i: int) -> None:
        j = i + 2
        while j < len(self.lines) and "|" in self.content(j) and not self.blank(j):
            j += 1
        delim = self.lines[i + 1]
        self.prefixes.append(Prefix(delim.content_start, delim.end))
        self.emit(TABLE, i, j - 1)
        self.i = j

    def until(self, i: int, kind: str, done: object) -> None:
        j = i
        while j < len(self.lines) and not done(j):  # type: ignore[operator]
            j += 1
        last = min(j, len(self.lines) - 1)
        self.emit(kind, i, last)
        self.i = last + 1

    def until_blank(self, i: int, kind: str) -> None:
        j = i
        while j + 1 < len(self.lines) and not self.blank(j + 1):
            j += 1
        self.emit(kind, i, j)
        self.i = j + 1

    def paragraph(self, i: int, kind: str, **extra: object) -> None:
        """A paragraph or list item's first paragraph, with lazy continuation lines."""
        depth = self.lines[i].quote_depth
        j = i + 1
        while j < len(self.lines):
            if self.blank(j) or self.lines[j].quote_depth != depth or self.interrupts(j):
                break
            if kind != LIST_ITEM and _SETEXT.match(self.content(j)):
                self.setext(i, j)
                return
            j += 1
        if kind == PARAGRAPH and self.list_stack:
            extra.setdefault("depth", len(self.list_stack))
        self.emit(kind, i, j - 1, **extra)
        self.i = j

    def setext(self, first: int, underline: int) -> None:
        level = 1 if self.content(underline).strip().startswith("=") else 2
        line = self.lines[underline]
        self.prefixes.append(Prefix(line.content_start, line.end))
        self.emit(HEADING, first, underline, level=level)
        self.list_stack.clear()
        self.i = underline + 1

    def interrupts(self, j: int) -> bool:
        """Whether line ``j`` starts a new block instead of continuing a paragraph."""
        line = self.content(j)
        return bool(
            _FENCE.match(line)
            or _ATX.match(line)
            or _LIST.match(line)
            or (_HR.match(line) and not _SETEXT.match(line))
            or _COMMENT_OPEN.match(line)
            or _DIRECTIVE.match(line)
            or (_HTML_OPEN.match(line) and not line.lstrip().startswith(("<a ", "<b>", "<i>")))
        )


def quote_containers(text: str, lines: list[_Line], alerts: dict[int, str]) -> list[Container]:
    """Group consecutive quoted lines into block quotes (alerts when they start with [!X])."""
    out: list[Container] = []
    i = 0
    while i < len(lines):
        if not lines[i].quote_depth:
            i += 1
            continue
        j = i
        while j + 1 < len(lines) and lines[j + 1].quote_depth:
            j += 1
        alert = alerts.get(i + 1) if i + 1 <= j else None
        kind = "alert" if alert else "blockquote"
        out.append(
            Container(kind, lines[i].start, lines[j].end, lines[i].number, lines[j].number, alert)
        )
        i = j + 1
    return out


def scan(text: str, start: int = 0) -> Scan:
    """Scan ``text`` from ``start`` (the end of the front matter) into blocks."""
    lines = _split_lines(text, start)
    scanner = _Scanner(text, lines)
    blocks = scanner.run()
    containers = quote_containers(text, lines, scanner.alert_for)
    return Scan(blocks, containers, scanner.prefixes)
