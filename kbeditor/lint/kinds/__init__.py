"""Rule kinds: one module per kind, discovered automatically.

A rule file's ``extends:`` names its kind. Every module in this package that
defines ``KIND`` is a kind; adding a kind means adding one module here and
touches no other kind, the loader or the engine.

The interface of a kind module
------------------------------
``KIND: str``
    The name used in ``extends:`` (``"existence"``, ``"kb_structure"`` ...).

``FIELDS: dict[str, type | tuple[type, ...]]``
    The fields the kind accepts beyond the common ones (``extends``,
    ``message``, ``description``, ``level``, ``link``, ``scope``,
    ``ignorecase``, ``nonword``, ``vocab``, ``action``, ``limit``, ``safe``,
    ``category``, ``audiences``, ``types``, ``examples``), with the YAML
    types allowed. The loader checks the types and names the field on error.

``REQUIRED: tuple[str, ...]`` (optional)
    Fields that must be present; ``"a|b"`` means at least one of them.

``DEFAULT_SCOPE: str`` (optional)
    The scope used when the rule names none (otherwise ``text``).

``BASE: str`` (optional)
    The kind this one builds on (``kb_reader_address`` on ``substitution``):
    the loader accepts that kind's fields too, and ``rule.base_check(spec)``
    compiles them as a rule of it. A kind never imports another.

``DOCUMENT: bool`` (optional, default False)
    True for a document-level kind (see below). Such a kind is given no
    scope, and a rule of it that sets ``scope:`` is refused when it loads.

``def compile(spec: dict, rule: RuleContext) -> Check``
    Build the check once, at load time: precompile regexes here. ``spec`` is
    the rule's YAML mapping; ``rule`` (:class:`kbeditor.lint.rules.RuleContext`)
    gives the rule id, file, parsed scope, ``ignorecase``/``nonword``/``vocab``,
    and helpers: ``rule.error(field, problem)`` returns the
    :class:`~kbeditor.lint.rules.RuleError` to raise for a bad value,
    ``rule.regex(field, pattern)`` / ``rule.tokens(field, tokens)`` compile
    Vale regexes (Go syntax translated) and raise that error for you, and
    ``rule.action_fix(matched)`` turns the rule's ``action:`` into a
    :class:`~kbeditor.lint.diagnostic.Fix`.

Helpers that several kinds share live beside this package (``lint/outline.py``,
``lint/phrases.py``, ``lint/matching.py`` ...), never in it: no kind imports
another kind.

A document-level check (``DOCUMENT = True``, see :class:`DocumentCheck`)
------------------------------------------------------------------------
``check.run(ctx: LintContext) -> Iterable[Match]``
    Reads the whole article (sections, lists, links, front matter) through
    ``ctx``; it runs on every lint of an article that holds any prose, so keep
    it cheap, and keep what depends on one block's text in a
    :class:`~kbeditor.lint.memo.Memo` on the check.

A span-level check (the default, see :class:`SpanCheck`)
--------------------------------------------------------
``check.local: bool``
    True when what the check finds in one span depends only on that span's
    text (existence, substitution ...): the engine may then run it one block
    at a time and reuse results for blocks that did not change. False for
    checks that weigh the scope as a whole (consistency, metric, readability):
    those run on every lint, so keep them cheap.

``check.run(ctx: LintContext, ranges: Ranges) -> Iterable[Match]``
    ``ranges`` are the spans of the rule's scope (offsets into
    ``ctx.article.text``) over ``ranges.source`` (the article's mask: prose
    only, everything else blanked to spaces; the raw text for ``scope: raw``).
    ``ranges.joined`` is the source with everything outside the spans blanked,
    to run one regex across all spans. A local check must treat each span on
    its own. Both kinds of check yield :class:`~kbeditor.lint.context.Match` values: ``start``,
    ``end`` (offsets), ``args`` (fill the message's ``%s`` in order), an
    optional ``fix`` and an optional ``message`` that replaces the rule's.
    The ``ctx`` (:class:`~kbeditor.lint.context.LintContext`) holds the
    ``article`` (blocks, sections, sentences, metadata ...), the front-matter
    ``audience`` and ``type``, and the workspace ``vocab``.

A check that searches with a regex compiles it at load time into a
:class:`~kbeditor.lint.matching.CompiledPattern` and asks it for matches
(``pattern.finditer(ranges)``): the pattern knows where its matches can start
and finds them through the scope's word index. A check never reads word
indexes itself and sets no flags for the engine.

A check lives as long as its Linter, which threads share: whatever it caches
between lints goes through :class:`~kbeditor.lint.memo.Memo` (bounded,
thread-safe), and anything else it keeps is read-only after ``compile()``.

Rules are filtered by ``audiences``/``types``, levels and in-document
controls by the engine: a check never needs to look at those.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterable
from functools import cache
from types import ModuleType
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from kbeditor.lint.context import LintContext, Match
    from kbeditor.lint.scope import Ranges

# Vale kinds we know but do not run yet: such rules load with a notice and are skipped.
UNSUPPORTED = frozenset({"sequence", "script"})


class SpanCheck(Protocol):
    """A compiled rule of a span-level kind: it reads the spans of the rule's scope."""

    local: bool

    def run(self, ctx: LintContext, ranges: Ranges) -> Iterable[Match]: ...


class DocumentCheck(Protocol):
    """A compiled rule of a document-level kind (``DOCUMENT = True``): it reads the article."""

    def run(self, ctx: LintContext) -> Iterable[Match]: ...


Check = SpanCheck | DocumentCheck


@cache
def registry() -> dict[str, ModuleType]:
    """Every kind module in this package, by its ``KIND`` name."""
    found: dict[str, ModuleType] = {}
    for info in pkgutil.iter_modules(__path__):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        kind = getattr(module, "KIND", None)
        if isinstance(kind, str):
            found[kind] = module
    return found


def get(kind: str) -> ModuleType | None:
    return registry().get(kind)


def names() -> list[str]:
    return sorted(registry())
