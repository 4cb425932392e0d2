"""The editor's side panels: search, similar articles, readability, structure, article details, KB health.

The main window calls :func:`side_panels` once and docks what it returns. The
panels talk to the window only through its public interface (``workspace``,
``current_path()``, ``current_text()``, ``open_article()``,
``open_side_by_side()``, ``highlight_ranges()`` and its signals), so each
panel can be built and tested on its own. :func:`panel_actions` gives the
actions that show each panel, create an article and export the site, for the
window's menus; their shortcuts work as soon as :func:`side_panels` ran.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDockWidget, QWidget

from kbeditor.gui.panels.context import PanelContext
from kbeditor.gui.panels.export_dialog import ExportDialog
from kbeditor.gui.panels.health_panel import HealthPanel
from kbeditor.gui.panels.metadata_panel import MetadataPanel
from kbeditor.gui.panels.new_article_dialog import NewArticleDialog
from kbeditor.gui.panels.readability_panel import ReadabilityPanel
from kbeditor.gui.panels.search_panel import SearchPanel
from kbeditor.gui.panels.similar_panel import SimilarPanel
from kbeditor.gui.panels.structure_panel import StructurePanel

__all__ = ["PanelContext", "panel_actions", "panels_of", "side_panels"]

# (object name, title, panel class, shortcut that shows the panel and focuses it)
DOCKS = (
    ("searchDock", "Search", SearchPanel, "Ctrl+Shift+F"),
    ("similarDock", "Similar articles", SimilarPanel, "Ctrl+Shift+D"),
    ("readabilityDock", "Readability", ReadabilityPanel, "Ctrl+Shift+R"),
    ("structureDock", "Structure", StructurePanel, "Ctrl+Shift+O"),
    ("metadataDock", "Article details", MetadataPanel, "Ctrl+Shift+M"),
    ("healthDock", "KB health", HealthPanel, "Ctrl+Shift+H"),
)
NEW_ARTICLE_SHORTCUT = "Ctrl+Alt+N"
EXPORT_SHORTCUT = "Ctrl+Shift+E"
EXPORT_REPORT_SHORTCUT = "Ctrl+Alt+H"


class PanelSet(PanelContext):
    """The shared context plus the panels, docks, dialogs and actions built for one window."""

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.docks: list[QDockWidget] = []
        self.panels: dict[str, QWidget] = {}
        self.actions: list[QAction] = []
        self.export_dialog: ExportDialog | None = None
        self.new_article_dialog: NewArticleDialog | None = None

    def build(self) -> list[QDockWidget]:
        for name, title, cls, shortcut in DOCKS:
            dock = QDockWidget(title, self.window)
            dock.setObjectName(name)
            dock.setAllowedAreas(
                Qt.DockWidgetArea.LeftDockWidgetArea | Qt.DockWidgetArea.RightDockWidgetArea
            )
            panel = cls(self, dock)
            panel.setAccessibleName(f"{title} panel")
            dock.setWidget(panel)
            dock.setFocusProxy(panel)
            self.docks.append(dock)
            self.panels[name.removesuffix("Dock")] = panel
            self._action(
                f"Show {title.lower()}", shortcut, lambda _on=False, d=dock: self.show_dock(d)
            )
        self._action("New article…", NEW_ARTICLE_SHORTCUT, self.new_article)
        self._action("Export site…", EXPORT_SHORTCUT, self.export_site)
        self._action("Export health report…", EXPORT_REPORT_SHORTCUT, self.export_health_report)
        metadata = self.panels["metadata"]
        metadata.new_button.clicked.connect(self.new_article)  # type: ignore[attr-defined]
        metadata.export_button.clicked.connect(self.export_site)  # type: ignore[attr-defined]
        self.request_index_update(None)  # the first search must not wait for an index build
        return self.docks

    def _action(self, text: str, shortcut: str, slot: Any) -> None:
        action = QAction(text, self.window)
        action.setShortcut(QKeySequence(shortcut))
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(slot)
        self.window.addAction(action)
        self.actions.append(action)

    def show_dock(self, dock: QDockWidget) -> None:
        """Show a dock, bring its tab to the front and put the keyboard in it."""
        dock.show()
        dock.raise_()
        panel = dock.widget()
        if isinstance(panel, SearchPanel):
            panel.focus_query()
        else:
            panel.setFocus(Qt.FocusReason.ShortcutFocusReason)
            panel.focusNextChild()

    def new_article(self) -> NewArticleDialog:
        self.new_article_dialog = NewArticleDialog(self, self.window)
        self.new_article_dialog.open()
        return self.new_article_dialog

    def export_site(self) -> ExportDialog:
        if self.export_dialog is None:
            self.export_dialog = ExportDialog(self, self.window)
        self.export_dialog.show()
        self.export_dialog.raise_()
        self.export_dialog.activateWindow()
        return self.export_dialog

    def export_health_report(self) -> None:
        """Show the health view and ask where to write the report."""
        dock = next(d for d in self.docks if d.objectName() == "healthDock")
        self.show_dock(dock)
        self.panels["health"].choose_export_folder()  # type: ignore[attr-defined]

    def shutdown(self) -> None:
        if self.export_dialog is not None:
            self.export_dialog.shutdown()
        health = self.panels.get("health")
        if health is not None:
            health.shutdown()  # type: ignore[attr-defined]
        super().shutdown()


def side_panels(window: Any) -> list[QDockWidget]:
    """Build the side panels for ``window`` and return their docks (the window places them)."""
    return PanelSet(window).build()


def panels_of(window: Any) -> PanelSet | None:
    """The panels built for ``window`` by :func:`side_panels`, if any."""
    return window.findChild(PanelSet)


def panel_actions(window: Any) -> list[QAction]:
    """Actions for the window's menus: show each panel, New article…, Export site…."""
    found = panels_of(window)
    return list(found.actions) if found else []
