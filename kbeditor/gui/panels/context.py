"""What the side panels share: the window they serve, the search service and two job runners.

The search panel and the similar-articles panel use one search service and
one runner (the search lane), so an index update after a save and a lookup while typing never
touch the index at the same time. Readability and checklist figures run on a
second lane, so a long first index build does not hold them up.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QSettings, Signal

from kbeditor.gui import session
from kbeditor.gui.jobs import JobRunner

SETTINGS_GROUP = "panels"


def settings() -> QSettings:
    """The editor's settings (see kbeditor.gui.session); panels keep state under ``panels/``."""
    return session.settings()


def load_setting(name: str, default: Any, kind: Callable[[Any], Any] = str) -> Any:
    value = settings().value(f"{SETTINGS_GROUP}/{name}", default)
    if kind is bool:
        return value in (True, "true", "1", 1)
    try:
        return kind(value)
    except (TypeError, ValueError):
        return default


def save_setting(name: str, value: Any) -> None:
    settings().setValue(f"{SETTINGS_GROUP}/{name}", value)


class PanelContext(QObject):
    """The window, its workspace and the shared background services.

    Signals:
        index_changed(): the search index was brought up to date (results may differ).
        index_failed(str): the index could not be updated; the message says why.
        workspace_reset(object): the window switched to another workspace.
    """

    index_changed = Signal()
    index_failed = Signal(str)
    workspace_reset = Signal(object)

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window = window
        self.workspace = window.workspace
        self.search_lane = JobRunner(self)
        self.analysis_lane = JobRunner(self)
        self._service: Any = None
        self._service_root: Path | None = None
        self._service_lock = threading.Lock()
        self._dirty: set[Path] | None = set()
        self._dirty_lock = threading.Lock()
        window.article_saved.connect(self._saved)
        window.workspace_changed.connect(self._workspace_changed)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown)

    # -- the search service (used on the search lane's thread only) ----------------------
    def service(self) -> Any:
        """The search service for the current workspace; built on first use, on the lane."""
        workspace = self.workspace
        with self._service_lock:
            if self._service is None or self._service_root != workspace.root:
                from kbeditor.search import SearchService

                self._service = SearchService(workspace)
                self._service_root = workspace.root
            return self._service

    def request_index_update(self, paths: list[Path] | None = None) -> None:
        """Bring the index up to date in the background (``None``: check every article)."""
        with self._dirty_lock:
            if paths is None or self._dirty is None:
                self._dirty = None
            else:
                self._dirty.update(Path(p) for p in paths)
        self.search_lane.submit(
            "update",
            self._run_update,
            lambda _result: self.index_changed.emit(),
            failed=lambda error: self.index_failed.emit(describe_error(error)),
        )

    def _run_update(self) -> Any:
        with self._dirty_lock:
            dirty, self._dirty = self._dirty, set()
        service = self.service()
        if dirty is None:
            return service.update()
        return service.update(sorted(dirty)) if dirty else None

    # -- window events ----------------------------------------------------------------
    def _saved(self, path: object) -> None:
        if path is not None:
            self.request_index_update([Path(str(path))])

    def _workspace_changed(self, workspace: object) -> None:
        self.workspace = workspace
        self.request_index_update(None)
        self.workspace_reset.emit(workspace)

    def shutdown(self) -> None:
        """Stop the lanes (waiting jobs are dropped; a running one finishes)."""
        self.search_lane.shutdown()
        self.analysis_lane.shutdown()


def describe_error(error: object) -> str:
    """One line for a panel's status text: a KbError's own sentence, else the exception's."""
    if isinstance(error, ModuleNotFoundError):
        return f"not available in this installation ({error.name})"
    text = str(error).strip() or type(error).__name__
    return text.splitlines()[0]
