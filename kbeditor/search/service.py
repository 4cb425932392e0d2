"""The search service: the one object the CLI and the editor talk to.

It keeps the index current without being asked (a missing index is built, a
stale one updated, a damaged one rebuilt), keeps a searcher open between
queries, and serialises its own work with a lock so the editor may call it
from worker threads. Writers in other processes are kept out by the index's
file lock (see lock.py); a search never waits for them, it reads the last
complete index instead (a rebuild is made current only when it is done; see
index.py).
"""

from __future__ import annotations

import math
import pickle
import sqlite3
import struct
import threading
import time
import zlib
from collections.abc import Iterable
from pathlib import Path

from kbeditor.article import parse_article
from kbeditor.errors import KbError
from kbeditor.search import query as QP
from kbeditor.search import shingles as S
from kbeditor.search.catalog import Catalog
from kbeditor.search.document import build_doc
from kbeditor.search.engine import Engine
from kbeditor.search.index import IndexDamaged, IndexStore, describe
from kbeditor.search.lock import IndexBusyError
from kbeditor.search.scan import scan_articles
from kbeditor.search.similar import FocusSpace, find_pairs, similar_to
from kbeditor.search.snippets import make_snippet
from kbeditor.search.values import Pair, SearchHit, SearchResults, Similar, UpdateReport
from kbeditor.workspace import Workspace

# How often (seconds) a search looks at the files to see whether the index is stale.
STALE_CHECK_SECONDS = 2.0
# Seconds a duplicate sweep waits for another writer before giving up (exit 2).
FORCED_WAIT = 10.0
# Articles the search engine proposes as same-topic candidates for a draft.
TOPIC_CANDIDATES = 10
# ... found with this many of the draft's rarest title and symptom words (fast, and enough).
TOPIC_TERMS = 12


class SearchService:
    """Search, similar articles and duplicates for one workspace.

    Args:
        workspace: the workspace (its ``.kbeditor/`` folder holds the index).
        stale_check_seconds: minimum time between two checks of the files for
            changes made behind the service's back (0 checks before every search).
    """

    def __init__(
        self, workspace: Workspace, stale_check_seconds: float = STALE_CHECK_SECONDS
    ) -> None:
        self.workspace = workspace
        self.store = IndexStore(workspace)
        self.stale_check_seconds = stale_check_seconds
        self.last_update: UpdateReport | None = None
        self._lock = threading.RLock()
        self._engine: Engine | None = None
        self._catalog: Catalog | None = None
        # The generation folder the open readers belong to.
        self._generation: Path | None = None
        self._checked_at = float("-inf")

    @classmethod
    def open(cls, root: str | Path, **kwargs: float) -> SearchService:
        return cls(Workspace(root), **kwargs)

    def close(self) -> None:
        with self._lock:
            self._drop_readers()

    def __enter__(self) -> SearchService:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- keeping the index current ----------------------------------------------------
    def update(self, paths: Iterable[str | Path] | None = None, wait: float = 2.0) -> UpdateReport:
        """Index what changed (all files, or only ``paths``); see IndexStore.update."""
        with self._lock:
            report = self.store.update(paths, wait=wait)
            self._after_write(report)
            return report

    @property
    def note(self) -> str | None:
        """Where the index is kept, when that is not the workspace (read-only or damaged)."""
        return self.store.home.note

    def rebuild(self, wait: float = 2.0) -> UpdateReport:
        with self._lock:
            report = self.store.rebuild(wait=wait)
            self._after_write(report)
            return report

    def _after_write(self, report: UpdateReport) -> None:
        self.last_update = report
        self._checked_at = time.monotonic()
        if report.rebuilt or report.recovered:
            self._drop_readers()
        elif self._engine is not None:
            self._engine.refresh()

    def ensure_fresh(self, force: bool = False) -> UpdateReport | None:
        """Build a missing index, or update a stale one; returns what was done, if anything.

        Looking at every file's size and time costs milliseconds per thousand
        articles, so searches do it at most every ``stale_check_seconds``, and
        search what is committed when another program holds the index.
        ``force`` (the duplicate sweep, a CI gate) looks now, and when the
        index is stale and another program is writing it, waits up to
        ``FORCED_WAIT`` seconds, then raises IndexBusyError: "no duplicates"
        from an index that lacks the newest articles would be a wrong answer.
        """
        with self._lock:
            if not self.store.exists():
                return self.update(wait=30.0)
            if not force and time.monotonic() - self._checked_at < self.stale_check_seconds:
                return None
            self._checked_at = time.monotonic()
            try:
                if not self._stale():
                    return None
            except IndexDamaged:
                self._drop_readers()
                self.store.forget()
                return self.update(wait=30.0)  # rebuilds, and says so in its report
            try:
                return self.update(wait=FORCED_WAIT if force else 0.0)
            except IndexBusyError:
                if force:
                    raise  # a duplicate sweep on a stale index would miss the new articles
                return None  # someone else is updating it; search what is committed

    def _stale(self) -> bool:
        known = self.store.known_states(self._reader_catalog())
        seen = scan_articles(self.workspace)
        if len(seen) != len(known):
            return True
        for rel, now in seen.items():
            state = known.get(rel)
            if state is None or state.mtime_ns != now.mtime_ns or state.size != now.size:
                return True
        return False

    # -- readers ------------------------------------------------------------------------
    def _reader_catalog(self) -> Catalog:
        generation = self.store.current()
        if self._catalog is None or generation != self._generation:
            self._drop_readers()
            self._catalog = self.store.open_catalog(generation)
            self._generation = generation
        return self._catalog

    def _reader_engine(self) -> Engine:
        self._reader_catalog()  # reopens both when the index was rebuilt elsewhere
        if self._engine is None:
            self._engine = Engine(self.store.open_index(self._generation))
        else:
            self._engine.refresh()
        return self._engine

    def _drop_readers(self) -> None:
        if self._engine is not None:
            self._engine.close()
            self._engine = None
        if self._catalog is not None:
            self._catalog.close()
            self._catalog = None

    def _with_index(self, work, fresh: bool = False):  # type: ignore[no-untyped-def]
        """Run ``work(engine, catalog)`` on the current index.

        A read that fails because another writer just replaced the index is
        run again on the new one; a damaged index is rebuilt once (in a new
        generation, which readers in other processes pick up) and the work
        run again.
        """
        with self._lock:
            self.ensure_fresh(force=fresh)
            try:
                return work(self._reader_engine(), self._reader_catalog())
            except IndexBusyError:
                raise
            except Exception as exc:  # noqa: BLE001 - any read failure means a damaged index
                if not isinstance(exc, IndexDamaged) and not _looks_damaged(exc):
                    raise
                seen = self._generation
                self._drop_readers()
                self.store.forget()
                if seen is None or self.store.current() == seen:
                    reason = str(exc) if isinstance(exc, IndexDamaged) else describe(exc)
                    if not isinstance(exc, IndexDamaged):
                        reason = f"it was damaged ({reason})"
                    report = self.store.rebuild(wait=30.0, instead_of=seen, reason=reason)
                    self._after_write(report)
            try:
                return work(self._reader_engine(), self._reader_catalog())
            except (IndexDamaged, *_DAMAGE) as exc:
                where = self.store.current() or self.store.folder
                raise KbError(
                    f"the search index cannot be read even after rebuilding it ({describe(exc)})",
                    where,
                ) from None

    # -- searching ----------------------------------------------------------------------
    def search(
        self, query: str, limit: int = 10, product: str | None = None, tag: str | None = None
    ) -> SearchResults:
        """Ranked articles for ``query``, with snippets and facet counts."""

        def work(engine: Engine, catalog: Catalog) -> SearchResults:
            parsed = QP.parse_query(query)
            plan = QP.plan_query(engine, parsed)
            want_product = product or parsed.product
            want_tag = tag or parsed.tag
            by_product = engine.facet_docs("product", want_product) if want_product else None
            by_tag = engine.facet_docs("tags", want_tag) if want_tag else None
            allowed = _intersect(by_product, by_tag)
            found = QP.evaluate(engine, plan, allowed, limit)
            matched = found.matched
            visible = matched if allowed is None else matched & allowed
            facets = {
                "product": _count(engine.facets()["product"], _narrow(matched, by_tag)),
                "tag": _count(engine.facets()["tags"], _narrow(matched, by_product)),
            }
            hits = [self._hit(engine, catalog, plan, ranked) for ranked in found.ranked]
            return SearchResults(query, len(visible), hits, facets, dict(plan.corrections))

        return self._with_index(work)

    def _hit(self, engine: Engine, catalog: Catalog, plan: QP.Plan, ranked: QP.Ranked) -> SearchHit:
        stored = engine.searcher.stored_fields(ranked.docnum)
        path = stored["path"]
        snippet = make_snippet(catalog.lines(path), plan.stems, plan.codes)
        tags = tuple(t for t in (stored.get("tags") or "").split(",") if t)
        return SearchHit(
            path=path,
            title=stored.get("title", ""),
            product=stored.get("product"),
            score=ranked.score,
            snippet=snippet.plain,
            snippet_html=snippet.html,
            line=snippet.line,
            tags=tags,
        )

    # -- similarity ---------------------------------------------------------------------
    def similar_to_text(
        self, text: str, k: int = 5, exclude: str | Path | Iterable[str | Path] | None = None
    ) -> list[Similar]:
        """Articles most like an unsaved draft (``exclude``: the draft's own path, if saved before)."""
        article = parse_article(text)
        sentences = S.article_sentences(article)
        doc = build_doc(article, "")
        skip = self._excluded(exclude)
        probe = " ".join(f"{doc.title} {doc.symptom}".split()[:60])

        def work(engine: Engine, catalog: Catalog) -> list[Similar]:
            extra = self._search_paths(engine, probe, TOPIC_CANDIDATES + len(skip))
            space = _focus_space(engine)
            return similar_to(
                catalog, sentences, doc.topic, k, skip, extra, doc.focus, space, doc.shingles
            )

        return self._with_index(work)

    def similar(self, path: str | Path, limit: int = 5) -> list[Similar]:
        """Articles most like the article at ``path``."""
        article = self.workspace.load(path)
        return self.similar_to_text(article.text, limit, exclude=path)

    def dupes(self, threshold: float | None = None) -> list[Pair]:
        """Every pair of articles at or above ``threshold`` (default: the workspace setting)."""
        if threshold is None:
            threshold = float(self.workspace.config.get("search", "duplicate_threshold"))
        return self._with_index(lambda engine, catalog: find_pairs(catalog, threshold), fresh=True)

    def _search_paths(self, engine: Engine, text: str, limit: int) -> list[str]:
        plan = QP.plan_query(engine, QP.parse_query(text.replace('"', " ")), TOPIC_TERMS)
        return [
            engine.searcher.stored_fields(r.docnum)["path"]
            for r in QP.evaluate(engine, plan, None, limit).ranked
        ]

    def _excluded(self, exclude: str | Path | Iterable[str | Path] | None) -> set[str]:
        if exclude is None:
            return set()
        items = [exclude] if isinstance(exclude, (str, Path)) else list(exclude)
        ws = self.workspace
        return {ws.relative(ws.resolve(p)) for p in items if ws.contains(ws.resolve(p))}


def _focus_space(engine: Engine) -> FocusSpace:
    """The idf-weighted focus vectors of the engine's index version (made on first use)."""
    space = engine.per_version.get("focus")
    if not isinstance(space, FocusSpace):
        n = max(engine.doc_count, 1)
        frequency = engine.vocabulary_frequency

        def idf(term: str) -> float:
            return math.log(1 + n / (frequency(term) + 0.5))

        space = engine.per_version["focus"] = FocusSpace(idf)
    return space


def _intersect(a: frozenset[int] | None, b: frozenset[int] | None) -> frozenset[int] | None:
    if a is None:
        return b
    return a if b is None else a & b


def _narrow(docs: frozenset[int], by: frozenset[int] | None) -> frozenset[int]:
    return docs if by is None else docs & by


def _count(values: dict[int, tuple[str, ...]], docs: frozenset[int]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for doc in docs:
        for value in values.get(doc, ()):
            counts[value] = counts.get(value, 0) + 1
    return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0].lower())))


def _looks_damaged(exc: Exception) -> bool:
    """Exceptions that reading a truncated or garbled index file produces."""
    return isinstance(exc, _DAMAGE) or type(exc).__module__.startswith("whoosh")


_DAMAGE = (
    EOFError,
    struct.error,
    zlib.error,
    pickle.UnpicklingError,
    sqlite3.DatabaseError,
    OSError,
)
