"""The side panels, with real services on a copy of the sample KB.

The panels are built by ``side_panels(window)`` exactly as the main window
builds them; ``StandInWindow`` provides the window interface they use (a
stand-in until the editor window is available on this branch).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QObject, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QMainWindow, QPlainTextEdit

from kbeditor.article import load_article
from kbeditor.gui.panels import panel_actions, panels_of, side_panels
from kbeditor.workspace import Workspace

LONG_SENTENCE = (
    "If the organisational authentication infrastructure consistently rejects your "
    "credentials, the administrative configuration of your workstation's certificate "
    "enrolment probably requires comprehensive reinitialisation by the responsible "
    "departmental infrastructure administrators."
)


class StandInWindow(QMainWindow):
    """The window interface the panels use, recording what they ask of it."""

    text_changed_debounced = Signal(object, str)
    current_article_changed = Signal(object)
    article_saved = Signal(object)
    lint_finished = Signal(object, object)
    workspace_changed = Signal(object)

    def __init__(self, root: Path) -> None:
        super().__init__()
        self.workspace = Workspace(root)
        self.editor = QPlainTextEdit(self)
        self.setCentralWidget(self.editor)
        self._path: Path | None = None
        self.opened: list[tuple[Path, int | None, object]] = []
        self.side_by_side: list[Path] = []
        self.highlights: dict[str, list[tuple[int, int, str]]] = {}
        self._pause = QTimer(self, singleShot=True, interval=50)
        self._pause.timeout.connect(
            lambda: self.text_changed_debounced.emit(self._path, self.current_text())
        )
        self.editor.textChanged.connect(self._pause.start)

    def current_path(self) -> Path | None:
        return self._path

    def current_text(self) -> str:
        return self.editor.toPlainText()

    def current_editor(self) -> QPlainTextEdit:
        return self.editor

    def open_article(self, path: Path, line: int | None = None, highlight: object = None) -> None:
        self.opened.append((Path(path), line, highlight))
        if Path(path) != self._path:
            self._path = Path(path)
            self.editor.setPlainText(Path(path).read_text(encoding="utf-8"))
            self.current_article_changed.emit(self._path)

    def open_side_by_side(self, path: Path) -> None:
        self.side_by_side.append(Path(path))

    def highlight_ranges(self, kind: str, ranges: list[tuple[int, int, str]]) -> None:
        self.highlights[kind] = list(ranges)

    def save(self) -> None:
        assert self._path is not None
        self.workspace.save(self._path, self.current_text())
        self.article_saved.emit(self._path)


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path: Path) -> None:
    """Panel state goes to an ini file in the test's own folder, never the user's settings."""
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(
        QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "settings")
    )
    QCoreApplication.setOrganizationName("kbeditor-tests")
    QCoreApplication.setApplicationName("kbeditor-tests")
    QSettings().clear()


def build(qtbot, root: Path):  # type: ignore[no-untyped-def]
    window = StandInWindow(root)
    qtbot.addWidget(window)
    docks = side_panels(window)
    for dock in docks:
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
    window.resize(1200, 800)
    window.show()
    return window, panels_of(window)


@pytest.fixture
def panels(qtbot, workspace: Path):  # type: ignore[no-untyped-def]
    window, built = build(qtbot, workspace)
    yield window, built
    built.shutdown()


def wait_index(qtbot, built) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: not built.search_lane.busy(), timeout=60_000)


def set_editor_text(window: StandInWindow, text: str) -> None:
    window.editor.setPlainText(text)


# -- docks and actions ---------------------------------------------------------------------
def test_side_panels_are_named_docks_with_shortcuts(panels) -> None:  # type: ignore[no-untyped-def]
    window, built = panels
    names = [d.objectName() for d in built.docks]
    assert names == [
        "searchDock",
        "similarDock",
        "readabilityDock",
        "structureDock",
        "metadataDock",
    ]
    shortcuts = {a.text(): a.shortcut().toString() for a in panel_actions(window)}
    assert shortcuts["Show search"] == "Ctrl+Shift+F"
    assert shortcuts["New article…"] == "Ctrl+Alt+N"
    assert shortcuts["Export site…"] == "Ctrl+Shift+E"
    for dock in built.docks:
        assert dock.widget().accessibleName().endswith("panel")


# -- search ----------------------------------------------------------------------------------
def test_search_from_the_panel_and_open_a_result(qtbot, panels, workspace: Path) -> None:  # type: ignore[no-untyped-def]
    window, built = panels
    search = built.panels["search"]
    wait_index(qtbot, built)
    built.show_dock(built.docks[0])
    with qtbot.waitSignal(search.results_shown, timeout=20_000):
        qtbot.keyClicks(search.query, "password window again")
    first = search.results.item(0)
    assert first.text().startswith("Outlook keeps asking for your password (Mail): ")
    assert "password window again" in first.text()
    assert "found" in search.status.text()
    qtbot.keyClick(search.query, Qt.Key.Key_Down)
    assert search.results.hasFocus()
    qtbot.keyClick(search.results, Qt.Key.Key_Return)
    path, line, highlight = window.opened[-1]
    assert path == workspace / "mail" / "outlook-keeps-asking-for-password.md"
    assert highlight == "password window again"
    assert line and "password window again" in window.current_text().splitlines()[line - 1]


def test_product_filter_shows_counts_and_narrows_results(qtbot, panels) -> None:  # type: ignore[no-untyped-def]
    _window, built = panels
    search = built.panels["search"]
    wait_index(qtbot, built)
    with qtbot.waitSignal(search.results_shown, timeout=20_000):
        search.query.setText("password")
    labels = [search.product.itemText(i) for i in range(search.product.count())]
    assert any(label.startswith("Mail (") for label in labels)
    mail = search.product.findData("Mail")
    search.product.setCurrentIndex(mail)
    with qtbot.waitSignal(search.results_shown, timeout=20_000):
        search.product.activated.emit(mail)
    shown = [search.results.item(i).text() for i in range(search.results.count())]
    assert shown and all("(Mail)" in text for text in shown)


def test_saved_article_is_found_after_the_background_update(qtbot, panels, workspace: Path) -> None:  # type: ignore[no-untyped-def]
    window, built = panels
    search = built.panels["search"]
    wait_index(qtbot, built)
    window.open_article(workspace / "laptops" / "laptop-running-slowly.md")
    cursor = window.editor.textCursor()
    cursor.movePosition(QTextCursor.MoveOperation.End)
    cursor.insertText("\nThe fan makes a zyxwvut noise.\n")
    with qtbot.waitSignal(built.index_changed, timeout=20_000):
        window.save()
    with qtbot.waitSignal(search.results_shown, timeout=20_000):
        search.query.setText("zyxwvut")
    assert search.results.count() == 1
    assert "running slowly" in search.results.item(0).text().lower()


def test_search_state_survives_a_restart(qtbot, workspace: Path) -> None:  # type: ignore[no-untyped-def]
    window, built = build(qtbot, workspace)
    built.panels["search"].query.setText("vpn")
    built.panels["readability"].toggle.setChecked(True)
    built.shutdown()
    window.close()
    _again, rebuilt = build(qtbot, workspace)
    try:
        assert rebuilt.panels["search"].query.text() == "vpn"
        assert rebuilt.panels["readability"].toggle.isChecked()
    finally:
        rebuilt.shutdown()


# -- similar articles ---------------------------------------------------------------------
def test_near_copy_of_an_existing_article_shows_the_duplicate_warning(
    qtbot, panels, workspace: Path
) -> None:  # type: ignore[no-untyped-def]
    window, built = panels
    similar = built.panels["similar"]
    wait_index(qtbot, built)
    source = (workspace / "mail" / "outlook-keeps-asking-for-password.md").read_text(
        encoding="utf-8"
    )
    draft = source.replace(
        "title: Outlook keeps asking for your password", "title: Outlook asks again"
    )
    draft = draft.replace("Close Outlook.", "Quit Outlook.").replace(
        "again and again", "over and over"
    )
    window._path = workspace / "mail" / "new-draft.md"
    with qtbot.waitSignal(similar.updated, timeout=20_000):
        set_editor_text(window, draft)
    assert similar.warning.isVisible()
    text = similar.warning_text()
    assert text.startswith("This may duplicate: Outlook keeps asking for your password (")
    assert text.endswith("%)")
    assert similar.results.count() >= 1
    similar.open_button.click()
    assert window.side_by_side == [workspace / "mail" / "outlook-keeps-asking-for-password.md"]


def test_a_different_article_gets_no_warning(qtbot, panels, workspace: Path) -> None:  # type: ignore[no-untyped-def]
    window, built = panels
    similar = built.panels["similar"]
    wait_index(qtbot, built)
    window._path = workspace / "mail" / "new-draft.md"
    with qtbot.waitSignal(similar.updated, timeout=20_000):
        set_editor_text(
            window,
            "---\ntitle: Coffee machine shows E42\n---\n\n## Symptoms\n\n"
            "The coffee machine on floor three shows E42 and pours no coffee at all.\n",
        )
    assert not similar.warning.isVisible()
    assert similar.warning_text() == ""


# -- readability ----------------------------------------------------------------------------
def test_hard_sentence_toggle_marks_a_long_sentence(qtbot, panels, workspace: Path) -> None:  # type: ignore[no-untyped-def]
    window, built = panels
    panel = built.panels["readability"]
    text = f"---\ntitle: T\n---\n\n## Symptoms\n\nOutlook stops. {LONG_SENTENCE} Then it works.\n"
    window._path = workspace / "draft.md"
    with qtbot.waitSignal(panel.updated, timeout=20_000):
        set_editor_text(window, text)
    assert window.highlights.get("hard-sentences", []) == []
    panel.toggle.click()
    ranges = window.highlights["hard-sentences"]
    assert len(ranges) == 1
    start, end, tip = ranges[0]
    assert text[start:end] == LONG_SENTENCE
    assert "Very hard to read: grade" in tip
    assert "very hard" in panel.hard.text()
    assert "above the target of 8" in panel.grade.text()
    panel.toggle.click()
    assert window.highlights["hard-sentences"] == []


# -- structure ----------------------------------------------------------------------------
def test_checklist_changes_when_the_writer_adds_numbered_steps(
    qtbot, panels, workspace: Path
) -> None:  # type: ignore[no-untyped-def]
    window, built = panels
    panel = built.panels["structure"]
    with qtbot.waitSignal(panel.updated, timeout=20_000):
        window.open_article(workspace / "laptops" / "borrow-a-loan-laptop.md")
    assert panel.checked()["steps"] is False
    row = next(
        i for i in range(panel.checks.count()) if "Numbered steps" in panel.checks.item(i).text()
    )
    assert panel.checks.item(row).text().startswith("✗")
    cursor = window.editor.textCursor()
    cursor.movePosition(QTextCursor.MoveOperation.End)
    with qtbot.waitSignal(panel.updated, timeout=20_000):
        cursor.insertText(
            "\n## Borrow a laptop\n\n1. Open the portal.\n2. Select **Loan device**.\n"
        )
    assert panel.checked()["steps"] is True
    assert panel.checks.item(row).text().startswith("✓")
    titles = [
        panel.outline.topLevelItem(i).text(0) for i in range(panel.outline.topLevelItemCount())
    ]
    assert titles == ["Overview", "Borrow a laptop"]
    panel.outline.setCurrentItem(panel.outline.topLevelItem(1))
    qtbot.keyClick(panel.outline, Qt.Key.Key_Return)
    path, line, _ = window.opened[-1]
    assert window.current_text().splitlines()[line - 1] == "## Borrow a laptop"


# -- article details ----------------------------------------------------------------------
def test_metadata_form_and_yaml_stay_in_step(qtbot, panels, workspace: Path) -> None:  # type: ignore[no-untyped-def]
    window, built = panels
    form = built.panels["metadata"]
    window.open_article(workspace / "mail" / "outlook-keeps-asking-for-password.md")
    assert form.title.text() == "Outlook keeps asking for your password"
    assert form.tags.text() == "outlook, password, sign-in, email"
    form.title.setFocus()
    form.title.selectAll()
    qtbot.keyClicks(form.title, "Outlook asks for your password again")
    qtbot.keyClick(form.title, Qt.Key.Key_Tab)
    assert "title: Outlook asks for your password again\n" in window.current_text()
    assert "id: KB-1001" in window.current_text()
    window.editor.undo()
    assert "title: Outlook keeps asking for your password\n" in window.current_text()
    form.owner.setFocus()
    cursor = window.editor.document().find("owner: Mail team")
    cursor.insertText("owner: Messaging team")
    qtbot.waitUntil(lambda: form.title.text() == "Outlook keeps asking for your password")
    assert form.owner.text() == "Mail team"  # the field being edited is not overwritten
    window.editor.setFocus()
    window.text_changed_debounced.emit(window.current_path(), window.current_text())
    assert form.owner.text() == "Messaging team"


# -- new article ---------------------------------------------------------------------------
def test_new_article_from_a_template_is_valid(qtbot, panels, workspace: Path) -> None:  # type: ignore[no-untyped-def]
    window, built = panels
    window.setFocus()
    qtbot.keyClick(
        window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
    )
    dialog = built.new_article_dialog
    assert dialog is not None and dialog.isVisible()
    dialog.template.setCurrentText("known-issue")
    qtbot.keyClicks(dialog.title, "Label printer stops at Venlo depot")
    dialog.product.setCurrentText("DockTrack")
    qtbot.keyClicks(dialog.tags, "labels, printing")
    dialog.folder.setCurrentText("docktrack")
    assert dialog.file_name.text() == "label-printer-stops-at-venlo-depot.md"
    assert dialog.create_button.isEnabled()
    qtbot.keyClick(dialog.title, Qt.Key.Key_Return)
    path = workspace / "docktrack" / "label-printer-stops-at-venlo-depot.md"
    assert dialog.created == path
    article = load_article(path)
    assert article.errors == []
    assert article.metadata.type == "known-issue"
    assert article.metadata.product == "DockTrack"
    assert article.metadata.tags == ["labels", "printing"]
    assert window.opened[-1][0] == path


def test_new_article_refuses_to_overwrite(qtbot, panels, workspace: Path) -> None:  # type: ignore[no-untyped-def]
    _window, built = panels
    dialog = built.new_article()
    dialog.folder.setCurrentText("mail")
    qtbot.keyClicks(dialog.title, "Outlook keeps asking for password")
    target = workspace / "mail" / "outlook-keeps-asking-for-password.md"
    before = target.read_bytes()
    assert not dialog.create_button.isEnabled()
    assert "already exists" in dialog.message.text()
    qtbot.keyClick(dialog.title, Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.created is None
    assert target.read_bytes() == before


# -- export -------------------------------------------------------------------------------
class UrlRecorder(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def __call__(self, url) -> bool:  # type: ignore[no-untyped-def]
        self.urls.append(url.toLocalFile())
        return True


def test_export_dialog_produces_a_site_and_reports_a_broken_link(
    qtbot, panels, workspace: Path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    window, built = panels
    article = workspace / "vpn" / "vpn-wont-connect.md"
    article.write_text(
        article.read_text(encoding="utf-8") + "\nSee [the old page](no-such-article.md).\n",
        encoding="utf-8",
    )
    broken_line = len(article.read_text(encoding="utf-8").splitlines())
    dialog = built.export_site()
    dialog.open_url = recorder = UrlRecorder()
    out = tmp_path / "site"
    dialog.folder.setText(str(out))
    with qtbot.waitSignal(dialog.export_done, timeout=120_000) as done:
        dialog.export_button.click()
    assert done.args[0] is not None, dialog.result.text()
    assert (out / "index.html").is_file()
    assert "Exported:" in dialog.result.text()
    problems = [dialog.problems.item(i).text() for i in range(dialog.problems.count())]
    broken = [p for p in problems if "vpn/vpn-wont-connect.md" in p and "no-such-article" in p]
    assert broken, problems
    row = problems.index(broken[0])
    dialog.problems.setCurrentRow(row)
    qtbot.keyClick(dialog.problems, Qt.Key.Key_Return)
    assert window.opened[-1][:2] == (article, broken_line)
    assert dialog.open_button.isEnabled()
    dialog.open_button.click()
    assert recorder.urls == [str(out / "index.html")]
