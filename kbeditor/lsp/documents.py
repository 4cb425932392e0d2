"""Open documents and their latest check, kept the way the desktop editor keeps its tabs.

Each open document remembers its previous lint result, so a check after an
edit reruns only the paragraphs that changed (:func:`kbeditor.lint.live.live_check`).
Which rules apply comes from the configuration file found from the
document's folder, exactly as ``kbeditor lint`` finds it. Nothing here knows
about the protocol: the server turns a :class:`Checked` into LSP messages.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from kbeditor.article import Article, parse_article
from kbeditor.errors import KbError
from kbeditor.lint.diagnostic import Diagnostic
from kbeditor.lint.engine import Linter, LintResult
from kbeditor.lint.linters import Linters
from kbeditor.lint.live import live_check


@dataclass(frozen=True, slots=True)
class Checked:
    """The findings for one version of one document (``linter`` is None when none could load)."""

    uri: str
    version: int | None
    text: str
    article: Article
    diagnostics: tuple[Diagnostic, ...]
    linter: Linter | None


@dataclass
class DocumentChecker:
    """Checks open documents; use it from one thread at a time (the linter caches are not shared).

    Args:
        config: a kbeditor.toml or .vale.ini to use for every document instead of the one found.
        min_level: the lowest level reported, over the configuration's own.
        root: the workspace folder whose settings apply when no configuration is found.
    """

    config: str | None = None
    min_level: str | None = None
    root: Path | None = None
    problems: list[str] = field(default_factory=list)  # for the user, drained by the server
    _linters: Linters | None = None
    _previous: dict[str, LintResult | None] = field(default_factory=dict)
    _reported: set[str] = field(default_factory=set)
    _failed: set[object] = field(default_factory=set)

    def check(self, uri: str, path: Path | None, text: str, version: int | None) -> Checked:
        """Lint one version of a document, reusing its previous result for unchanged paragraphs."""
        article = parse_article(text, path)
        linter = self.linter_for(path)
        if linter is None:
            return Checked(uri, version, text, article, (), None)
        diagnostics, self._previous[uri] = live_check(linter, article, self._previous.get(uri))
        return Checked(uri, version, text, article, tuple(diagnostics), linter)

    def linter_for(self, path: Path | None) -> Linter | None:
        """The linter for a document (None, with a problem reported once, when none loads)."""
        where = path or (self.root or Path.cwd()) / "untitled.md"
        linters = self._linter_set()
        key = linters.key_for(where)
        if key in self._failed:  # building again would fail again, on every keystroke
            return None
        try:
            return linters.for_path(where)
        except KbError as exc:
            self._failed.add(key)
            self._report(str(exc))
            return None

    def forget(self, uri: str) -> None:
        """A document closed: drop its previous result."""
        self._previous.pop(uri, None)

    def reload(self) -> None:
        """Read rules, configuration and vocabularies again (after the vocabulary changed)."""
        self._linters = None
        self._previous.clear()
        self._reported.clear()
        self._failed.clear()

    def _linter_set(self) -> Linters:
        if self._linters is None:
            self._linters = Linters(
                self.config, self.min_level, report=self._report, default_root=self.root
            )
        return self._linters

    def _report(self, message: str) -> None:
        if message not in self._reported:  # a broken file is reported once, not per keystroke
            self._reported.add(message)
            self.problems.append(message)
