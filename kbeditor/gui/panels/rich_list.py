"""A list whose rows are small pieces of rich text (title, product, highlighted snippet).

Qt's item views paint plain text only; the delegate lays each row out as a
``QTextDocument`` at the view's current width, so long snippets wrap instead
of being cut, and the row is read to screen readers as plain text.
"""

from __future__ import annotations

import html
import re

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QAbstractTextDocumentLayout, QPainter, QPalette, QTextDocument
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QListView,
    QListWidget,
    QListWidgetItem,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

HTML_ROLE = Qt.ItemDataRole.UserRole + 100
PADDING = 6
MARK_STYLE = "background-color:#fde68a; color:#1f2328;"


def marks_to_html(snippet_html: str) -> str:
    """Turn ``<mark>`` (which QTextDocument does not know) into a styled span; drop other tags."""
    text = re.sub(r"<(?!/?mark\b)[^>]*>", "", snippet_html)
    text = re.sub(r"<mark\b[^>]*>", f'<span style="{MARK_STYLE}">', text)
    return text.replace("</mark>", "</span>")


def plain_to_html(text: str) -> str:
    return html.escape(text)


class RichTextDelegate(QStyledItemDelegate):
    """Paints the item's :data:`HTML_ROLE` text, wrapped to the view's width."""

    def __init__(self, view: QListView) -> None:
        super().__init__(view)
        self._view = view

    def _document(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex, width: int
    ) -> QTextDocument:
        doc = QTextDocument()
        doc.setDocumentMargin(PADDING)
        doc.setDefaultFont(option.font)
        doc.setHtml(str(index.data(HTML_ROLE) or html.escape(str(index.data() or ""))))
        doc.setTextWidth(max(width, 80))
        return doc

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        text_html = index.data(HTML_ROLE)
        opt.text = ""
        style = opt.widget.style() if opt.widget else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        doc = self._document(opt, index, opt.rect.width())
        if text_html is None:
            return
        ctx = QAbstractTextDocumentLayout.PaintContext()
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        ctx.palette.setColor(QPalette.ColorRole.Text, opt.palette.color(role))
        painter.save()
        painter.translate(opt.rect.topLeft())
        painter.setClipRect(QRect(0, 0, opt.rect.width(), opt.rect.height()))
        doc.documentLayout().draw(painter, ctx)
        painter.restore()

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        width = self._view.viewport().width() - 2
        doc = self._document(option, index, width)
        return QSize(width, int(doc.size().height()) + 2)


class RichList(QListWidget):
    """A list of rich-text rows that re-wraps them when the panel is resized."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setItemDelegate(RichTextDelegate(self))
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setWordWrap(True)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)

    def add_row(self, rich: str, plain: str, data: object) -> QListWidgetItem:
        """Append a row: ``rich`` is painted, ``plain`` is what screen readers and tooltips get."""
        item = QListWidgetItem(plain)
        item.setData(HTML_ROLE, rich)
        item.setData(Qt.ItemDataRole.UserRole, data)
        item.setData(Qt.ItemDataRole.AccessibleTextRole, plain)
        item.setData(Qt.ItemDataRole.ToolTipRole, plain)  # setToolTip leaks in PySide6 6.11
        self.addItem(item)
        return item
