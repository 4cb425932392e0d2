"""Starting the editor: the Qt application, the workspace to open, and ``--screenshot``.

``run_app`` is what ``kbeditor gui`` calls. Without a workspace it opens the
last one (QSettings), else the bundled sample KB. With ``screenshot`` it
answers no questions, touches no settings, waits until the first article
is open, linted and previewed (and the workspace badges are in), saves a
picture of the window and exits.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from kbeditor.bundled import ICON, sample_workspace
from kbeditor.errors import KbError
from kbeditor.gui import session, theme
from kbeditor.gui.ask import AskPolicy, ScriptedAnswers
from kbeditor.gui.main_window import MainWindow
from kbeditor.gui.window_layout import unelide_dock_tabs
from kbeditor.workspace import Workspace

SCREENSHOT_SIZE = (1400, 900)
SCREENSHOT_TIMEOUT_S = 90


def application() -> QApplication:
    """The QApplication, created once with our names and style."""
    # Workers (lint, preview, search) are Python threads; a shorter switch interval hands the
    # interpreter back to the UI thread sooner, so a keystroke never waits long behind them.
    sys.setswitchinterval(0.001)
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(sys.argv[:1])
    app.setOrganizationName(session.ORGANISATION)
    app.setApplicationName(session.APPLICATION)
    app.setApplicationDisplayName("kbeditor")
    app.setDesktopFileName("kbeditor")  # Wayland matches windows to kbeditor.desktop by this
    app.setStyle("Fusion")
    if ICON.is_file():
        app.setWindowIcon(QIcon(str(ICON)))
    return app


def choose_workspace(given: Path | None) -> Workspace:
    """The workspace to open: the one given, the last one used, or the bundled sample KB."""
    if given is not None:
        return Workspace(given)
    last = session.last_workspace()
    if last is not None:
        try:
            return Workspace(last)
        except KbError:
            pass
    return Workspace(sample_workspace())


def open_window(
    workspace: Workspace, ask: AskPolicy | None = None, *, remember: bool = True
) -> MainWindow:
    """The editor window for ``workspace`` (not shown yet); tests and benches build it here."""
    return MainWindow(workspace, ask, remember=remember)


def run_app(
    workspace: Path | None,
    screenshot: Path | None = None,
    *,
    theme_mode: str | None = None,
    article: Path | None = None,
) -> int:
    """Open the editor; returns the exit code."""
    app = application()
    mode = theme_mode or ("light" if screenshot else str(session.value("view/theme", theme.SYSTEM)))
    theme.THEME.apply(mode)
    theme.THEME.follow_system()
    try:
        ws = choose_workspace(workspace)
    except KbError as exc:
        print(f"kbeditor: {exc}", file=sys.stderr)
        return 2
    if screenshot is not None:
        return _screenshot(app, ws, screenshot, article)
    window = open_window(ws, AskPolicy())
    window.show()
    QTimer.singleShot(0, lambda: window.restore_tabs(article))
    return app.exec()


def _screenshot(app: QApplication, ws: Workspace, target: Path, article: Path | None) -> int:
    window = open_window(ws, ScriptedAnswers(), remember=False)
    window.resize(*SCREENSHOT_SIZE)
    window.show()
    window.restore_tabs(article)
    began = time.monotonic()
    result = {"code": 1}

    def done() -> bool:
        opened = bool(window.tabs())
        return (window.router.is_ready or not opened) and not window.scanner.running

    def poll() -> None:
        timed_out = time.monotonic() - began > SCREENSHOT_TIMEOUT_S
        if not done() and not timed_out:
            return
        timer.stop()
        if timed_out:
            print(
                "kbeditor: timed out waiting for the first article to be checked", file=sys.stderr
            )
        app.processEvents()
        unelide_dock_tabs(window)
        app.processEvents()
        target.parent.mkdir(parents=True, exist_ok=True)
        if window.grab().save(str(target), "PNG"):
            result["code"] = 1 if timed_out else 0
        else:
            print(f"kbeditor: could not write {target}", file=sys.stderr)
        window.close()
        app.quit()

    timer = QTimer(window, interval=100)
    timer.timeout.connect(poll)
    timer.start()
    app.exec()
    return result["code"]
