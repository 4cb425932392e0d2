"""Square brackets that cannot open a link, escaped before Python-Markdown sees them.

Python-Markdown looks for the end of a link's text from every ``[``, to the
end of the paragraph when there is none: 16,000 unbalanced ``[`` took about
40 s to render, in export and in the editor's preview alike. A ``[`` with no
``]`` after it in its block never opens a link, and nor does one nested deeper
than any link text goes, so writing it as ``\\[`` shows the same character and
spares the search; so does the ``(`` of ``[text](`` with no ``)``. Blocks with
only a few such brackets are left as written (the search is cheap there, and
the source is rendered exactly as typed).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

from kbeditor.article import Article

# Blocks with more unmatched (or too deeply nested) brackets than this are defused.
MAX_LITERAL = 50
# Link text may hold brackets ("[see [1]](url)"); deeper nesting is never a link.
MAX_DEPTH = 3
_BRACKET = re.compile(r"\\.|[\[\]()]", re.DOTALL)


def defused_body(
    article: Article, end: int | None = None, replaced: Sequence[tuple[int, int, str]] = ()
) -> str:
    """The article body to render, with literal ``[`` escaped in blocks that have many.

    Args:
        end: where to stop (the end of the text by default).
        replaced: (start, end, source) ranges of the text to give as ``source`` instead,
            in order; no bracket inside them is escaped.
    """
    body_start = article.body_start
    text = article.text
    stop = len(text) if end is None else end
    edits = [(p, p, "\\") for p in literal_brackets(article, stop) if p < stop]
    if not edits and not replaced:
        return text[body_start:stop]
    edits = sorted([*edits, *replaced], key=lambda e: (e[0], -e[1]))
    parts, last = [], body_start
    for start, finish, source in edits:
        if start < last or start >= stop:
            continue  # a bracket inside a replaced range
        parts.append(text[last:start])
        parts.append(source)
        last = finish
    parts.append(text[last:stop])
    return "".join(parts)


def literal_brackets(article: Article, end: int | None = None) -> list[int]:
    """Offsets of the ``[`` to escape before ``end``, in order (outside code, only in
    crowded blocks)."""
    code_starts = [s.start for s in article.code_spans]
    out: list[int] = []
    stop = len(article.text) if end is None else end
    find = article.text.find
    for block in article.blocks:
        if block.start >= stop:
            break
        # Every literal is a "[", or a "(" right after a "]".
        if block.is_prose and (
            find("[", block.start, block.end) >= 0 or find("]", block.start, block.end) >= 0
        ):
            found = _block_literals(article, block.start, block.end, code_starts)
            if len(found) > MAX_LITERAL:
                out.extend(found)
    return out


def _block_literals(article: Article, start: int, end: int, code_starts: list[int]) -> list[int]:
    """Unmatched or too deep ``[``, and ``(`` after ``]`` with no ``)``: both start a search
    to the end of the block."""
    text = article.text
    brackets: list[int] = []
    parens: list[int] = []
    literal: list[int] = []
    deeper = 0  # brackets opened past MAX_DEPTH and not closed yet
    for m in _BRACKET.finditer(text, start, end):
        ch, at = m.group(), m.start()
        if ch[0] == "\\" or _in_code(article, code_starts, at):
            continue
        if ch == "(":
            parens.append(at)
        elif ch == ")":
            if parens:
                parens.pop()
        elif ch == "[":
            if len(brackets) >= MAX_DEPTH:
                literal.append(at)
                deeper += 1
            else:
                brackets.append(at)
        elif deeper:
            deeper -= 1
        elif brackets:
            brackets.pop()
    unclosed = [at for at in parens if at > start and text[at - 1] == "]"]
    return sorted(literal + brackets + unclosed)


def _in_code(article: Article, code_starts: list[int], offset: int) -> bool:
    i = bisect.bisect_right(code_starts, offset) - 1
    return i >= 0 and offset < article.code_spans[i].end
