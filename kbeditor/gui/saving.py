"""Never lose a word: saving, recovery copies, and files changed by other programs.

Every decision that could lose text is a question to the writer through
the window's ``ask`` policy, whose safe default keeps both versions.
Recovery copies go to the workspace's data folder (``.kbeditor/recovery/``)
through :meth:`Workspace.write_recovery`, never next to the articles.

The :class:`Keeper` needs only a small :class:`KeeperHost` (the open tabs,
the workspace, a way to ask and to open an article) and reports through
signals, so it can be driven without a window.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal

from kbeditor.errors import KbError
from kbeditor.gui.ask import (
    OVERWRITE_EXTERNAL,
    RELOAD_EXTERNAL,
    RESTORE_RECOVERY,
    SAVE_LOSSY,
    SAVE_ON_CLOSE,
    Question,
)
from kbeditor.gui.editor_tab import DiskSignature, EditorTab
from kbeditor.workspace import Workspace

log = logging.getLogger(__name__)


class KeeperHost(Protocol):
    """What the keeper needs of the window it serves."""

    @property
    def workspace(self) -> Workspace: ...

    def tabs(self) -> list[EditorTab]: ...

    def ask_question(self, question: Question) -> str: ...

    def open_article(self, path: Path) -> EditorTab | None: ...


class Keeper(QObject):
    """Saves, writes recovery copies and watches open files for the window.

    Args:
        host: the open tabs, the workspace and the way to ask the writer.

    Signals:
        status(str): a short message for the status bar.
        notice(str): a window-wide message (a file could not be saved).
    """

    status = Signal(str)
    notice = Signal(str)

    def __init__(self, host: KeeperHost, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.host = host
        self.watcher = QFileSystemWatcher(self)
        self.watcher.fileChanged.connect(self._file_changed)
        self._check_timer = QTimer(self, singleShot=True, interval=250)
        self._check_timer.timeout.connect(self.check_external_changes)
        self.recovery_timer = QTimer(self)
        self.recovery_timer.timeout.connect(self.write_recoveries)
        self._checking = False

    def start(self, recovery_seconds: int) -> None:
        self.recovery_timer.start(max(1, int(recovery_seconds)) * 1000)

    def stop(self) -> None:
        self.recovery_timer.stop()
        self._check_timer.stop()

    # -- saving -------------------------------------------------------------------------
    def save(self, tab: EditorTab) -> bool:
        """Write the tab's text atomically; asks first if that would overwrite someone else's change."""
        w = self.host
        if not tab.readable:
            self.status.emit(f"{tab.path.name} cannot be saved: it could not be read as text")
            return False
        if tab.path.exists() and tab.changed_on_disk():
            answer = w.ask_question(
                Question(
                    OVERWRITE_EXTERNAL,
                    "File changed on disk",
                    f"{tab.path.name} was changed by another program since you opened it.",
                    (("overwrite", "Overwrite with my version"), ("cancel", "Cancel")),
                    "cancel",
                    "Saving now replaces the other program's changes.",
                )
            )
            if answer != "overwrite":
                return False
        if tab.lossy():
            answer = w.ask_question(
                Question(
                    SAVE_LOSSY,
                    "Unreadable characters",
                    f"{tab.path.name} had bytes that could not be read; they are shown as \ufffd.",
                    (("save", "Save as UTF-8"), ("cancel", "Cancel")),
                    "cancel",
                    "Saving replaces those bytes for good.",
                )
            )
            if answer != "save":
                return False
        self.unwatch(tab.path)
        try:
            w.workspace.save(tab.path, tab.file_text(), bom=tab.bom, encoding=tab.encoding)
        except (OSError, KbError) as exc:
            self.notice.emit(f"{tab.path}: could not save: {exc}")
            self.watch(tab.path)
            return False
        tab.mark_saved()
        tab.refresh_banner()
        self.watch(tab.path)
        self._clear_recovery(tab)
        return True

    # -- recovery copies ------------------------------------------------------------------
    def write_recoveries(self) -> int:
        """Copy unsaved text of every modified tab that changed since its last copy."""
        written = 0
        for tab in self.host.tabs():
            if not tab.readable:
                continue
            if not tab.modified:
                if tab.recovered_revision >= 0:
                    self._clear_recovery(tab)
                continue
            if tab.recovered_revision == tab.revision:
                continue
            try:
                self.host.workspace.write_recovery(tab.path, tab.text())
            except OSError as exc:
                self.status.emit(f"Could not write a recovery copy: {exc}")
                continue
            tab.recovered_revision = tab.revision
            written += 1
        return written

    def _clear_recovery(self, tab: EditorTab) -> None:
        try:
            self.host.workspace.clear_recovery(tab.path)
        except OSError:
            log.warning("could not remove the recovery copy of %s", tab.path)
        tab.recovered_revision = -1

    def discard_recovery(self, tab: EditorTab) -> None:
        self._clear_recovery(tab)

    def offer_recoveries(self) -> list[Path]:
        """Ask, for each recovery copy left by an earlier run, whether to restore it."""
        w = self.host
        restored = []
        for path, text in w.workspace.pending_recoveries():
            rel = w.workspace.display(path)
            answer = w.ask_question(
                Question(
                    RESTORE_RECOVERY,
                    "Restore unsaved changes?",
                    f"kbeditor closed before you saved {rel}. Restore your unsaved changes?",
                    (
                        ("restore", "Restore"),
                        ("discard", "Discard them"),
                        ("later", "Decide later"),
                    ),
                    "later",
                    "Restore opens the article with your changes; it is saved only when you save.",
                )
            )
            if answer == "discard":
                w.workspace.clear_recovery(path)
            elif answer == "restore":
                tab = w.open_article(path)
                if tab is None:
                    continue
                if tab.text() == text:
                    w.workspace.clear_recovery(path)  # nothing unsaved in it after all
                    continue
                tab.replace_all_text(text)
                tab.recovered_revision = tab.revision  # the copy on disk holds this text
                restored.append(path)
        return restored

    def modified_changed(self, tab: EditorTab, modified: bool) -> None:
        """Remove the tab's copy once its text is back to what is on disk (saved or undone).

        Only a copy this window wrote or restored: one the writer chose to decide about
        later stays until they decide.
        """
        if not modified and tab.recovered_revision >= 0:
            self._clear_recovery(tab)

    # -- closing ---------------------------------------------------------------------------
    def confirm_close(self, tabs: list[EditorTab]) -> bool:
        """Ask about unsaved tabs; True when closing may go ahead."""
        dirty = [t for t in tabs if t.modified and t.readable]
        if not dirty:
            return True
        names = ", ".join(t.path.name for t in dirty[:5]) + (" …" if len(dirty) > 5 else "")
        answer = self.host.ask_question(
            Question(
                SAVE_ON_CLOSE,
                "Unsaved changes",
                f"Save your changes to {names}?",
                (("save", "Save"), ("discard", "Don't save"), ("cancel", "Cancel")),
                "cancel",
                "Your changes are lost if you don't save them.",
            )
        )
        if answer == "cancel":
            return False
        for tab in dirty:
            if answer == "save" and not self.save(tab):
                return False
            if answer == "discard":
                self._clear_recovery(tab)
        return True

    # -- files changed by other programs -------------------------------------------------------
    def watch(self, path: Path) -> None:
        if path.exists() and str(path) not in self.watcher.files():
            self.watcher.addPath(str(path))

    def unwatch(self, path: Path) -> None:
        if str(path) in self.watcher.files():
            self.watcher.removePath(str(path))

    def _file_changed(self, _path: str) -> None:
        self._check_timer.start()

    def check_external_changes(self) -> list[Path]:
        """Compare each open file with what was loaded; reload or ask. Returns the paths handled."""
        if self._checking:  # a question is open: do not stack another on top
            return []
        self._checking = True
        try:
            return [tab.path for tab in self.host.tabs() if self._check(tab)]
        finally:
            self._checking = False

    def _check(self, tab: EditorTab) -> bool:
        w = self.host
        if not tab.changed_on_disk():
            self.watch(tab.path)  # atomic replacements drop the watch: take it up again
            return False
        if not tab.path.exists():
            tab.banner.show_messages(
                [f"{tab.path.name} was deleted or moved on disk. Save to keep it."]
            )
            tab.signature = None
            tab.editor.document().setModified(True)
            return True
        if not tab.modified:
            self.reload(tab)
            self.status.emit(f"{tab.path.name} changed on disk and was reloaded")
            return True
        answer = w.ask_question(
            Question(
                RELOAD_EXTERNAL,
                "File changed on disk",
                f"{tab.path.name} was changed by another program, and you have unsaved changes.",
                (("reload", "Reload (lose my changes)"), ("keep", "Keep my version")),
                "keep",
                "If you keep your version, saving replaces the other program's changes.",
            )
        )
        if answer == "reload":
            self.reload(tab)
        else:
            tab.signature = DiskSignature.of(tab.path)  # the writer decided: do not ask again
            tab.banner.show_messages(
                [
                    f"{tab.path.name} changed on disk; you kept your version. Saving replaces the file."
                ]
            )
        self.watch(tab.path)
        return True

    def reload(self, tab: EditorTab) -> None:
        """Read the file again, as one undoable step so a reload can be taken back."""
        cursor = tab.editor.textCursor().position()
        fresh = EditorTab(tab.path)
        fresh.load()
        if fresh.readable:
            tab.replace_all_text(fresh.text())
            tab.mark_saved()
            tab.crlf, tab.bom, tab.encoding = fresh.crlf, fresh.bom, fresh.encoding
            tab.banner.show_messages([] if fresh.banner.isHidden() else [fresh.banner.label.text()])
            c = tab.editor.textCursor()
            c.setPosition(min(cursor, tab.editor.document().characterCount() - 1))
            tab.editor.setTextCursor(c)
        fresh.deleteLater()
        self.watch(tab.path)
