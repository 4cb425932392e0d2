"""Light and dark themes: the application palette and the editor's colours.

The theme follows the system colour scheme unless the writer picks one
(View > Theme); the choice is kept in the settings. Widgets that paint
their own colours (highlighter, underlines, badges, preview) read them from
:func:`current` and refresh on :data:`THEME.changed`.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

SYSTEM, LIGHT, DARK = "system", "light", "dark"


@dataclass(frozen=True, slots=True)
class Colours:
    dark: bool
    text: str
    base: str
    window: str
    muted: str
    heading: str
    emphasis: str
    link: str
    code: str
    code_bg: str
    marker: str
    front_key: str
    front_bg: str
    comment: str
    error: str
    warning: str
    suggestion: str
    ok: str
    highlight: str
    find: str
    hard: str  # hard-to-read sentences (Hemingway's yellow)
    very_hard: str  # very hard ones (Hemingway's red)
    banner_bg: str
    banner_text: str


LIGHT_COLOURS = Colours(
    dark=False, text="#1f2328", base="#ffffff", window="#f3f4f6", muted="#6b7280",
    heading="#1d4ed8", emphasis="#7c2d12", link="#0369a1", code="#9a3412", code_bg="#f4f4f5",
    marker="#7c3aed", front_key="#047857", front_bg="#f0fdf4", comment="#6b7280",
    error="#dc2626", warning="#d97706", suggestion="#2563eb", ok="#16a34a",
    highlight="#fef08a", find="#fde68a", banner_bg="#fff7d6", banner_text="#5c4400",
    hard="#fbefb4", very_hard="#f9c6c6",
)  # fmt: skip

DARK_COLOURS = Colours(
    dark=True, text="#e6e6e6", base="#1e1f22", window="#2b2d30", muted="#9ca3af",
    heading="#7cb7ff", emphasis="#f0b37e", link="#6cc6f0", code="#f59e8b", code_bg="#2a2b2f",
    marker="#c4a7ff", front_key="#6ee7b7", front_bg="#1f2a24", comment="#8b949e",
    error="#ff6b6b", warning="#fbbf24", suggestion="#60a5fa", ok="#4ade80",
    highlight="#5b4a00", find="#6b5800", banner_bg="#4a3b00", banner_text="#ffe9a3",
    hard="#4f4412", very_hard="#652a2e",
)  # fmt: skip


class Theme(QObject):
    """The active theme. Signals: ``changed(bool dark)``."""

    changed = Signal(bool)

    def __init__(self) -> None:
        super().__init__()
        self.mode = SYSTEM
        self.colours = LIGHT_COLOURS

    def apply(self, mode: str | None = None) -> None:
        """Apply ``mode`` (system, light or dark) to the running application."""
        if mode is not None:
            self.mode = mode if mode in (SYSTEM, LIGHT, DARK) else SYSTEM
        dark = self._wants_dark()
        self.colours = DARK_COLOURS if dark else LIGHT_COLOURS
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.setPalette(_palette(self.colours))
        self.changed.emit(dark)

    def follow_system(self) -> None:
        """Re-apply when the system scheme changes (only matters in system mode)."""
        hints = QGuiApplication.styleHints()
        hints.colorSchemeChanged.connect(lambda _scheme: self.apply())

    def _wants_dark(self) -> bool:
        if self.mode == DARK:
            return True
        if self.mode == LIGHT:
            return False
        return QGuiApplication.styleHints().colorScheme() == Qt.ColorScheme.Dark


THEME = Theme()


def current() -> Colours:
    return THEME.colours


def severity_colour(severity: str) -> QColor:
    c = THEME.colours
    return QColor({"error": c.error, "warning": c.warning}.get(severity, c.suggestion))


def _palette(c: Colours) -> QPalette:
    p = QPalette()
    role = QPalette.ColorRole
    accent = QColor("#2f6fde" if not c.dark else "#3d7be0")
    pairs = {
        role.Window: c.window,
        role.WindowText: c.text,
        role.Base: c.base,
        role.AlternateBase: c.window,
        role.Text: c.text,
        role.Button: c.window,
        role.ButtonText: c.text,
        role.ToolTipBase: c.base,
        role.ToolTipText: c.text,
        role.PlaceholderText: c.muted,
        role.BrightText: "#ffffff",
        role.Link: c.link,
    }
    for r, colour in pairs.items():
        p.setColor(r, QColor(colour))
    p.setColor(role.Highlight, accent)
    p.setColor(role.HighlightedText, QColor("#ffffff"))
    disabled = QPalette.ColorGroup.Disabled
    for r in (role.Text, role.WindowText, role.ButtonText):
        p.setColor(disabled, r, QColor(c.muted))
    return p
