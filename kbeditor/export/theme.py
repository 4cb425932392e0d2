"""Colours shared by the exported site and the editor's preview, and the preview's CSS.

The preview runs in Qt's QTextBrowser, which understands only a subset of CSS
(no variables, no media queries, borders on tables only), so its stylesheet is
built here from the same palette as ``resources/site/site.css`` and kept plain.
"""

from __future__ import annotations

# Contrast of text on background is at least 7:1 in both schemes; callout
# borders and link colours at least 4.5:1 against their backgrounds.
LIGHT = {
    "bg": "#ffffff",
    "text": "#1b1f24",
    "muted": "#4d5561",
    "link": "#0b57d0",
    "code_bg": "#f3f4f6",
    "border": "#c9ced6",
    "note": "#e8f0fe",
    "tip": "#e6f4ea",
    "important": "#f3e8fd",
    "warning": "#fef7e0",
    "caution": "#fce8e6",
}
DARK = {
    "bg": "#16181c",
    "text": "#e6e8eb",
    "muted": "#aab1bb",
    "link": "#8ab4f8",
    "code_bg": "#23262c",
    "border": "#3d434c",
    "note": "#1d2a40",
    "tip": "#1b3224",
    "important": "#2e2340",
    "warning": "#3a3016",
    "caution": "#3f2020",
}

_PREVIEW = """
body {{ color: {text}; background-color: {bg}; font-family: sans-serif; }}
a {{ color: {link}; }}
h1, h2, h3, h4 {{ font-weight: 600; margin-top: 14px; margin-bottom: 6px; }}
p, li {{ margin-top: 4px; margin-bottom: 4px; }}
code {{ font-family: monospace; background-color: {code_bg}; }}
pre {{ font-family: monospace; background-color: {code_bg}; padding: 6px; white-space: pre-wrap; }}
blockquote {{ color: {muted}; margin-left: 16px; }}
table {{ border-collapse: collapse; border-color: {border}; }}
th, td {{ border: 1px solid {border}; padding: 4px; }}
th {{ font-weight: 600; }}
div.callout {{ padding: 6px; margin-top: 8px; margin-bottom: 8px; }}
p.callout-title {{ font-weight: 600; }}
div.callout-note {{ background-color: {note}; }}
div.callout-tip {{ background-color: {tip}; }}
div.callout-important {{ background-color: {important}; }}
div.callout-warning {{ background-color: {warning}; }}
div.callout-caution {{ background-color: {caution}; }}
div.admonition {{ background-color: {note}; padding: 6px; }}
span.kb-directive {{ color: {muted}; font-family: monospace; }}
img.kb-icon {{ vertical-align: middle; }}
"""


def preview_css(dark: bool = False) -> str:
    """CSS for the rendered article in the editor's preview (QTextBrowser-safe)."""
    return _PREVIEW.format(**(DARK if dark else LIGHT)).strip() + "\n"
