"""Reading grades for the KB readability kinds, computed with textstat and cached.

Not a rule kind (no ``KIND``). textstat 0.7.8 ships its syllable data, so this
works offline on the first run; its own caches hold 128 entries, far fewer
than the sentences of a KB, so grades are cached here by text. The first
syllable count loads the pronunciation dictionary (about 2 s): callers that
care (the editor) can call :func:`warm_up` off the UI thread.
"""

from __future__ import annotations

from collections.abc import Callable

FORMULAS = (
    "flesch_kincaid_grade",
    "automated_readability_index",
    "coleman_liau_index",
    "gunning_fog",
    "smog_index",
)
_CACHE: dict[tuple[str, str], float] = {}
_MAX_ENTRIES = 50_000


def formula(name: str) -> Callable[[str], float]:
    """The textstat function of that name (one of :data:`FORMULAS`)."""
    import textstat

    return getattr(textstat, name)


def grade(name: str, text: str) -> float:
    """The reading grade of a text by one formula, from the cache when seen before."""
    key = (name, text)
    found = _CACHE.get(key)
    if found is None:
        if len(_CACHE) >= _MAX_ENTRIES:
            _CACHE.clear()
        found = _CACHE[key] = float(formula(name)(text))
    return found


def warm_up() -> None:
    """Load textstat's pronunciation data now rather than at the first lint."""
    grade("flesch_kincaid_grade", "Warm up the syllable counter.")
