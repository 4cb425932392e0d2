"""The words of a whole workspace, counted once: how many articles use each word, the
names that every article's front matter gives (products, tags) and the words it writes as
inline code (commands, services).

Spelling reads it (see the ``workspace`` field of the spelling kind): a name any article
declares is accepted in every article, and a word the dictionary lacks that several
articles use is offered as one to add to the team's words, not reported as a typo in each.
Building it reads each article's mask once (a regex pass, no dictionary), so a caller that
has the workspace's articles parsed anyway (a lint run, a workspace scan) builds it for a
few milliseconds per hundred articles.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from kbeditor.article import Article
from kbeditor.lint import words_store
from kbeditor.lint.memo import Memo
from kbeditor.lint.speller import Speller, default_dictionary
from kbeditor.lint.words_store import Contribution, Totals

if TYPE_CHECKING:
    from kbeditor.lint.settings import LintSettings

# The spelling kind's words, apostrophes and inner dots kept ("Excel's", "v2.1").
_WORD = re.compile(r"[^\W_][\w'’]*(?:[-.][^\W_][\w'’]*)*")
_SPLIT_NAMES = re.compile(r"[^\w'’-]+")
_INLINE_CODE = re.compile(r"`([^`\n]+)`")
# The house spelling rule's ``names``: product, tags and the product lists of imported articles.
# The first word of a command line, after a shell's prompt: $, #, >, %, PS C:\>, C:\Temp>.
_COMMAND = re.compile(r"\s*(?:[$#>%]\s+|PS\b[^>\n]*>\s*|[A-Za-z]:\\[^>\n]*>\s*)?([A-Za-z][\w-]*)")
# A program or script named with its file type: nslookup.exe, adsiedit.msc, setup.ps1. The
# file type is searched first (a regex that starts at a dot skips most of the text fast).
_PROGRAM_TYPE = re.compile(r"\.(?:exe|msc|cpl|bat|cmd|ps1|psm1|msi|vbs|sh)\b", re.IGNORECASE)
_PROGRAM_NAME = re.compile(r"(?<![\w.])[A-Za-z][\w-]*$")
NAME_KEYS = ("product", "tags", "appliesto", "ms.service", "ms.subservice")
# Counts above this are told apart by no rule (spelling's ``workspace: N`` is at most this),
# so the digest stops at it: a common word used in one more article changes no result.
MAX_SHARED = 10


@dataclass(frozen=True, slots=True)
class WorkspaceWords:
    """Word -> number of articles whose prose uses it; the front-matter names of all articles."""

    articles: Mapping[str, int] = field(default_factory=dict)
    names: frozenset[str] = frozenset()
    code: frozenset[str] = frozenset()
    stored_digest: str = field(default="", compare=False)  # digest() as the store kept it

    def used_in(self, word: str) -> int:
        return self.articles.get(word, 0)

    def digest(self, known: Callable[[str], bool] | None = None) -> str:
        """A hash of everything in the table a lint result can depend on (for the lint cache).

        A count matters only for a word no dictionary knows and that two or more articles
        use, and only up to MAX_SHARED; words the bundled English dictionary knows are left
        out, so an ordinary edit (a sentence of English words) keeps every cached result.
        """
        if self.stored_digest:
            return self.stored_digest
        known = known or _english().known
        shared = sorted(
            (w, min(n, MAX_SHARED)) for w, n in self.articles.items() if n >= 2 and not known(w)
        )
        described = (shared, sorted(self.names), sorted(self.code))
        return hashlib.sha256(repr(described).encode("utf-8", "surrogateescape")).hexdigest()

    @classmethod
    def build(cls, articles: Iterable[Article], keys: Iterable[str] = NAME_KEYS) -> WorkspaceWords:
        totals = Totals()
        keys = tuple(keys)
        for article in articles:
            totals.add(contribution(article, keys))
        return cls.from_totals(totals)

    @classmethod
    def from_totals(cls, totals: Totals, digest: str = "") -> WorkspaceWords:
        counts, names, code = totals.parts
        return cls(dict(counts), frozenset(names), frozenset(code), digest)


def contribution(article: Article, keys: tuple[str, ...] = NAME_KEYS) -> Contribution:
    """What one article adds to the table: its prose words (each once), its front-matter
    names and its code words."""
    words = {w.rstrip("'’") for w in _WORD.findall(article.mask, article.body_start)}
    names = front_matter_names(article, keys)
    return sorted(words), sorted(names), sorted(article_code_words(article))


def article_code_words(article: Article) -> frozenset[str]:
    """Every word an article writes as code or as a program: inline code spans, the command
    of each line of its code blocks, and the names of programs it gives with their file
    type (``nslookup.exe``, ``adsiedit.msc``). A writer names these in prose too ("use the
    nslookup command", "open adsiedit"), and they are identifiers there, not typos."""
    return code_words(article.text) | block_commands(article) | program_names(article.text)


def block_commands(article: Article) -> frozenset[str]:
    """The command each line of the article's code blocks starts with, after a prompt
    (``$``, ``#``, ``>``, ``PS C:\\>``); also in lower case, as prose often writes it."""
    found: set[str] = set()
    for block in article.blocks:
        if not block.is_code:
            continue
        for line in article.text[block.start : block.end].splitlines():
            m = _COMMAND.match(line)
            if m and not line.lstrip().startswith(("```", "~~~")):
                found.update((m.group(1), m.group(1).lower()))
    return frozenset(found)


def program_names(text: str) -> frozenset[str]:
    """The names of programs and scripts the text gives with their file type (nslookup.exe)."""
    found: set[str] = set()
    for m in _PROGRAM_TYPE.finditer(text):
        name = _PROGRAM_NAME.search(text, max(0, m.start() - 64), m.start())
        if name:
            found.update((name.group(), name.group().lower()))
    return frozenset(found)


def code_words(text: str) -> frozenset[str]:
    """The words inside inline code spans (`fixup protocol smtp 25`): commands, services and
    values that a writer also names in prose without the backticks."""
    if "`" not in text:
        return frozenset()
    return frozenset(
        w for span in _INLINE_CODE.findall(text) for w in _SPLIT_NAMES.split(span) if w
    )


def front_matter_names(article: Article, keys: Iterable[str]) -> set[str]:
    """The words of the front-matter values under ``keys`` (product names, tags), as written
    and in lower case."""
    meta = article.metadata
    values: list[str] = []
    for key in keys:
        value = getattr(meta, key, None) if key in ("product", "tags", "title") else None
        if value is None:
            value = meta.extra.get(key)
        if isinstance(value, str):
            values.append(value)
        elif isinstance(value, list):
            values.extend(v for v in value if isinstance(v, str))
    words = {w.strip("'’-") for v in values for w in _SPLIT_NAMES.split(v)}
    return {w for w in words if w} | {w.lower() for w in words if w}


@cache
def _english() -> Speller:
    """The bundled English dictionary alone (loaded once per process, shared with the rules)."""
    return Speller([default_dictionary])


# root -> (the articles' paths, sizes and modification times, the table built from them)
# Bounded and thread-safe (the editor's job threads and export share it); a few workspaces.
_BUILT: Memo[Path, tuple[tuple[tuple[str, int, int], ...], WorkspaceWords]] = Memo(size=4)


def workspace_root(settings: LintSettings) -> Path | None:
    """The workspace whose words apply: the settings' folder when it holds a configuration
    file or the tool's data folder. A lone article's folder (a home folder, say) has none,
    so linting one file never reads every Markdown file around it."""
    root = settings.root
    if root is None:
        return None
    if settings.source is not None or (root / ".kbeditor").is_dir():
        return root
    return None


def for_settings(settings: LintSettings) -> WorkspaceWords | None:
    """The words of the workspace these settings belong to, or None outside a workspace.

    The one place every linter gets them from (command line, editor, language server,
    worker processes) and the lint cache's identity digests, so they always agree. Built
    once per process and again only when an article was added, removed or changed.
    """
    root = workspace_root(settings)
    if root is None:
        return None
    from kbeditor.workspace import Workspace

    try:
        entries = [e for _, e in Workspace(root).walk_articles()]
    except Exception:  # an unreadable workspace: spelling goes on without its words
        return None
    stamp = tuple(sorted(_stamp(e) for e in entries))
    known = _BUILT.get(root)
    if known is not None and known[0] == stamp:
        return known[1]
    stored = words_store.update(
        root,
        {p: (size, mtime) for p, size, mtime in stamp},
        _contributions,
        lambda totals, known: WorkspaceWords.from_totals(totals).digest(known),
        lambda word: _english().known(word),
    )
    if stored is not None:  # only the changed articles were read
        words = WorkspaceWords.from_totals(*stored)
    else:
        words = WorkspaceWords.build(_load_all(p for p, _, _ in stamp))
    _BUILT[root] = (stamp, words)
    return words


def _contributions(paths: list[str]) -> Iterator[Contribution | None]:
    """The contributions of these articles, in order, parsed on every core: a first run on
    a workspace of 10^4 articles parses them all before any lint can start."""
    from kbeditor.lint.batch import default_jobs, map_ordered

    return map_ordered(_contribution_of, paths, default_jobs())


def _contribution_of(path: str) -> Contribution | None:
    from kbeditor.article import load_article
    from kbeditor.errors import KbError

    try:
        return contribution(load_article(Path(path)))
    except KbError:
        return None  # reported by the lint of that article


def _stamp(entry: os.DirEntry[str]) -> tuple[str, int, int]:
    try:
        st = entry.stat()
    except OSError:
        return entry.path, -1, -1
    return entry.path, st.st_size, st.st_mtime_ns


def _load_all(paths: Iterable[str]) -> Iterator[Article]:
    from kbeditor.article import load_article
    from kbeditor.errors import KbError

    for path in paths:
        try:
            yield load_article(Path(path))
        except KbError:
            continue  # reported by the lint of that article
