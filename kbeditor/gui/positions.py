"""Python string offsets <-> Qt text positions: the one place that converts them.

The core counts code points (Python ``str`` indices); Qt counts UTF-16 code
units, so every character outside the Basic Multilingual Plane (emoji, some
CJK) takes two positions in Qt and one in Python. Every offset handed to Qt
(underlines, highlights, cursor moves, syntax formats) goes through
:class:`Utf16Map`, and every Qt position read back comes through it too.
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


class Utf16Map:
    """Converts offsets for one text; building it costs one regex scan."""

    __slots__ = ("_astral_py", "_astral_qt", "length")

    def __init__(self, text: str) -> None:
        self.length = len(text)
        if text.isascii():
            self._astral_py: list[int] = []
        else:
            self._astral_py = [m.start() for m in _ASTRAL.finditer(text)]
        # Qt position of each astral character: its Python index plus one for each earlier one.
        self._astral_qt = [index + k for k, index in enumerate(self._astral_py)]

    def to_qt(self, offset: int) -> int:
        """Qt (UTF-16) position of a Python offset."""
        offset = max(0, min(offset, self.length))
        return offset + bisect.bisect_left(self._astral_py, offset)

    def to_py(self, position: int) -> int:
        """Python offset of a Qt position (the middle of a surrogate pair maps to its character)."""
        position = max(0, position)
        return min(position - bisect.bisect_left(self._astral_qt, position), self.length)


@lru_cache(maxsize=8)
def utf16_map(text: str) -> Utf16Map:
    """A cached map for ``text`` (the same string is converted many times in a row)."""
    return Utf16Map(text)


def to_qt(text: str, offset: int) -> int:
    """Qt position of the Python ``offset`` into ``text``."""
    return utf16_map(text).to_qt(offset)


def to_py(text: str, position: int) -> int:
    """Python offset of the Qt ``position`` into ``text``."""
    return utf16_map(text).to_py(position)
