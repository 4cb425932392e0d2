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

from kbeditor.article import Article

# Blocks with more unmatched (or too deeply nested) brackets than this are defused.
MAX_LITERAL = 50
# Link text may hold brackets ("[see [1]](url)"); deeper nesting is never a link.
MAX_DEPTH = 3
_BRACKET = re.compile(r"\\.|[\[\]()]", re.DOTALL)


def defused_body(article: Article) -> str:
    """The article body to render, with literal ``[`` escaped in blocks that have many."""
    body_start = article.body_start
    body = article.text[body_start:]
    cuts = [p - body_start for p in literal_brackets(article)]
    if not cuts:
        return body
    parts, last = [], 0
    for cut in cuts:
        parts.append(body[last:cut])
        parts.append("\\")
        last = cut
    parts.append(body[last:])
    return "".join(parts)


def literal_brackets(article: Article) -> list[int]:
    """Offsets of the ``[`` to escape, in order (outside code, only in crowded blocks)."""
    code_starts = [s.start for s in article.code_spans]
    out: list[int] = []
    for block in article.blocks:
        if block.is_prose:
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
