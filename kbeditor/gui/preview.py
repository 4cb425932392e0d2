"""The live preview: the site export's HTML shown in a QTextBrowser, scrolling with the editor.

The renderer (:mod:`kbeditor.export.render`) marks blocks with
``data-line``; QTextBrowser ignores unknown attributes, so each marked element
gets a named anchor ``L<line>`` that :meth:`PreviewPanel.follow_line` scrolls to.
Rendering runs in the analysis worker; only ``setHtml`` happens on the UI thread.
"""

from __future__ import annotations

import bisect
import html as htmllib
import logging
import re
from pathlib import Path

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QTextBrowser, QWidget

from kbeditor.article import Article
from kbeditor.export.bounds import PREVIEW_CHARS
from kbeditor.export.render import preview_css, render_article
from kbeditor.gui import theme

log = logging.getLogger(__name__)

_DATA_LINE = re.compile(r"<(\w+)([^>]*?)\sdata-line=\"(\d+)\"([^>]*)>")
# Elements that cannot hold an anchor as their first child: the anchor goes before them.
_OUTSIDE = {"table", "thead", "tbody", "tr", "ul", "ol", "hr", "img", "dl", "br"}


def render_preview(article: Article) -> tuple[str, list[int]]:
    """HTML for the preview and the sorted source lines that have anchors."""
    try:
        rendered = render_article(article, max_chars=PREVIEW_CHARS)
    except Exception as exc:  # the preview must never take the editor down
        log.exception("preview failed")
        return f"<p><b>The preview could not be rendered:</b> {htmllib.escape(str(exc))}</p>", []
    return add_line_anchors(rendered.html)


def add_line_anchors(source: str) -> tuple[str, list[int]]:
    """Give every ``data-line`` element a named anchor QTextBrowser can scroll to."""
    lines: list[int] = []

    def anchor(m: re.Match[str]) -> str:
        tag, line = m.group(1).lower(), m.group(3)
        lines.append(int(line))
        mark = f'<a name="L{line}"></a>'
        return mark + m.group(0) if tag in _OUTSIDE else m.group(0) + mark

    out = _DATA_LINE.sub(anchor, source)
    return out, sorted(set(lines))


def preview_stylesheet(dark: bool) -> str:
    return preview_css(dark)


class PreviewPanel(QTextBrowser):
    """Shows rendered HTML.

    Signals:
        article_link(Path): a link to another article was clicked.
    """

    article_link = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("preview")
        self.setOpenLinks(False)
        self.anchorClicked.connect(self._clicked)
        self._lines: list[int] = []
        self._base: Path | None = None
        self._html = ""
        self._line = 1
        self.apply_theme(theme.current().dark)
        theme.THEME.changed.connect(self.apply_theme)

    def apply_theme(self, dark: bool) -> None:
        c = theme.current()
        # Explicit colours: a window grab otherwise paints this view with a stale palette.
        self.setStyleSheet(
            f"QTextBrowser {{ background-color: {c.base}; color: {c.text}; border: none; }}"
        )
        self.document().setDefaultStyleSheet(preview_stylesheet(dark))
        if self._html:
            self._show(self._html)

    def show_html(self, html: str, lines: list[int], base: Path | None) -> None:
        self._lines = lines
        self._base = base
        if base is not None:
            self.document().setBaseUrl(QUrl.fromLocalFile(str(base) + "/"))
        self._html = html
        self._show(html)

    def _show(self, html: str) -> None:
        bar = self.verticalScrollBar()
        keep = bar.value()
        self.setHtml(html)
        bar.setValue(keep)

    def clear_preview(self) -> None:
        self._html = ""
        self._lines = []
        self.clear()

    def follow_line(self, line: int) -> None:
        """Scroll so the block that holds source ``line`` is at the top."""
        self._line = line
        if not self._lines:
            return
        i = bisect.bisect_right(self._lines, line) - 1
        if i < 0:
            self.verticalScrollBar().setValue(0)
            return
        self.scrollToAnchor(f"L{self._lines[i]}")

    def _clicked(self, url: QUrl) -> None:
        if url.scheme() in ("http", "https", "mailto"):
            QDesktopServices.openUrl(url)
            return
        target = url.toLocalFile() if url.isLocalFile() else url.path()
        if not target:
            return
        path = Path(target)
        if not path.is_absolute() and self._base is not None:
            path = self._base / path
        if path.suffix.lower() == ".md":
            self.article_link.emit(path)
