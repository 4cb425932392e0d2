"""Questions to the writer, routed through one replaceable policy.

Every question the editor asks (save before closing, restore a recovery
copy, reload a file changed on disk) is a :class:`Question` answered by the
window's ``ask`` policy. The interactive policy shows a message box; tests
and ``--screenshot`` install :class:`ScriptedAnswers` so nothing modal ever
blocks them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtWidgets import QAbstractButton, QMessageBox, QWidget

# The questions the editor asks, by key.
SAVE_ON_CLOSE = "save-on-close"
RESTORE_RECOVERY = "restore-recovery"
RELOAD_EXTERNAL = "reload-external"
OVERWRITE_EXTERNAL = "overwrite-external"
SAVE_LOSSY = "save-lossy"


@dataclass(frozen=True, slots=True)
class Question:
    """A question with named choices; ``default`` is the safe answer (never loses text)."""

    key: str
    title: str
    text: str
    choices: tuple[tuple[str, str], ...]  # (answer id, button label)
    default: str
    detail: str = ""


class AskPolicy:
    """Answers questions by asking the writer in a message box."""

    def __call__(self, parent: QWidget | None, question: Question) -> str:
        box = QMessageBox(parent)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(question.title)
        box.setText(question.text)
        if question.detail:
            box.setInformativeText(question.detail)
        buttons: dict[QAbstractButton, str] = {}
        for answer, label in question.choices:
            role = QMessageBox.ButtonRole.AcceptRole
            if answer == "cancel":
                role = QMessageBox.ButtonRole.RejectRole
            button = box.addButton(label, role)
            buttons[button] = answer
            if answer == question.default:
                box.setDefaultButton(button)
        box.exec()
        return buttons.get(box.clickedButton(), question.default)


@dataclass
class ScriptedAnswers(AskPolicy):
    """Answers from a table (question key -> answer); unknown questions get the safe default.

    ``asked`` records every question, so a test can check what the writer would have seen.
    """

    answers: dict[str, str] = field(default_factory=dict)
    asked: list[Question] = field(default_factory=list)

    def __call__(self, parent: QWidget | None, question: Question) -> str:
        self.asked.append(question)
        return self.answers.get(question.key, question.default)

    def asked_keys(self) -> list[str]:
        return [q.key for q in self.asked]
