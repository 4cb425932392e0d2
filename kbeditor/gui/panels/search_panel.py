"""The search panel: results as you type, with product and tag filters and highlighted snippets.

Agents type in a hurry and paste error messages, so a search runs after a
short pause in typing, in the background; a result for a query the agent has
already changed is dropped. Enter or a double-click opens the article at the
matching line with the query's words highlighted.

When the search replaced a misspelt word, the status line says so, with a
link that searches again for the words as typed. The query belongs to its
workspace: switching to another one clears it.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kbeditor.gui.panels.context import PanelContext, describe_error, load_setting, save_setting
from kbeditor.gui.panels.rich_list import RichList, marks_to_html
from kbeditor.health.querylog import QueryTracker

PAUSE_MS = 250
LIMIT = 25
ALL = ""


class SearchPanel(QWidget):
    """Query box, filters and results.

    Signals:
        results_shown(int): results for the current query are on screen (their count).
    """

    results_shown = Signal(int)

    def __init__(self, context: PanelContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("searchPanel")
        self.context = context
        self._shown_query: str | None = None
        self._as_typed = False  # the next search keeps every word as typed
        self._build()
        self._timer = QTimer(self, singleShot=True, interval=PAUSE_MS)
        self._timer.timeout.connect(self.run_search)
        self.query.textChanged.connect(self._typed)
        self.query.returnPressed.connect(self.open_current)
        self.product.activated.connect(self._filter_changed)
        self.tag.activated.connect(self._filter_changed)
        self.results.itemActivated.connect(self._open_item)
        self.query.installEventFilter(self)
        context.index_changed.connect(self._index_changed)
        context.index_failed.connect(lambda msg: self.status.setText(f"Index: {html.escape(msg)}"))
        context.workspace_reset.connect(self._workspace_reset)
        self.status.linkActivated.connect(self._search_as_typed)
        # Search gaps ([search] log_queries): the query settled on, found nothing or not opened.
        self.gaps = QueryTracker(context.workspace.root)
        context.workspace_reset.connect(self._new_gap_tracker)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self._flush_gaps)
        self._restore()

    def _flush_gaps(self) -> None:
        self.gaps.flush()

    def _new_gap_tracker(self, workspace: Any) -> None:
        self.gaps.flush()
        self.gaps = QueryTracker(workspace.root)

    # -- layout ----------------------------------------------------------------------
    def _build(self) -> None:
        self.query = QLineEdit(self, placeholderText="Search: words, an error code, a message…")
        self.query.setClearButtonEnabled(True)
        self.query.setAccessibleName("Search query")
        self.query.setToolTip(
            "Type words, a quoted phrase or an error code. Results appear after a short pause; "
            "Enter opens the selected result, Down moves into the list."
        )
        self.product = QComboBox(self)
        self.product.setAccessibleName("Filter by product")
        self.tag = QComboBox(self)
        self.tag.setAccessibleName("Filter by tag")
        for combo in (self.product, self.tag):
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(10)
        self._fill_facet(self.product, "All products", {}, ALL)
        self._fill_facet(self.tag, "All tags", {}, ALL)
        filters = QFormLayout()
        filters.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        product_label = QLabel("Produ&ct:", self)
        product_label.setBuddy(self.product)
        tag_label = QLabel("&Tag:", self)
        tag_label.setBuddy(self.tag)
        filters.addRow(product_label, self.product)
        filters.addRow(tag_label, self.tag)
        self.status = QLabel("Type to search the knowledge base.", self)
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.RichText)
        self.status.setOpenExternalLinks(False)
        self.status.setAccessibleName("Search status")
        self.results = RichList(self)
        self.results.setAccessibleName("Search results")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.query)
        layout.addLayout(filters)
        layout.addWidget(self.status)
        layout.addWidget(self.results, 1)
        QWidget.setTabOrder(self.query, self.product)
        QWidget.setTabOrder(self.product, self.tag)
        QWidget.setTabOrder(self.tag, self.results)

    def _restore(self) -> None:
        self._query_workspace = self._workspace_key()
        product = load_setting("search/product", ALL)
        tag = load_setting("search/tag", ALL)
        self._fill_facet(self.product, "All products", {product: 0} if product else {}, product)
        self._fill_facet(self.tag, "All tags", {tag: 0} if tag else {}, tag)
        if load_setting("search/workspace", "") == self._workspace_key():
            self._set_query(load_setting("search/query", ""))
        if self.query.text().strip():
            self.run_search()

    def _workspace_key(self) -> str:
        return str(getattr(self.context.workspace, "root", ""))

    def _set_query(self, text: str) -> None:
        self.query.blockSignals(True)
        self.query.setText(text)
        self.query.blockSignals(False)

    def _workspace_reset(self, _workspace: object) -> None:
        """Another workspace: its articles are not the ones the query was looking for."""
        if self._workspace_key() != self._query_workspace:
            self._query_workspace = self._workspace_key()
            self._set_query("")  # not saved: the saved query stays with its own workspace
        self.run_search()

    def _save_query(self) -> None:
        save_setting("search/query", self.query.text())
        save_setting("search/workspace", self._query_workspace)

    # -- searching --------------------------------------------------------------------
    def _typed(self, _text: str) -> None:
        self._save_query()
        self._as_typed = False
        self._timer.start()

    def _search_as_typed(self, _link: str) -> None:
        self._as_typed = True
        self.run_search()

    def _filter_changed(self, _index: int) -> None:
        save_setting("search/product", self.product.currentData() or ALL)
        save_setting("search/tag", self.tag.currentData() or ALL)
        self.run_search()

    def _index_changed(self) -> None:
        if self.query.text().strip():
            self.run_search()

    def run_search(self) -> None:
        """Search now for what is in the box (normally called after the typing pause)."""
        self._timer.stop()
        query = self.query.text().strip()
        if not query:
            self.context.search_lane.cancel("search")
            self.results.clear()
            self.status.setText("Type to search the knowledge base.")
            return
        product = self.product.currentData() or None
        tag = self.tag.currentData() or None
        context = self.context
        correct = not self._as_typed

        def job() -> tuple[str, Any]:
            found = context.service().search(
                query, limit=LIMIT, product=product, tag=tag, correct=correct
            )
            return query, found

        self.status.setText("Searching…")
        context.search_lane.submit("search", job, self._done, owner=self, failed=self._failed)

    def _done(self, result: tuple[str, Any]) -> None:
        query, found = result
        self._show(query, found)

    def _failed(self, error: BaseException) -> None:
        self.results.clear()
        self.status.setText(f"Search failed: {html.escape(describe_error(error))}")

    def _show(self, query: str, found: Any) -> None:
        self._shown_query = query
        self.gaps.shown(query, len(found.results))
        self.results.clear()
        for hit in found.results:
            self.results.add_row(
                _hit_html(hit), _hit_plain(hit), (hit.path, hit.line, _marked(hit) or query)
            )
        if self.results.count():
            self.results.setCurrentRow(0)
        facets = getattr(found, "facets", {}) or {}
        self._fill_facet(
            self.product, "All products", facets.get("product", {}), self.product.currentData()
        )
        self._fill_facet(self.tag, "All tags", facets.get("tag", {}), self.tag.currentData())
        total = getattr(found, "total", len(found.results))
        if not found.results:
            counted = f"No articles match “{html.escape(query)}”. Try fewer or other words."
        else:
            more = f" (showing {len(found.results)})" if total > len(found.results) else ""
            counted = f"{total} article{'s' if total != 1 else ''} found{more}."
        self.status.setText(_corrections_html(getattr(found, "corrections", {})) + counted)
        self.results_shown.emit(len(found.results))

    @staticmethod
    def _fill_facet(combo: QComboBox, everything: str, counts: dict[str, int], keep: Any) -> None:
        keep = keep or ALL
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(everything, ALL)
        names = sorted(counts, key=lambda n: (-counts[n], str(n).lower()))
        if keep and keep not in counts:
            names.append(keep)
        for name in names:
            count = counts.get(name, 0)
            combo.addItem(f"{name} ({count})" if count else str(name), name)
        combo.setCurrentIndex(max(0, combo.findData(keep)))
        combo.blockSignals(False)

    # -- opening ---------------------------------------------------------------------
    def open_current(self) -> None:
        """Open the selected result (the first one when none is selected)."""
        if self._timer.isActive() or self._shown_query != self.query.text().strip():
            self.run_search()  # Enter before the pause ended: search now, open when shown
            self.results_shown.connect(
                self._open_after_search, Qt.ConnectionType.SingleShotConnection
            )
            return
        item = self.results.currentItem() or self.results.item(0)
        if item is not None:
            self._open_item(item)

    def _open_after_search(self, count: int) -> None:
        if count:
            self._open_item(self.results.currentItem() or self.results.item(0))

    def _open_item(self, item: QListWidgetItem) -> None:
        path, line, term = item.data(Qt.ItemDataRole.UserRole)
        self.gaps.opened()
        target = self.context.workspace.resolve(Path(path))
        self.context.window.open_article(target, line=line, highlight=term)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.query and isinstance(event, QKeyEvent):
            key = event.key() if event.type() == QEvent.Type.KeyPress else None
            if key == Qt.Key.Key_Down and self.results.count():
                self.results.setFocus()
                if self.results.currentRow() < 0:
                    self.results.setCurrentRow(0)
                return True
        return super().eventFilter(watched, event)

    def focus_query(self) -> None:
        self.query.setFocus()
        self.query.selectAll()


def _corrections_html(corrections: dict[str, str]) -> str:
    """ "Searched for … instead of …", with a link to search for the words as typed."""
    if not corrections:
        return ""
    said = ", ".join(
        f"<b>{html.escape(fixed)}</b> instead of <b>{html.escape(typed)}</b>"
        for typed, fixed in corrections.items()
    )
    typed = ", ".join(f"“{html.escape(word)}”" for word in corrections)
    return f'Searched for {said}. <a href="as-typed">Search for {typed} as typed</a>.<br/>'


def _hit_html(hit: Any) -> str:
    snippet_html = getattr(hit, "html", None) or getattr(hit, "snippet_html", None)
    snippet = marks_to_html(snippet_html) if snippet_html else html.escape(hit.snippet or "")
    product = f" · <i>{html.escape(hit.product)}</i>" if hit.product else ""
    return f"<b>{html.escape(hit.title)}</b>{product}<br/><small>{snippet}</small>"


def _marked(hit: Any) -> str:
    """The first highlighted words of the snippet: what the editor highlights on opening."""
    found = re.search(r"<mark\b[^>]*>(.*?)</mark>", getattr(hit, "snippet_html", "") or "")
    return html.unescape(re.sub(r"<[^>]*>", "", found.group(1))).strip() if found else ""


def _hit_plain(hit: Any) -> str:
    """The row as plain words (screen readers, tooltips): the snippet without its marks."""
    product = f" ({hit.product})" if hit.product else ""
    snippet_html = getattr(hit, "snippet_html", None)
    if snippet_html:
        snippet = html.unescape(re.sub(r"<[^>]*>", "", snippet_html))
    else:
        snippet = (hit.snippet or "").replace("**", "")
    return f"{hit.title}{product}: {' '.join(snippet.split())}"
