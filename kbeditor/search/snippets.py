"""Highlighted passages for search results, and the line the editor should jump to.

The catalog keeps each article's prose lines (and error-message lines from
code blocks) with their line numbers, so a snippet is made without reading or
parsing the article again. Words are found by their stems, so "connecting"
in the text is marked for a query that said "connection".
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass

from kbeditor.search.codes import code_pattern

WIDTH = 200


@dataclass(frozen=True, slots=True)
class Snippet:
    plain: str
    html: str
    line: int


def make_snippet(lines: str, stems: set[str], codes: Iterable[str], title_line: int = 1) -> Snippet:
    """The best-matching passage of an article and its line (where the editor jumps).

    The best passage holds one of the query's error codes if any line does
    (the quoted message, often in a code block), then the most distinct
    matched words; the earliest such line wins a tie.
    """
    rows = _rows(lines)
    code_patterns = [code_pattern(c) for c in codes]
    words = stem_pattern(stems)
    word_patterns = [words] if words is not None else []
    best: tuple[tuple[bool, int], int, str, list[tuple[int, int]]] | None = None
    for number, text in rows:
        code_spans = _matches(text, code_patterns)
        spans = _merge(code_spans + _matches(text, word_patterns))
        if not spans:
            continue
        rank = (bool(code_spans), len({text[a:b].lower() for a, b in spans}))
        if best is None or rank > best[0]:
            best = (rank, number, text, spans)
    if best is None:
        text = rows[0][1] if rows else ""
        plain, marked = _cut(text, [])
        return Snippet(plain, marked, title_line)
    _, number, text, spans = best
    plain, marked = _cut(text, spans)
    return Snippet(plain, marked, number)


def stem_pattern(stems: Iterable[str]) -> re.Pattern[str] | None:
    """A regex for words that start like the stems ("connect" finds "connecting").

    Cheaper than running the analyzer over every line; Snowball stems are
    prefixes of their words except for a final y turned i ("happi").
    """
    parts = []
    for stem in sorted(stems, key=len, reverse=True):
        if not stem:
            continue
        if len(stem) <= 2:
            parts.append(re.escape(stem) + r"\b")
        elif stem.endswith("i"):
            parts.append(re.escape(stem[:-1]) + r"[iy]\w*")
        else:
            parts.append(re.escape(stem) + r"\w*")
    if not parts:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(parts) + ")", re.IGNORECASE)


def _rows(lines: str) -> list[tuple[int, str]]:
    out = []
    for row in lines.split("\n"):
        number, _, text = row.partition("\t")
        if number.isdigit():
            out.append((int(number), text))
    return out


def _matches(text: str, patterns: list[re.Pattern[str]]) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for pattern in patterns:
        spans += [m.span() for m in pattern.finditer(text)]
    return _merge(spans)


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    spans = sorted(spans)
    merged: list[tuple[int, int]] = []
    for a, b in spans:
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    return merged


def _cut(text: str, spans: list[tuple[int, int]]) -> tuple[str, str]:
    """A window of about WIDTH characters around the matches, marked two ways."""
    start, end = 0, len(text)
    if len(text) > WIDTH:
        first = spans[0][0] if spans else 0
        start = max(0, first - WIDTH // 4)
        if start:
            space = text.find(" ", start)
            start = space + 1 if 0 <= space < first else start
        end = min(len(text), start + WIDTH)
        if end < len(text):
            space = text.rfind(" ", start, end)
            end = space if space > start else end
    plain, marked = [], []
    pos = start
    for a, b in spans:
        if a < start or b > end:
            continue
        plain += [text[pos:a], "**", text[a:b], "**"]
        marked += [html.escape(text[pos:a]), "<mark>", html.escape(text[a:b]), "</mark>"]
        pos = b
    plain.append(text[pos:end])
    marked.append(html.escape(text[pos:end]))
    lead = "…" if start > 0 else ""
    tail = "…" if end < len(text) else ""
    return lead + "".join(plain) + tail, html.escape(lead) + "".join(marked) + tail
