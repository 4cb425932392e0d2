"""Broken internal links and images, and articles nothing links to.

Export checks links as it renders; the report needs the same answers without
rendering, from the links the article parser already found. Addresses with a
scheme (``https:``, ``mailto:``) and site-absolute ones (``/docs/...``, which
only work on the site they were written for) are not checked.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from kbeditor.health.facts import ArticleFacts

_EXTERNAL = re.compile(r"^(?:[a-zA-Z][a-zA-Z0-9+.-]*:|//|/|#)")


@dataclass(frozen=True, slots=True)
class BrokenLink:
    """A link or image in ``rel`` at ``line`` whose target does not exist (``reason`` says how)."""

    rel: str
    line: int
    target: str
    image: bool
    reason: str


@dataclass(frozen=True, slots=True)
class LinkReport:
    broken: list[BrokenLink]
    orphans: list[str]  # articles no other article links to
    inbound: dict[str, int]  # rel -> number of articles linking to it


def check_links(root: Path, articles: Iterable[ArticleFacts]) -> LinkReport:
    """Check every article's local links against the workspace's articles and files."""
    items = list(articles)
    rels = {a.rel for a in items}
    folded = {rel.casefold(): rel for rel in rels}
    broken: list[BrokenLink] = []
    linked_from: dict[str, set[str]] = {rel: set() for rel in rels}
    for a in items:
        for target, line, image in a.links:
            joined = _local(a.rel, target)
            if joined is None:
                continue
            reason = _missing(root, joined, image, rels, folded)
            if reason:
                broken.append(BrokenLink(a.rel, line, target, image, reason))
            elif joined in linked_from and joined != a.rel:
                linked_from[joined].add(a.rel)
    orphans = sorted(rel for rel, sources in linked_from.items() if not sources)
    inbound = {rel: len(sources) for rel, sources in linked_from.items()}
    return LinkReport(broken, orphans, inbound)


def _local(rel: str, target: str) -> str | None:
    """The workspace-relative path a link points to, or None when it is not ours to check."""
    path = target.strip().split("#", 1)[0].split("?", 1)[0]
    if not path or _EXTERNAL.match(target.strip()):
        return None
    return posixpath.normpath(posixpath.join(posixpath.dirname(rel), unquote(path)))


def _missing(
    root: Path, joined: str, image: bool, rels: set[str], folded: dict[str, str]
) -> str | None:
    if joined == ".." or joined.startswith("../"):
        return "points outside the workspace"
    if not image and joined.lower().endswith(".md"):
        if joined in rels:
            return None
        other = folded.get(joined.casefold())
        return f"differs in case from '{other}'" if other else "no such article"
    return None if (root / joined).is_file() else "no such file"
