"""One article's contribution to the site, computed once per content hash and cached.

:func:`build_record` is the unit of work the export runs in worker processes:
it reads, parses, renders and lints one article and returns frozen values (no
live objects), so results can cross process boundaries. The stored form of
each value (JSON, in rows of ``records.sqlite``) is written and
read here only: :meth:`Record.to_json` / :func:`record_from_json` and
:meth:`Rendering.to_json` / :func:`rendering_from_json`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from kbeditor import article_ids
from kbeditor.article import Article, article_from_bytes
from kbeditor.errors import ArticleError
from kbeditor.export import render
from kbeditor.export.lintcheck import lint_article
from kbeditor.export.searchdata import weigh

AUDIENCE_LABELS = {"end-user": "End users", "it-staff": "IT staff", "developer": "Developers"}
_MS_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_IDS = re.compile(r'\sid="([^"]+)"')


class Heading(NamedTuple):
    """One entry of an article's table of contents."""

    level: int
    id: str
    title: str


class Note(NamedTuple):
    """A problem found while reading or rendering, at a 1-based line."""

    line: int
    message: str


class LintHit(NamedTuple):
    """A lint error that fails ``--strict``."""

    line: int
    rule: str
    message: str


class Link(NamedTuple):
    """A link or image to a local file, as written (checked against the site later)."""

    target: str
    line: int
    image: bool


class FrontMatterId(NamedTuple):
    """The article's ``id`` and its line, for the duplicate check across the site."""

    id: str
    line: int


class Outline(NamedTuple):
    """The parts of a record a re-export reads only for articles that changed or are linked."""

    toc: tuple[Heading, ...]
    links: tuple[Link, ...]
    ids: tuple[str, ...]


@dataclass(frozen=True, slots=True, eq=False)
class Record:
    """What every export needs of one article, whatever pages it writes.

    The HTML, body text and search terms are in :class:`Rendering`, read only
    for the pages that are produced. ``ids`` are the element ids the HTML
    defines (link targets besides headings), so checking links never reads
    another article's HTML.

    ``outline`` (``toc``, ``links``, ``ids``) is two thirds of a record's stored
    size and an unchanged article's pages and link results are kept without it:
    a record read from the cache holds its stored text and decodes it on first use.
    """

    rel: str
    sha: str
    title: str
    product: str
    tags: tuple[str, ...]
    audience: str
    type: str | None
    status: str | None
    id: FrontMatterId | None
    updated: str | None
    owner: str | None
    summary: str
    warnings: tuple[Note, ...]
    errors: tuple[Note, ...]
    lint: tuple[LintHit, ...]
    outline: Outline | str  # the decoded outline, or its stored text (see outline_json)

    @property
    def toc(self) -> tuple[Heading, ...]:
        return self.unpacked().toc

    @property
    def links(self) -> tuple[Link, ...]:
        return self.unpacked().links

    @property
    def ids(self) -> tuple[str, ...]:
        return self.unpacked().ids

    def unpacked(self) -> Outline:
        """The outline, decoded from its stored text the first time it is asked for."""
        found = self.outline
        if isinstance(found, str):
            found = _outline_from_json(json.loads(found))
            object.__setattr__(self, "outline", found)  # the same value, decoded once
        return found

    def outline_json(self) -> str:
        """The outline's stored form (kept in a column of its own)."""
        found = self.outline
        if isinstance(found, str):
            return found
        data = [[list(t) for t in found.toc], [list(x) for x in found.links], list(found.ids)]
        return json.dumps(data, ensure_ascii=False)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Record) and self.to_json() == other.to_json()

    __hash__ = None  # type: ignore[assignment]

    def to_json(self) -> dict[str, Any]:
        """The whole stored form: :meth:`light_json` and the outline's fields."""
        toc, links, ids = json.loads(self.outline_json())
        return {**self.light_json(), "toc": toc, "links": links, "ids": ids}

    def light_json(self) -> dict[str, Any]:
        """The stored form without the outline (a row of ``records.sqlite``);
        :func:`record_from_json` reads it back with the outline's text."""
        return {
            "rel": self.rel,
            "sha": self.sha,
            "title": self.title,
            "product": self.product,
            "tags": list(self.tags),
            "audience": self.audience,
            "type": self.type,
            "status": self.status,
            "id": list(self.id) if self.id else None,
            "updated": self.updated,
            "owner": self.owner,
            "summary": self.summary,
            "warnings": [list(w) for w in self.warnings],
            "errors": [list(e) for e in self.errors],
            "lint": [list(hit) for hit in self.lint],
        }


@dataclass(frozen=True, slots=True)
class Unreadable:
    """A file that could not be read: kept so the problem is reported on every export."""

    rel: str
    sha: str
    message: str

    def to_json(self) -> dict[str, Any]:
        return {"rel": self.rel, "sha": self.sha, "unreadable": self.message}


@dataclass(frozen=True, slots=True)
class Rendering:
    """The heavy part of an article: its page's HTML, its prose and its search terms."""

    html: str = ""
    body: str = ""
    terms: dict[str, int] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """The stored form (a row of ``records.sqlite``); :func:`rendering_from_json` reads it."""
        return {"html": self.html, "body": self.body, "terms": self.terms}


Built = tuple[Record, Rendering] | Unreadable


def record_from_json(data: Any, outline: str | None = None) -> Record | Unreadable | None:
    """A record from its stored form; None when it is not one (an old or damaged cache).

    ``outline`` is the outline's stored text, decoded when first used; without it
    the outline is read from ``data`` (the whole form of :meth:`Record.to_json`).
    """
    try:
        if "unreadable" in data:
            return Unreadable(str(data["rel"]), str(data["sha"]), str(data["unreadable"]))
        found = data["id"]
        kept: Outline | str = (
            outline
            if isinstance(outline, str)
            else _outline_from_json([data["toc"], data["links"], data["ids"]])
        )
        return Record(
            rel=data["rel"],
            sha=data["sha"],
            title=data["title"],
            product=data["product"],
            tags=tuple(data["tags"]),
            audience=data["audience"],
            type=data["type"],
            status=data["status"],
            id=FrontMatterId(*found) if found else None,
            updated=data["updated"],
            owner=data["owner"],
            summary=data["summary"],
            warnings=tuple(Note(*w) for w in data["warnings"]),
            errors=tuple(Note(*e) for e in data["errors"]),
            lint=tuple(LintHit(*hit) for hit in data["lint"]),
            outline=kept,
        )
    except (KeyError, TypeError, ValueError):
        return None


def _outline_from_json(data: Any) -> Outline:
    toc, links, ids = data
    return Outline(
        tuple(Heading(*t) for t in toc), tuple(Link(*link) for link in links), tuple(ids)
    )


def rendering_from_json(data: dict[str, Any]) -> Rendering:
    return Rendering(html=data["html"], body=data["body"], terms=data["terms"])


def page_url(rel: str) -> str:
    """Where an article's page lives, relative to the site root."""
    stem = rel[:-3] if rel.lower().endswith(".md") else rel
    return f"articles/{stem}.html"


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def link_resolver(rel: str):
    """A resolver for :func:`render.render_article` that depends only on paths.

    ``other.md#x`` becomes ``other.html#x``; other local files keep their
    relative path (they are copied beside the pages); a path that climbs out of
    the workspace becomes an empty href (the site builder reports it). Because
    the result does not depend on which files exist, a cached rendering stays
    valid when other articles change; existence is checked separately.
    """
    folder = posixpath.dirname(rel)

    def resolve(target: str, line: int, image: bool) -> str | None:
        path, sep, fragment = target.partition("#")
        if not path or path.startswith("/"):
            return None  # site-absolute: kept as written (the site builder warns)
        joined = posixpath.normpath(posixpath.join(folder, _unquote(path.split("?")[0])))
        if joined.startswith("../") or joined == ".." or posixpath.isabs(joined):
            return ""
        if path.lower().endswith(".md") and not image:
            return path[:-3] + ".html" + (sep + fragment if sep else "")
        return None

    return resolve


def _unquote(path: str) -> str:
    from urllib.parse import unquote

    return unquote(path)


def build_record(
    root: str, rel: str, data: bytes, lint: bool = True, renderer: render.Renderer | None = None
) -> Built:
    """Read-parse-render-lint one article into a record and its rendering.

    ``renderer`` is the caller's, kept for a run of articles (see :class:`render.Renderer`).
    """
    path = Path(root) / rel
    sha = content_hash(data)
    try:
        article = article_from_bytes(data, path)
    except ArticleError as exc:
        return Unreadable(rel, sha, str(exc.message))
    rendered = render.render_article(
        article, link_resolver=link_resolver(rel), strip_title=True, renderer=renderer
    )
    meta = article.metadata
    tags = sorted({str(t).strip() for t in meta.tags if str(t).strip()}, key=str.casefold)
    headings = [article.heading_text(h) for h in article.headings]
    body = " ".join(article.searchable[article.body_start :].split())
    found = article_ids.id_of(article.text)
    record = Record(
        rel=rel,
        sha=sha,
        title=article.title,
        product=meta.product or _folder_product(rel),
        tags=tuple(tags),
        audience=meta.audience,
        type=meta.type,
        status=meta.status,
        id=FrontMatterId(found.id, found.line) if found else None,
        updated=_updated(article),
        owner=meta.owner,
        summary=_summary(article),
        warnings=tuple(Note(*w) for w in rendered.warnings),
        errors=tuple(Note(e.line or 1, e.message) for e in article.errors),
        lint=tuple(LintHit(*hit) for hit in lint_article(Path(root), article)) if lint else (),
        outline=Outline(
            toc=tuple(Heading(*t) for t in rendered.toc),
            links=tuple(Link(link.target, link.line, link.image) for link in rendered.links),
            ids=tuple(sorted(set(_IDS.findall(rendered.html)))),
        ),
    )
    return record, Rendering(rendered.html, body, weigh(article.title, tags, headings, body))


def build_batch(root: str, batch: list[tuple[str, bytes]], lint: bool) -> list[Built]:
    """:func:`build_record` for each of ``batch`` with one renderer (a worker process's unit)."""
    renderer = render.Renderer()
    return [build_record(root, rel, data, lint, renderer) for rel, data in batch]


def _folder_product(rel: str) -> str:
    top = rel.split("/", 1)[0] if "/" in rel else ""
    return top.replace("-", " ").replace("_", " ").title() if top else "General"


def _updated(article: Article) -> str | None:
    if article.metadata.updated:
        return article.metadata.updated.isoformat()
    raw = str(article.metadata.extra.get("ms.date", "")).strip()
    m = _MS_DATE.match(raw)
    if m:
        try:
            return dt.date(int(m.group(3)), int(m.group(1)), int(m.group(2))).isoformat()
        except ValueError:
            return None
    return None


def _summary(article: Article) -> str:
    described = article.metadata.extra.get("description")
    if isinstance(described, str) and described.strip():
        return " ".join(described.split())[:300]
    for block in article.blocks:
        if block.kind == "paragraph" and not block.quote_depth:
            text = " ".join(article.searchable[block.start : block.end].split())
            if len(text) > 20:
                return text[:297] + "..." if len(text) > 300 else text
    return ""
