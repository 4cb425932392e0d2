"""Markdown syntax highlighting: headings, emphasis, links, code, lists, front matter.

Works line by line (Qt calls :meth:`highlightBlock` for each changed line);
multi-line constructs (front matter, fenced code, HTML comments) are carried
in the block state. Regex offsets are code points, so they go through
:mod:`kbeditor.gui.positions` before reaching ``setFormat``.
"""

from __future__ import annotations

import re

from PySide6.QtGui import QColor, QFont, QSyntaxHighlighter, QTextCharFormat, QTextDocument

from kbeditor.gui import theme
from kbeditor.gui.positions import Utf16Map

NORMAL, FRONT_MATTER, COMMENT = 0, 1, 2
FENCE_BACKTICK, FENCE_TILDE = 100, 200  # + fence length

_HEADING = re.compile(r"^ {0,3}(#{1,6})(?:[ \t].*)?$")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_LIST = re.compile(r"^[ \t]*(?:>[ \t]*)*([-*+]|\d{1,9}[.)])(?=[ \t]|$)")
_QUOTE = re.compile(r"^[ \t]*(>[ \t]?)+")
_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_EMPH = re.compile(r"(?<![*\w])([*_])(?=[^\s*_])(.+?)(?<=[^\s*_])\1(?![*\w])")
_CODE = re.compile(r"(`+)(.+?)\1")
_LINK = re.compile(r"(!?\[)([^\]]*)(\]\()([^)\s]*)((?:\s+\"[^\"]*\")?\))")
_URL = re.compile(r"<?https?://[^\s>)]+>?")
_COMMENT_ONE = re.compile(r"<!--.*?-->")
_FRONT_KEY = re.compile(r"^([\w.-]+)(:)")
_TAG = re.compile(r"</?[A-Za-z][^>]*>")


def _fmt(colour: str, *, bold: bool = False, italic: bool = False, bg: str | None = None):
    f = QTextCharFormat()
    f.setForeground(QColor(colour))
    if bold:
        f.setFontWeight(QFont.Weight.Bold)
    if italic:
        f.setFontItalic(True)
    if bg:
        f.setBackground(QColor(bg))
    return f


class MarkdownHighlighter(QSyntaxHighlighter):
    """Colours Markdown source; call :meth:`refresh` after a theme change."""

    def __init__(self, document: QTextDocument) -> None:
        self._formats: dict[str, QTextCharFormat] = {}
        self._build_formats()
        super().__init__(document)

    def refresh(self) -> None:
        self._build_formats()
        self.rehighlight()

    def _build_formats(self) -> None:
        c = theme.current()
        self._formats = {
            "heading": _fmt(c.heading, bold=True),
            "marker": _fmt(c.marker, bold=True),
            "strong": _fmt(c.text, bold=True),
            "emph": _fmt(c.emphasis, italic=True),
            "code": _fmt(c.code, bg=c.code_bg),
            "fence": _fmt(c.muted, bg=c.code_bg),
            "link": _fmt(c.link),
            "target": _fmt(c.muted),
            "comment": _fmt(c.comment, italic=True),
            "front": _fmt(c.muted, bg=c.front_bg),
            "front_key": _fmt(c.front_key, bold=True, bg=c.front_bg),
            "tag": _fmt(c.comment),
        }

    # Qt override
    def highlightBlock(self, text: str) -> None:
        state = self.previousBlockState()
        pos = Utf16Map(text)
        block_number = self.currentBlock().blockNumber()
        if block_number == 0 and text.rstrip() == "---":
            self._set(pos, 0, len(text), "front")
            self.setCurrentBlockState(FRONT_MATTER)
            return
        if state == FRONT_MATTER:
            self._front_matter_line(pos, text)
            return
        if state >= FENCE_BACKTICK:
            self._fenced_line(pos, text, state)
            return
        if state == COMMENT:
            end = text.find("-->")
            self._set(pos, 0, len(text) if end < 0 else end + 3, "comment")
            if end < 0:
                self.setCurrentBlockState(COMMENT)
                return
            self.setCurrentBlockState(NORMAL)
            return
        self.setCurrentBlockState(NORMAL)
        fence = _FENCE.match(text)
        if fence:
            mark = fence.group(1)
            base = FENCE_BACKTICK if mark[0] == "`" else FENCE_TILDE
            self._set(pos, 0, len(text), "fence")
            self.setCurrentBlockState(base + len(mark))
            return
        self._inline(pos, text)

    def _front_matter_line(self, pos: Utf16Map, text: str) -> None:
        self._set(pos, 0, len(text), "front")
        if text.rstrip() in ("---", "..."):
            self.setCurrentBlockState(NORMAL)
            return
        key = _FRONT_KEY.match(text)
        if key:
            self._set(pos, 0, key.end(1), "front_key")
        self.setCurrentBlockState(FRONT_MATTER)

    def _fenced_line(self, pos: Utf16Map, text: str, state: int) -> None:
        base = FENCE_TILDE if state >= FENCE_TILDE else FENCE_BACKTICK
        length = state - base
        closing = _FENCE.match(text)
        mark = "`" if base == FENCE_BACKTICK else "~"
        if (
            closing
            and closing.group(1)[0] == mark
            and len(closing.group(1)) >= length
            and not text[closing.end() :].strip()
        ):
            self._set(pos, 0, len(text), "fence")
            self.setCurrentBlockState(NORMAL)
            return
        self._set(pos, 0, len(text), "code")
        self.setCurrentBlockState(state)

    def _inline(self, pos: Utf16Map, text: str) -> None:
        heading = _HEADING.match(text)
        if heading:
            self._set(pos, 0, len(text), "heading")
            self._set(pos, heading.start(1), heading.end(1), "marker")
        elif _SETEXT.match(text) and self.currentBlock().previous().text().strip():
            self._set(pos, 0, len(text), "marker")
            return
        quote = _QUOTE.match(text)
        if quote:
            self._set(pos, 0, quote.end(), "marker")
        item = _LIST.match(text)
        if item:
            self._set(pos, item.start(1), item.end(1), "marker")
        for m in _STRONG.finditer(text):
            self._set(pos, m.start(), m.end(), "strong")
        for m in _EMPH.finditer(text):
            self._set(pos, m.start(), m.end(), "emph")
        for m in _TAG.finditer(text):
            self._set(pos, m.start(), m.end(), "tag")
        for m in _URL.finditer(text):
            self._set(pos, m.start(), m.end(), "link")
        for m in _LINK.finditer(text):
            self._set(pos, m.start(2), m.end(2), "link")
            self._set(pos, m.start(3), m.end(5), "target")
            self._set(pos, m.start(1), m.end(1), "target")
        for m in _CODE.finditer(text):
            self._set(pos, m.start(), m.end(), "code")
        for m in _COMMENT_ONE.finditer(text):
            self._set(pos, m.start(), m.end(), "comment")
        opened = text.rfind("<!--")
        if opened >= 0 and text.find("-->", opened) < 0:
            self._set(pos, opened, len(text), "comment")
            self.setCurrentBlockState(COMMENT)

    def _set(self, pos: Utf16Map, start: int, end: int, name: str) -> None:
        a, b = pos.to_qt(start), pos.to_qt(end)
        if b > a:
            self.setFormat(a, b - a, self._formats[name])
