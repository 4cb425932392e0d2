"""Words on the page that are not the writer's own sentences.

A KB article quotes other people's words: error messages, dialog and UI text,
log output and stack traces, in block quotes, in double quotes and in bold UI
labels. It also holds things that are not sentences at all: registry keys,
directory paths, cmdlet lines, file names and identifiers. None of these is
the writer's prose: the tone, passive-voice and readability rules must not
judge them, and they must not count toward the reading grade. They stay in
``Article.searchable`` (search, export and duplicates need them); they are
blanked from ``Article.mask``, which is what the linter reads. Deciding this
here, once, is what the article model does for code already.
"""

from __future__ import annotations

import re

from kbeditor import blocks as B
from kbeditor.inline import Span, blank, masked

__all__ = ["blank_quoted"]

# "The operation timed out." or “Sorry, something went wrong” on one line; an inch mark or a
# lone quote never pairs across a line break.
_DOUBLE_QUOTED = re.compile(r'"[^"\n]{1,400}"|“[^”\n]{1,400}”')
# **Sign in** / __Sign in__: a UI label. A long bold run is the writer's emphasised sentence.
_BOLD = re.compile(r"(\*\*|__)(?=\S)([^\n]{1,120}?)(?<=\S)\1")
_LABEL_MAX_WORDS = 8
# A token that is an identifier, path or command, not a word: HKEY_LOCAL_MACHINE\Software,
# CN=Users, C:\Temp, System.Net.Http, Set-Mailbox, -Identity, file.docx, 0x80070005.
_TECHNICAL = re.compile(
    r"[\\/=<>{}\[\]|@_]"
    r"|\w\w\.\w\w"  # what \w{2,}\.\w{2,} found, without rescanning a long word per letter
    r"|^[A-Z][a-z]{2,}-[A-Z][A-Za-z]+"  # Verb-Noun cmdlets (verbs have 3+ letters; not Wi-Fi)
    r"|^-[A-Za-z]"
    r"|^0x[0-9A-Fa-f]+"
    r"|\w\("
)
# Also a sign of a line of identifiers (a stack trace, a property list), though alone in a
# sentence such a word (WiFi, SharePoint) is still read as a word.
# _TECHNICAL without its anchors, over the unmasked text: blanking only turns characters into
# spaces, so a block where this finds nothing has no technical token in its mask either.
_TECHNICAL_SIGN = re.compile(
    r"[\\/=<>{}\[\]|@_]|\w\w\.\w\w|[A-Z][a-z]{2,}-[A-Z][A-Za-z]+|-[A-Za-z]|0x[0-9A-Fa-f]+|\w\("
)
# A double quote or a bold run: what _DOUBLE_QUOTED and _BOLD need.
_QUOTE_SIGN = re.compile(r'["“]|\*\*|__')
_IDENTIFIER = re.compile(r"[a-z][A-Z]|\w\.\w")
_TOKEN = re.compile(r"\S+")
# Prose, not paths or calls: two short lower-case words joined by a slash (and/or, he/she,
# s/he), a date (6/12/2017) and a plural in parentheses (key(s), box(es)).
_SLASH_PAIR = re.compile(
    r"^[(\"“‘']?(?:[a-z]{1,3}/[a-z]{1,3}|\d{1,4}/\d{1,2}/\d{1,4}|[A-Za-z]+\((?:s|es)\))"
    r"[)\"”’'.,;:!?]*$"
)
# Possessive: a run of quotes or hyphens is never split between two classes (quadratic).
_WORDLIKE = re.compile(r"^[^\w]*+[A-Za-z][a-z'’-]*+[^\w]*+$")


def blank_quoted(text: str, mask: bytearray, blocks: list[B.Block], searchable: str) -> list[Span]:
    """Blank other people's words and non-sentences from ``mask``; return the quoted spans.

    Only prose blocks are read; ``mask`` already has code and markup blanked
    (``searchable`` is that mask made text), so what is found here never
    reaches inside them.
    """
    spans: list[Span] = []
    for block in blocks:
        if not block.is_prose:
            continue
        if block.quote_depth and not block.alert:
            spans.append(Span(block.start, block.end))  # a block quote: a quoted message
            continue
        if not _QUOTE_SIGN.search(text, block.start, block.end):
            continue
        segment = text[block.start : block.end]
        for m in _DOUBLE_QUOTED.finditer(segment):
            spans.append(Span(block.start + m.start(), block.start + m.end()))
        for m in _BOLD.finditer(segment):
            if len(m.group(2).split()) <= _LABEL_MAX_WORDS:
                spans.append(Span(block.start + m.start(), block.start + m.end()))
    for span in spans:
        blank(mask, span.start, span.end)
    current = masked(text, mask) if spans else searchable
    for block in blocks:
        if (
            block.is_prose
            and block.kind != B.HEADING
            and _TECHNICAL_SIGN.search(text, block.start, block.end)
        ):
            _blank_technical(current[block.start : block.end], mask, block.start)
    return spans


def _blank_technical(segment: str, mask: bytearray, start: int) -> None:
    """Blank identifier tokens; blank a whole line that is mostly identifiers (a path, a trace).

    ``segment`` is the block's text as masked so far, from offset ``start``.
    """
    line_start = start
    for line in segment.split("\n"):
        tokens = list(_TOKEN.finditer(line))
        technical = [
            t for t in tokens if _TECHNICAL.search(t.group()) and not _SLASH_PAIR.match(t.group())
        ]
        if technical:
            words = sum(1 for t in tokens if _WORDLIKE.match(t.group()))
            odd = sum(1 for t in tokens if _IDENTIFIER.search(t.group())) + len(technical)
            if words < 3 or odd * 2 >= len(tokens):
                blank(mask, line_start, line_start + len(line))
            else:
                for t in technical:
                    blank(mask, line_start + t.start(), line_start + t.end())
        line_start += len(line) + 1
