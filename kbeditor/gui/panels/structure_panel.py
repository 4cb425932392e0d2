"""The structure panel: the article's outline (click to jump) and the symptom-first checklist.

The checklist comes from :mod:`kbeditor.checklist`: ticked from the latest
lint results for the open article and from the article's own shape, so it
moves as soon as the writer adds numbered steps or moves the cause.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kbeditor.article import parse_article
from kbeditor.checklist import CheckItem, checklist
from kbeditor.gui import theme
from kbeditor.gui.panels.context import PanelContext, describe_error, load_setting, save_setting

# Mark, spoken state and theme colour (kbeditor.gui.theme.Colours field) of each item state.
MARKS = {
    True: ("✓", "done", "ok"),
    False: ("✗", "missing", "error"),
    None: ("–", "not needed", "muted"),
}
LINE_ROLE = Qt.ItemDataRole.UserRole


class StructurePanel(QWidget):
    """Outline and checklist of the open article.

    Signals:
        updated(object): the checklist shown changed (the list of CheckItem).
    """

    updated = Signal(object)

    def __init__(self, context: PanelContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("structurePanel")
        self.context = context
        self._path: Path | None = None
        self._diagnostics: dict[str, list[Any]] = {}
        self.items: list[CheckItem] = []
        self._build()
        window = context.window
        window.text_changed_debounced.connect(self.text_changed)
        window.current_article_changed.connect(
            lambda path: self.text_changed(path, window.current_text())
        )
        window.lint_finished.connect(self.lint_finished)
        self.outline.itemActivated.connect(self._jump_heading)
        self.checks.itemActivated.connect(self._jump_check)
        self.checks.currentItemChanged.connect(self._show_detail)
        if window.current_path() is not None or window.current_text():
            self.text_changed(window.current_path(), window.current_text())

    def _build(self) -> None:
        self.outline = QTreeWidget(self)
        self.outline.setHeaderLabel("Outline")
        self.outline.setAccessibleName("Outline")
        self.outline.setToolTip("Enter or double-click a heading to jump to it.")
        self.checks = QListWidget(self)
        self.checks.setAccessibleName("Structure checklist")
        self.detail = QLabel("", self)
        self.detail.setWordWrap(True)
        self.detail.setAccessibleName("Checklist item detail")
        heading = QLabel("<b>Symptom-first checklist</b>", self)
        lower = QWidget(self)
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(heading)
        lower_layout.addWidget(self.checks, 1)
        lower_layout.addWidget(self.detail)
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.addWidget(self.outline)
        self.splitter.addWidget(lower)
        self.splitter.setChildrenCollapsible(False)
        state = load_setting("structure/splitter", None, lambda v: v)
        if state is not None:
            self.splitter.restoreState(state)
        self.splitter.splitterMoved.connect(
            lambda *_: save_setting("structure/splitter", self.splitter.saveState())
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.splitter)

    # -- computing -------------------------------------------------------------------
    def lint_finished(self, path: object, diagnostics: object) -> None:
        """Keep the latest lint results per article and re-tick the list."""
        self._diagnostics[str(path)] = list(diagnostics or [])  # type: ignore[call-overload]
        if self._path is not None and str(path) == str(self._path):
            self.text_changed(self._path, self.context.window.current_text())

    def text_changed(self, path: object, text: str) -> None:
        self._path = Path(str(path)) if path is not None else None
        diagnostics = self._diagnostics.get(str(path))  # None until the first lint pass

        def job() -> tuple[Any, list[CheckItem]]:
            article = parse_article(text, path if path is None else Path(str(path)))
            return article, checklist(article, diagnostics)

        self.context.analysis_lane.submit(
            "structure", job, self._done, owner=self, failed=self._failed
        )

    def _done(self, result: tuple[Any, list[CheckItem]]) -> None:
        article, items = result
        self._show(article, items)

    def _failed(self, error: BaseException) -> None:
        self.detail.setText(f"Could not check the structure: {describe_error(error)}")

    # -- showing ---------------------------------------------------------------------
    def _show(self, article: Any, items: list[CheckItem]) -> None:
        self._fill_outline(article)
        current = self.checks.currentRow()
        self.checks.clear()
        for item in items:
            mark, words, colour = MARKS[item.ok]
            row = QListWidgetItem(f"{mark}  {item.label}")
            # setData rather than setForeground/setToolTip: the first convenience setter on a
            # new item leaks a reference to None in PySide6 6.11, and this runs at every pause.
            row.setData(
                Qt.ItemDataRole.ForegroundRole, QBrush(QColor(getattr(theme.current(), colour)))
            )
            row.setData(Qt.ItemDataRole.ToolTipRole, item.detail)
            row.setData(Qt.ItemDataRole.AccessibleTextRole, f"{item.label}: {words}. {item.detail}")
            line = article.line_col(item.offset)[0] if item.offset is not None else None
            row.setData(LINE_ROLE, line)
            self.checks.addItem(row)
        self.items = items
        self.checks.setCurrentRow(max(current, 0) if items else -1)
        self.updated.emit(items)

    def _fill_outline(self, article: Any) -> None:
        self.outline.clear()
        parents: list[tuple[int, QTreeWidgetItem | None]] = [(0, None)]
        for entry in article.outline():
            level, title, line = entry["level"], entry["title"], entry["line"]
            while len(parents) > 1 and parents[-1][0] >= level:
                parents.pop()
            parent = parents[-1][1]
            node = QTreeWidgetItem([title or "(empty heading)"])
            node.setData(0, LINE_ROLE, line)
            node.setData(0, Qt.ItemDataRole.ToolTipRole, f"Line {line}, heading level {level}")
            if parent is None:
                self.outline.addTopLevelItem(node)
            else:
                parent.addChild(node)
            parents.append((level, node))
        self.outline.expandAll()

    def checked(self) -> dict[str, bool | None]:
        """Each checklist item's state by key, as shown."""
        return {item.key: item.ok for item in self.items}

    def _show_detail(self, current: QListWidgetItem | None, _previous: object) -> None:
        self.detail.setText(current.toolTip() if current is not None else "")

    def _jump_heading(self, node: QTreeWidgetItem, _column: int) -> None:
        self._jump(node.data(0, LINE_ROLE))

    def _jump_check(self, row: QListWidgetItem) -> None:
        self._jump(row.data(LINE_ROLE))

    def _jump(self, line: int | None) -> None:
        if self._path is not None and line:
            self.context.window.open_article(self._path, line=line)
