"""Highlighted passages for search results, and the line the editor should jump to.

The catalog keeps each article's prose lines (and error-message lines from
code blocks) with their line numbers, so a snippet is made without reading or
parsing the article again. Lines are analysed with the index's own analyzer,
so "connecting" in the text is marked for a query that said "connection".
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from dataclasses import dataclass

from kbeditor.search.codes import code_pattern
from kbeditor.search.schema import text_analyzer
from kbeditor.search.shingles import fold

WIDTH = 200
_ANALYZER = text_analyzer()


@dataclass(frozen=True, slots=True)
class Snippet:
    plain: str
    html: str
    line: int


def make_snippet(lines: str, stems: set[str], codes: Iterable[str], title_line: int = 1) -> Snippet:
    """The best-matching passage of an article; ``line`` is the first line with a match."""
    rows = _rows(lines)
    patterns = [code_pattern(c) for c in codes]
    prefixes = {s[:4] for s in stems if s}
    first_line = 0
    best: tuple[int, int, str, list[tuple[int, int]]] | None = None
    for number, text in rows:
        folded = fold(text) if not text.isascii() else text.lower()
        if not any(p in folded for p in prefixes) and not any(p.search(text) for p in patterns):
            continue
        spans = _matches(text, stems, patterns)
        if not spans:
            continue
        if not first_line:
            first_line = number
        distinct = len({text[a:b].lower() for a, b in spans})
        if best is None or distinct > best[0]:
            best = (distinct, number, text, spans)
    if best is None:
        number, text = rows[0] if rows else (title_line, "")
        plain, marked = _cut(text, [])
        return Snippet(plain, marked, title_line)
    _, _, text, spans = best
    plain, marked = _cut(text, spans)
    return Snippet(plain, marked, first_line)


def _rows(lines: str) -> list[tuple[int, str]]:
    out = []
    for row in lines.split("\n"):
        number, _, text = row.partition("\t")
        if number.isdigit():
            out.append((int(number), text))
    return out


def _matches(text: str, stems: set[str], patterns: list) -> list[tuple[int, int]]:
    spans = [
        (t.startchar, t.endchar)
        for t in _ANALYZER(text, chars=True, mode="index")
        if t.text in stems
    ]
    for pattern in patterns:
        spans += [m.span() for m in pattern.finditer(text)]
    spans.sort()
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
