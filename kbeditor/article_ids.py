"""Article ids: each article's ``id`` must be its own.

Links, redirects and the exported site name an article by its id, so two
articles with one id make one of them unreachable. Checking needs the whole
knowledge base, not one article, so it lives here rather than in a rule:
``kbeditor lint`` and ``kbeditor export`` report duplicates, and the New
article dialog refuses an id that is taken. Reading an id parses only the
front matter, which keeps a check over thousands of files quick.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from kbeditor import frontmatter

K = TypeVar("K", bound=Hashable)

HEAD_BYTES = 8192  # front matter is at the top; the body is never needed


@dataclass(frozen=True, slots=True)
class ArticleId:
    """An article's id and the line it is written on (1-based, in the file)."""

    id: str
    line: int


# A top-level ``id`` key, plain or quoted, at the start of a line of the front matter.
_ID_KEY = re.compile(r"""^["']?id["']?[ \t]*:""", re.MULTILINE)


def id_of(text: str) -> ArticleId | None:
    """The ``id`` in the front matter at the top of ``text``, or None."""
    found = frontmatter.locate(text)
    if found is None:
        return None
    match = _ID_KEY.search(text, found.yaml_start, found.yaml_end)
    if match is None:
        return None  # no id key: skip parsing the YAML (every lint run reads every article's id)
    meta, _ = frontmatter.parse(text, found, None)
    value = (meta.id or "").strip()
    if not value:
        return None
    line = text.count("\n", 0, match.start()) + 1
    return ArticleId(value, line)


def read_id(path: Path) -> ArticleId | None:
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            head = handle.read(HEAD_BYTES)
    except OSError:
        return None
    return id_of(head)


def read_ids(paths: Iterable[Path]) -> dict[Path, ArticleId]:
    """The id of every article in ``paths`` that has one."""
    out = {}
    for path in paths:
        found = read_id(path)
        if found is not None:
            out[path] = found
    return out


def duplicates(ids: Mapping[K, str]) -> dict[K, list[K]]:
    """For each article whose id another article also uses: those other articles.

    Ids are compared without regard to case, as the site's file names and most
    web servers do.
    """
    by_id: dict[str, list[K]] = {}
    for key, value in ids.items():
        by_id.setdefault(value.casefold(), []).append(key)
    return {
        key: [other for other in keys if other != key]
        for keys in by_id.values()
        if len(keys) > 1
        for key in keys
    }


def message(article_id: str, others: list[str]) -> str:
    """One sentence for a writer about an id that other articles use too."""
    shown = ", ".join(others[:3]) + (f" and {len(others) - 3} more" if len(others) > 3 else "")
    return f"duplicate id '{article_id}': {shown} has the same id; give each article its own"


_NUMBERED = re.compile(r"^(.*?)(\d+)$")


def suggest(taken: Iterable[str], title: str) -> str:
    """A free id for a new article, in the knowledge base's own scheme.

    Where most ids are a prefix and a number (``KB-1050``), the next number;
    otherwise the title's slug, with ``-2``, ``-3`` ... when that is taken.
    """
    from kbeditor.templates import slug

    taken = list(taken)
    used = {t.casefold() for t in taken}
    numbered: dict[str, list[tuple[int, int]]] = {}
    for value in taken:
        match = _NUMBERED.match(value)
        if match and match.group(1):
            numbered.setdefault(match.group(1), []).append(
                (int(match.group(2)), len(match.group(2)))
            )
    if numbered:
        prefix, numbers = max(numbered.items(), key=lambda item: len(item[1]))
        if len(numbers) * 2 > len(taken):
            width = max(w for _, w in numbers)
            n = max(v for v, _ in numbers) + 1
            while f"{prefix}{n:0{width}d}".casefold() in used:
                n += 1
            return f"{prefix}{n:0{width}d}"
    base = slug(title)
    candidate, n = base, 2
    while candidate.casefold() in used:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def workspace_ids(workspace: object) -> dict[str, str]:
    """Each article's id in a workspace, by relative path (articles without one left out)."""
    paths = workspace.article_paths()  # type: ignore[attr-defined]
    return {
        workspace.relative(path): found.id  # type: ignore[attr-defined]
        for path, found in read_ids(paths).items()
    }
