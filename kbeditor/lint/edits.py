"""Edits the editor offers on a diagnostic: apply its fix, ignore the rule here, accept a word,
ignore a misspelling in one article.

Every function returns new text (or writes the vocabulary file); none of them
touches the article model, so the editor stays in charge of undo and saving.
"""

from __future__ import annotations

import re
from pathlib import Path

from kbeditor.article import Article
from kbeditor.lint.diagnostic import Diagnostic
from kbeditor.workspace import atomic_write


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
