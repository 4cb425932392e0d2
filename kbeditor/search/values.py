"""Values the search layer hands to its callers (CLI, editor, export).

They are plain frozen dataclasses so they cross threads safely and say
nothing about the engine behind them.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One article found by a search.

    ``snippet`` is plain text with matched terms wrapped in ``**``;
    ``snippet_html`` is the same passage, escaped, with ``<mark>`` around the
    matches. ``line`` is the 1-based line of that passage in the article (a
    line holding the query's error code when there is one, even inside a code
    block; the title line when only the title or metadata matched).
    """

    path: str
    title: str
    product: str | None
    score: float
    snippet: str
    snippet_html: str
    line: int
    tags: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class SearchResults:
    """Ranked hits plus how many articles matched and their facet counts."""

    query: str
    total: int
    results: list[SearchHit] = field(default_factory=list)
    facets: dict[str, dict[str, int]] = field(default_factory=dict)
    corrections: dict[str, str] = field(default_factory=dict)

    def as_dict(self) -> dict[str, object]:
        """The JSON shape of ``kbeditor search --json``."""
        return {
            "query": self.query,
            "total": self.total,
            "results": [
                {
                    "path": hit.path,
                    "title": hit.title,
                    "score": round(hit.score, 4),
                    "snippet": hit.snippet,
                    "line": hit.line,
                    "product": hit.product,
                }
                for hit in self.results
            ],
            "facets": self.facets,
        }


@dataclass(frozen=True, slots=True)
class Similar:
    """An article that shares text with another one (or with a draft).

    ``similarity`` is the shingle resemblance defined in
    :mod:`kbeditor.search.similar` (how much text they share) and ``topic``
    the cosine of their term frequencies (how much they talk about the same
    thing): each the same number for the same two texts, whatever the query
    or the size of the knowledge base. ``shared`` holds passages of the text
    that reappear in the article.
    """

    path: str
    title: str
    similarity: float
    shared: list[str] = field(default_factory=list)
    topic: float = 0.0


@dataclass(frozen=True, slots=True)
class Pair:
    """Two articles whose similarity reaches the duplicate threshold (``a`` < ``b``)."""

    a: str
    b: str
    similarity: float


@dataclass(frozen=True, slots=True)
class UpdateReport:
    """What an index update did; ``recovered`` is set when a broken index was rebuilt."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: int = 0
    failed: list[str] = field(default_factory=list)
    rebuilt: bool = False
    recovered: str | None = None
    seconds: float = 0.0

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed)

    def summary(self) -> str:
        """One line for the command line and the editor's status bar."""
        verb = "rebuilt" if self.rebuilt else "updated"
        parts = [
            f"{len(self.added)} added",
            f"{len(self.updated)} changed",
            f"{len(self.removed)} removed",
            f"{self.unchanged} unchanged",
        ]
        if self.failed:
            parts.append(f"{len(self.failed)} unreadable")
        return f"search index {verb}: {', '.join(parts)} ({self.seconds:.2f} s)"
