"""Page generation from article records with the Jinja2 templates in ``resources/site/``.

Every link is relative (``root`` is the way back to the site root from the
page being written), so the site works from ``file://`` and from any sub-path
of a web server.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape as xml_escape

import jinja2

from kbeditor.bundled import SITE
from kbeditor.export.records import AUDIENCE_LABELS, Record, Rendering, page_url
from kbeditor.export.related import related_map
from kbeditor.export.search_shards import SearchShards

TYPE_LABELS = {
    "troubleshooting": "Troubleshooting",
    "how-to": "How-to",
    "known-issue": "Known issue",
}
RECENT = 10


def slug(name: str) -> str:
    """A file-name-safe slug for product and tag pages."""
    value = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    value = re.sub(r"[^a-z0-9]+", "-", value).strip("-")
    return value or "x"


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(SITE / "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    return env


Heavy = Callable[[str], Rendering]
# A page: its path, a key that changes whenever its content would, and a way to produce it.
Page = tuple[str, str, Callable[[], str]]


def feedback_template(url: str) -> str:
    """``[export] feedback_url`` if it is a web or mail address, else "" (no link).

    Anything else (``javascript:``, a relative path) could run code or lead
    nowhere from a page opened from disk, so it is not used.
    """
    url = url.strip()
    return url if url.lower().startswith(("https://", "http://", "mailto:")) else ""


class SitePages:
    """Produces every page (lazily, each with a key of its inputs) and static file of the site.

    ``recs`` are the light records (no HTML, body or terms); ``heavy(rel)``
    returns those of one article, read only for the pages that are produced.
    ``related`` is the related-articles map when already known.
    """

    def __init__(
        self,
        recs: dict[str, Record],
        title: str,
        base_url: str | None,
        heavy: Heavy,
        related: dict[str, list[str]] | None = None,
        feedback_url: str = "",
    ) -> None:
        self.recs = recs
        self.feedback_url = feedback_template(feedback_url)
        self.title = title
        self.base_url = base_url
        self.heavy = heavy
        self.env = _environment()
        self.products = self._group(lambda r: [r.product])
        self.tags = self._group(lambda r: r.tags)
        self.related = related if related is not None else related_map(recs)
        self._nav = [
            {"name": g["name"], "url": f"products/{s}.html", "count": len(g["rels"])}
            for s, g in self.products.items()
        ]
        self._common = _digest(json.dumps([TEMPLATES_KEY, title, base_url, self._nav]))

    def _group(self, key) -> dict[str, dict[str, Any]]:
        """slug -> {name, rels}; names that slug alike are one page (first name wins)."""
        groups: dict[str, dict[str, Any]] = {}
        for rel, r in self.recs.items():
            for name in key(r):
                entry = groups.setdefault(slug(name), {"name": name, "rels": []})
                entry["rels"].append(rel)
        for entry in groups.values():
            entry["rels"].sort(key=lambda rel: (self.recs[rel].title.casefold(), rel))
        return dict(sorted(groups.items(), key=lambda kv: (kv[1]["name"].casefold(), kv[0])))

    # -- shared context ---------------------------------------------------------
    def _page(
        self,
        template: str,
        path: str,
        body: str | None = None,
        inputs: list[Any] | None = None,
        later: Callable[[], dict[str, Any]] | None = None,
        **context: Any,
    ) -> Page:
        """A page whose key covers the template, the site-wide parts and ``context``.

        ``body`` names the article whose HTML goes in (read only when the page is produced).
        ``inputs``, when given, stands in for ``context`` in the key: the articles the
        context is made of, by path and content hash. A record is worked out from its
        file's bytes alone (and the cache holding it is dropped when the renderer or
        rules change), so the hash covers every field, and a re-export compares a few
        hashes per page instead of serialising each page's records again.
        ``later`` gives more context, worked out only when the page is produced
        (so only with ``inputs``, which must cover it).
        """
        if inputs is None:
            described = json.dumps([template, path, body, context], sort_keys=True, default=_plain)
        else:
            # Paths, hashes and titles only: their repr is as exact as JSON and cheaper.
            described = repr([template, path, body, inputs])
        key = _digest(self._common + described)

        def produce() -> str:
            html = self.heavy(body).html if body is not None else ""
            return self.env.get_template(template).render(
                site_title=self.title,
                root="../" * path.count("/"),
                path=path,
                products=self._nav,
                body=html,
                **context,
                **(later() if later is not None else {}),
            )

        return path, key, produce

    def card(self, rel: str) -> dict[str, Any]:
        r = self.recs[rel]
        return {
            "url": page_url(rel),
            "title": r.title,
            "summary": r.summary,
            "product": r.product,
            "updated": r.updated,
        }

    # -- pages -------------------------------------------------------------------
    def all_pages(self) -> Iterator[Page]:
        yield self.home()
        yield self._page(
            "search.html", "search.html", title="Search", feedback_url=self.feedback_url
        )
        yield self._page("404.html", "404.html", title="Page not found", base_url=self.base_url)
        for rel in self.recs:
            yield self.article(rel)
        for s, g in self.products.items():
            yield self._listing(f"products/{s}.html", g, f"Product: {g['name']}", "product")
        for s, g in self.tags.items():
            yield self._listing(f"tags/{s}.html", g, f"Tag: {g['name']}", "tag")
        if self.tags:
            yield self._page(
                "tags.html", "tags/index.html", title="All tags", tags=self._tag_list()
            )
        if self.base_url:
            sitemap = self.sitemap()
            yield "sitemap.xml", _digest(sitemap), lambda: sitemap

    def home(self) -> Page:
        dated = [rel for rel in self.recs if self.recs[rel].updated]
        dated.sort(
            key=lambda rel: (
                _neg_date(self.recs[rel].updated or ""),
                self.recs[rel].title.casefold(),
                rel,
            )
        )
        return self._page(
            "home.html",
            "index.html",
            title=self.title,
            recent=[self.card(rel) for rel in dated[:RECENT]],
            article_count=len(self.recs),
            tags=self._tag_list()[:30],
        )

    def _tag_list(self) -> list[dict[str, Any]]:
        return [
            {"name": g["name"], "url": f"tags/{s}.html", "count": len(g["rels"])}
            for s, g in self.tags.items()
        ]

    def article(self, rel: str) -> Page:
        r = self.recs[rel]
        related = self.related.get(rel, [])
        # All the context but the title is worked out only when the page is produced:
        # the key (the article's and its related articles' content hashes) covers it.
        return self._page(
            "article.html",
            page_url(rel),
            inputs=[rel, r.sha, [[o, self.recs[o].sha] for o in related]],
            title=r.title,
            body=rel,
            later=lambda: self._article_context(r, related),
        )

    def _article_context(self, r: Record, related: list[str]) -> dict[str, Any]:
        toc = [{"level": t.level, "id": t.id, "title": t.title} for t in r.toc if 2 <= t.level <= 3]
        return {
            "article": r,
            "product_url": f"products/{slug(r.product)}.html",
            "audience": AUDIENCE_LABELS.get(r.audience, r.audience),
            "kind": TYPE_LABELS.get(r.type or "", ""),
            "toc": toc if len(toc) >= 2 else [],
            "tags": [{"name": t, "url": f"tags/{slug(t)}.html"} for t in r.tags],
            "related": [self.card(o) for o in related],
        }

    def _listing(self, path: str, group: dict[str, Any], title: str, kind: str) -> Page:
        return self._page(
            "list.html",
            path,
            inputs=[
                title,
                group["name"],
                kind,
                [[rel, self.recs[rel].sha] for rel in group["rels"]],
            ],
            title=title,
            heading=group["name"],
            kind=kind,
            later=lambda: {"items": [self.card(rel) for rel in group["rels"]]},
        )

    def sitemap(self) -> str:
        base = self.base_url or ""
        entries: list[tuple[str, str | None]] = [("", None), ("search.html", None)]
        entries += [(page_url(rel), self.recs[rel].updated) for rel in self.recs]
        entries += [(f"products/{s}.html", None) for s in self.products]
        entries += [(f"tags/{s}.html", None) for s in self.tags]
        lines = ['<?xml version="1.0" encoding="UTF-8"?>']
        lines.append('<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">')
        for url, updated in sorted(entries):
            lastmod = f"<lastmod>{updated}</lastmod>" if updated else ""
            lines.append(f"  <url><loc>{xml_escape(base + '/' + url)}</loc>{lastmod}</url>")
        lines.append("</urlset>")
        return "\n".join(lines) + "\n"

    # -- static files and search data --------------------------------------------
    def static_files(self) -> Iterator[tuple[str, bytes | str]]:
        static = SITE / "static"
        for path in sorted(static.iterdir()):
            if path.is_file():
                yield f"assets/{path.name}", path.read_bytes()

    def search_index(self, shards: SearchShards) -> Iterator[Page]:
        """The offline search data in parts (:mod:`kbeditor.export.search_shards`)."""
        entries = [
            (rel, r.sha, page_url(rel), r.title, r.product, r.summary)
            for rel, r in self.recs.items()
        ]
        return shards.pages(entries, self.heavy)


def _plain(value: Any) -> Any:
    """A record in a page's key as its stored form, so the key covers every field."""
    return value.to_json() if isinstance(value, Record) else str(value)


def _neg_date(iso: str) -> tuple[int, ...]:
    return tuple(-int(part) for part in iso.split("-"))


def template_dir() -> Path:
    return SITE / "templates"


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _templates_key() -> str:
    """The templates' contents: a changed template produces every page again."""
    parts = [
        f"{p.name}\n{p.read_text(encoding='utf-8')}"
        for p in sorted((SITE / "templates").iterdir())
        if p.is_file()
    ]
    return _digest("\0".join(parts))


TEMPLATES_KEY = _templates_key()
