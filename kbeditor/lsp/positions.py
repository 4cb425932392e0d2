"""Python string offsets <-> Language Server Protocol positions: the one place that converts them.

The core counts code points (Python ``str`` indices). LSP positions are a
zero-based line and a character offset within it, counted in the encoding
client and server agreed on: UTF-16 code units unless both said otherwise, so
an emoji is two characters to the client and one to us. Lines end at ``\\n``,
``\\r\\n`` or ``\\r`` and nowhere else (Python's ``str.splitlines`` also
breaks at form feeds and Unicode separators, which would put every later
position on the wrong line).
"""

from __future__ import annotations

import bisect
import re

UTF8, UTF16, UTF32 = "utf-8", "utf-16", "utf-32"
_BREAK = re.compile(r"\r\n|\r|\n")
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def units(text: str, encoding: str = UTF16) -> int:
    """How many code units ``text`` takes in the negotiated encoding."""
    if encoding == UTF32 or text.isascii():
        return len(text)
    if encoding == UTF8:
        return len(text.encode("utf-8", "surrogatepass"))
    return len(text) + len(_ASTRAL.findall(text))


class LineIndex:
    """Converts between offsets and positions for one text; building it costs one scan.

    Args:
        text: the document, as the client sent it.
        encoding: the position encoding in force (``utf-16`` unless negotiated).
    """

    __slots__ = ("text", "encoding", "_starts")

    def __init__(self, text: str, encoding: str = UTF16) -> None:
        self.text = text
        self.encoding = encoding
        self._starts = [0, *(m.end() for m in _BREAK.finditer(text))]

    def position(self, offset: int) -> tuple[int, int]:
        """(line, character) of a Python offset."""
        offset = max(0, min(offset, len(self.text)))
        line = bisect.bisect_right(self._starts, offset) - 1
        return line, units(self.text[self._starts[line] : offset], self.encoding)

    def offset(self, line: int, character: int) -> int:
        """Python offset of a position; past the end of a line means its end (as LSP says)."""
        if line < 0:
            return 0
        if line >= len(self._starts):
            return len(self.text)
        start = self._starts[line]
        content = self.text[start : self._line_end(line)]
        if self.encoding == UTF32 or content.isascii():
            return start + min(max(0, character), len(content))
        counted = 0
        for i, char in enumerate(content):
            if counted >= character:
                return start + i
            counted += units(char, self.encoding)
        return start + len(content)

    def _line_end(self, line: int) -> int:
        """Where a line's text ends, before its line break."""
        if line + 1 >= len(self._starts):
            return len(self.text)
        end = self._starts[line + 1]
        return end - 2 if self.text[end - 2 : end] == "\r\n" else end - 1


def apply_change(
    text: str,
    start: tuple[int, int],
    end: tuple[int, int],
    new_text: str,
    encoding: str = UTF16,
) -> str:
    """The text after a client's incremental change from ``start`` to ``end`` (line, character)."""
    index = LineIndex(text, encoding)
    begin, stop = index.offset(*start), index.offset(*end)
    return text[:begin] + new_text + text[max(begin, stop) :]
