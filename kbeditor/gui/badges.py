"""Small round severity badges, drawn rather than loaded so they follow the theme."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPixmap

from kbeditor.gui import theme

_SYMBOLS = {"error": "!", "warning": "!", "suggestion": "i", "ok": "✓"}
_cache: dict[tuple[str, bool, int], QIcon] = {}


def severity_icon(severity: str | None, size: int = 14) -> QIcon:
    """A filled circle in the severity's colour (green tick for no problems)."""
    name = severity or "ok"
    key = (name, theme.current().dark, size)
    if key not in _cache:
        _cache[key] = QIcon(_draw(name, size))
    return _cache[key]


def _draw(name: str, size: int) -> QPixmap:
    c = theme.current()
    colour = {
        "error": c.error, "warning": c.warning, "suggestion": c.suggestion, "pending": c.muted
    }.get(name, c.ok)  # fmt: skip
    pixmap = QPixmap(size * 2, size * 2)  # drawn at 2x so it stays crisp on HiDPI
    pixmap.setDevicePixelRatio(2)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(colour))
    rect = QRectF(1, 1, size - 2, size - 2)
    if name == "warning":
        painter.drawRoundedRect(rect, 3, 3)
    else:
        painter.drawEllipse(rect)
    font = QFont()
    font.setBold(True)
    font.setPixelSize(max(8, size - 5))
    painter.setFont(font)
    painter.setPen(QColor("#ffffff" if name != "warning" else "#1f1300"))
    painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, _SYMBOLS.get(name, ""))
    painter.end()
    return pixmap
