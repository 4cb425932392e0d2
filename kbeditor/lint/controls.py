"""In-document controls, spelled as Vale spells them, in HTML comments.

- ``<!-- vale off -->`` ... ``<!-- vale on -->``: no alerts in between;
- ``<!-- vale Style.Rule = NO -->`` ... ``<!-- vale Style.Rule = YES -->``: one rule;
- ``<!-- vale Style = NO -->`` ... ``= YES``: a whole style.

The comments are COMMENT blocks of the article model; a control holds from
the comment to the matching one (or the end of the file).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from kbeditor import blocks as B
from kbeditor.article import Article

_COMMENT = re.compile(r"<!--\s*vale\s+(.*?)\s*-->", re.DOTALL | re.IGNORECASE)
_SWITCH = re.compile(r"^(on|off)$", re.IGNORECASE)
_SETTING = re.compile(r"([\w.-]+)\s*=\s*(YES|NO)", re.IGNORECASE)
ALL = "*"
LIST_MARKER = re.compile(r"[ \t>]*(?:\d{1,9}[.)]|[-*+])[ \t]+")
_COMMENT_AT_END = re.compile(r"<!--\s*vale\s+([^>]*?)\s*-->[ \t]*$", re.IGNORECASE)


@dataclass(slots=True)
class Controls:
    """Where rules are switched off: key ('*', 'Style' or 'Style.Rule') -> sorted (start, end) spans."""

    off: dict[str, list[tuple[int, int]]] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.off)

    def disabled(self, rule_id: str, offset: int) -> bool:
        if not self.off:
            return False
        style = rule_id.split(".", 1)[0]
        for key in (ALL, style, rule_id):
            spans = self.off.get(key)
            if spans and _inside(spans, offset):
                return True
        return False


def _inside(spans: list[tuple[int, int]], offset: int) -> bool:
    i = bisect.bisect_right(spans, (offset, float("inf"))) - 1
    return i >= 0 and spans[i][0] <= offset < spans[i][1]


def _item_comments(text: str, start: int, end: int) -> list[re.Match[str]]:
    """Controls inside a list item: right after its marker, or closing the item.

    A comment line between two items would end the list, so "Ignore here" puts
    them there; elsewhere in an item a comment may be quoted text or code.
    """
    marker = LIST_MARKER.match(text, start)
    if marker is None:
        return []
    found = []
    first = _COMMENT.match(text, marker.end(), end)
    if first is not None:
        found.append(first)
    last = _COMMENT_AT_END.search(text, marker.end(), end)
    if last is not None and (first is None or last.start() >= first.end()):
        found.append(last)
    return found


def parse_controls(article: Article) -> Controls:
    """Read the vale comments of an article into switched-off spans."""
    events: list[tuple[int, str, bool]] = []  # (offset, key, on)
    text = article.text
    for block in article.blocks:
        if block.kind == B.LIST_ITEM:
            found = _item_comments(text, block.start, block.end)
        elif block.kind in (B.COMMENT, B.HTML):
            found = list(_COMMENT.finditer(text, block.start, block.end))
        else:
            continue
        for m in found:
            body = m.group(1).strip()
            if _SWITCH.match(body):
                events.append((m.end(), ALL, body.lower() == "on"))
                continue
            for key, value in _SETTING.findall(body):
                events.append((m.end(), key, value.upper() == "YES"))
    if not events:
        return Controls()
    controls = Controls()
    opened: dict[str, int] = {}
    for offset, key, on in events:
        if not on and key not in opened:
            opened[key] = offset
        elif on and key in opened:
            controls.off.setdefault(key, []).append((opened.pop(key), offset))
    for key, start in opened.items():
        controls.off.setdefault(key, []).append((start, len(text) + 1))
    for spans in controls.off.values():
        spans.sort()
    return controls
