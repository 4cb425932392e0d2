"""The problems panel: the current article's diagnostics, grouped by the principle they serve.

Sortable by any column, filterable by severity and category; double-click
(or Enter) jumps to the place; "Fix all safe" asks the window to apply every
safe fix as one undo step.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QFont, QKeyEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from kbeditor.gui.badges import severity_icon

# Category ids (from the rules) and the KB-STYLE.md principle each serves.
CATEGORY_TITLES = {
    "structure": "Symptom first (structure)",
    "recovery": "Recovery path",
    "reassurance": "Reassurance",
    "jargon": "Plain language",
    "readability": "Readable under stress",
    "respect": "Respect",
    "empathy": "Empathy with action",
    "canned": "No canned advice",
    "expectations": "Expectations",
    "accessibility": "Accessibility",
    "finished": "Finished, not filled in",
    "style": "Style",
}
SEVERITIES = ("error", "warning", "suggestion")
_RANK = {s: i for i, s in enumerate(SEVERITIES)}
INDEX_ROLE = Qt.ItemDataRole.UserRole + 1
SEVERITY_ROLE = Qt.ItemDataRole.UserRole + 2
CATEGORY_ROLE = Qt.ItemDataRole.UserRole + 3
SORT_ROLE = Qt.ItemDataRole.UserRole + 4
COLUMNS = ("Problem", "Rule", "Line", "Severity")


class ProblemFilter(QSortFilterProxyModel):
    """Keeps the rows whose severity and category are chosen; groups stay when a child does."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.severities = set(SEVERITIES)
        self.category = ""
        self.setRecursiveFilteringEnabled(True)
        self.setSortRole(SORT_ROLE)

    def set_filter(self, severities: set[str], category: str) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt 6.9+; invalidateFilter is deprecated there
            self.beginFilterChange()
            self.severities, self.category = severities, category
            self.endFilterChange()
        else:  # pragma: no cover - older Qt
            self.severities, self.category = severities, category
            self.invalidateFilter()

    def filterAcceptsRow(self, row: int, parent: QModelIndex | QPersistentModelIndex) -> bool:  # noqa: N802
        if not parent.isValid():
            return False  # a group is shown when one of its rows is (recursive filtering)
        index = self.sourceModel().index(row, 0, parent)
        severity = index.data(SEVERITY_ROLE)
        category = index.data(CATEGORY_ROLE)
        return severity in self.severities and (not self.category or category == self.category)


class ProblemsPanel(QWidget):
    """Lists diagnostics.

    Signals:
        jump(int): the index (into the list last given) of the diagnostic to show.
        fix_all_safe(): the writer asked to apply every safe fix.
    """

    jump = Signal(int)
    fix_all_safe = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("problems")
        self.model = QStandardItemModel(0, len(COLUMNS), self)
        self.model.setHorizontalHeaderLabels(list(COLUMNS))
        self.proxy = ProblemFilter(self)
        self.proxy.setSourceModel(self.model)
        self.view = _ProblemTree(self)
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(2, Qt.SortOrder.AscendingOrder)
        self.view.setUniformRowHeights(True)
        self.view.setAlternatingRowColors(True)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.view.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(False)
        for column, width in ((1, 200), (2, 60), (3, 100)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, width)
        self.view.doubleClicked.connect(self._activated)
        self.view.enter_pressed.connect(self._activated)
        self.severity_buttons: dict[str, QToolButton] = {}
        self.category_box = QComboBox(self)
        self.category_box.setObjectName("categoryFilter")
        self.category_box.addItem("All categories", "")
        self.category_box.currentIndexChanged.connect(self._filter_changed)
        self.summary = QLabel(self)
        self.fix_button = QPushButton("Fix all safe", self)
        self.fix_button.setObjectName("fixAllSafe")
        self.fix_button.setToolTip("Apply every fix that cannot change the meaning (one undo step)")
        self.fix_button.clicked.connect(self.fix_all_safe)
        self._layout()
        self.diagnostics: list[Any] = []
        self._shown: list[tuple[object, ...]] | None = None

    def _layout(self) -> None:
        bar = QHBoxLayout()
        bar.setContentsMargins(6, 4, 6, 2)
        for severity in SEVERITIES:
            button = QToolButton(self)
            button.setCheckable(True)
            button.setChecked(True)
            button.setIcon(severity_icon(severity))
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            button.setToolTip(f"Show {severity}s")
            button.toggled.connect(self._filter_changed)
            self.severity_buttons[severity] = button
            bar.addWidget(button)
        bar.addWidget(self.category_box)
        bar.addWidget(self.summary, 1)
        bar.addWidget(self.fix_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)

    def show_pending(self, message: str = "Checking…") -> None:
        """No result yet (or none to come): say so, rather than "No problems"."""
        self.show_diagnostics([], summary=message)

    def show_diagnostics(self, diagnostics: Sequence[Any], *, summary: str | None = None) -> None:
        """Replace the list; keeps the filter, the sort order and which groups are open."""
        shown = [_key(d) for d in diagnostics]
        self.diagnostics = list(diagnostics)
        if summary is None:
            summary = "" if self.diagnostics else "No problems in this article."
        self.summary.setText(f"  {summary}" if summary else "")
        if shown == self._shown:
            return  # same rows in the same order: the row indices still point right
        self._shown = shown
        collapsed = self._collapsed_groups()
        self.model.removeRows(0, self.model.rowCount())
        groups: dict[str, list[QStandardItem]] = {}
        rows: dict[str, list[list[QStandardItem]]] = {}
        counts = dict.fromkeys(SEVERITIES, 0)
        for i, d in enumerate(self.diagnostics):
            counts[d.severity] = counts.get(d.severity, 0) + 1
            if d.category not in groups:
                groups[d.category] = self._group(d.category)
                rows[d.category] = []
            rows[d.category].append(self._row(i, d))
        # Groups are filled before they join the model: each row added to a group that is
        # already in it makes the sorting proxy re-sort, which cost most of the UI thread's
        # time when a lint result for a long article landed.
        for category, group in groups.items():
            title = CATEGORY_TITLES.get(category, category.title())
            group[0].setData(f"{title} ({len(rows[category])})", Qt.ItemDataRole.DisplayRole)
            for row in rows[category]:
                group[0].appendRow(row)
            self.model.appendRow(group)
        self._update_categories(sorted(groups))
        for severity, button in self.severity_buttons.items():
            button.setText(str(counts.get(severity, 0)))
        safe = sum(1 for d in self.diagnostics if d.fix is not None and d.fix.safe)
        self.fix_button.setEnabled(safe > 0)
        self.fix_button.setText(f"Fix all safe ({safe})" if safe else "Fix all safe")
        self.view.expandAll()
        for row in range(self.proxy.rowCount()):
            index = self.proxy.index(row, 0)
            if index.data(CATEGORY_ROLE) in collapsed:
                self.view.collapse(index)

    def visible_rows(self) -> list[tuple[str, str, int, str]]:
        """(message, rule, line, severity) of the rows shown, in display order (for tests)."""
        rows = []
        for g in range(self.proxy.rowCount()):
            group = self.proxy.index(g, 0)
            for r in range(self.proxy.rowCount(group)):
                cells = [self.proxy.index(r, c, group).data() for c in range(len(COLUMNS))]
                rows.append((cells[0], cells[1], int(cells[2]), cells[3]))
        return rows

    def select_diagnostic(self, index: int) -> None:
        for g in range(self.proxy.rowCount()):
            group = self.proxy.index(g, 0)
            for r in range(self.proxy.rowCount(group)):
                cell = self.proxy.index(r, 0, group)
                if cell.data(INDEX_ROLE) == index:
                    self.view.setCurrentIndex(cell)
                    self.view.scrollTo(cell)
                    return

    def _group(self, category: str) -> list[QStandardItem]:
        """The cells of a category's row (not yet in the model)."""
        item = QStandardItem(category)
        item.setData(category, CATEGORY_ROLE)
        item.setData(category, SORT_ROLE)
        font = QFont()
        font.setBold(True)
        item.setData(font, Qt.ItemDataRole.FontRole)  # setFont on a new item leaks in PySide6 6.11
        filler = [QStandardItem("") for _ in COLUMNS[1:]]
        for cell in filler:
            cell.setData(category, SORT_ROLE)  # groups keep their order whatever the sort column
        return [item, *filler]

    def _row(self, index: int, d: Any) -> list[QStandardItem]:
        message = QStandardItem(severity_icon(d.severity), d.message)
        message.setData(
            f"{d.message}\n\n{d.description}" if d.description else d.message,
            Qt.ItemDataRole.ToolTipRole,
        )
        rule = QStandardItem(d.rule)
        line = QStandardItem(str(d.line))
        severity = QStandardItem(d.severity)
        sort_keys = (
            d.message.lower(),
            d.rule,
            (d.line, d.column),
            (_RANK.get(d.severity, 3), d.line),
        )
        for item, key in zip((message, rule, line, severity), sort_keys, strict=True):
            item.setData(index, INDEX_ROLE)
            item.setData(d.severity, SEVERITY_ROLE)
            item.setData(d.category, CATEGORY_ROLE)
            item.setData(_sortable(key), SORT_ROLE)
        return [message, rule, line, severity]

    def _update_categories(self, categories: list[str]) -> None:
        chosen = self.category_box.currentData()
        self.category_box.blockSignals(True)
        self.category_box.clear()
        self.category_box.addItem("All categories", "")
        known = sorted(set(categories) | ({chosen} if chosen else set()))
        for category in known:
            self.category_box.addItem(CATEGORY_TITLES.get(category, category.title()), category)
        self.category_box.setCurrentIndex(max(0, self.category_box.findData(chosen or "")))
        self.category_box.blockSignals(False)

    def set_severity_filter(self, severities: set[str]) -> None:
        for severity, button in self.severity_buttons.items():
            button.setChecked(severity in severities)

    def set_category_filter(self, category: str) -> None:
        self.category_box.setCurrentIndex(max(0, self.category_box.findData(category)))

    def _filter_changed(self, *_args: object) -> None:
        chosen = {s for s, b in self.severity_buttons.items() if b.isChecked()}
        self.proxy.set_filter(chosen, self.category_box.currentData() or "")
        self.view.expandAll()

    def _collapsed_groups(self) -> set[str]:
        out = set()
        for row in range(self.proxy.rowCount()):
            index = self.proxy.index(row, 0)
            if not self.view.isExpanded(index):
                out.add(index.data(CATEGORY_ROLE))
        return out

    def _activated(self, index: QModelIndex) -> None:
        value = index.siblingAtColumn(0).data(INDEX_ROLE)
        if value is not None:
            self.jump.emit(int(value))


def _key(d: Any) -> tuple[object, ...]:
    fix = d.fix.safe if d.fix is not None else None
    return (d.rule, d.category, d.severity, d.message, d.line, d.column, fix)


def _sortable(key: object) -> object:
    """Sort keys as Qt can compare them: strings padded so tuples of numbers sort numerically."""
    if isinstance(key, tuple):
        return "".join(f"{int(k):08d}" for k in key)
    return key


class _ProblemTree(QTreeView):
    enter_pressed = Signal(QModelIndex)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.enter_pressed.emit(self.currentIndex())
            return
        super().keyPressEvent(event)
