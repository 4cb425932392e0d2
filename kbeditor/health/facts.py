"""What the health report needs from each article, computed once per article version.

Linting 600 articles takes seconds; a KB manager runs the report daily and
most articles have not changed. The facts of each article (its metadata, its
lint findings, its reading grade and links) are kept in the workspace's data
folder (``.kbeditor/health-facts.json``), keyed by a hash of the article's
bytes; the whole file belongs to one rule set, identified by
:func:`kbeditor.lint.identity.ruleset_identity` (the identity the editor's
badges and export's cache use). Findings of the lifecycle rules depend on
today's date, so they are never cached: the report computes freshness itself.

This file is not the shared lint cache (:mod:`kbeditor.lint.cache`, which
``kbeditor lint`` and the editor's badges fill): an entry here also holds the
metadata, reading grade and links, and leaves the dated findings out, so
reading from it would still need the article parsed. Sharing would mean
storing these facts as a third kind of entry there.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import os
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import asdict, dataclass
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from kbeditor.article import Article
from kbeditor.errors import KbError
from kbeditor.frontmatter import Metadata
from kbeditor.lifecycle import owner_of
from kbeditor.lint.engine import Linter
from kbeditor.lint.identity import ruleset_identity
from kbeditor.lint.linters import workspace_linter
from kbeditor.lint.settings import settings_for
from kbeditor.processes import start_method
from kbeditor.readability_summary import article_grade, reading_targets
from kbeditor.workspace import DATA_DIR, Workspace, atomic_write

log = logging.getLogger(__name__)

CACHE_NAME = "health-facts.json"
FORMAT = 1
# Categories whose findings depend on the day the lint runs, not on the article.
DATED_CATEGORIES = frozenset({"lifecycle"})


@dataclass(frozen=True, slots=True)
class Finding:
    """One lint finding, as plain data: rule id, category, level, line and message."""

    rule: str
    category: str
    severity: str
    line: int
    message: str


@dataclass(frozen=True, slots=True)
class ArticleFacts:
    """Everything the report reads about one article (``rel`` is workspace-relative)."""

    rel: str
    title: str
    product: str | None
    type: str | None
    audience: str
    status: str | None
    owner: str | None
    updated: str | None
    review_by: str | None
    tags: tuple[str, ...]
    words: int
    grade: float | None
    grade_limit: float | None
    findings: tuple[Finding, ...]
    links: tuple[tuple[str, int, bool], ...]  # target, line, is an image
    unreadable: str | None = None

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["findings"] = [asdict(f) for f in self.findings]
        data["links"] = [list(link) for link in self.links]
        data["tags"] = list(self.tags)
        return data

    @classmethod
    def from_dict(cls, rel: str, data: dict[str, Any]) -> ArticleFacts:
        fields = dict(data, rel=rel)
        fields["findings"] = tuple(Finding(**f) for f in data["findings"])
        fields["links"] = tuple((str(t), int(n), bool(i)) for t, n, i in data["links"])
        fields["tags"] = tuple(data["tags"])
        return cls(**fields)


@dataclass(slots=True)
class FactsRun:
    """The facts of every article, and how many came from the cache."""

    articles: list[ArticleFacts]
    cached: int
    linted: int


# Below this many articles to lint, starting worker processes costs more than it saves.
PARALLEL_MIN = 40


def gather(
    workspace: Workspace, use_cache: bool = True, parallel_min: int = PARALLEL_MIN
) -> FactsRun:
    """The facts of every article of ``workspace``, linting only what changed since last time.

    With at least ``parallel_min`` articles to lint (a first run, a rule
    change), they are linted in worker processes, one per core (up to four).
    """
    settings = settings_for(workspace.root)
    identity = ruleset_identity(settings)
    cache = _load(workspace.root, identity) if use_cache else {}
    kept: dict[str, dict[str, Any]] = {}
    found: dict[str, ArticleFacts] = {}
    todo: list[tuple[str, str, str]] = []  # rel, path, digest
    order: list[str] = []
    for path in workspace.article_paths():
        rel = workspace.relative(path)
        order.append(rel)
        try:
            data = path.read_bytes()
        except OSError as exc:
            found[rel] = _unreadable(rel, exc.strerror or type(exc).__name__)
            continue
        digest = hashlib.sha256(data).hexdigest()
        facts = _from_cache(rel, cache.get(digest))
        if facts is None:
            todo.append((rel, str(path), digest))
        else:
            found[rel] = facts
            kept[digest] = cache[digest]
    cached = len(found)
    for (rel, _, digest), facts in zip(
        todo, _lint_all(workspace.root, identity, todo, parallel_min), strict=True
    ):
        found[rel] = facts
        kept[digest] = {k: v for k, v in facts.as_dict().items() if k != "rel"}
    if use_cache:
        _save(workspace.root, identity, kept)
    return FactsRun([found[rel] for rel in order], cached, len(todo))


def _from_cache(rel: str, entry: dict[str, Any] | None) -> ArticleFacts | None:
    if entry is None:
        return None
    try:
        return ArticleFacts.from_dict(rel, entry)
    except (KeyError, TypeError, ValueError):
        return None  # an entry from a damaged file: computed again


def _lint_all(
    root: Path, identity: str, todo: list[tuple[str, str, str]], parallel_min: int
) -> Iterator[ArticleFacts]:
    """The facts of each article of ``todo``, in order; in worker processes when worth it."""
    workers = min(os.cpu_count() or 1, 4)
    if len(todo) < max(parallel_min, 1) or workers < 2:
        for rel, path, _ in todo:
            yield facts_in(str(root), identity, rel, path)
        return
    # The editor builds the report on a worker thread: kbeditor.processes says how to start.
    method = start_method()
    done = 0
    try:
        with ProcessPoolExecutor(max_workers=workers, mp_context=get_context(method)) as pool:
            chunk = max(1, min(16, len(todo) // (workers * 4)))
            rels = [r for r, _, _ in todo]
            paths = [p for _, p, _ in todo]
            for facts in pool.map(
                facts_in,
                [str(root)] * len(todo),
                [identity] * len(todo),
                rels,
                paths,
                chunksize=chunk,
            ):
                done += 1
                yield facts
    except BrokenProcessPool:
        # Workers could not start (a frozen or guard-less main module): lint the rest here.
        for rel, path, _ in todo[done:]:
            yield facts_in(str(root), identity, rel, path)


def facts_in(root: str, identity: str, rel: str, path: str) -> ArticleFacts:
    """The facts of one article file, under the rules of the workspace at ``root``.

    The entry point of the worker processes: each builds the workspace's
    linter once and keeps it for the articles it is given. ``identity`` is the
    rule set's: after a rule edit (the editor runs for hours) a new linter is built.
    """
    return _facts(workspace_linter(root, identity), rel, Path(path))


def _facts(linter: Linter, rel: str, path: Path) -> ArticleFacts:
    from kbeditor.article import load_article

    try:
        article = load_article(path)
    except KbError as exc:
        return _unreadable(rel, exc.message)
    return facts_of(linter, rel, article)


def facts_of(linter: Linter, rel: str, article: Article) -> ArticleFacts:
    """The facts of one parsed article under ``linter``'s rules."""
    meta = article.metadata
    profile = linter.profile(article)
    graded = article_grade(article)
    target = reading_targets(linter.rules, profile.audience, profile.type).grade
    judged = target is not None and graded.words >= target.min_words
    findings = tuple(
        Finding(d.rule, d.category, d.severity, d.line, d.message)
        for d in linter.lint(article)
        if d.category not in DATED_CATEGORIES
    )
    return ArticleFacts(
        rel=rel,
        title=article.title or rel,
        product=meta.product,
        type=profile.type,
        audience=profile.audience,
        status=meta.status,
        owner=owner_of(meta),
        updated=meta.updated.isoformat() if meta.updated else None,
        review_by=meta.review_by.isoformat() if meta.review_by else None,
        tags=tuple(meta.tags),
        words=graded.words,
        grade=graded.grade if graded.words else None,
        grade_limit=target.limit if judged and target is not None else None,
        findings=findings,
        links=tuple(
            (link.target, article.line_col(link.start)[0], link.image) for link in article.links
        ),
    )


def _unreadable(rel: str, reason: str) -> ArticleFacts:
    return ArticleFacts(
        rel, rel, None, None, "end-user", None, None, None, None, (), 0, None, None, (), (), reason
    )


def metadata_of(facts: ArticleFacts) -> Metadata:
    """The lifecycle keys of the article's front matter, typed again (for freshness)."""
    return Metadata(
        owner=facts.owner,
        updated=dt.date.fromisoformat(facts.updated) if facts.updated else None,
        review_by=dt.date.fromisoformat(facts.review_by) if facts.review_by else None,
    )


def _cache_file(root: Path) -> Path:
    return root / DATA_DIR / CACHE_NAME


def _load(root: Path, identity: str) -> dict[str, dict[str, Any]]:
    try:
        data = json.loads(_cache_file(root).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        return {}
    if data.get("identity") != identity or not isinstance(data.get("articles"), dict):
        return {}
    return data["articles"]


def _save(root: Path, identity: str, articles: dict[str, dict[str, Any]]) -> None:
    payload = {"format": FORMAT, "identity": identity, "articles": articles}
    target = _cache_file(root)
    try:
        target.parent.mkdir(exist_ok=True)
        atomic_write(target, json.dumps(payload, ensure_ascii=False).encode("utf-8"))
    except OSError as exc:  # a read-only workspace still gets its report
        log.info("health facts not cached in %s: %s", target, exc)
