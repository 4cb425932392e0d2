"""The Export site dialog: folder and strict mode, a background run with progress, a summary.

An export of a large KB takes seconds, so it runs as a job of the dialog's
:class:`~kbeditor.gui.jobs.JobRunner` while the writer keeps working; the dialog
is not modal. A new export drops the result of the one before it there. Cancel asks the exporter to
stop at its next article. The summary lists each problem with its file and
line; activating one opens the article there. The finished site can be
opened in the browser (the opener is an attribute, so tests never launch one).
"""

from __future__ import annotations

import threading
from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QUrl, Signal
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

from kbeditor.gui.jobs import JobRunner
from kbeditor.gui.panels.context import describe_error, load_setting, save_setting

PROBLEM_ROLE = Qt.ItemDataRole.UserRole


class _Progress(QObject):
    # Emitted on the job's thread, delivered on the GUI thread: run id, done, total.
    step = Signal(int, int, int)


def _export_site(*args: Any, **kwargs: Any) -> Any:
    """``export_site``, imported when first used: the exporter is not needed to open the editor."""
    from kbeditor.export.site import export_site

    return export_site(*args, **kwargs)


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
        self._runner = JobRunner(self)
        self._stop: threading.Event | None = None  # the running export's cancel flag
        self._run_id = 0
        self._steps = _Progress(self)
        self._steps.step.connect(self._progress)
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
        self._stop = stop = threading.Event()
        run_id, steps = self._run_id, self._steps.step
        export = partial(
            _export_site,
            self.context.workspace,
            out,
            strict=self.strict.isChecked(),
            clean=self.clean.isChecked(),
            include_drafts=self.drafts.isChecked(),
            progress=lambda done, total: steps.emit(run_id, done, total),
            cancel=stop.is_set,
        )
        self._runner.submit("export", export, self._finished, failed=self._failed)
        self.summary = None
        self.problems.clear()
        self.progress.setRange(0, 0)  # busy until the exporter says how many pages
        self.result_label.setText("Exporting…")
        self.export_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self.open_button.setEnabled(False)

    def cancel(self) -> None:
        if self._stop is not None and self._runner.busy():
            self._stop.set()
            self.result_label.setText("Cancelling…")

    def _progress(self, run_id: int, done: int, total: int) -> None:
        if run_id != self._run_id:
            return
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        self.progress.setFormat("%p%")  # steps of articles and pages, not a page count

    def _failed(self, error: BaseException) -> None:
        self._stop = None
        self._ready()
        self.progress.setValue(0)
        self.result_label.setText(f"Export stopped: {describe_error(error)}")
        self.export_done.emit(None)

    def _ready(self) -> None:
        self.export_button.setEnabled(True)
        self.cancel_button.setEnabled(False)
        self.progress.setRange(0, 1)

    def _finished(self, summary: Any) -> None:
        self._stop = None
        self._ready()
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
        """Stop a running export and wait for it (before the application quits)."""
        if self._stop is not None:
            self._stop.set()
        self._runner.shutdown()
