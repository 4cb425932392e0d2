"""Notices edits to the rules in force, so the editor checks again with them.

A writer who changes ``target:`` in the workspace's copy of
``ArticleGrade.yml`` (or turns a rule off in ``kbeditor.toml``) expects the
status bar, the readability panel and the underlines to follow without a
restart. This watches the workspace's config file and the files of the
style folders in use (bundled ones included) and, after a short pause,
calls ``reload``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer

log = logging.getLogger(__name__)
PAUSE_MS = 300


class RuleWatcher(QObject):
    """Calls ``reload`` once after the rule files or the lint configuration of ``root`` change."""

    def __init__(
        self, root: Path, reload: Callable[[], None], parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._reload = reload
        self._watcher = QFileSystemWatcher(self)
        self._watcher.fileChanged.connect(self._changed)
        self._watcher.directoryChanged.connect(self._changed)
        self._timer = QTimer(self, singleShot=True, interval=PAUSE_MS)
        self._timer.timeout.connect(self._fire)
        self._root = root
        self.watch(root)

    def watch(self, root: Path) -> None:
        """Watch what the lint of ``root`` reads (call again after switching workspace)."""
        self._root = root
        old = self._watcher.files() + self._watcher.directories()
        if old:
            self._watcher.removePaths(old)
        paths = [str(p) for p in _watched_paths(root)]
        if paths:
            self._watcher.addPaths(paths)

    def _changed(self, _path: str) -> None:
        self._timer.start()

    def _fire(self) -> None:
        self.watch(self._root)  # a file replaced by a save is no longer watched: take it up again
        self._reload()


def _watched_paths(root: Path) -> list[Path]:
    """The workspace's lint config file, each style folder in use and its rule files.

    Not the workspace folder itself: every save of an article there would reload the rules.
    """
    from kbeditor.lint.settings import settings_for

    paths: list[Path] = []
    try:
        settings = settings_for(root)
    except Exception:  # a broken config is reported by the linter; still watch the folder
        log.debug("no lint settings for %s", root, exc_info=True)
        return paths
    if settings.source is not None:
        paths.append(Path(settings.source))
    for style in settings.styles:
        folder = settings.find_style(style)
        if folder is None:
            continue
        paths.append(folder)
        paths.extend(p for p in sorted(folder.glob("*.y*ml")) if p.is_file())
    return [p for p in dict.fromkeys(paths) if p.exists()]
