"""Offline search and near-duplicate detection for a workspace.

Everything that knows about Whoosh lives in this package; callers use
:class:`SearchService` and the values in :mod:`kbeditor.search.values`.
"""

from kbeditor.search.lock import IndexBusyError
from kbeditor.search.service import SearchService
from kbeditor.search.values import Pair, SearchHit, SearchResults, Similar, UpdateReport

__all__ = [
    "IndexBusyError",
    "Pair",
    "SearchHit",
    "SearchResults",
    "SearchService",
    "Similar",
    "UpdateReport",
]
