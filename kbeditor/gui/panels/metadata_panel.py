"""The article details form: the open article's front matter as fields, kept in step both ways.

Editing a field rewrites only that key's line in the editor (through
:mod:`kbeditor.metadata_edit`, as one undo step), so comments and keys from
other systems survive. Typing in the YAML updates the form after the pause,
except the field the writer is in, which is never overwritten under them.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kbeditor import metadata_edit
from kbeditor.frontmatter import AUDIENCES, STATUSES, TYPES
from kbeditor.gui.panels.editing import editor_of, replace_text

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def split_tags(text: str) -> list[str]:
    return [t.strip() for t in text.split(",") if t.strip()]


class MetadataPanel(QWidget):
    """Title, product, tags, audience, type, status, date, owner and review date of the open article.

    Signals:
        changed(str, object): the writer changed a field (key, new value) and the text was updated.
    """

    changed = Signal(str, object)

    def __init__(self, context: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("metadataPanel")
        self.context = context
        self._path: Path | None = None
        self._loading = False
        self._products_requested = False
        self._build()
        context.workspace_reset.connect(self._workspace_reset)
        window = context.window
        window.text_changed_debounced.connect(self.text_changed)
        window.current_article_changed.connect(
            lambda path: self.text_changed(path, window.current_text())
        )
        self.text_changed(window.current_path(), window.current_text())

    def _build(self) -> None:
        self.title = QLineEdit(self)
        self.product = QComboBox(self, editable=True)
        self.tags = QLineEdit(self, placeholderText="comma-separated, for example: vpn, sign-in")
        self.audience = QComboBox(self)
        self.audience.addItems(list(AUDIENCES))
        self.type = QComboBox(self)
        self.type.addItems(["", *TYPES])
        self.status = QComboBox(self)
        self.status.addItems(["", *STATUSES])
        self.updated = QLineEdit(self, placeholderText="YYYY-MM-DD")
        self.today = QPushButton("Today", self)
        self.today.setAccessibleName("Set the date to today")
        self.owner = QLineEdit(self)
        self.review_by = QLineEdit(
            self, placeholderText="YYYY-MM-DD (empty: the workspace's review interval)"
        )
        date_row = QHBoxLayout()
        date_row.addWidget(self.updated, 1)
        date_row.addWidget(self.today)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.fields: dict[str, QWidget] = {
            "title": self.title,
            "product": self.product,
            "tags": self.tags,
            "audience": self.audience,
            "type": self.type,
            "status": self.status,
            "updated": self.updated,
            "owner": self.owner,
            "review_by": self.review_by,
        }
        labels = {
            "title": "Tit&le",
            "product": "P&roduct",
            "tags": "Ta&gs",
            "audience": "&Audience",
            "type": "T&ype",
            "status": "Stat&us",
            "updated": "Up&dated",
            "owner": "O&wner",
            "review_by": "Review by",
        }
        for key, widget in self.fields.items():
            widget.setAccessibleName(labels[key].replace("&", ""))
            label = QLabel(labels[key] + ":", self)
            label.setBuddy(widget)
            form.addRow(label, date_row if key == "updated" else widget)
        self.note = QLabel("", self)
        self.note.setWordWrap(True)
        self.inferred = QLabel("", self)
        self.inferred.setObjectName("inferredProfile")
        self.inferred.setWordWrap(True)
        self.inferred.setAccessibleName("Inferred type and audience")
        self.new_button = QPushButton("&New article…", self)
        self.export_button = QPushButton("E&xport site…", self)
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.export_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(form)
        layout.addWidget(self.inferred)
        layout.addWidget(self.note)
        layout.addLayout(buttons)
        layout.addStretch(1)
        for key in ("title", "tags", "owner", "updated", "review_by"):
            line = self.fields[key]
            line.editingFinished.connect(lambda k=key, w=line: self._line_finished(k, w))  # type: ignore[attr-defined]
        product_line = self.product.lineEdit()
        assert product_line is not None  # the product box is editable
        product_line.editingFinished.connect(lambda: self._line_finished("product", product_line))
        self.product.activated.connect(lambda _i: self._edited("product"))
        for key in ("audience", "type", "status"):
            self.fields[key].activated.connect(lambda _i, k=key: self._edited(k))  # type: ignore[attr-defined]
        self.today.clicked.connect(self._set_today)

    # -- text -> form ----------------------------------------------------------------
    def text_changed(self, path: object, text: str) -> None:
        """Show the front matter of ``text`` (leaving alone the field that has focus)."""
        self._path = Path(str(path)) if path is not None else None
        editable = self._path is not None and editor_of(self.context.window) is not None
        for widget in self.fields.values():
            widget.setEnabled(editable)
        self.today.setEnabled(editable)
        if self._path is None:
            self.note.setText("Open an article to see its details.")
        elif not editable:
            self.note.setText("Edit the front matter in the editor to change these details.")
        else:
            self.note.setText("")
        self._fill_products()
        broken = metadata_edit.yaml_error(text or "")
        if broken and editable:
            # Nothing can be read from it: emptying the form would lose what the writer typed.
            self.note.setText(
                f"The front matter is not readable ({broken}). Fix it in the editor; "
                "the fields keep their last values."
            )
            return
        values = metadata_edit.form_values(text or "")
        self.inferred.setText(self._inferred_note(text or ""))
        self._loading = True
        try:
            for key, widget in self.fields.items():
                if widget.hasFocus() or (key == "product" and _has_focus(self.product.lineEdit())):
                    continue
                self._put(key, widget, values.get(key, ""))
        finally:
            self._loading = False

    def _inferred_note(self, text: str) -> str:
        """What the linter assumes where the front matter is silent, so a writer can correct it.

        Uses the article the background lint parsed (its profile is cached there), never
        parsing on the UI thread; an older analysis than ``text`` shows nothing.
        """
        window = self.context.window
        tab = window.current_tab() if hasattr(window, "current_tab") else None
        analysis = getattr(tab, "analysis", None)
        if analysis is None or analysis.text != text:
            return ""
        reading = window.analyzer.lint.linter().profile(analysis.article)
        parts = []
        if reading.type_inferred:
            kind = reading.type or "a reference article (no type)"
            parts.append(f"type <b>{kind}</b> ({reading.type_reason})")
        if reading.audience_inferred:
            parts.append(f"audience <b>{reading.audience}</b> ({reading.audience_reason})")
        if not parts:
            return ""
        return (
            "Inferred, as the front matter does not say: "
            + "; ".join(parts)
            + ". Choose a value above to set it."
        )

    def _put(self, key: str, widget: QWidget, value: Any) -> None:
        if key == "tags":
            widget.setText(", ".join(value))  # type: ignore[attr-defined]
        elif isinstance(widget, QLineEdit):
            widget.setText(str(value))
        elif key == "product":
            self.product.setEditText(str(value))
        elif isinstance(widget, QComboBox):
            index = widget.findText(str(value))
            if index < 0 and value:
                widget.addItem(str(value))  # an unknown value stays visible, the linter flags it
                index = widget.findText(str(value))
            widget.setCurrentIndex(max(index, 0))

    def _fill_products(self) -> None:
        """Offer the products the workspace already uses (read in the background, once)."""
        if self._products_requested:
            return
        self._products_requested = True
        workspace = self.context.workspace
        self.context.analysis_lane.submit(
            "vocabulary",
            lambda: metadata_edit.workspace_vocabulary(workspace),
            self._vocabulary_done,
            owner=self,
        )

    def _vocabulary_done(self, result: Any) -> None:
        current = self.product.currentText()
        self.product.blockSignals(True)
        self.product.clear()
        self.product.addItems(list(result.products))
        self.product.setEditText(current)
        self.product.blockSignals(False)

    def _workspace_reset(self, _workspace: object) -> None:
        self._products_requested = False
        self._fill_products()

    # -- form -> text ----------------------------------------------------------------
    def value(self, key: str) -> Any:
        widget = self.fields[key]
        if key == "tags":
            return split_tags(self.tags.text())
        if key == "product":
            return self.product.currentText().strip()
        if isinstance(widget, QComboBox):
            return widget.currentText()
        return widget.text().strip()  # type: ignore[attr-defined]

    def _line_finished(self, key: str, line: QLineEdit) -> None:
        """Leaving a field writes it only if the writer changed it (focus moving is not an edit)."""
        if line.isModified():
            line.setModified(False)
            self._edited(key)

    def _edited(self, key: str) -> None:
        if self._loading or self._path is None:
            return
        value = self.value(key)
        if key in ("updated", "review_by") and value and not _DATE.fullmatch(value):
            self.note.setText("Write the date as YYYY-MM-DD, for example 2024-05-31.")
            return
        text = self.context.window.current_text()
        if metadata_edit.form_values(text).get(key) == value:
            return
        new_text = metadata_edit.set_values(text, {key: value})
        if replace_text(self.context.window, new_text):
            self.note.setText("")
            self.changed.emit(key, value)

    def _set_today(self) -> None:
        self.updated.setText(dt.date.today().isoformat())
        self._edited("updated")


def _has_focus(widget: QWidget | None) -> bool:
    return widget is not None and widget.hasFocus()
