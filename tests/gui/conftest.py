"""Qt test setup: offscreen platform, settings kept in a temporary folder, windows on real workspaces."""

from __future__ import annotations

import os
import tempfile
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

# Before Qt loads: no display needed, and no chance of touching the user's own settings.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="kbeditor-test-config-")

import pytest
from PySide6.QtCore import QSettings

from kbeditor.workspace import Workspace


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path: Path) -> Iterator[Path]:
    """Each test gets its own empty QSettings store."""
    folder = tmp_path / "settings"
    folder.mkdir()
    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(folder))
    QSettings("kbeditor", "kbeditor").clear()
    yield folder


def activate(window: object) -> None:
    """Make ``window`` the active window, so keyboard shortcuts reach it.

    The offscreen platform cannot activate windows itself (it lacks that
    capability), and Qt only delivers shortcuts to the active window.
    """
    from PySide6.QtWidgets import QApplication

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        QApplication.setActiveWindow(window)


@pytest.fixture
def make_window(qtbot, qapp) -> Iterator[Callable[..., object]]:
    """Build a shown MainWindow on a folder, with scripted answers; closed without questions after."""
    from kbeditor.gui import theme
    from kbeditor.gui.app import application, open_window
    from kbeditor.gui.ask import ScriptedAnswers

    application()
    theme.THEME.apply(theme.LIGHT)
    made: list[Any] = []

    def build(
        root: Path,
        answers: dict[str, str] | None = None,
        *,
        open_path: str | None = None,
        remember: bool = True,
        restore: bool = True,
    ) -> Any:
        window = open_window(
            Workspace(root), ScriptedAnswers(dict(answers or {})), remember=remember
        )
        window.resize(1400, 900)
        window.show()
        qtbot.waitExposed(window)
        activate(window)
        if restore:
            window.restore_tabs(Path(open_path) if open_path else None)
        made.append(window)
        return window

    yield build
    for window in made:
        try:
            window.ask.answers["save-on-close"] = "discard"
            window.close()
            window.analyzer.wait(5000)
            window.scanner.cancel()
            window.scanner.wait(10000)
            window.deleteLater()
        except RuntimeError:  # already deleted by the test
            pass
    qapp.processEvents()
