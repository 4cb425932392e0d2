"""Inline Markdown inside prose blocks: code spans, links, images, URLs, HTML.

The scanner's second pass. It records inline elements with their offsets and
blanks out everything that is not prose in a *mask*: a copy of the text of the
same length where markup, code, URLs and tags are spaces. Any regex run over
the mask returns offsets that are valid in the original text, which is what
lets every rule and the editor share one coordinate system.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Link:
    """``[text](target)``; ``text_start``/``text_end`` cover the link text."""

    start: int
    end: int
    text_start: int
    text_end: int
    target: str
    image: bool = False

    def text(self, source: str) -> str:
        return source[self.text_start : self.text_end]


_CODE = re.compile(r"(`+)(.+?)(?<!`)\1(?!`)", re.DOTALL)
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_TAG = re.compile(r"</?[A-Za-z][\w-]*(?:\s+[^<>]*?)?/?>")
_AUTOLINK = re.compile(r"<(?:https?|mailto|ftp):[^<>\s]+>")
_LINK = re.compile(
    r"(?P<bang>!?)\[(?P<text>(?:[^\[\]\n]|\[[^\[\]\n]*\])*)\]"
    r"(?:\((?P<target><[^>\n]*>|[^()\s]*(?:\([^()\s]*\)[^()\s]*)*)(?:\s+(?:\"[^\"\n]*\"|'[^'\n]*'))?\s*\)"
    r"|\[(?P<ref>[^\]\n]*)\])"
)
_URL = re.compile(r"\b(?:https?://|www\.)[^\s<>()\[\]]+[^\s<>()\[\].,;:!?'\"]")
_EMPHASIS = re.compile(r"(?<![\w*])[*_]{1,3}(?=\S)|(?<=\S)[*_]{1,3}(?![\w*])|~~")
_ESCAPE = re.compile(r"\\(?=[!-/:-@\[-`{-~])")
_ENTITY = re.compile(r"&(?:#\d+|#x[0-9a-fA-F]+|[A-Za-z]+);")


def blank(mask: list[str], start: int, end: int) -> None:
    """Turn ``mask[start:end]`` into spaces, keeping line breaks (so lines and offsets hold)."""
    for k in range(start, end):
        if mask[k] not in "\r\n":
            mask[k] = " "


def scan_inline(text: str, start: int, end: int, mask: list[str]) -> tuple[list[Span], list[Link]]:
    """Find inline elements in ``text[start:end]`` and blank non-prose in ``mask``.

    Returns the inline code spans and the links (and images) found.
    """
    segment = text[start:end]
    code: list[Span] = []
    links: list[Link] = []
    taken: list[tuple[int, int]] = []

    def free(a: int, b: int) -> bool:
        return all(b <= x or a >= y for x, y in taken)

    def blank_here(a: int, b: int) -> None:
        blank(mask, start + a, start + b)

    for m in _CODE.finditer(segment):
        code.append(Span(start + m.start(), start + m.end()))
        taken.append((m.start(), m.end()))
        blank_here(m.start(), m.end())
    for pattern in (_COMMENT, _AUTOLINK, _TAG):
        for m in pattern.finditer(segment):
            if free(m.start(), m.end()):
                taken.append((m.start(), m.end()))
                blank_here(m.start(), m.end())
    for m in _LINK.finditer(segment):
        if not free(m.start(), m.end()):
            continue
        taken.append((m.start(), m.end()))
        image = bool(m.group("bang"))
        target = (m.group("target") or m.group("ref") or "").strip("<>")
        ts, te = m.start("text"), m.end("text")
        links.append(
            Link(start + m.start(), start + m.end(), start + ts, start + te, target, image)
        )
        if image:
            blank_here(m.start(), m.end())
        else:
            blank_here(m.start(), ts)
            blank_here(te, m.end())
    for pattern in (_URL, _ESCAPE, _ENTITY, _EMPHASIS):
        for m in pattern.finditer(segment):
            if free(m.start(), m.end()):
                blank_here(m.start(), m.end())
    return code, links
