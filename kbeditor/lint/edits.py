"""Edits offered on a diagnostic: apply its fix, ignore the rule here, accept a word,
ignore a misspelling in one article.

The editor's menus and the language server's code actions both come from
here, so a writer gets the same actions, worded the same way, in either.
Every function returns new text or the smallest edit (or writes the
vocabulary file); none of them touches an open document, so the editor (or
the language client) stays in charge of undo and saving.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from kbeditor.article import Article, parse_article
from kbeditor.lint.diagnostic import Diagnostic
from kbeditor.lint.settings import LintSettings, settings_for
from kbeditor.workspace import atomic_write

# A longer match is a phrase or a sentence, not a term a vocabulary could accept.
ACCEPT_MAX_WORDS = 4


@dataclass(frozen=True, slots=True)
class TextEdit:
    """Replace Python range ``[start, end)`` with ``text``."""

    start: int
    end: int
    text: str


def minimal_edit(old: str, new: str) -> TextEdit | None:
    """The one contiguous replacement that turns ``old`` into ``new`` (None if equal).

    A whole-text answer applied as the smallest edit keeps the writer's undo
    step and cursor where they expect them.
    """
    if old == new:
        return None
    prefix = 0
    limit = min(len(old), len(new))
    while prefix < limit and old[prefix] == new[prefix]:
        prefix += 1
    suffix = 0
    while suffix < limit - prefix and old[len(old) - 1 - suffix] == new[len(new) - 1 - suffix]:
        suffix += 1
    return TextEdit(prefix, len(old) - suffix, new[prefix : len(new) - suffix])


def fix_title(diagnostic: Diagnostic) -> str:
    """The menu text of a fix: "Replace with 'sign-in check'" (or the rule's own title)."""
    fix = diagnostic.fix
    if fix is None:
        return ""
    if fix.title:
        return fix.title
    if not fix.replacement:
        return f"Remove '{diagnostic.match}'"
    return f"Replace with '{fix.replacement}'"


def accept_candidate(diagnostic: Diagnostic) -> str | None:
    """The term "Add to accepted words" would add for this diagnostic, or None.

    Only a short match on one line is a term; a flagged sentence is not.
    """
    term = (diagnostic.match or "").strip()
    if term and len(term.split()) <= ACCEPT_MAX_WORDS and "\n" not in term:
        return term
    return None


def ignore_comment(rule_id: str, on: bool = False) -> str:
    """The in-document control that switches a rule off (or back on), as Vale spells it."""
    return f"<!-- vale {rule_id} = {'YES' if on else 'NO'} -->"


def apply_fix(text: str, diagnostic: Diagnostic) -> str:
    """The text with the diagnostic's fix applied (unchanged when it has none)."""
    if diagnostic.fix is None:
        return text
    return text[: diagnostic.start] + diagnostic.fix.replacement + text[diagnostic.end :]


def ignore_here(article: Article, diagnostic: Diagnostic) -> str:
    """The text with the diagnostic's block wrapped in NO/YES controls for its rule.

    The comments go on their own lines, separated by blank lines, so that they
    are comment blocks and the paragraph stays a paragraph.
    """
    block = article.block_at(diagnostic.start)
    start, end = (block.start, block.end) if block else (diagnostic.start, diagnostic.end)
    text = article.text
    nl = "\r\n" if "\r\n" in text[:2000] else "\n"
    indent = text[start : start + (len(text[start:end]) - len(text[start:end].lstrip(" \t")))]
    before = f"{ignore_comment(diagnostic.rule)}{nl}{nl}{indent}"
    after = f"{nl}{nl}{indent}{ignore_comment(diagnostic.rule, on=True)}"
    body = text[start:end].lstrip(" \t")
    return text[:start] + before + body + after + text[end:]


SPELLING_COMMENT = re.compile(r"<!--\s*spelling-ignore:([^>]*?)-->")


def spelling_ignored(text: str) -> frozenset[str]:
    """The words an article's ``<!-- spelling-ignore: word word -->`` comments accept in it."""
    if "spelling-ignore:" not in text:
        return frozenset()
    return frozenset(w for m in SPELLING_COMMENT.finditer(text) for w in m.group(1).split())


def ignore_word_in_article(article: Article, word: str) -> str:
    """The text with ``word`` added to the article's spelling-ignore comment (made if missing).

    The comment goes on its own line at the start of the body, so it is a comment block
    that no renderer shows and Vale skips.
    """
    text = article.text
    word = word.strip()
    if not word or word in spelling_ignored(text):
        return text
    m = SPELLING_COMMENT.search(text)
    if m is not None:
        words = m.group(1).split() + [word]
        return text[: m.start()] + f"<!-- spelling-ignore: {' '.join(words)} -->" + text[m.end() :]
    nl = "\r\n" if "\r\n" in text[:2000] else "\n"
    at = article.body_start
    return text[:at] + f"<!-- spelling-ignore: {word} -->{nl}{nl}" + text[at:].lstrip("\r\n")


def accept_word(vocab_file: str | Path, word: str) -> bool:
    """Add a term to an accept.txt (created with its folders if needed); False if already there."""
    path = Path(vocab_file)
    term = word.strip()
    existing = path.read_text(encoding="utf-8").splitlines() if path.is_file() else []
    if not term or term in (line.strip() for line in existing):
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    content = "\n".join([*existing, term]) + "\n"
    atomic_write(path, content.encode("utf-8"))
    return True


def ignore_edit(text: str, offset: int, diagnostic: Diagnostic) -> TextEdit | None:
    """The edit that wraps the paragraph at ``offset`` in Vale controls for the diagnostic's rule.

    ``offset`` is where the diagnostic is now: the editor may have moved it
    since the diagnostic was computed.
    """
    article = parse_article(text)
    length = max(0, diagnostic.end - diagnostic.start)
    moved = dataclasses.replace(diagnostic, start=offset, end=min(len(text), offset + length))
    return minimal_edit(text, ignore_here(article, moved))


def accept_term(root: str | Path, term: str) -> Path:
    """Add ``term`` to the accepted words of the workspace at ``root``; returns the file."""
    return accept_term_in(settings_for(root), term)


def accept_term_in(settings: LintSettings, term: str) -> Path:
    """Add ``term`` to the accepted words these settings read; returns the file."""
    target = settings.vocab_file("accept")
    accept_word(target, term)
    return target


def safe_fix_edits(diagnostics: Iterable[Diagnostic]) -> list[TextEdit]:
    """The edits of every fix marked safe, as "Fix all safe" applies them.

    Fixes that overlap an earlier one are left out (the next check offers them
    again); a fix that is not marked safe is applied only when a writer picks it.
    """
    chosen = sorted(
        (d for d in diagnostics if d.fix is not None and d.fix.safe and d.end >= d.start),
        key=lambda d: (d.start, d.end),
    )
    edits: list[TextEdit] = []
    for d in chosen:
        if edits and d.start < edits[-1].end:
            continue
        assert d.fix is not None
        edits.append(TextEdit(d.start, d.end, d.fix.replacement))
    return edits
