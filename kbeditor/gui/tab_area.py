"""The editor area: tabbed editors, with a second pane for reading two articles side by side."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QApplication, QSplitter, QTabBar, QTabWidget, QWidget

from kbeditor import frontmatter
from kbeditor.gui.editor_tab import EditorTab


class TabArea(QSplitter):
    """Two tab widgets; the second is shown only while it holds an article.

    Signals:
        current_changed(object): the active EditorTab (or None).
        close_requested(object): the writer clicked a tab's close button.
    """

    current_changed = Signal(object)
    close_requested = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.setObjectName("tabArea")
        self.setChildrenCollapsible(False)
        self.primary = self._make("primaryTabs")
        self.secondary = self._make("secondaryTabs")
        self.secondary.hide()
        self._active = self.primary
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus_changed)

    def _make(self, name: str) -> QTabWidget:
        tabs = _ArticleTabs(self)
        tabs.setObjectName(name)
        tabs.setDocumentMode(True)
        tabs.setTabsClosable(True)
        tabs.setMovable(True)
        tabs.setUsesScrollButtons(True)
        tabs.setElideMode(Qt.TextElideMode.ElideMiddle)
        tabs.currentChanged.connect(lambda _i, t=tabs: self._changed(t))
        tabs.tabCloseRequested.connect(lambda i, t=tabs: self.close_requested.emit(t.widget(i)))
        # A tab bar takes no focus on a click, so the focus alone never told us which
        # pane the writer chose: Ctrl+W and the panels kept following the other one.
        tabs.tabBarClicked.connect(lambda i, t=tabs: self._clicked(t, i))
        self.addWidget(tabs)
        return tabs

    def tabs(self) -> list[EditorTab]:
        out: list[EditorTab] = []
        for widget in (self.primary, self.secondary):
            found = (widget.widget(i) for i in range(widget.count()))
            out.extend(tab for tab in found if isinstance(tab, EditorTab))
        return out

    def tab_for(self, path: Path) -> EditorTab | None:
        """The open tab of ``path``, or None."""
        return next((t for t in self.tabs() if t.path == path), None)

    def current_tab(self) -> EditorTab | None:
        tab = self._active.currentWidget()
        if tab is None:
            tab = self.primary.currentWidget() or self.secondary.currentWidget()
        return tab if isinstance(tab, EditorTab) else None

    def add(self, tab: EditorTab, title: str, *, secondary: bool = False) -> None:
        target = self.secondary if secondary else self.primary
        target.addTab(tab, title)
        if secondary:
            self.secondary.show()
            self.setSizes([1, 1])
        self.show_tab(tab)

    def move_to_secondary(self, tab: EditorTab) -> None:
        owner = self._owner(tab)
        if owner is self.secondary:
            self.show_tab(tab)
            return
        title = owner.tabText(owner.indexOf(tab))
        owner.removeTab(owner.indexOf(tab))
        self.add(tab, title, secondary=True)

    def show_tab(self, tab: EditorTab) -> None:
        owner = self._owner(tab)
        owner.setCurrentWidget(tab)
        self._active = owner
        self.current_changed.emit(tab)

    def remove(self, tab: EditorTab) -> None:
        owner = self._owner(tab)
        owner.removeTab(owner.indexOf(tab))
        if owner is self.secondary and self.secondary.count() == 0:
            self.secondary.hide()
            self._active = self.primary
        self.current_changed.emit(self.current_tab())

    def set_title(self, tab: EditorTab, title: str) -> None:
        owner = self._owner(tab)
        owner.setTabText(owner.indexOf(tab), title)

    def step(self, delta: int) -> None:
        tabs = self._active if self._active.count() else self.primary
        if tabs.count():
            tabs.setCurrentIndex((tabs.currentIndex() + delta) % tabs.count())

    def _owner(self, tab: EditorTab) -> QTabWidget:
        return self.secondary if self.secondary.indexOf(tab) >= 0 else self.primary

    def _changed(self, tabs: QTabWidget) -> None:
        if tabs is self._active or tabs.count() and not self._active.count():
            self._active = tabs
            self.current_changed.emit(self.current_tab())

    def _clicked(self, tabs: QTabWidget, index: int) -> None:
        tab = tabs.widget(index)
        if not isinstance(tab, EditorTab):
            return
        if tabs is not self._active or tabs.currentWidget() is not tab:
            tabs.setCurrentWidget(tab)
            self._active = tabs
            self.current_changed.emit(tab)
        tab.editor.setFocus()

    def _focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        if new is None:
            return
        for tabs in (self.primary, self.secondary):
            if tabs.isAncestorOf(new) and tabs is not self._active:
                self._active = tabs
                self.current_changed.emit(self.current_tab())
                return


# Letters of a file name a tab keeps before the bar scrolls instead of eliding more:
# five tabs at 1600 px were cut to "s…d".
READABLE_CHARS = 16


def tab_tooltip(tab: EditorTab) -> str:
    """A tab's hover text: the article's full title (the tab shows the file name), then the path.

    The title is the last analysis's (it follows edits), else the front matter's as loaded.
    """
    title = ""
    analysis = getattr(tab, "analysis", None)
    if analysis is not None:
        title = analysis.article.title
    elif tab.readable:
        text = tab.text()
        title = frontmatter.parse(text, frontmatter.locate(text), tab.path)[0].title or ""
    return f"{title}\n{tab.path}" if title else str(tab.path)


class _ReadableTabBar(QTabBar):
    def event(self, event: QEvent) -> bool:
        tabs = self.parent()
        if isinstance(event, QHelpEvent) and isinstance(tabs, QTabWidget):
            # Written when asked for: the title can change with every analysis.
            index = self.tabAt(event.pos())
            tab = tabs.widget(index)
            if isinstance(tab, EditorTab):
                self.setTabToolTip(index, tab_tooltip(tab))
        return super().event(event)

    def minimumTabSizeHint(self, index: int) -> QSize:
        full = self.tabSizeHint(index)
        text = self.tabText(index)
        shown = self.fontMetrics().horizontalAdvance(text[:READABLE_CHARS])
        hidden = self.fontMetrics().horizontalAdvance(text) - shown
        return QSize(
            max(super().minimumTabSizeHint(index).width(), full.width() - hidden), full.height()
        )


class _ArticleTabs(QTabWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTabBar(_ReadableTabBar(self))
