"""Article templates (``resources/templates/*.md``) and filling them in.

Templates are plain Markdown with ``{placeholders}`` in the front matter; the
editor's "New article" dialog and ``kbeditor new`` both use this module.
"""

from __future__ import annotations

import datetime as dt
import re

import yaml

from kbeditor.bundled import TEMPLATES as TEMPLATE_DIR
from kbeditor.errors import KbError
from kbeditor.frontmatter import AUDIENCES


def template_names() -> list[str]:
    return sorted(p.stem for p in TEMPLATE_DIR.glob("*.md"))


def slug(title: str) -> str:
    """A file-name-safe form of a title: lower case words joined by hyphens."""
    words = re.findall(r"[a-z0-9]+", title.lower())
    return "-".join(words)[:80] or "article"


def render(
    name: str,
    title: str,
    *,
    product: str = "",
    audience: str = "end-user",
    tags: list[str] | None = None,
    owner: str = "",
    article_id: str = "",
    today: dt.date | None = None,
) -> str:
    """Fill template ``name`` and return the article text.

    Values are written as YAML scalars (quoted where needed), so a title with
    a colon or a quote still gives valid front matter.
    """
    path = TEMPLATE_DIR / f"{name}.md"
    if not path.is_file():
        raise KbError(f"no template named '{name}' (choose from: {', '.join(template_names())})")
    if audience not in AUDIENCES:
        raise KbError(f"audience must be one of: {', '.join(AUDIENCES)}")
    values = {
        "title": _scalar(title),
        "id": _scalar(article_id or slug(title)),
        "product": _scalar(product),
        "audience": audience,
        "type": name,
        "updated": (today or dt.date.today()).isoformat(),
        "owner": _scalar(owner),
    }
    text = path.read_text(encoding="utf-8").format_map(values)
    if tags:
        flow = yaml.safe_dump(list(tags), default_flow_style=True).strip()
        text = text.replace("tags: []", f"tags: {flow}", 1)
    return text


def _scalar(value: str) -> str:
    if not value:
        return '""'
    dumped = yaml.safe_dump(value, default_flow_style=True, width=10_000).strip()
    return dumped.removesuffix("\n...").removesuffix("...").strip()
