"""Similar articles: warn a writer, while they type, that the article may already exist.

Each pause in typing sends the draft (as it is in the editor, saved or not)
to the search lane, which extracts its prose and, unless that prose is what
it compared last, asks the search service's ``similar_to_text``; the UI
thread only shows the answer (parsing a long article there cost tens of
milliseconds at every pause). The most
similar existing articles are listed with their similarity; above the
workspace's duplicate threshold a warning strip names the closest one and
offers to open it side by side. The warning never takes focus or blocks
typing: it is a strip in the panel, not a dialog.
"""

from __future__ import annotations

import hashlib
import html
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kbeditor.article import parse_article
from kbeditor.gui.panels.context import PanelContext, describe_error
from kbeditor.gui.panels.rich_list import RichList

SHOWN = 5
WARNING_STYLE = (
    "QFrame#duplicateWarning { background: #fef3c7; border: 2px solid #d97706; border-radius: 4px; }"
    "QFrame#duplicateWarning QLabel { color: #78350f; font-weight: bold; }"
)


def draft_of(text: str) -> str:
    """The part of an article that identifies it: title, then body prose (code and markup out)."""
    article = parse_article(text)
    body = " ".join(article.searchable[article.body_start :].split())
    return f"{article.title}\n{body}".strip()


def _share(similarity: float) -> str:
    """How much text two articles share, in words (a Jaccard of 0 still means a related topic)."""
    percent = round(similarity * 100)
    return f"{percent}% of the text shared" if percent else "same topic, little text shared"


class SimilarPanel(QWidget):
    """The most similar existing articles, and a warning above the duplicate threshold.

    Signals:
        updated(int): the list was refreshed for the latest draft (number of articles shown).
    """

    updated = Signal(int)

    def __init__(self, context: PanelContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("similarPanel")
        self.context = context
        self._generation = 0  # raised when a comparison must be redone (index or tab changed)
        self._compared: tuple[str, tuple[Path | None, list[Any]]] = (
            "",
            (None, []),
        )  # search lane only: (digest, result) compared last
        self._shown: object = None  # the result on screen, so an unchanged draft is not redrawn
        self._path: Path | None = None
        self._top: Any = None
        self._build()
        window = context.window
        window.text_changed_debounced.connect(self.draft_changed)
        window.current_article_changed.connect(self._article_changed)
        context.index_changed.connect(self._recheck)
        context.workspace_reset.connect(lambda _ws: self._recheck())
        self.open_button.clicked.connect(self._open_top)
        self.results.itemActivated.connect(self._open_item)
        path = window.current_path()
        if path is not None:
            self.draft_changed(path, window.current_text())

    def _build(self) -> None:
        self.warning = QFrame(self)
        self.warning.setObjectName("duplicateWarning")
        self.warning.setStyleSheet(WARNING_STYLE)
        self.warning_label = QLabel(self.warning)
        self.warning_label.setWordWrap(True)
        self.warning_label.setTextFormat(Qt.TextFormat.PlainText)
        self.open_button = QPushButton("&Open side by side", self.warning)
        self.open_button.setAccessibleName("Open the possible duplicate side by side")
        strip = QHBoxLayout(self.warning)
        strip.addWidget(self.warning_label, 1)
        strip.addWidget(self.open_button)
        self.warning.hide()
        self.status = QLabel("Similar articles appear here while you write.", self)
        self.status.setWordWrap(True)
        self.results = RichList(self)
        self.results.setAccessibleName("Similar articles")
        self.results.setToolTip("Enter or double-click opens the article side by side.")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.warning)
        layout.addWidget(self.status)
        layout.addWidget(self.results, 1)

    # -- requests --------------------------------------------------------------------
    def _article_changed(self, path: object) -> None:
        self._generation += 1
        self.draft_changed(path, self.context.window.current_text())

    def _recheck(self) -> None:
        self._generation += 1
        if self.context.window.current_path() is not None or self.context.window.current_text():
            self.draft_changed(
                self.context.window.current_path(), self.context.window.current_text()
            )

    def draft_changed(self, path: object, text: str) -> None:
        """Compare the draft with the workspace in the background (the UI thread only queues it)."""
        self._path = Path(str(path)) if path is not None else None
        exclude, generation = self._path, self._generation
        self.context.search_lane.submit(
            "similar",
            lambda: self._compare(text, exclude, generation),
            self._done,
            owner=self,
            failed=self._failed,
        )

    def _compare(
        self, text: str, exclude: Path | None, generation: int
    ) -> tuple[Path | None, list]:
        """On the search lane: (path, similar articles), reusing the last answer for the same prose."""
        draft = draft_of(text)
        digest = hashlib.sha1(f"{generation}\0{exclude}\0{draft}".encode()).hexdigest()
        last_digest, last_result = self._compared
        if digest == last_digest:
            return last_result
        found: list[Any] = []
        if len(draft.split()) >= 3:
            found = list(self.context.service().similar_to_text(text, k=SHOWN, exclude=exclude))
        self._compared = (digest, (exclude, found))
        return self._compared[1]

    def _done(self, result: tuple[Path | None, list]) -> None:
        if result is self._shown:
            return
        self._shown = result
        path, similar = result
        self._path = path
        self._show(similar)

    def _failed(self, error: BaseException) -> None:
        self.status.setText(f"Similar articles: {describe_error(error)}")

    # -- showing ---------------------------------------------------------------------
    def threshold(self) -> float:
        return float(self.context.workspace.config.get("search", "duplicate_threshold"))

    def _show(self, similar: list[Any]) -> None:
        own = self._path.resolve() if self._path else None
        similar = [s for s in similar if own is None or self._resolve(s.path) != own][:SHOWN]
        self.results.clear()
        for s in similar:
            rel = html.escape(self.context.workspace.relative(self._resolve(s.path)))
            share = _share(s.similarity)
            rich = f"<b>{html.escape(s.title)}</b><br/><small>{share} · {rel}</small>"
            self.results.add_row(rich, f"{s.title}: {share}", s.path)
        threshold = self.threshold()
        top = similar[0] if similar and similar[0].similarity >= threshold else None
        self._top = top
        if top is not None:
            self.warning_label.setText(
                f"This may duplicate: {top.title} ({round(top.similarity * 100)}%)"
            )
            self.warning.setAccessibleName(self.warning_label.text())
            self.warning.show()
        else:
            self.warning.hide()
        if similar:
            self.status.setText(
                f"Most similar existing articles (a warning shows from {round(threshold * 100)}%):"
            )
        else:
            self.status.setText("No similar articles found.")
        self.updated.emit(len(similar))

    def warning_text(self) -> str:
        """The warning as the writer sees it ("" when hidden)."""
        return self.warning_label.text() if not self.warning.isHidden() else ""

    def _resolve(self, path: Any) -> Path:
        return self.context.workspace.resolve(Path(str(path))).resolve()

    def _open_top(self) -> None:
        if self._top is not None:
            self.context.window.open_side_by_side(self._resolve(self._top.path))

    def _open_item(self, item: QListWidgetItem) -> None:
        self.context.window.open_side_by_side(self._resolve(item.data(Qt.ItemDataRole.UserRole)))
