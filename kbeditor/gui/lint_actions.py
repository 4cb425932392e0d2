"""The editor's "Ignore this rule here" and "Add to accepted words", on top of kbeditor.lint.edits.

The lint package decides what the text or vocabulary should become; this
module turns a whole-text answer into the smallest edit, so the editor's undo
step and cursor stay where the writer expects.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kbeditor.article import parse_article


@dataclass(frozen=True, slots=True)
class TextEdit:
    """Replace Python range ``[start, end)`` with ``text``."""

    start: int
    end: int
    text: str


def minimal_edit(old: str, new: str) -> TextEdit | None:
    """The one contiguous replacement that turns ``old`` into ``new`` (None if equal)."""
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


def ignore_edit(text: str, offset: int, diagnostic: Any) -> TextEdit | None:
    """The edit that wraps the paragraph at ``offset`` in Vale controls for the diagnostic's rule."""
    from kbeditor.lint.edits import ignore_here

    article = parse_article(text)
    length = max(0, diagnostic.end - diagnostic.start)
    moved = dataclasses.replace(diagnostic, start=offset, end=min(len(text), offset + length))
    return minimal_edit(text, ignore_here(article, moved))


def accept_term(root: Path, term: str) -> Path:
    """Add ``term`` to the workspace's accepted words; returns the vocabulary file."""
    from kbeditor.lint.edits import accept_word
    from kbeditor.lint.settings import settings_for

    target = settings_for(root).vocab_file("accept")
    accept_word(target, term)
    return target
