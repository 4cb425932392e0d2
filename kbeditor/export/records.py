"""One article's contribution to the site, computed once per content hash and cached.

:func:`build_record` is the unit of work the export runs in worker processes:
it reads, parses, renders and lints one article and returns plain data (no
live objects), so results can cross process boundaries and be stored in the
export cache as JSON.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import posixpath
import re
from pathlib import Path
from typing import Any

from kbeditor import article_ids
from kbeditor.article import Article, decode, parse_article
from kbeditor.errors import ArticleError
from kbeditor.export import render
from kbeditor.export.lintcheck import lint_article
from kbeditor.export.searchdata import weigh

AUDIENCE_LABELS = {"end-user": "End users", "it-staff": "IT staff", "developer": "Developers"}
_MS_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


def page_url(rel: str) -> str:
    """Where an article's page lives, relative to the site root."""
    stem = rel[:-3] if rel.lower().endswith(".md") else rel
    return f"articles/{stem}.html"


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def link_resolver(rel: str):  # type: ignore[no-untyped-def]
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


def build_record(root: str, rel: str, data: bytes, lint: bool = True) -> dict[str, Any]:
    """Read-parse-render-lint one article into plain data."""
    path = Path(root) / rel
    try:
        text, _bom, _encoding, problems = decode(data, path)
    except ArticleError as exc:
        return unreadable_record(rel, content_hash(data), exc)
    article = parse_article(text, path)
    article.errors[:0] = problems
    rendered = render.render_article(article, link_resolver=link_resolver(rel), strip_title=True)
    meta = article.metadata
    tags = sorted({str(t).strip() for t in meta.tags if str(t).strip()}, key=str.casefold)
    headings = [article.heading_text(h) for h in article.headings]
    body = " ".join(article.searchable[article.body_start :].split())
    return {
        "rel": rel,
        "sha": content_hash(data),
        "title": article.title,
        "product": meta.product or _folder_product(rel),
        "tags": tags,
        "audience": meta.audience,
        "type": meta.type,
        "status": meta.status,
        "id": _id(text),
        "updated": _updated(article),
        "owner": meta.owner,
        "summary": _summary(article),
        "html": rendered.html,
        "toc": [list(t) for t in rendered.toc],
        "warnings": [list(w) for w in rendered.warnings],
        "links": [[link.target, link.line, link.image] for link in rendered.links],
        "body": body,
        "terms": weigh(article.title, tags, headings, body),
        "errors": [[e.line or 1, e.message] for e in article.errors],
        "lint": lint_article(Path(root), article) if lint else [],
    }


def _id(text: str) -> list[Any] | None:
    """[id, line] from the front matter, for the duplicate check across the site."""
    found = article_ids.id_of(text)
    return [found.id, found.line] if found else None


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


def unreadable_record(rel: str, sha: str, error: ArticleError) -> dict[str, Any]:
    """A placeholder for a file that could not be read, so the problem is reported."""
    return {"rel": rel, "sha": sha, "unreadable": str(error.message)}
