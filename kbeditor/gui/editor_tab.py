"""One open article: its editor, its banner, and what is known about its file on disk.

The tab remembers the text as last loaded or saved and a signature of the
file's bytes, so it can tell "modified here" from "changed on disk by another
program" and never overwrite either silently. Line endings and a byte-order
mark are kept as the file had them.
"""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QToolButton, QVBoxLayout, QWidget

from kbeditor.article import KEPT_ENCODINGS, load_article
from kbeditor.errors import KbError
from kbeditor.gui import theme
from kbeditor.gui.editor import MarkdownEditor

_KEYS = itertools.count(1)


@dataclass(frozen=True, slots=True)
class DiskSignature:
    """Enough to notice that another program changed a file."""

    size: int
    digest: str

    @classmethod
    def of(cls, path: Path) -> DiskSignature | None:
        try:
            data = path.read_bytes()
        except OSError:
            return None
        return cls(len(data), hashlib.sha1(data).hexdigest())


class Banner(QFrame):
    """A strip above the editor explaining a problem with the file."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("banner")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 6, 6)
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        close = QToolButton(self)
        close.setText("✕")
        close.setToolTip("Hide this notice")
        close.setAutoRaise(True)
        close.clicked.connect(self.hide)
        layout.addWidget(self.label, 1)
        layout.addWidget(close, 0, Qt.AlignmentFlag.AlignTop)
        self.hide()
        self._restyle(theme.current().dark)
        theme.THEME.changed.connect(self._restyle)

    def show_messages(self, messages: list[str]) -> None:
        if not messages:
            self.hide()
            return
        self.label.setText("\n".join(messages))
        self.show()

    def text(self) -> str:
        """The message shown, or an empty string when the banner is hidden."""
        return "" if self.isHidden() else self.label.text()

    def _restyle(self, _dark: bool) -> None:
        c = theme.current()
        self.setStyleSheet(
            f"#banner {{ background: {c.banner_bg}; border-bottom: 1px solid {c.warning}; }}"
            f"#banner QLabel {{ color: {c.banner_text}; }}"
        )


class EditorTab(QWidget):
    """An article open for editing.

    Signals:
        modified_changed(bool): unsaved changes appeared or went away.
    """

    modified_changed = Signal(bool)

    def __init__(self, path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.key = next(_KEYS)
        self.path = path
        self.revision = 0
        self.analysis: Any = None  # the latest Analysis applied to this tab
        self.preview: Any = None  # the latest PreviewResult for this tab
        self.recovered_revision = -1
        self.announced_revision = 0  # the last revision sent with text_changed_debounced
        self.crlf = False
        self.bom = False
        self.encoding = "utf-8"
        self.readable = True
        self.signature: DiskSignature | None = None
        self.banner = Banner(self)
        self.editor = MarkdownEditor(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.banner)
        layout.addWidget(self.editor, 1)
        self.on_change: Callable[[EditorTab], None] | None = None
        # One Python slot per keystroke: each slot call must take the interpreter lock,
        # which a worker may hold, so fewer calls mean steadier typing.
        self.editor.document().contentsChanged.connect(self._changed)
        self.editor.document().modificationChanged.connect(self.modified_changed)

    # -- loading and saving ------------------------------------------------------------
    def load(self) -> None:
        """Read the file into the editor; problems go to the banner, never to an exception."""
        if not self.path.exists():  # e.g. a recovery copy of an article deleted since
            self.set_text("")
            self.editor.document().setModified(False)
            self.banner.show_messages([f"{self.path.name} does not exist; saving creates it."])
            return
        try:
            article = load_article(self.path)
        except KbError as exc:
            self.readable = False
            self.editor.setPlainText("")
            self.editor.setReadOnly(True)
            self.banner.show_messages([f"This file cannot be opened as an article: {exc.message}"])
            self.signature = DiskSignature.of(self.path)
            return
        text = article.text
        self.crlf = "\r\n" in text
        if self.crlf:
            text = text.replace("\r\n", "\n")
        self.bom, self.encoding = article.bom, article.encoding
        messages = _problem_messages(article.errors, self.encoding)
        self.set_text(text)
        self.editor.document().setModified(False)
        self.signature = DiskSignature.of(self.path)
        self.banner.show_messages(messages)

    def start_new(self, text: str, name: str) -> None:
        """Hold a new article that is not on disk yet: unsaved until the first save."""
        self.set_text(text)
        self.signature = None
        self.editor.document().setModified(True)
        self.banner.show_messages([f"New article: saving creates {name}."])

    def set_text(self, text: str) -> None:
        self.editor.setPlainText(text)

    def replace_all_text(self, text: str) -> None:
        """Replace the whole text as one undoable step (used for recovery and reloads)."""
        cursor = self.editor.textCursor()
        cursor.beginEditBlock()
        cursor.select(cursor.SelectionType.Document)
        cursor.insertText(text)
        cursor.endEditBlock()

    def text(self) -> str:
        return self.editor.text()

    def file_text(self) -> str:
        """The text as it goes to disk, with the file's own line endings."""
        text = self.text()
        return text.replace("\n", "\r\n") if self.crlf else text

    def refresh_banner(self) -> None:
        """After a save, the banner describes the file as written: fixed problems go away."""
        from kbeditor.article import parse_article

        self.banner.show_messages(_problem_messages(parse_article(self.text()).errors, "utf-8"))

    def mark_saved(self) -> None:
        self.editor.document().setModified(False)
        self.signature = DiskSignature.of(self.path)
        if self.encoding not in KEPT_ENCODINGS:
            self.encoding = "utf-8"  # what the save wrote

    @property
    def modified(self) -> bool:
        return self.editor.document().isModified()

    def changed_on_disk(self) -> bool:
        """Whether the file's bytes differ from what was last loaded or saved here."""
        return DiskSignature.of(self.path) != self.signature

    def lossy(self) -> bool:
        """Whether saving would replace bytes that could not be decoded."""
        return self.encoding == "utf-8-replaced"

    def _changed(self) -> None:
        self.revision += 1
        if self.on_change is not None:
            self.on_change(self)


def _problem_messages(errors: list[Any], encoding: str) -> list[str]:
    """The banner's lines for problems found reading an article."""
    messages = [f"line {e.line}: {e.message}" if e.line else e.message for e in errors]
    if encoding not in ("utf-8", *KEPT_ENCODINGS):
        messages.append("Saving writes the file as UTF-8.")
    if messages:
        messages.insert(0, "This article has problems; you can fix them here:")
    return messages
