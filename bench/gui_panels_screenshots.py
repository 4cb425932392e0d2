"""Pictures of each side panel and dialog, for the README and for looking at them.

    QT_QPA_PLATFORM=offscreen python bench/gui_panels_screenshots.py OUT_DIR [--dark]

Opens the editor on a temporary copy of the sample KB (settings in a
temporary folder), shows each panel on a faulty draft so there is something
to see, and saves ``panels-<name>.png`` in OUT_DIR.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="kbeditor-shots-config-")

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QWidget

from kbeditor.bundled import SAMPLE_KB
from kbeditor.workspace import Workspace

PANEL_SIZE = (380, 560)


def wait(app: QApplication, condition, timeout: float = 60.0) -> None:  # type: ignore[no-untyped-def]
    end = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > end:
            raise SystemExit("timed out waiting for the panels")
        app.processEvents()
        time.sleep(0.01)


def settle(app: QApplication, seconds: float = 0.3) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.01)


def grab(widget: QWidget, path: Path, size: tuple[int, int] | None = None) -> None:
    if size is not None:
        widget.resize(*size)
    widget.grab().save(str(path))
    print(path)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--dark", action="store_true")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    settings = tempfile.mkdtemp(prefix="kbeditor-shots-settings-")
    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, settings)

    from kbeditor.gui import theme
    from kbeditor.gui.app import application, open_window
    from kbeditor.gui.ask import ScriptedAnswers
    from kbeditor.gui.panels import panels_of

    app = application()
    theme.THEME.apply(theme.DARK if args.dark else theme.LIGHT)
    root = Path(tempfile.mkdtemp(prefix="kbeditor-shots-")) / "kb"
    shutil.copytree(SAMPLE_KB, root)
    window = open_window(Workspace(root), ScriptedAnswers({}), remember=False)
    window.resize(1500, 950)
    window.show()
    built = panels_of(window)
    wait(app, lambda: not built.search_lane.busy())
    suffix = "-dark" if args.dark else ""

    search = built.panels["search"]
    search.query.setText("outlook password")
    wait(app, lambda: search.results.count() > 0)
    built.show_dock(built.docks[0])
    grab(search, args.out / f"panels-search{suffix}.png", PANEL_SIZE)

    original = (root / "mail" / "outlook-keeps-asking-for-password.md").read_text(encoding="utf-8")
    draft = root / "mail" / "outlook-asks-for-password-again.md"
    draft.write_text(
        original.replace(
            "title: Outlook keeps asking for your password", "title: Outlook asks again"
        )
        .replace("Close Outlook.", "Quit Outlook.")
        .replace("again and again", "over and over"),
        encoding="utf-8",
    )
    window.open_article(draft)
    similar = built.panels["similar"]
    wait(app, lambda: similar.warning_text() != "")
    built.show_dock(built.docks[1])
    grab(similar, args.out / f"panels-similar{suffix}.png", (PANEL_SIZE[0], 380))

    window.open_article(root / "laptops" / "borrow-a-loan-laptop.md")
    readability = built.panels["readability"]
    readability.toggle.setChecked(True)
    wait(app, lambda: readability.summary is not None and readability.summary.words > 250)
    built.show_dock(built.docks[2])
    settle(app)
    grab(readability, args.out / f"panels-readability{suffix}.png", (PANEL_SIZE[0], 460))
    settle(app, 1.0)
    editor = window.current_editor()
    shot = editor.grab()
    shot.copy(0, 0, min(shot.width(), 520), min(shot.height(), 560)).save(
        str(args.out / f"panels-hard-sentences{suffix}.png")
    )

    window.open_article(root / "vpn" / "vpn-disconnects-after-eight-hours.md")
    structure = built.panels["structure"]
    wait(app, lambda: structure.outline.topLevelItemCount() > 0 and structure.items)
    settle(app, 1.5)
    built.show_dock(built.docks[3])
    grab(structure, args.out / f"panels-structure{suffix}.png", PANEL_SIZE)

    built.show_dock(built.docks[4])
    settle(app)
    grab(built.panels["metadata"], args.out / f"panels-details{suffix}.png", (PANEL_SIZE[0], 420))

    dialog = built.new_article()
    dialog.title.setText("Label printer stops at the Venlo depot")
    dialog.product.setCurrentText("DockTrack")
    dialog.tags.setText("labels, printing")
    settle(app)
    grab(dialog, args.out / f"panels-new-article{suffix}.png")
    dialog.reject()

    exporter = built.export_site()
    # A home-relative folder (the dialog expands "~"), so no machine path shows in the picture.
    os.environ["HOME"] = str(root.parent)
    exporter.folder.setText("~/northwind-site")
    exporter.open_url = lambda url: True
    exporter.start()
    wait(app, lambda: exporter.summary is not None, timeout=180)
    settle(app)
    grab(exporter, args.out / f"panels-export{suffix}.png")

    spelling_menu(app, window, root, args.out / f"panels-spelling{suffix}.png")

    built.shutdown()
    window.ask.answers["save-on-close"] = "discard"
    window.close()
    return 0


def spelling_menu(app: QApplication, window, root: Path, path: Path) -> None:  # type: ignore[no-untyped-def]
    """A typo with its spelling mark and the quick-fix menu open on it (suggestions first)."""
    from PySide6.QtGui import QPainter

    window.open_article(root / "vpn" / "vpn-wont-connect.md")
    tab = window.current_tab()
    editor = tab.editor
    anchor = "so you can keep working in those while you fix this."
    at = editor.toPlainText().index(anchor) + len(anchor)
    editor.setTextCursor(editor.cursor_for(at, at))
    editor.insertPlainText(" Restart the computr first.")
    typo = editor.toPlainText().index("computr")

    def marked() -> bool:
        return any(m.data.rule == "KB.Spelling" for m in editor.diagnostic_marks)

    wait(app, marked)
    editor.setTextCursor(editor.cursor_for(typo + 2, typo + 2))
    editor.centerCursor()
    settle(app, 0.5)
    rect = editor.cursorRect()
    menu = editor.build_menu(typo + 2, rect.bottomLeft(), standard=False)
    menu.adjustSize()
    shot = editor.viewport().grab()
    top = max(0, rect.top() - 120)
    height = min(shot.height() - top, rect.bottom() - top + menu.height() + 40)
    picture = shot.copy(0, top, min(shot.width(), 760), height)
    painter = QPainter(picture)
    left = max(0, min(rect.left(), picture.width() - menu.width() - 4))  # all of it in view
    painter.drawPixmap(left, rect.bottom() - top + 4, menu.grab())
    painter.end()
    picture.save(str(path))
    menu.close()


if __name__ == "__main__":
    sys.exit(main())
