"""The New article dialog: a template and a short form, opening a valid new article unsaved.

The file name follows the title until the writer edits it; Create stays
disabled, with the reason shown, while the form has a problem (no title,
a file that already exists). Creating goes through :mod:`kbeditor.new_article`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from kbeditor import article_ids, new_article, templates
from kbeditor.errors import KbError
from kbeditor.frontmatter import AUDIENCES, TYPES
from kbeditor.gui.panels.context import load_setting, save_setting
from kbeditor.metadata_edit import workspace_vocabulary


class NewArticleDialog(QDialog):
    """Asks for template, title, product, tags, audience, type and place; creates the file."""

    def __init__(self, context: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("newArticleDialog")
        self.setWindowTitle("New article")
        self.context = context
        self.created: Path | None = None
        self._name_edited = False
        self._id_edited = False
        # Read once: every keystroke checks the id against these.
        self.ids = article_ids.workspace_ids(context.workspace)
        self._build()
        self._restore()
        self._update()

    def _build(self) -> None:
        vocab = workspace_vocabulary(self.context.workspace)
        self.template = QComboBox(self)
        self.template.addItems(templates.template_names())
        self.title = QLineEdit(self, placeholderText="What the reader sees or cannot do")
        self.product = QComboBox(self, editable=True)
        self.product.addItems(["", *vocab.products])
        self.tags = QLineEdit(self, placeholderText="comma-separated, for example: vpn, sign-in")
        self.audience = QComboBox(self)
        self.audience.addItems(list(AUDIENCES))
        self.type = QComboBox(self)
        self.type.addItems(list(TYPES))
        self.folder = QComboBox(self, editable=True)
        self.folder.addItems([f for f in vocab.folders])
        self.file_name = QLineEdit(self)
        self.article_id = QLineEdit(self)
        self.article_id.setToolTip("Each article needs its own id; the next free one is offered.")
        self.message = QLabel("", self)
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Problem")
        self.message.setStyleSheet("color: #b91c1c;")
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for text, widget in (
            ("T&emplate", self.template),
            ("&Title", self.title),
            ("&Product", self.product),
            ("Ta&gs", self.tags),
            ("&Audience", self.audience),
            ("T&ype", self.type),
            ("&Folder", self.folder),
            ("File &name", self.file_name),
            ("&Id", self.article_id),
        ):
            label = QLabel(text + ":", self)
            label.setBuddy(widget)
            widget.setAccessibleName(text.replace("&", ""))
            form.addRow(label, widget)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.create_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.create_button.setText("&Create")
        self.buttons.accepted.connect(self.create_article)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(460)
        self.title.textChanged.connect(self._title_changed)
        self.file_name.textEdited.connect(self._name_typed)
        self.article_id.textEdited.connect(self._id_typed)
        self.template.currentTextChanged.connect(self._template_changed)
        for signal in (
            self.product.currentTextChanged,
            self.folder.currentTextChanged,
            self.file_name.textChanged,
            self.article_id.textChanged,
            self.audience.currentTextChanged,
            self.type.currentTextChanged,
        ):
            signal.connect(self._update)

    def _restore(self) -> None:
        self.template.setCurrentText(load_setting("new/template", "troubleshooting"))
        self._template_changed(self.template.currentText())
        self.audience.setCurrentText(load_setting("new/audience", "end-user"))
        # The product is left empty: a guess from the last article would be wrong unnoticed.
        current = self.context.window.current_path()
        folder = load_setting("new/folder", "")
        if current is not None:
            rel = self.context.workspace.display(Path(str(current)))
            folder = rel.rpartition("/")[0]
        self.folder.setCurrentText(folder)
        self.title.setFocus()

    # -- reacting --------------------------------------------------------------------
    def _template_changed(self, name: str) -> None:
        if name in TYPES:
            self.type.setCurrentText(name)
        self._update()

    def _title_changed(self, title: str) -> None:
        if not self._name_edited:
            self.file_name.setText(templates.slug(title) + ".md" if title.strip() else "")
        if not self._id_edited:
            free = article_ids.suggest(self.ids.values(), title) if title.strip() else ""
            self.article_id.setText(free)
        self._update()

    def _id_typed(self, _text: str) -> None:
        self._id_edited = bool(self.article_id.text().strip())

    def _name_typed(self, _text: str) -> None:
        self._name_edited = bool(self.file_name.text().strip())

    def spec(self) -> new_article.NewArticle:
        return new_article.NewArticle(
            template=self.template.currentText(),
            title=self.title.text(),
            folder=self.folder.currentText(),
            file_name=self.file_name.text(),
            product=self.product.currentText(),
            tags=tuple(t.strip() for t in self.tags.text().split(",") if t.strip()),
            audience=self.audience.currentText(),
            type=self.type.currentText(),
            article_id=self.article_id.text(),
        )

    def _update(self) -> None:
        reason = new_article.problem(self.context.workspace, self.spec(), self.ids)
        self.create_button.setEnabled(reason is None)
        shown = reason if (reason and self.title.text().strip()) else ""
        self.message.setText(shown)
        self.message.setVisible(bool(shown))

    # -- creating --------------------------------------------------------------------
    def create_article(self) -> None:
        """Open the new article in the editor, unsaved, and close the dialog.

        The file is written by the writer's first save; "Don't save" leaves nothing on disk.
        """
        spec = self.spec()
        try:
            path, text = new_article.prepare(self.context.workspace, spec, self.ids)
        except (KbError, OSError) as exc:
            self.message.setText(str(exc))
            self.message.show()
            return
        self.created = path
        save_setting("new/template", spec.template)
        save_setting("new/audience", spec.audience)
        save_setting("new/folder", spec.folder)
        self.context.window.open_new_article(path, text)
        self.accept()

    def keyPressEvent(self, event: Any) -> None:
        if (
            event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and not self.create_button.isEnabled()
        ):
            return  # Enter must not close the dialog while the form has a problem
        super().keyPressEvent(event)
