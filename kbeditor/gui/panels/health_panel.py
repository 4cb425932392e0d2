"""The KB health view: the health report's figures as lists, each article one activation away.

A thin adapter over :mod:`kbeditor.health`: the duplicate pairs come from the
search lane (the index must not be read while a search or an index update
runs), the report is built on the panel's own lane, then
:func:`kbeditor.health.outline.groups` becomes a tree. Refreshing the view does not add a point to the trend; writing
the report (File > Export health report…) does, as ``kbeditor report`` does.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
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

from kbeditor.gui.jobs import JobRunner
from kbeditor.gui.panels.context import PanelContext, describe_error

PATH_ROLE = Qt.ItemDataRole.UserRole


class HealthPanel(QWidget):
    """KB score, stale and unowned articles, problems, duplicates, links and search gaps.

    Two steps in the background: the duplicate pairs on the search lane (it
    reads the index), then the report on the panel's own lane, so linting
    every article on a first run never holds up a search.

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
        self.lane = JobRunner(self)
        self._pairs_revision = 0
        self._export_to: Path | None = None  # an export not written yet (a refresh keeps it)
        self._build()
        context.workspace_reset.connect(lambda _ws: self.refresh() if self.isVisible() else None)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown)

    def _build(self) -> None:
        self.summary = QLabel("Open this view to check the knowledge base.", self)
        self.summary.setWordWrap(True)
        self.refresh_button = QPushButton("Refresh", self)
        self.refresh_button.clicked.connect(self.refresh)
        self.export_button = QPushButton("Export report…", self)
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

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.report is None and not self._pairs_revision:
            self.refresh()

    def shutdown(self) -> None:
        """Stop the panel's lane (a running report finishes; a waiting one is dropped)."""
        self.lane.shutdown()

    # -- building the report ----------------------------------------------------------
    def refresh(self) -> None:
        """Build the figures again in the background."""
        self.summary.setText("Checking the knowledge base…")
        self._request(None)

    def choose_export_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Write the health report into")
        if folder:
            self.export_report(Path(folder))

    def export_report(self, folder: Path) -> None:
        """Write index.html and report.json into ``folder`` (adds a point to the trend)."""
        self.summary.setText("Writing the health report…")
        self._request(folder)

    def _request(self, folder: Path | None) -> None:
        context = self.context
        # A refresh that arrives before an asked-for export is written (the index was updated,
        # the workspace reloaded) replaces that request: it must still write the report.
        folder = self._export_to = folder or self._export_to

        def pairs() -> tuple[Any, Path | None]:
            workspace = context.workspace
            threshold = float(workspace.config.get("search", "duplicate_threshold"))
            return context.service().dupes(threshold), folder

        self._pairs_revision = context.search_lane.submit(
            "health-pairs", pairs, self._pairs_done, owner=self, failed=self._failed
        )

    def _pairs_done(self, result: tuple[Any, Path | None]) -> None:
        pairs, folder = result
        workspace = self.context.workspace

        def job() -> tuple[dict[str, Any], Path | None]:
            from kbeditor.health.html import write_report
            from kbeditor.health.report import build_report

            report = build_report(workspace, pairs=pairs, save_snapshot=folder is not None)
            page = write_report(report, folder, workspace.root) if folder is not None else None
            return report, page

        self.lane.submit("health", job, self._done, failed=self._failed)

    def _done(self, result: tuple[dict[str, Any], Path | None]) -> None:
        report, page = result
        self.show_report(report)
        if page is not None:
            self._export_to = None
            self.summary.setText(f"{self.summary.text()}\nReport written to {page}")
            self.exported.emit(str(page))

    def _failed(self, error: BaseException) -> None:
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
