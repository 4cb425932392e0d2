"""The workspace panel: every article by folder or by product, with a badge for its worst problem.

The tree fills at once from file names; titles, products and badges arrive
from the background scan. A QFileSystemWatcher on the folders notices
articles added, removed or changed by other programs and rescans.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import (
    QEvent,
    QFileSystemWatcher,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from kbeditor.gui import theme
from kbeditor.gui.badges import severity_icon
from kbeditor.gui.workspace_check import ArticleInfo
from kbeditor.workspace import DATA_DIR, Workspace

PATH_ROLE = Qt.ItemDataRole.UserRole + 1
# Rows are filled with setData: in PySide6 6.11 the first convenience setter called on a new
# item (setToolTip, setIcon, setSelectable, ...) leaks a reference to None.
_TOOLTIP = Qt.ItemDataRole.ToolTipRole
BY_FOLDER, BY_PRODUCT = "folder", "product"


class TitleDelegate(QStyledItemDelegate):
    """Article rows two lines high when the title does not fit on one at the tree's width."""

    def __init__(self, view: QTreeView) -> None:
        super().__init__(view)
        self._view = view

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        hint = super().sizeHint(option, index)
        if not index.parent().isValid():
            return hint  # a folder or product row
        view = self._view
        icon = view.iconSize().width() if view.iconSize().isValid() else 16
        room = view.viewport().width() - 2 * view.indentation() - icon - 12
        metrics = option.fontMetrics
        if metrics.horizontalAdvance(str(index.data())) <= room:
            return hint
        return QSize(hint.width(), max(hint.height(), 2 * metrics.lineSpacing() + 4))


class WorkspacePanel(QWidget):
    """Lists a workspace's articles.

    Signals:
        open_requested(Path): the writer activated an article.
        files_changed(): articles were added, removed or changed on disk.
    """

    open_requested = Signal(object)
    files_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("workspacePanel")
        self.workspace: Workspace | None = None
        self.paths: list[Path] = []
        self._rels: dict[Path, str] = {}  # each article's name in the workspace
        self._folders: dict[Path, str] = {}  # and the folder it is listed in
        self.infos: dict[Path, ArticleInfo] = {}
        self._items: dict[Path, QStandardItem] = {}  # the row of each article shown
        self._groups: dict[str, QStandardItem] = {}
        self._progress: tuple[int, int] | None = None  # (checked, total) while a check runs
        self.grouping = BY_FOLDER
        self.model = QStandardItemModel(self)
        self.view = QTreeView(self)
        self.view.setObjectName("articleTree")
        self.view.setModel(self.model)
        self.view.setHeaderHidden(True)
        # A long title wraps onto a second line (cut at the dock's edge, titles that begin
        # alike, "LaneLink VPN ...", could not be told apart); what still does not fit is
        # cut at the end of the second line, and the hover shows it whole.
        self.view.setWordWrap(True)
        self.view.setItemDelegate(TitleDelegate(self.view))
        self.view.viewport().installEventFilter(self)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.activated.connect(self._activated)
        self.view.doubleClicked.connect(self._activated)
        self.group_box = QComboBox(self)
        self.group_box.addItem("By folder", BY_FOLDER)
        self.group_box.addItem("By product", BY_PRODUCT)
        self.group_box.currentIndexChanged.connect(self._grouping_changed)
        self.filter_edit = QLineEdit(self)
        self.filter_edit.setPlaceholderText("Filter articles")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.textChanged.connect(self.rebuild)
        self.status = QLabel(self)
        self.status.setObjectName("workspaceStatus")
        top = QHBoxLayout()
        top.setContentsMargins(6, 4, 6, 2)
        top.addWidget(self.group_box)
        top.addWidget(self.filter_edit, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.status)
        self.watcher = QFileSystemWatcher(self)
        self.watcher.directoryChanged.connect(self._schedule_refresh)
        self._refresh_timer = QTimer(self, singleShot=True, interval=400)
        self._refresh_timer.timeout.connect(self.files_changed)
        self._rebuild_timer = QTimer(self, singleShot=True, interval=300)
        self._rebuild_timer.timeout.connect(self.rebuild)
        theme.THEME.changed.connect(self._theme_changed)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.view.viewport() and event.type() == QEvent.Type.Resize:
            self.view.doItemsLayout()  # rows wrap to the new width
        return super().eventFilter(watched, event)

    # -- contents ------------------------------------------------------------------------
    def set_workspace(self, workspace: Workspace) -> None:
        self.workspace = workspace
        self.infos.clear()
        dirs = self.watcher.directories()
        if dirs:
            self.watcher.removePaths(dirs)
        self.reload_paths()

    def reload_paths(self) -> list[Path]:
        """Re-list the articles on disk; returns the paths that are new or changed order."""
        assert self.workspace is not None
        self._rels.clear()
        self._folders.clear()
        for rel, entry in self.workspace.walk_articles():
            # The walk's names are final for plain files (the root is resolved and folder
            # links are not followed): resolving 12,000 paths again took seconds at start.
            path = Path(entry.path)
            self._rels[path] = self.workspace.relative(path) if entry.is_symlink() else rel
            self._folders[path] = rel.rpartition("/")[0]
        self.paths = sorted(self._rels)
        known = set(self.paths)
        self.infos = {p: i for p, i in self.infos.items() if p in known}
        self._watch_folders()
        self.rebuild()
        return self.paths

    def _watch_folders(self) -> None:
        assert self.workspace is not None
        folders = {str(self.workspace.root)} | {str(p.parent) for p in self.paths}
        for dirpath in list(folders):
            if f"/{DATA_DIR}" in dirpath:
                folders.discard(dirpath)
        current = set(self.watcher.directories())
        missing = sorted(folders - current)
        if missing:
            self.watcher.addPaths(missing)

    def update_infos(self, infos: list[ArticleInfo]) -> None:
        """Show a batch from the workspace check, changing only the rows it names.

        A check of 10^4 articles sends 10^2 batches: rebuilding the whole tree
        for each one kept the UI thread busy for most of the check.
        """
        needle = self.filter_edit.text().strip()
        for info in infos:
            old = self.infos.get(info.path)
            self.infos[info.path] = info
            if needle and (old is None or old.title != info.title):
                self._rebuild_soon()  # the new title may match the filter, or no longer
                continue
            self._show_info(info, old)

    def show_progress(self, checked: int, total: int) -> None:
        """The check's progress, under the tree; None of it once the check is done."""
        self._progress = (checked, total) if checked < total else None
        self._show_status()

    def check_finished(self) -> None:
        self._progress = None
        self._show_status()

    def _show_info(self, info: ArticleInfo, old: ArticleInfo | None) -> None:
        item = self._items.get(info.path)
        if item is None:
            return
        if self._group_key(info.path, info) != self._group_key(info.path, old):
            self._move(item, self._group_key(info.path, info))
        self._fill(item, info.path, info)

    def _move(self, item: QStandardItem, key: str) -> None:
        """Move a row to another group (by product, once the product is known)."""
        source = item.parent()
        if source is not None:
            taken = source.takeRow(item.row())[0]
            if source.rowCount() == 0:
                self.model.removeRow(source.row())
                self._groups = {k: g for k, g in self._groups.items() if g is not source}
        else:
            taken = item
        target = self._groups.get(key)
        if target is None:
            target = self._groups[key] = self._group_item(key)
            names = sorted([*self._groups], key=_group_order)
            self.model.insertRow(names.index(key), target)
            self.view.setExpanded(target.index(), True)
        target.appendRow(taken)

    def _rebuild_soon(self) -> None:
        self._rebuild_timer.start()

    def set_worst(self, path: Path, worst: str | None, title: str | None = None) -> None:
        """Update one article's badge (after a live lint or a save).

        This runs after every live lint, so it touches only that article's row,
        and nothing at all when its badge and title are unchanged: rebuilding
        the tree each time cost the UI thread time in proportion to the
        workspace, and each new row leaked a reference in PySide6.
        """
        info = self.infos.get(path)
        if info is None:
            return
        title = title or info.title
        if worst == info.worst and title == info.title:
            return
        self.infos[path] = info = ArticleInfo(
            path, title, info.product, worst, info.counts, info.error
        )
        item = self._items.get(path)
        if item is None:
            self._rebuild_soon()  # filtered out or not built yet: the next rebuild shows it
            return
        self._fill(item, path, info)

    def rebuild(self) -> None:
        if self.workspace is None:
            return
        self._rebuild_timer.stop()
        expanded = self._expanded()
        selected = self.selected_path()
        needle = self.filter_edit.text().strip().lower()
        self.view.setUpdatesEnabled(False)
        self.model.clear()
        self._items.clear()
        groups: dict[str, list[QStandardItem]] = {}
        for path in self.paths:
            info = self.infos.get(path)
            title = info.title if info else path.stem.replace("-", " ")
            if needle and needle not in title.lower() and needle not in self._rel(path).lower():
                continue
            item = self._items[path] = QStandardItem(title)
            item.setData(path, PATH_ROLE)
            self._fill(item, path, info)
            groups.setdefault(self._group_key(path, info), []).append(item)
        self._groups = {}
        for key in sorted(groups, key=_group_order):
            group = self._groups[key] = self._group_item(key)
            group.appendRows(groups[key])
            self.model.appendRow(group)
        for row in range(self.model.rowCount()):
            index = self.model.index(row, 0)
            self.view.setExpanded(index, not expanded or index.data() in expanded or bool(needle))
        self.view.setUpdatesEnabled(True)
        if selected is not None:
            self.select_path(selected)
        self._show_status()

    def _fill(self, item: QStandardItem, path: Path, info: ArticleInfo | None) -> None:
        title = info.title if info else path.stem.replace("-", " ")
        item.setData(title, Qt.ItemDataRole.DisplayRole)
        item.setData(self._tooltip(title, self._rel(path), info), _TOOLTIP)
        item.setData(
            severity_icon(info.worst if info else "pending"), Qt.ItemDataRole.DecorationRole
        )

    @staticmethod
    def _group_item(key: str) -> QStandardItem:
        group = QStandardItem(key)
        group.setSelectable(False)
        return group

    def _rel(self, path: Path) -> str:
        assert self.workspace is not None
        rel = self._rels.get(path)
        return rel if rel is not None else self.workspace.relative(path)

    def _show_status(self) -> None:
        count = f"  {len(self.paths):,} articles"
        if self._progress is None:
            self.status.setText(count)
        else:
            checked, total = self._progress
            self.status.setText(f"{count}, checking {checked:,} of {total:,}…")

    def _group_key(self, path: Path, info: ArticleInfo | None) -> str:
        assert self.workspace is not None
        if self.grouping == BY_PRODUCT:
            return (
                (info.product if info and info.product else "(no product)")
                if info
                else "(reading…)"
            )
        parent = self._folders.get(path)
        if parent is None:
            parent = self.workspace.relative(path.parent)
        return "(top level)" if parent in ("", ".") else parent

    @staticmethod
    def _tooltip(title: str, rel: str, info: ArticleInfo | None) -> str:
        """The full title first (the tree cuts long ones), then the file and its state."""
        if info is None:
            return f"{title}\n{rel}"
        worst = {"error": "has errors", "warning": "has warnings", "suggestion": "has suggestions"}
        lines = [title, rel, worst.get(info.worst or "", "no problems found")]
        if info.error:
            lines.append(info.error)
        return "\n".join(lines)

    def _expanded(self) -> set[str]:
        out = set()
        for row in range(self.model.rowCount()):
            index = self.model.index(row, 0)
            if self.view.isExpanded(index):
                out.add(index.data())
        return out

    def item_titles(self) -> dict[Path, str]:
        """Article path -> the title shown (for tests and the window title)."""
        out = {}
        for row in range(self.model.rowCount()):
            group = self.model.item(row)
            for r in range(group.rowCount()):
                item = group.child(r)
                out[item.data(PATH_ROLE)] = item.text()
        return out

    def group_names(self) -> list[str]:
        return [self.model.item(r).text() for r in range(self.model.rowCount())]

    def selected_path(self) -> Path | None:
        index = self.view.currentIndex()
        return index.data(PATH_ROLE) if index.isValid() else None

    def select_path(self, path: Path) -> None:
        item = self._items.get(path)
        if item is not None:
            self.view.setCurrentIndex(item.index())

    def set_grouping(self, grouping: str) -> None:
        self.group_box.setCurrentIndex(max(0, self.group_box.findData(grouping)))

    def _grouping_changed(self) -> None:
        self.grouping = self.group_box.currentData() or BY_FOLDER
        self.rebuild()

    def _activated(self, index) -> None:
        path = index.data(PATH_ROLE)
        if path is not None:
            self.open_requested.emit(path)

    def _theme_changed(self, _dark: bool) -> None:
        self.rebuild()

    def _schedule_refresh(self, _path: str) -> None:
        self._refresh_timer.start()


def _group_order(key: str) -> tuple[bool, str]:
    """Groups in name order, the bracketed ones ("(top level)", "(no product)") last."""
    return key.startswith("("), key.lower()
