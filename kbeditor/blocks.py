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
from itertools import accumulate
from operator import add
from typing import Any, NamedTuple

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


class Block(NamedTuple):
    """One leaf block.

    ``start``/``end`` cover the block's whole source lines (end excludes the
    final line break); ``line`` and ``end_line`` are 1-based. ``level`` is the
    heading level, ``depth`` the list nesting depth (0 outside lists, 1 for a
    top-level item or a paragraph inside one), ``number`` an ordered item's
    number, ``info`` a fenced code block's info string.

    A named tuple, not a frozen dataclass: a frozen dataclass took several
    times longer to build, and an article of short list items is hundreds of
    thousands of blocks.
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


class Prefix(NamedTuple):
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
_ATX_CLOSING = re.compile(r"[ \t]+#+[ \t]*$")
_ALERT = re.compile(r"^\[!(NOTE|TIP|IMPORTANT|WARNING|CAUTION)\][ \t]*$", re.IGNORECASE)


class _Lines:
    """The body's lines as parallel lists (one object per line cost more than the scan itself).

    ``content[i]`` is line ``i`` without its line break and block-quote markers;
    ``start[i]`` is where the line begins in the text; quoted lines (rare) keep
    their content start and depth in ``quoted``.
    """

    __slots__ = ("content", "first_number", "quoted", "start", "stop")

    def __init__(self, text: str, start: int) -> None:
        raw = text[start:].split("\n")
        if raw[-1] == "":
            raw.pop()  # a final line break ends the last line; it does not open another
        self.first_number = text.count("\n", 0, start) + 1
        self.start: list[int] = list(
            map(add, accumulate(map(len, raw), initial=0), range(start, start + len(raw)))
        )
        self.content = raw
        self.stop: dict[int, int] = {}  # line -> end of content, for lines ending in \r
        self.quoted: dict[int, tuple[int, int]] = {}  # line -> (content start, quote depth)
        if "\r" in text:
            self._carriage_returns()
        if ">" in text:
            self._quote_markers(text)

    def _carriage_returns(self) -> None:
        for i, line in enumerate(self.content):
            if line.endswith("\r"):
                self.content[i] = line[:-1]
                self.stop[i] = self.start[i] + len(line) - 1

    def _quote_markers(self, text: str) -> None:
        for i, line in enumerate(self.content):
            if ">" not in line[:9]:
                continue
            begin = self.start[i]
            end = self.end(i)
            content_start, depth = begin, 0
            while m := _QUOTE.match(text, content_start, end):
                content_start, depth = m.end(), depth + 1
            if depth:
                self.quoted[i] = (content_start, depth)
                self.content[i] = text[content_start:end]

    def __len__(self) -> int:
        return len(self.content)

    def end(self, i: int) -> int:
        """Offset of the end of line ``i``'s content (before its line break)."""
        stop = self.stop.get(i)
        if stop is not None:
            return stop
        q = self.quoted.get(i)
        return (self.start[i] if q is None else q[0]) + len(self.content[i])

    def content_start(self, i: int) -> int:
        q = self.quoted.get(i)
        return self.start[i] if q is None else q[0]

    def depth(self, i: int) -> int:
        q = self.quoted.get(i)
        return 0 if q is None else q[1]


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


# What a line's first character (after spaces and tabs) must be for it to start something
# other than a paragraph: a line starting with anything else skips the block regexes.
_STARTS_BLOCK = frozenset("`~#-*_+<:[0123456789")
_INTERRUPTS = frozenset("`~#-*_+<:0123456789")
_SETEXT_START = frozenset("=-")


def _first(line: str) -> str:
    """The first character after leading spaces and tabs ("" for none)."""
    return line.lstrip(" \t")[:1]


class _Scanner:
    """Walks the lines once; a small state machine for lists and quotes."""

    def __init__(self, text: str, lines: _Lines) -> None:
        self.text = text
        self.lines = lines
        self.contents = lines.content
        self.blocks: list[Block] = []
        self.prefixes: list[Prefix] = []
        self.i = 0
        # Content indents of the open list items, innermost last.
        self.list_stack: list[int] = []
        self.alert_for: dict[int, str] = {}
        # No quoted line and no CR: a line's content starts where it does (the usual case).
        self.plain = not lines.quoted and not lines.stop

    # -- helpers -----------------------------------------------------------
    def emit(self, kind: str, first: int, last: int, **extra: Any) -> None:
        lines = self.lines
        number = lines.first_number
        if self.plain:
            end = lines.start[last] + len(self.contents[last])
            depth = 0
        else:
            end, depth = lines.end(last), lines.depth(first)
        self.blocks.append(
            Block(
                kind,
                lines.start[first],
                end,
                number + first,
                number + last,
                quote_depth=depth,
                alert=self.alert_for.get(first) if self.alert_for else None,
                **extra,
            )
        )

    def content(self, i: int) -> str:
        return self.contents[i]

    def blank(self, i: int) -> bool:
        return not self.contents[i].strip()

    def add_quote_prefixes(self) -> None:
        start = self.lines.start
        for i, (content_start, _) in sorted(self.lines.quoted.items()):
            self.prefixes.append(Prefix(start[i], content_start))

    # -- main loop -----------------------------------------------------------
    def run(self) -> list[Block]:
        self.add_quote_prefixes()
        contents = self.contents
        n = len(contents)
        prev_blank = True
        while self.i < n:
            if not contents[self.i].strip():
                self.i += 1
                prev_blank = True
                continue
            self.leaf(prev_blank)
            prev_blank = False
        return self.blocks

    def leaf(self, prev_blank: bool) -> None:
        i = self.i
        line = self.contents[i]
        indent = _indent_width(line) if line[0] in " \t" else 0
        quote_depth = self.lines.depth(i) if self.lines.quoted else 0
        # A quote inside a list item is indented before its ">": that indent keeps the list open.
        outer = (
            _indent_width(self.text[self.lines.start[i] : self.lines.content_start(i)])
            if quote_depth
            else indent
        )
        first = line[0] if indent == 0 else _first(line)
        self.close_lists(outer, prev_blank, line, first)
        base = self.list_stack[-1] if self.list_stack else 0
        if (
            first not in _STARTS_BLOCK
            and not quote_depth
            and not (indent >= base + 4 and prev_blank)
            and "#" not in line[: base + 4]
            and "|" not in line
        ):
            self.paragraph(i, PARAGRAPH)
            return
        if quote_depth and _ALERT.match(line.strip()) and self.is_quote_start(i):
            self.alert_line(i)
            return
        if _FENCE.match(line):
            self.fenced(i)
        elif indent >= base + 4 and prev_blank:
            self.indented_code(i, base + 4)
        elif m := _ATX.match(line[base:] if indent >= base else line):
            self.atx(i, len(m.group(1)))
        elif _HR.match(line):
            self.prefixes.append(Prefix(self.lines.content_start(i), self.lines.end(i)))
            self.emit(THEMATIC_BREAK, i, i)
            self.i += 1
        elif m := _LIST.match(line):
            self.list_item(i, m)
        elif _COMMENT_OPEN.match(line):
            self.until(i, COMMENT, lambda j: "-->" in self.contents[j])
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
            and _TABLE_DELIM.match(self.contents[i + 1])
            and "-" in self.contents[i + 1]
        ):
            self.table(i)
        else:
            self.paragraph(i, PARAGRAPH)

    def is_quote_start(self, i: int) -> bool:
        return i == 0 or self.lines.depth(i - 1) < self.lines.depth(i)

    def alert_line(self, i: int) -> None:
        kind = _ALERT.match(self.contents[i].strip()).group(1).upper()  # type: ignore[union-attr]
        depth = self.lines.depth(i)
        j = i + 1
        while j < len(self.lines) and self.lines.depth(j) >= depth:
            self.alert_for[j] = kind
            j += 1
        self.prefixes.append(Prefix(self.lines.content_start(i), self.lines.end(i)))
        self.i += 1

    def close_lists(self, indent: int, prev_blank: bool, line: str, first: str) -> None:
        """Leave list items whose content indent this line no longer reaches."""
        if not self.list_stack:
            return
        if not prev_blank and not (first in _STARTS_BLOCK and _LIST.match(line)):
            return  # lazy continuation keeps the list open
        while self.list_stack and indent < self.list_stack[-1]:
            self.list_stack.pop()

    # -- block kinds ---------------------------------------------------------
    def fenced(self, i: int) -> None:
        m = _FENCE.match(self.contents[i])
        assert m is not None
        fence = m.group("fence") or m.group("tilde")
        depth = self.lines.depth(i)
        closing = re.compile(rf"^[ \t]*{re.escape(fence[0])}{{{len(fence)},}}[ \t]*$")
        j = i + 1
        while j < len(self.lines):
            if self.lines.depth(j) < depth:
                j -= 1
                break
            if closing.match(self.contents[j]):
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
            text = self.contents[j]
            if text.strip():
                if _indent_width(text) < need:
                    break
                last = j
            j += 1
        self.emit(CODE_INDENTED, i, last, depth=len(self.list_stack))
        self.i = last + 1

    def atx(self, i: int, level: int) -> None:
        content_start = self.lines.start[i] if self.plain else self.lines.content_start(i)
        raw = self.contents[i]
        hashes = raw.index("#")
        self.prefixes.append(Prefix(content_start, content_start + hashes + level))
        if raw.endswith(("#", " ", "\t")):
            closing = _ATX_CLOSING.search(raw)
            if closing:
                self.prefixes.append(Prefix(content_start + closing.start(), self.lines.end(i)))
        self.emit(HEADING, i, i, level=level)
        self.list_stack.clear()
        self.i += 1

    def list_item(self, i: int, m: re.Match[str]) -> None:
        spaces = m.group("indent")
        indent = _indent_width(spaces) if spaces else 0
        while self.list_stack and indent < self.list_stack[-1] - 1:
            self.list_stack.pop()
        if self.list_stack and indent >= self.list_stack[-1]:
            pass  # nested inside the current item
        elif self.list_stack:
            self.list_stack.pop()  # a sibling of the current item
        content_indent = m.end() if m.group("gap") else m.end() + 1
        self.list_stack.append(indent + max(content_indent - len(spaces), 2))
        content_start = self.lines.start[i] if self.plain else self.lines.content_start(i)
        self.prefixes.append(Prefix(content_start, content_start + m.end()))
        num = m.group("num")
        number = int(num) if num else None
        self.paragraph(
            i, LIST_ITEM, ordered=number is not None, number=number, depth=len(self.list_stack)
        )

    def table(self, i: int) -> None:
        j = i + 2
        while j < len(self.lines) and "|" in self.contents[j] and not self.blank(j):
            j += 1
        self.prefixes.append(Prefix(self.lines.content_start(i + 1), self.lines.end(i + 1)))
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
        contents = self.contents
        quoted = self.lines.quoted
        depth = self.lines.depth(i) if quoted else 0
        n = len(contents)
        j = i + 1
        while j < n:
            line = contents[j]
            if not line.strip():
                break
            if quoted and self.lines.depth(j) != depth:
                break
            first = _first(line)
            if first in _INTERRUPTS and self.interrupts(line):
                break
            if kind != LIST_ITEM and first in _SETEXT_START and _SETEXT.match(line):
                self.setext(i, j)
                return
            j += 1
        if kind == PARAGRAPH and self.list_stack:
            extra.setdefault("depth", len(self.list_stack))
        self.emit(kind, i, j - 1, **extra)
        self.i = j

    def setext(self, first: int, underline: int) -> None:
        level = 1 if self.contents[underline].strip().startswith("=") else 2
        self.prefixes.append(Prefix(self.lines.content_start(underline), self.lines.end(underline)))
        self.emit(HEADING, first, underline, level=level)
        self.list_stack.clear()
        self.i = underline + 1

    @staticmethod
    def interrupts(line: str) -> bool:
        """Whether a line starts a new block instead of continuing a paragraph."""
        return bool(
            _FENCE.match(line)
            or _ATX.match(line)
            or _LIST.match(line)
            or (_HR.match(line) and not _SETEXT.match(line))
            or _COMMENT_OPEN.match(line)
            or _DIRECTIVE.match(line)
            or (_HTML_OPEN.match(line) and not line.lstrip().startswith(("<a ", "<b>", "<i>")))
        )


def quote_containers(lines: _Lines, alerts: dict[int, str]) -> list[Container]:
    """Group consecutive quoted lines into block quotes (alerts when they start with [!X])."""
    out: list[Container] = []
    quoted = sorted(lines.quoted)
    number = lines.first_number
    k = 0
    while k < len(quoted):
        i = j = quoted[k]
        while k + 1 < len(quoted) and quoted[k + 1] == j + 1:
            k += 1
            j += 1
        k += 1
        alert = alerts.get(i + 1) if i + 1 <= j else None
        kind = "alert" if alert else "blockquote"
        out.append(Container(kind, lines.start[i], lines.end(j), number + i, number + j, alert))
    return out


def scan(text: str, start: int = 0) -> Scan:
    """Scan ``text`` from ``start`` (the end of the front matter) into blocks."""
    lines = _Lines(text, start)
    scanner = _Scanner(text, lines)
    blocks = scanner.run()
    containers = quote_containers(lines, scanner.alert_for)
    return Scan(blocks, containers, scanner.prefixes)
