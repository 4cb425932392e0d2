"""The KB health view: the health report's figures as lists, each article one activation away.

A thin adapter over :mod:`kbeditor.health`: the report is built on the search
lane (it reads the search index for duplicates, and must not touch it while a
search or an index update runs), then :func:`kbeditor.health.outline.groups`
becomes a tree. Refreshing the view does not add a point to the trend; writing
the report (File > Export health report…) does, as ``kbeditor report`` does.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kbeditor.gui.panels.context import PanelContext, describe_error

PATH_ROLE = Qt.ItemDataRole.UserRole


class HealthPanel(QWidget):
    """KB score, stale and unowned articles, problems, duplicates, links and search gaps.

    Signals:
        refreshed(object): new figures are shown (the report mapping).
        exported(str): the report was written; the path of its index.html.
    """

    refreshed = Signal(object)
    exported = Signal(str)

    def __init__(self, context: PanelContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("healthPanel")
        self.context = context
        self.report: dict[str, Any] | None = None
        self._revision = 0
        self._export_revision = 0
        self._build()
        context.search_lane.done.connect(self._done)
        context.search_lane.failed.connect(self._failed)
        context.workspace_reset.connect(lambda _ws: self.refresh() if self.isVisible() else None)

    def _build(self) -> None:
        self.summary = QLabel("Open this view to check the knowledge base.", self)
        self.summary.setWordWrap(True)
        self.refresh_button = QPushButton("&Refresh", self)
        self.refresh_button.clicked.connect(self.refresh)
        self.export_button = QPushButton("Export &report…", self)
        self.export_button.clicked.connect(self.choose_export_folder)
        buttons = QHBoxLayout()
        buttons.addWidget(self.refresh_button)
        buttons.addWidget(self.export_button)
        buttons.addStretch(1)
        self.tree = QTreeWidget(self)
        self.tree.setHeaderHidden(True)
        self.tree.setAccessibleName("Knowledge-base health")
        self.tree.itemActivated.connect(self._open_item)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addLayout(buttons)
        layout.addWidget(self.tree, 1)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        if self.report is None and not self._revision:
            self.refresh()

    # -- building the report (on the search lane) --------------------------------------------
    def refresh(self) -> None:
        """Build the figures again in the background."""
        self.summary.setText("Checking the knowledge base…")
        context = self.context
        self._revision = context.search_lane.submit("health", lambda: _build_report(context))

    def choose_export_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Write the health report into")
        if folder:
            self.export_report(Path(folder))

    def export_report(self, folder: Path) -> None:
        """Write index.html and report.json into ``folder`` (adds a point to the trend)."""
        self.summary.setText("Writing the health report…")
        context = self.context

        def job() -> tuple[dict[str, Any], Path]:
            from kbeditor.health.html import write_report

            report = _build_report(context, save_snapshot=True)
            return report, write_report(report, folder, context.workspace.root)

        self._export_revision = context.search_lane.submit("health-export", job)

    def _done(self, key: str, revision: int, result: object) -> None:
        if key == "health" and revision == self._revision:
            self.show_report(result)  # type: ignore[arg-type]
        elif key == "health-export" and revision == self._export_revision:
            report, page = result  # type: ignore[misc]
            self.show_report(report)
            self.summary.setText(f"{self.summary.text()}\nReport written to {page}")
            self.exported.emit(str(page))

    def _failed(self, key: str, revision: int, error: object) -> None:
        if key in ("health", "health-export"):
            self.summary.setText(f"The health report failed: {describe_error(error)}")

    # -- showing it ------------------------------------------------------------------
    def show_report(self, report: dict[str, Any]) -> None:
        from kbeditor.health.outline import groups, summary

        self.report = report
        self.summary.setText(summary(report))
        self.tree.clear()
        for group in groups(report):
            top = QTreeWidgetItem(self.tree, [group.title])
            for row in group.rows:
                item = QTreeWidgetItem(top, [row.text])
                item.setData(0, PATH_ROLE, (row.path, row.line) if row.path else None)
                item.setData(0, Qt.ItemDataRole.ToolTipRole, row.text)
            top.setExpanded(group.expanded)
        self.refreshed.emit(report)

    def _open_item(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        target = item.data(0, PATH_ROLE)
        if not target:
            return
        path, line = target
        resolved = self.context.workspace.resolve(Path(path))
        self.context.window.open_article(resolved, line=line)


def _build_report(context: PanelContext, save_snapshot: bool = False) -> dict[str, Any]:
    """The report, with duplicates from the panels' shared search service (lane thread only)."""
    from kbeditor.health.report import build_report

    workspace = context.workspace
    threshold = float(workspace.config.get("search", "duplicate_threshold"))
    pairs = context.service().dupes(threshold)
    return build_report(workspace, pairs=pairs, save_snapshot=save_snapshot)
