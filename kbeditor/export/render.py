"""Render one article to safe HTML, shared by the site export and the editor's preview.

One Markdown instance per thread (Python-Markdown instances are not
thread-safe; building one per call costs little, reusing one per thread with
``reset()`` costs less). The output is sanitised with nh3 after rendering, so
raw HTML written in an article can never bring a script, an event handler or a
``javascript:`` URL into the site or the preview.
"""

from __future__ import annotations

import html as html_lib
import re
import unicodedata
import xml.etree.ElementTree as etree
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import markdown
import nh3
from markdown.postprocessors import Postprocessor
from markdown.treeprocessors import Treeprocessor

from kbeditor.article import Article
from kbeditor.export import bounds, mdext
from kbeditor.export.brackets import defused_body
from kbeditor.export.theme import preview_css

__all__ = [
    "LinkRef",
    "Rendered",
    "Renderer",
    "is_external",
    "preview_css",
    "render_article",
    "slugify",
]

# Bump when the HTML produced for the same text changes (the export cache keys on it).
RENDER_VERSION = "9"


@dataclass(frozen=True, slots=True)
class LinkRef:
    """A link or image to a local file, as written in the article.

    ``href`` is what the rendered HTML points to after the resolver ran
    (``None`` when it was left as written).
    """

    target: str
    line: int
    image: bool
    href: str | None = None


@dataclass(frozen=True, slots=True)
class Rendered:
    html: str
    toc: list[tuple[int, str, str]] = field(default_factory=list)
    warnings: list[tuple[int, str]] = field(default_factory=list)
    links: list[LinkRef] = field(default_factory=list)
    title_html: str | None = None


# (target as written, 1-based line, is image) -> the href to use, or None to keep it.
LinkResolver = Callable[[str, int, bool], str | None]

_ESCAPED = re.compile("\x02(\\d+)\x03")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def is_external(target: str) -> bool:
    """Links the export leaves alone: URLs with a scheme or ``//host``, same-page anchors."""
    return bool(_SCHEME.match(target)) or target.startswith(("//", "#", "?")) or not target


def slugify(value: str, separator: str = "-") -> str:
    """Heading ids as GitHub and Microsoft Learn make them, so written anchors match.

    Lower case, punctuation dropped, each space a hyphen (runs are not collapsed:
    ``Step 1 - Check`` gives ``step-1---check``, as those sites do).
    """
    value = unicodedata.normalize("NFKC", html_lib.unescape(value)).strip().lower()
    value = re.sub(r"<[^>]*>", "", value)
    value = re.sub(r"[^\w\- ]", "", value)
    return value.replace(" ", separator)


class _LinkTreeprocessor(Treeprocessor):
    """Hand every local link and image to the holder's callback, which may rewrite it."""

    def __init__(self, md: markdown.Markdown, holder: _Holder) -> None:
        super().__init__(md)
        self.holder = holder

    def run(self, root: etree.Element) -> None:
        for el in root.iter():
            attr = "href" if el.tag == "a" else "src" if el.tag == "img" else None
            if attr is None:
                continue
            # Backslash escapes are still placeholders here (they are restored later).
            target = _ESCAPED.sub(lambda m: chr(int(m.group(1))), el.get(attr) or "").strip()
            if is_external(target) or self.holder.callback is None:
                continue
            href = self.holder.callback(target, attr == "src")
            if href is not None:
                el.set(attr, href)


class _RawHtmlLinks(Postprocessor):
    """Links and images written as raw HTML in the article: the same callback as Markdown ones.

    Runs before the raw HTML is put back into the page. Our own stashed code
    blocks are skipped: a URL shown inside code is text, not a link.
    """

    def __init__(self, md: markdown.Markdown, holder: _Holder) -> None:
        super().__init__(md)
        self.holder = holder

    def run(self, text: str) -> str:
        # Python-Markdown also runs the postprocessors over the table of contents and each
        # heading's inner HTML; the stash is complete by the first call and is done once.
        stash = self.md.htmlStash.rawHtmlBlocks
        if self.holder.callback is None or self.holder.raw_done:
            return text
        self.holder.raw_done = True
        for i, block in enumerate(stash):
            if isinstance(block, str) and not block.startswith("<pre data-line="):
                stash[i] = _RAW_TAG.sub(self._tag, block)
        return text

    def _tag(self, m: re.Match[str]) -> str:
        return _RAW_URL.sub(self._url, m.group(0))

    def _url(self, m: re.Match[str]) -> str:
        target = html_lib.unescape(m.group(3)).strip()
        if is_external(target) or self.holder.callback is None:
            return m.group(0)
        href = self.holder.callback(target, m.group(1).lower() == "src")
        if href is None:
            return m.group(0)
        return f"{m.group(1)}={m.group(2)}{html_lib.escape(href)}{m.group(2)}"


_RAW_TAG = re.compile(r"<(?:a|img)\b[^>]*>", re.IGNORECASE)
_RAW_URL = re.compile(r"""\b(href|src)\s*=\s*(["'])(.*?)\2""", re.IGNORECASE | re.DOTALL)


class _Holder:
    def __init__(self) -> None:
        self.callback: Callable[[str, bool], str | None] | None = None
        self.raw_done = False  # raw HTML links of this conversion handled


class Renderer:
    """A Markdown instance and the state of our extensions, for one thread at a time.

    Its owner keeps it for a run of articles (an export's loop, a worker's batch):
    making one costs well under a millisecond, but that is still several percent
    of rendering a short article, so it is not made again for each.
    """

    def __init__(self) -> None:
        self.usable = True
        self.lines = mdext.SourceLineExtension()
        self.holder = _Holder()
        self.md = markdown.Markdown(
            extensions=[
                "tables",
                "footnotes",
                "attr_list",
                "def_list",
                "admonition",
                "sane_lists",
                "toc",
                self.lines,
                mdext.KbSyntaxExtension(self.lines.state),
            ],
            extension_configs={
                "toc": {"slugify": slugify},
                "tables": {"use_align_attribute": True},
                "footnotes": {"UNIQUE_IDS": False},
            },
            output_format="html",
        )
        self.md.treeprocessors.register(_LinkTreeprocessor(self.md, self.holder), "kb_links", 4)
        self.md.postprocessors.register(_RawHtmlLinks(self.md, self.holder), "kb_raw_links", 35)

    def convert(self, source: str, first_line: int) -> tuple[str, list[dict[str, Any]]]:
        self.md.reset()
        self.holder.raw_done = False
        self.lines.first_line[0] = first_line
        out = self.md.convert(source)
        return out, list(getattr(self.md, "toc_tokens", []))


def render_article(
    article: Article,
    *,
    link_resolver: LinkResolver | None = None,
    strip_title: bool = False,
    max_chars: int | None = None,
    renderer: Renderer | None = None,
) -> Rendered:
    """Render an article body to sanitised HTML.

    Args:
        article: the parsed article; front matter is not rendered.
        link_resolver: called with (target, line, is_image) for every local link
            and image; returns the href to write, or None to keep the target.
        strip_title: drop a leading level-1 heading (the site prints the title itself).
        max_chars: render only this much of the body (cut at a block boundary),
            under a notice saying so (the preview; see :mod:`kbeditor.export.bounds`).
        renderer: the caller's :class:`Renderer`, reused across a run of articles
            by one thread; a fresh one when None. It is unusable after a
            RecursionError (caught here), so the caller gets a fresh one then too.
    """
    first_line = article.text.count("\n", 0, article.body_start) + 1
    plan = bounds.plan(article, max_chars)
    if plan.whole_plain:
        return _too_deep(article, first_line, [], _CROWDED)
    finder = _Locator(article)
    links: list[LinkRef] = []

    def on_link(target: str, image: bool) -> str | None:
        line = finder.line_of(target)
        href = link_resolver(target, line, image) if link_resolver else None
        links.append(LinkRef(target, line, image, href))
        return href

    r = renderer if renderer is not None and renderer.usable else Renderer()
    r.holder.callback = on_link
    try:
        replaced = [(b.start, b.end, bounds.as_html(article, b)) for b in plan.plain]
        body_html, tokens = r.convert(defused_body(article, plan.end, replaced), first_line)
    except RecursionError:
        r.usable = False  # its state is half-way through a conversion
        return _too_deep(article, first_line, links)
    finally:
        r.holder.callback = None
    title_html = None
    if strip_title:
        body_html, title_html = _strip_h1(body_html)
    body_html = mdext.MARK_RE.sub("", body_html)
    warnings = _locate_notes(article, r.lines.state.notes)
    warnings += [(b.line, bounds.crowded_message(article, b)) for b in plan.plain]
    if plan.end < len(article.text):
        notice = bounds.preview_notice(article, plan.end)
        warnings.insert(0, (first_line, notice))
        body_html = (
            f'<p class="kb-notice"><strong>{html_lib.escape(notice)}</strong></p>\n' + body_html
        )
    return Rendered(
        html=sanitize(body_html),
        toc=_flatten(tokens),
        warnings=warnings,
        links=links,
        title_html=title_html,
    )


_TOO_DEEP = (
    "lists or quotes are nested too deeply to render as Markdown; "
    "the article is shown as plain text"
)
_CROWDED = (
    "a list item, quote or table has too many markup characters to render as Markdown "
    "in good time; the article is shown as plain text"
)


def _too_deep(
    article: Article, first_line: int, links: list[LinkRef], message: str = _TOO_DEEP
) -> Rendered:
    """The body as plain text, with a warning: Python-Markdown recurses once per level
    of nesting, and a list or quote nested hundreds deep (one line can do it)
    would otherwise stop the whole export and the preview; and its time grows
    with the square of the inline elements in a block (see :mod:`kbeditor.export.bounds`).
    """
    text = html_lib.escape(article.body)
    return Rendered(html=f"<pre>{text}</pre>", warnings=[(first_line, message)], links=links)


_H1 = re.compile(r"^\s*<h1\b[^>]*>(.*?)</h1>\s*", re.DOTALL)


def _strip_h1(body: str) -> tuple[str, str | None]:
    m = _H1.match(body)
    if not m:
        return body, None
    return body[m.end() :], m.group(1)


class _Locator:
    """Finds the line of a snippet in the article, each hit after the previous one."""

    def __init__(self, article: Article) -> None:
        self.article = article
        self.cursor: dict[str, int] = {}

    def line_of(self, snippet: str) -> int:
        text = self.article.text
        start = self.cursor.get(snippet, self.article.body_start)
        pos = text.find(snippet, start)
        if pos < 0:
            pos = text.find(snippet, self.article.body_start)
        if pos < 0:
            return self.article.line_col(self.article.body_start)[0]
        self.cursor[snippet] = pos + max(len(snippet), 1)
        return self.article.line_col(pos)[0]


def _locate_notes(article: Article, notes: list[tuple[str, str]]) -> list[tuple[int, str]]:
    finder = _Locator(article)
    return sorted((finder.line_of(snippet), message) for snippet, message in notes)


def _flatten(tokens: list[dict[str, Any]]) -> list[tuple[int, str, str]]:
    out: list[tuple[int, str, str]] = []
    for t in tokens:
        out.append((int(t["level"]), str(t["id"]), html_lib.unescape(str(t["name"]))))
        out.extend(_flatten(t.get("children", [])))
    return out


# -- sanitising ------------------------------------------------------------------------

_TAGS = set(nh3.ALLOWED_TAGS) | {"div", "span", "section", "figure", "figcaption", "details"}
_ATTRIBUTES: dict[str, set[str]] = {k: set(v) for k, v in nh3.ALLOWED_ATTRIBUTES.items()}
_ATTRIBUTES["*"] = {"id", "class", "title", "lang", "dir", "role"}
_ATTRIBUTES["a"] = {"href", "hreflang", "rel"}
_ATTRIBUTES["img"] = {"src", "alt", "width", "height", "loading"}
_ATTRIBUTES["td"] = _ATTRIBUTES["td"] | {"align"}
_ATTRIBUTES["th"] = _ATTRIBUTES["th"] | {"align"}
_ATTRIBUTES["ol"] = {"start", "type"}


@lru_cache(maxsize=1)
def _cleaner() -> nh3.Cleaner:
    return nh3.Cleaner(
        tags=_TAGS,
        clean_content_tags={"script", "style"},
        attributes=_ATTRIBUTES,
        generic_attribute_prefixes={"data-", "aria-"},
        url_schemes={"http", "https", "mailto", "tel", "ftp"},
        link_rel=None,
        strip_comments=True,
    )


def sanitize(fragment: str) -> str:
    """Allow-list sanitising: only known tags and attributes, only safe URL schemes."""
    return _cleaner().clean(fragment)
