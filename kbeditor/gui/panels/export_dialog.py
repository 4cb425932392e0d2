"""The Export site dialog: folder and strict mode, a background run with progress, a summary.

An export of a large KB takes seconds, so it runs on its own thread while the
writer keeps working; the dialog is not modal. Cancel asks the exporter to
stop at its next article. The summary lists each problem with its file and
line; activating one opens the article there. The finished site can be
opened in the browser (the opener is an attribute, so tests never launch one).
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QThread, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kbeditor.gui.panels.context import describe_error, load_setting, save_setting

PROBLEM_ROLE = Qt.ItemDataRole.UserRole


class ExportRun(QThread):
    """One export on a worker thread.

    Signals:
        progress(int, int, int): run id, done, total.
        finished_run(int, object, object): run id, summary (or None), error (or None).
    """

    progress = Signal(int, int, int)
    finished_run = Signal(int, object, object)

    def __init__(
        self,
        run_id: int,
        workspace: Any,
        out: Path,
        strict: bool,
        clean: bool,
        parent: QObject | None = None,
        *,
        include_drafts: bool = False,
    ) -> None:
        super().__init__(parent)
        self.run_id = run_id
        self.workspace = workspace
        self.out = out
        self.strict = strict
        self.clean = clean
        self.include_drafts = include_drafts
        self.cancelled = threading.Event()

    def run(self) -> None:
        try:
            from kbeditor.export.site import export_site

            summary = export_site(
                self.workspace,
                self.out,
                strict=self.strict,
                clean=self.clean,
                include_drafts=self.include_drafts,
                progress=lambda done, total: self.progress.emit(self.run_id, done, total),
                cancel=self.cancelled.is_set,
            )
        except Exception as exc:  # shown in the dialog in one line
            self.finished_run.emit(self.run_id, None, exc)
        else:
            self.finished_run.emit(self.run_id, summary, None)


class ExportDialog(QDialog):
    """Choose where to export, run it, read the summary.

    Signals:
        export_done(object): the run finished (the ExportSummary, or None if it failed).
    """

    export_done = Signal(object)

    def __init__(self, context: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("exportDialog")
        self.setWindowTitle("Export site")
        self.setModal(False)
        self.context = context
        self.open_url = QDesktopServices.openUrl
        self.summary: Any = None
        self._run: ExportRun | None = None
        self._run_id = 0
        self._build()

    def _build(self) -> None:
        workspace = self.context.workspace
        default = workspace.root.parent / f"{workspace.root.name}-site"
        self.folder = QLineEdit(load_setting("export/folder", str(default)), self)
        self.folder.setAccessibleName("Output folder")
        self.browse = QPushButton("&Browse…", self)
        self.browse.setAccessibleName("Choose the output folder")
        self.strict = QCheckBox(
            "&Strict: fail on lint errors, broken links and missing images", self
        )
        self.strict.setChecked(load_setting("export/strict", False, bool))
        self.clean = QCheckBox("&Replace what is in the folder", self)
        self.clean.setToolTip(
            "Needed when the folder is not empty and was not made by an earlier export."
        )
        self.clean.setChecked(load_setting("export/clean", False, bool))
        self.drafts = QCheckBox("Include &drafts (articles with status: draft)", self)
        self.drafts.setToolTip("Drafts are left out of the site unless this is ticked.")
        self.drafts.setChecked(load_setting("export/drafts", False, bool))
        row = QHBoxLayout()
        row.addWidget(self.folder, 1)
        row.addWidget(self.browse)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        folder_label = QLabel("Output &folder:", self)
        folder_label.setBuddy(self.folder)
        form.addRow(folder_label, row)
        form.addRow("", self.strict)
        form.addRow("", self.clean)
        form.addRow("", self.drafts)
        self.progress = QProgressBar(self)
        self.progress.setAccessibleName("Export progress")
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.progress.setTextVisible(True)
        self.result_label = QLabel("Choose a folder and select Export.", self)
        self.result_label.setWordWrap(True)
        self.result_label.setAccessibleName("Export summary")
        self.problems = QListWidget(self)
        self.problems.setAccessibleName("Export problems")
        self.problems.setToolTip("Enter or double-click opens the article at the problem.")
        self.problems.setWordWrap(True)
        self.problems.setAlternatingRowColors(True)
        self.export_button = QPushButton("&Export", self)
        self.export_button.setDefault(True)
        self.cancel_button = QPushButton("&Cancel export", self)
        self.cancel_button.setEnabled(False)
        self.open_button = QPushButton("&Open in browser", self)
        self.open_button.setEnabled(False)
        self.close_button = QPushButton("C&lose", self)
        buttons = QHBoxLayout()
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.open_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.progress)
        layout.addWidget(self.result_label)
        layout.addWidget(self.problems, 1)
        layout.addLayout(buttons)
        self.resize(620, 440)
        self.browse.clicked.connect(self._browse)
        self.export_button.clicked.connect(self.start)
        self.cancel_button.clicked.connect(self.cancel)
        self.open_button.clicked.connect(self.open_site)
        self.close_button.clicked.connect(self.close)
        self.problems.itemActivated.connect(self._open_problem)
        self.problems.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Return on a problem opens it; it must not also press the dialog's default button.
        if (
            watched is self.problems
            and event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)  # type: ignore[attr-defined]
        ):
            item = self.problems.currentItem()
            if item is not None:
                self._open_problem(item)
            return True
        return super().eventFilter(watched, event)

    def _browse(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, "Export the site to", self.folder.text())
        if chosen:
            self.folder.setText(chosen)

    # -- running -----------------------------------------------------------------------
    def start(self) -> None:
        """Start an export with the chosen settings (a running one is cancelled first)."""
        text = self.folder.text().strip()
        if not text:
            self.result_label.setText("Choose an output folder first.")
            return
        self.cancel()
        out = Path(text).expanduser()
        save_setting("export/folder", str(out))
        save_setting("export/strict", self.strict.isChecked())
        save_setting("export/clean", self.clean.isChecked())
        save_setting("export/drafts", self.drafts.isChecked())
        self._run_id += 1
        run = ExportRun(
            self._run_id,
            self.context.workspace,
            out,
            self.strict.isChecked(),
            self.clean.isChecked(),
            self,
            include_drafts=self.drafts.isChecked(),
        )
        run.progress.connect(self._progress)
        run.finished_run.connect(self._finished)
        self._run = run
        self.summary = None
        self.problems.clear()
        self.progress.setRange(0, 0)  # busy until the exporter says how many pages
        self.result_label.setText("Exporting…")
        self.export_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self.open_button.setEnabled(False)
        run.start()

    def cancel(self) -> None:
        if self._run is not None and self._run.isRunning():
            self._run.cancelled.set()
            self.result_label.setText("Cancelling…")

    def _progress(self, run_id: int, done: int, total: int) -> None:
        if run_id != self._run_id:
            return
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        self.progress.setFormat("%p%")  # steps of articles and pages, not a page count

    def _finished(self, run_id: int, summary: Any, error: Any) -> None:
        run = self.sender()
        if isinstance(run, QThread):
            run.wait()
        if run_id != self._run_id:
            return
        self._run = None
        self.export_button.setEnabled(True)
        self.cancel_button.setEnabled(False)
        self.progress.setRange(0, 1)
        if error is not None or summary is None:
            self.progress.setValue(0)
            self.result_label.setText(f"Export stopped: {describe_error(error)}")
            self.export_done.emit(None)
            return
        self.progress.setValue(1)
        failure = summary.failure() if hasattr(summary, "failure") else None
        if getattr(summary, "cancelled", False):
            self.progress.setFormat("Cancelled")
        else:
            self.progress.setFormat("Failed" if failure else "Done")
        self.summary = summary
        self._show_summary(summary)
        self.export_done.emit(summary)

    def _show_summary(self, summary: Any) -> None:
        problems = list(getattr(summary, "problems", []) or [])
        errors = sum(1 for p in problems if getattr(p, "level", "") == "error")
        warnings = len(problems) - errors
        seconds = getattr(summary, "seconds", 0.0) or 0.0
        pages = getattr(summary, "pages", 0)
        pages_n = pages if isinstance(pages, int) else len(pages)
        cancelled = bool(getattr(summary, "cancelled", False))
        failure = summary.failure() if hasattr(summary, "failure") else None
        head = "Export cancelled" if cancelled else "Export failed" if failure else "Exported"
        text = (
            f"{head}: {pages_n} pages, {errors} error{'s' * (errors != 1)}, "
            f"{warnings} warning{'s' * (warnings != 1)} in {seconds:.1f} s."
        )
        if failure:
            text += f" The {failure}. Fix the errors below and export again."
        drafts = len(getattr(summary, "drafts", []) or [])
        if drafts:
            text += f" {drafts} draft{'s' * (drafts != 1)} left out."
        self.result_label.setText(text)
        for p in problems:
            item = QListWidgetItem(self._problem_text(p))
            item.setData(PROBLEM_ROLE, (getattr(p, "path", None), getattr(p, "line", None)))
            self.problems.addItem(item)
        self.open_button.setEnabled(self.index_page() is not None and not cancelled)
        if self.open_button.isEnabled():
            self.open_button.setFocus()

    def _problem_text(self, problem: Any) -> str:
        path = getattr(problem, "path", None)
        where = self.context.workspace.display(Path(str(path))) if path else "site"
        line = getattr(problem, "line", None)
        if line:
            where += f":{line}"
        return f"{getattr(problem, 'level', 'warning')}: {where}: {getattr(problem, 'message', problem)}"

    def _open_problem(self, item: QListWidgetItem) -> None:
        path, line = item.data(PROBLEM_ROLE)
        if path:
            target = self.context.workspace.resolve(Path(str(path)))
            self.context.window.open_article(target, line=line)

    def index_page(self) -> Path | None:
        page = Path(self.folder.text().strip()).expanduser() / "index.html"
        return page if page.is_file() else None

    def open_site(self) -> None:
        page = self.index_page()
        if page is not None:
            self.open_url(QUrl.fromLocalFile(str(page)))

    def shutdown(self) -> None:
        """Stop a running export and wait for its thread (before the application quits)."""
        if self._run is not None:
            self._run.cancelled.set()
            self._run.wait(30_000)
