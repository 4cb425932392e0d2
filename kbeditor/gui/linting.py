"""The editor's view of the lint engine: one linter per workspace, used from a worker thread.

Everything about rules lives in :mod:`kbeditor.lint`; this module only
creates the linter lazily (loading rules is work for the worker, not the UI
thread), keeps the notices it produced (a broken rule file is reported once,
linting goes on without it), and survives a linter that raises on an
article, which must never take the editor down.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kbeditor.article import Article
from kbeditor.errors import KbError

log = logging.getLogger(__name__)


@dataclass
class LintSession:
    """A linter for one workspace root; safe to call from one thread at a time."""

    root: Path
    notices: list[str] = field(default_factory=list)
    _linter: Any = None
    _failed: bool = False
    _badges: Any = None  # BadgeCache, False when it could not be made
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def linter(self) -> Any:
        with self._lock:
            if self._linter is None and not self._failed:
                self._linter = self._create()
            return self._linter

    def _create(self) -> Any:
        from kbeditor.lint.engine import Linter

        try:
            linter = Linter.for_workspace(self.root)
        except Exception as exc:  # a broken config must not stop the editor
            self._failed = True
            self.notices.append(f"Linting is off: {exc}")
            return None
        errors = list(getattr(linter, "errors", []))
        if errors:  # one notice for all broken rule files; the other rules still run
            files = "; ".join(str(e) for e in errors[:3]) + (" …" if len(errors) > 3 else "")
            self.notices.append(
                f"{len(errors)} rule file(s) could not be loaded and are skipped: {files}"
            )
        return linter

    def check(self, article: Article, previous: Any = None) -> tuple[list[Any], Any]:
        """(diagnostics, result to pass back as ``previous`` next time for this editor)."""
        from kbeditor.lint.live import live_check

        linter = self.linter()
        if linter is None:
            return [], None
        return live_check(linter, article, previous)

    def lint(self, article: Article) -> list[Any]:
        return self.check(article)[0]

    def badge_cache(self) -> Any:
        """The workspace's lint cache for this rule set (opened on first use), or None.

        Only the rule set's identity is needed, not a built linter: a restart that
        finds every article in the cache never compiles the rules here.
        Call it from a worker thread: it reads the configuration and hashes the rule files.
        """
        with self._lock:
            if self._badges is None:
                self._badges = self._open_cache() or False
            return self._badges or None

    def _open_cache(self) -> Any:
        from kbeditor.gui.badge_cache import BadgeCache
        from kbeditor.lint.identity import ruleset_identity
        from kbeditor.lint.settings import settings_for

        try:
            settings = getattr(self._linter, "settings", None) or settings_for(self.root)
            return BadgeCache(self.root, ruleset_identity(settings))
        except KbError:  # a broken configuration: the linter reports it, no cache meanwhile
            return None
        except Exception:  # no cache is slower, never broken
            log.exception("badge cache unavailable")
            return None


def worst_severity(diagnostics: list[Any]) -> str | None:
    """The most serious severity among diagnostics, or None when there are none."""
    order = ("error", "warning", "suggestion")
    found = {d.severity for d in diagnostics}
    return next((s for s in order if s in found), None)
