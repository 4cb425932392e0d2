"""Python-Markdown extensions for what real KB articles use, registered as processors.

* ``SourceLineExtension``: block elements carry ``data-line="N"`` (1-based line in
  the article file) so a preview can scroll in step with the editor. Like
  ReText's ``mdx_posmap``: a preprocessor puts a marker block before every line
  that starts a block, a block processor swallows the markers and remembers the
  last element built so far, and a tree processor gives the element built next
  the line. Fenced code is handled by the same preprocessor because
  Python-Markdown's own ``fenced_code`` ignores fences indented inside list
  items, which the Microsoft corpus uses everywhere.
* ``KbSyntaxExtension``: ``> [!NOTE]`` alerts as call-outs, ``:::image ...:::``
  as images, and unknown ``:::name`` / ``[!NAME ...]`` directives shown as
  readable text with a warning.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as etree
from typing import Any

from markdown import Markdown
from markdown.blockprocessors import BlockProcessor
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

MARK = "\x02kbline:{}\x03"
MARK_RE = re.compile(r"\x02kbline:(\d+)\x03")
_FENCE_OPEN = re.compile(r"^(?P<indent> *)(?P<fence>`{3,}|~{3,})[ \t]*(?P<info>[^`\n]*?)[ \t]*$")
_LIST_ITEM = re.compile(r"^ {0,3}(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)")
_ATX = re.compile(r"^#{1,6}(?:[ \t]|$)")

BLOCK_TAGS = frozenset("p h1 h2 h3 h4 h5 h6 ul ol li pre table blockquote div dl dt dd hr".split())

ALERTS = {
    "NOTE": "Note",
    "TIP": "Tip",
    "IMPORTANT": "Important",
    "WARNING": "Warning",
    "CAUTION": "Caution",
}


class _State:
    """Per-conversion state shared by the processors (reset with the Markdown instance)."""

    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        self.marks: list[tuple[etree.Element, int]] = []
        # (snippet as written, message); the renderer turns snippets into lines.
        self.notes: list[tuple[str, str]] = []


# -- source lines and fenced code ----------------------------------------------------


class SourceLinePreprocessor(Preprocessor):
    """Insert line markers before block starts and stash fenced code (any indentation)."""

    def __init__(self, md: Markdown, first_line: list[int]) -> None:
        super().__init__(md)
        self.first_line = first_line

    def run(self, lines: list[str]) -> list[str]:
        out: list[str] = []
        lists = _ListIndent()
        number = self.first_line[0] - 1
        prev_blank, prev_quote = True, False
        i = 0
        while i < len(lines):
            line = lines[i]
            number += 1
            stripped = line.strip()
            if not stripped:
                out.append("")
                prev_blank, prev_quote = True, False
                i += 1
                continue
            indent = len(line) - len(line.lstrip(" "))
            new_indent = lists.place(line, indent, prev_blank)
            fence = _FENCE_OPEN.match(line)
            if fence and (indent < 4 or lists.open):
                end = _fence_end(lines, i, fence)
                if not lists.open and out and out[-1].strip():
                    out.append("")
                out.append(" " * new_indent + self._stash(lines[i + 1 : end], fence, number))
                if not lists.open:
                    out.append("")
                number += end - i
                i = end + 1
                prev_blank, prev_quote = False, False
                continue
            is_item = bool(_LIST_ITEM.match(line))
            if not prev_blank and ((indent == 0 and _ATX.match(line)) or (prev_quote and is_item)):
                out.append("")  # a heading, or a list item after a quote, starts a new block
                prev_blank = True
            if prev_blank:
                out += [" " * new_indent + MARK.format(number), ""]
            out.append(" " * new_indent + line[indent:])
            prev_blank, prev_quote = False, stripped.startswith(">")
            i += 1
        return out

    def _stash(self, body: list[str], fence: re.Match[str], line: int) -> str:
        indent = len(fence.group("indent"))
        text = "\n".join(_dedent(b, indent) for b in body)
        lang = fence.group("info").split()[0] if fence.group("info").strip() else ""
        lang = re.sub(r"[^\w+#.-]", "", lang)
        cls = f' class="language-{lang}"' if lang else ""
        code = html.escape(text + "\n" if text else "")
        return self.md.htmlStash.store(f'<pre data-line="{line}"><code{cls}>{code}</code></pre>')


class _ListIndent:
    """Re-indent list content to Python-Markdown's four spaces per level.

    CommonMark (and every KB written for GitHub or Microsoft Learn) nests by the
    width of the list marker: three spaces under ``1.``, two under ``-``.
    Python-Markdown wants four, so without this a sub-list or a code block under
    a numbered step would break the numbering.
    """

    def __init__(self) -> None:
        self.stack: list[int] = []  # content column of each open list item

    @property
    def open(self) -> bool:
        return bool(self.stack)

    def place(self, line: str, indent: int, prev_blank: bool) -> int:
        """The indentation this non-blank line should have."""
        item = _LIST_MARKER.match(line)
        if item:
            while self.stack and indent < self.stack[-1]:
                self.stack.pop()
            depth = len(self.stack)
            self.stack.append(indent + len(item.group(0)))
            return 4 * depth
        # An unindented line right after item text continues that text ("lazy"
        # continuation, as CommonMark has it) unless it starts a block of its own.
        ends = prev_blank or (indent == 0 and bool(_INTERRUPTS.match(line)))
        while self.stack and indent < self.stack[-1] and ends:
            self.stack.pop()
        if not self.stack:
            return indent
        if indent < self.stack[-1]:  # a lazy continuation line of a paragraph
            return 4 * len(self.stack)
        return 4 * len(self.stack) + indent - self.stack[-1]


_LIST_MARKER = re.compile(r"^ *(?:[-*+]|\d{1,9}[.)])(?:[ \t]+|$)")
# Lines that end a paragraph without a blank line: heading, fence, quote, rule, HTML, table.
_INTERRUPTS = re.compile(
    r"^(?:#{1,6}(?:[ \t]|$)|`{3,}|~{3,}|>|(?:[-*_][ \t]*){3,}$|<[a-zA-Z/!?]|\|)"
)


def _fence_end(lines: list[str], start: int, fence: re.Match[str]) -> int:
    """Index of the closing fence line (or the last line when the fence never closes)."""
    char, size = fence.group("fence")[0], len(fence.group("fence"))
    closing = re.compile(rf"^ *{re.escape(char)}{{{size},}}[ \t]*$")
    for j in range(start + 1, len(lines)):
        if closing.match(lines[j]):
            return j
    return len(lines) - 1 if len(lines) - 1 > start else start


def _dedent(line: str, indent: int) -> str:
    spaces = len(line) - len(line.lstrip(" "))
    return line[min(spaces, indent) :]


class SourceLineBlockProcessor(BlockProcessor):
    """Swallow a marker block, remembering the last element built so far."""

    def __init__(self, parser: Any, state: _State) -> None:
        super().__init__(parser)
        self.state = state

    def test(self, parent: etree.Element, block: str) -> bool:
        return block.startswith(("\x02", " ")) and bool(MARK_RE.fullmatch(block.strip()))

    def run(self, parent: etree.Element, blocks: list[str]) -> None:
        line = int(MARK_RE.fullmatch(blocks.pop(0).strip()).group(1))  # type: ignore[union-attr]
        last = self.parser.root
        if hasattr(last, "getroot"):  # an ElementTree in older Python-Markdown releases
            last = last.getroot()
        while len(last):
            last = last[-1]
        self.state.marks.append((last, line))


class SourceLineTreeprocessor(Treeprocessor):
    """Give the first block element built after each marker its ``data-line``."""

    def __init__(self, md: Markdown, state: _State) -> None:
        super().__init__(md)
        self.state = state

    def run(self, root: etree.Element) -> None:
        order = list(root.iter())
        position = {id(e): k for k, e in enumerate(order)}
        for last, line in self.state.marks:
            k = position.get(id(last))
            if k is None or k + 1 >= len(order):
                continue
            target = order[k + 1]
            if target.tag in BLOCK_TAGS and "data-line" not in target.attrib:
                target.set("data-line", str(line))


class SourceLineExtension(Extension):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.state = _State()
        self.first_line = [1]

    def extendMarkdown(self, md: Markdown) -> None:
        md.registerExtension(self)
        md.preprocessors.register(SourceLinePreprocessor(md, self.first_line), "kb_lines", 28)
        md.parser.blockprocessors.register(
            SourceLineBlockProcessor(md.parser, self.state), "kb_lines", 200
        )
        md.treeprocessors.register(SourceLineTreeprocessor(md, self.state), "kb_lines", 30)

    def reset(self) -> None:
        self.state.reset()


# -- alerts and directives -----------------------------------------------------------

_QUOTE_PREFIX = re.compile(r"^ {0,3}> ?")
_ALERT_START = re.compile(
    r"^ {0,3}> ?\[!(?P<name>[A-Za-z]+)(?P<rest>[^\]\n]*)\][ \t]*(?P<tail>.*)$"
)


class AlertBlockProcessor(BlockProcessor):
    """``> [!NOTE]`` (and TIP, IMPORTANT, WARNING, CAUTION) as a call-out box.

    Other ``> [!NAME ...]`` markers (``[!div class=...]``, ``[!VIDEO url]``) are
    not ours to interpret: the marker is dropped with a warning and the rest of
    the quote is shown as an ordinary quote, so nothing the writer wrote is lost.
    """

    def __init__(self, parser: Any, state: _State) -> None:
        super().__init__(parser)
        self.state = state

    def test(self, parent: etree.Element, block: str) -> bool:
        return bool(_ALERT_START.match(block.split("\n", 1)[0]))

    def run(self, parent: etree.Element, blocks: list[str]) -> None:
        block = blocks.pop(0)
        first, _, rest = block.partition("\n")
        m = _ALERT_START.match(first)
        assert m is not None
        name = m.group("name").upper()
        body = [m.group("tail")] if m.group("tail").strip() else []
        body += [_QUOTE_PREFIX.sub("", line, count=1) for line in rest.split("\n")] if rest else []
        text = "\n".join(body)
        if name in ALERTS:
            box = etree.SubElement(parent, "div")
            box.set("class", f"callout callout-{name.lower()}")
            box.set("role", "note")
            title = etree.SubElement(box, "p")
            title.set("class", "callout-title")
            title.text = ALERTS[name]
            self.parser.parseChunk(box, text)
            return
        written = m.group(0).lstrip(" >").split("]")[0] + "]"
        quote = etree.SubElement(parent, "blockquote")
        if name == "VIDEO":
            url = m.group("rest").strip()
            self.state.notes.append((written, "video embeds are not exported; shown as a link"))
            p = etree.SubElement(quote, "p")
            a = etree.SubElement(p, "a")
            a.set("href", url)
            a.text = "Watch the video"
        else:
            self.state.notes.append(
                (
                    written,
                    f"unknown directive [!{m.group('name')}] ignored; its content is shown as a quote",
                )
            )
        self.parser.parseChunk(quote, text)


_ATTR = re.compile(r'([\w-]+)(?:=(?:"([^"]*)"|\'([^\']*)\'|([^\s"\']+)))?')


def parse_attrs(text: str) -> dict[str, str]:
    """``type="content" source=x`` -> dict (the ``:::`` directive attribute syntax)."""
    return {
        m.group(1): next((g for g in m.groups()[1:] if g is not None), "")
        for m in _ATTR.finditer(text)
    }


class ColonDirectiveProcessor(InlineProcessor):
    """``:::image type=... source=... alt-text=...:::`` as an image; other ``:::name`` as text."""

    PATTERN = r":::[ \t]*(?P<name>[A-Za-z][\w-]*)(?P<attrs>(?:[ \t]+[\w-]+(?:=(?:\"[^\"\n]*\"|'[^'\n]*'|[^\s:\"']+))?)*)[ \t]*(?::::|(?=\n|$))"

    def __init__(self, md: Markdown, state: _State) -> None:
        super().__init__(self.PATTERN, md)
        self.state = state

    def handleMatch(self, m: re.Match[str], data: str) -> tuple[etree.Element, int, int]:
        name = m.group("name").lower()
        attrs = parse_attrs(m.group("attrs"))
        if name == "image" and attrs.get("source"):
            img = etree.Element("img")
            img.set("src", attrs["source"])
            kind = attrs.get("type", "content")
            img.set("alt", attrs.get("alt-text", ""))
            img.set("class", "kb-icon" if kind == "icon" else "kb-image")
            if "alt-text" not in attrs and kind != "icon":
                self.state.notes.append((m.group(0), "image has no alt-text"))
            return img, m.start(0), m.end(0)
        span = etree.Element("span")
        span.set("class", "kb-directive")
        span.text = m.group(0)
        self.state.notes.append(
            (m.group(0), f"unknown directive :::{m.group('name')} shown as plain text")
        )
        return span, m.start(0), m.end(0)


class BangDirectiveProcessor(InlineProcessor):
    """``[!INCLUDE [title](path)]`` and other inline ``[!NAME ...]`` markers, shown as text."""

    PATTERN = r"\[!(?P<name>[A-Za-z]+)(?P<rest>(?:[^\[\]\n]|\[[^\]\n]*\](?:\([^)\n]*\))?)*)\]"

    def __init__(self, md: Markdown, state: _State) -> None:
        super().__init__(self.PATTERN, md)
        self.state = state

    def handleMatch(self, m: re.Match[str], data: str) -> tuple[etree.Element, int, int]:
        name = m.group("name").upper()
        span = etree.Element("span")
        span.set("class", "kb-directive")
        if name == "INCLUDE":
            title = re.match(r"\s*\[([^\]]*)\]", m.group("rest"))
            span.text = (
                f"(Not included here: {title.group(1) if title else m.group('rest').strip()})"
            )
            message = "[!INCLUDE] is not supported; a placeholder is shown"
        elif name in ALERTS:
            span.text = ALERTS[name] + ":"
            message = f"[!{name}] works only at the start of a quote (> [!{name}])"
        else:
            span.text = m.group(0)
            message = f"unknown directive [!{m.group('name')}] shown as plain text"
        self.state.notes.append((m.group(0), message))
        return span, m.start(0), m.end(0)


class KbSyntaxExtension(Extension):
    def __init__(self, state: _State, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.state = state

    def extendMarkdown(self, md: Markdown) -> None:
        md.parser.blockprocessors.register(
            AlertBlockProcessor(md.parser, self.state), "kb_alert", 21
        )
        md.inlinePatterns.register(ColonDirectiveProcessor(md, self.state), "kb_colon", 178)
        md.inlinePatterns.register(BangDirectiveProcessor(md, self.state), "kb_bang", 177)
