"""Whether a phrase is part of a name the writer must not reword, and where sentences start.

The ``substitution`` kind (``keep_names``) and ``kb_abbreviations`` share these
answers, so they live beside the kinds: no kind imports another.
"""

from __future__ import annotations

import re

from kbeditor.words import NAME_WORD

_EMPHASIS = re.compile(
    r"\*\*[^*\n]+?\*\*|__[^_\n]+?__|(?<![*\w])\*[^*\n]+?\*(?!\*)|(?<![_\w])_[^_\n]+?_(?![_\w])"
)
_QUOTED = re.compile(r"\"[^\"\n]+\"|“[^”\n]+”")
_ITALIC_LABEL_WORDS = 8  # a longer italic span is the writer's emphasis, not a label
_JOINED = re.compile(r"[-/\\]\w|\.[\w<*]")
_JOINED_BEFORE = re.compile(r"\w[-/\\.]\Z")
# Before a sentence's first word: list markers, a quote marker, a note label, emphasis, quotes.
_LEAD = re.compile(r"(?:\s|>|#+|[-*+](?=\s)|\d+[.)](?=\s)|\[![A-Za-z]+\]|\*|_|[\"“‘'(\[])*\Z")


def sentence_start(text: str, start: int) -> bool:
    """Whether the word at ``start`` opens a sentence, a line or a list item."""
    line = text.rfind("\n", 0, start) + 1
    lead = text[line:start]
    for m in re.finditer(r"[.!?:][\"”’')*_]*\s+", lead):
        lead_end = m.end()
        if not lead[lead_end:].strip(" *_\"“‘'("):
            return True
    return bool(_LEAD.fullmatch(lead))


def in_name(article, start: int, end: int) -> bool:
    """Whether the text at start..end is part of a name the writer must not reword.

    A UI label or message in bold (or a short italic label), quoted text, link
    text, a file name or path, a word joined by a hyphen or slash, or a
    capitalised name (a capital on the sentence's first word alone does not
    make a name).
    """
    text = article.text
    if _JOINED_BEFORE.search(text, max(0, start - 2), start) or _JOINED.match(text, end):
        return True
    line = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    left = text[line:start]
    marked = [
        pat for pat, marks in ((_EMPHASIS, "*_"), (_QUOTED, '"“')) if any(c in left for c in marks)
    ]
    for pat in marked:
        for m in pat.finditer(text, line, line_end):
            if m.start() < start and end < m.end():
                span = m.group()
                italic = span[0] in "*_" and span[1] not in "*_"
                if not (italic and len(span.split()) > _ITALIC_LABEL_WORDS):
                    return True
    if "[" in left:
        for link in article.links:
            if link.text_start <= start and end <= link.text_end and not link.image:
                return True
    observed = text[start:end]
    words = NAME_WORD.findall(observed)
    if not words or observed.isupper():
        return False
    first_word = sentence_start(text, start)
    # An abbreviation ("the corporate VLAN") is no name by itself; a capitalised word is.
    if any(w[0].isupper() and not w.isupper() for i, w in enumerate(words) if i or not first_word):
        return True
    if words[0][0].isupper():
        nxt = re.match(r"[ \t]+([A-Za-z])", text[end : end + 3])
        return bool(nxt and nxt.group(1).isupper())
    return False


def after_name(text: str, start: int, replacement: str) -> bool:
    """Whether the match follows a capitalised word or abbreviation that it is the head of
    ("the DNS cache", "the Windows registry"), so that a longer replacement cannot fit."""
    m = re.search(r"([A-Za-z][\w]*)[ \t]+\Z", text[max(0, start - 40) : start])
    if not m or not m.group(1)[0].isupper() or m.group(1) == "I":
        return False
    if sentence_start(text, start - len(m.group())):
        return False
    return len(replacement.split()) > 1 or replacement[:1].isupper()
