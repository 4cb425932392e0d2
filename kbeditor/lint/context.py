"""What a rule's check sees (:class:`LintContext`) and what it gives back (:class:`Match`)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from kbeditor.article import Article
from kbeditor.lint.diagnostic import Fix
from kbeditor.lint.prefilter import WordIndex
from kbeditor.lint.workspace_words import WorkspaceWords


@dataclass(frozen=True, slots=True)
class Match:
    """One finding of a check, before the engine turns it into a Diagnostic.

    ``args`` fill the ``%s`` of the rule's message in order; ``message``, when
    set, replaces the rule's message (for kinds that build their own text);
    ``fix`` is the quick fix, if any; ``alternatives`` are further fixes,
    best first, for checks that offer a choice (spelling suggestions).
    """

    start: int
    end: int
    args: tuple[str, ...] = ()
    fix: Fix | None = None
    message: str | None = None
    alternatives: tuple[Fix, ...] = ()

    def shifted(self, delta: int) -> Match:
        return Match(
            self.start + delta,
            self.end + delta,
            self.args,
            self.fix,
            self.message,
            self.alternatives,
        )


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """Accepted and rejected terms (Vale's accept.txt / reject.txt): regexes, one per entry."""

    accept: tuple[str, ...] = ()
    reject: tuple[str, ...] = ()
    accept_re: re.Pattern[str] | None = field(default=None, compare=False)
    accept_re_i: re.Pattern[str] | None = field(default=None, compare=False)

    @classmethod
    def build(cls, accept: list[str], reject: list[str]) -> Vocabulary:
        from kbeditor.lint.regexes import combine

        acc = tuple(dict.fromkeys(t.strip() for t in accept if t.strip()))
        rej = tuple(dict.fromkeys(t.strip() for t in reject if t.strip()))
        if not acc:
            return cls((), rej)
        return cls(
            acc, rej, combine(acc, anchored=True), combine(acc, anchored=True, ignorecase=True)
        )

    def accepts(self, term: str, ignorecase: bool = False) -> bool:
        pat = self.accept_re_i if ignorecase else self.accept_re
        return bool(pat and pat.fullmatch(term.strip()))


@dataclass(slots=True)
class LintContext:
    """The article being linted and the settings that shape what rules report.

    Args:
        article: the parsed article (offsets index ``article.text``).
        audience: the front-matter audience ('end-user', 'it-staff', 'developer').
        type: the front-matter article type, or None.
        vocab: the workspace vocabulary; rules with ``vocab: true`` ignore accepted terms.
        words: the workspace's words counted across its articles, when the caller has them
            (see kbeditor.lint.workspace_words); None when linting an article alone.
        article_words: the word index of the article's whole mask, built on first call
            (None when the engine gives none); compiled patterns read it, kinds never do.
    """

    article: Article
    audience: str
    type: str | None
    vocab: Vocabulary = field(default_factory=Vocabulary)
    words: WorkspaceWords | None = None
    facts: dict[str, Any] = field(default_factory=dict, repr=False)
    article_words: Callable[[], WordIndex | None] = field(default=lambda: None, repr=False)

    def fact(self, name: str, compute: Callable[[Article], Any]) -> Any:
        """A fact about the article (its lists, sentence starts ...), computed once per lint.

        Document-level rules share such facts instead of each walking the
        article again; ``name`` identifies the fact, ``compute`` builds it.
        """
        try:
            return self.facts[name]
        except KeyError:
            value = self.facts[name] = compute(self.article)
            return value

    @property
    def mask(self) -> str:
        return self.article.mask

    @property
    def text(self) -> str:
        return self.article.text

    @property
    def key(self) -> tuple[object, ...]:
        """What, besides a block's own text, local results depend on."""
        return (self.audience, self.type)
