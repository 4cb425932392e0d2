"""Vale's regular expressions in Python's ``re``.

Vale rule files are written for Go (RE2, or regexp2 in newer releases). The
two dialects mostly agree; this module translates what differs so that
rules copied from Vale styles work unchanged:

- inline flags such as ``(?i)`` in the middle of a pattern (Go scopes them to
  the end of the group; Python 3.11 refuses them anywhere but at the start):
  a token that starts with flags becomes a scoped group ``(?i:...)``, and
  flags further in are hoisted to the front;
- ``(?<name>...)`` named groups become ``(?P<name>...)``;
- POSIX classes (``[[:alpha:]]``), ``\\pL``/``\\p{L}`` and ``\\z``;
- ``\\Q...\\E`` literal text.

A pattern that still does not compile raises :class:`RegexError` with the
reason, which the rule loader reports with the file and the field.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache
from typing import cast

import regex

from kbeditor.lint.budget import TimedPattern

_POSIX = {
    "alpha": "a-zA-Z",
    "digit": "0-9",
    "alnum": "a-zA-Z0-9",
    "upper": "A-Z",
    "lower": "a-z",
    "space": r"\s",
    "word": r"\w",
    "xdigit": "0-9A-Fa-f",
    "punct": r"!-/:-@\[-`{-~",
    "blank": r" \t",
}
_UNICODE_CLASSES = {
    "L": r"[^\W\d_]",
    "Lu": r"[A-Z\u00C0-\u00DE]",
    "Ll": r"[a-z\u00DF-\u00FF]",
    "N": r"\d",
    "Nd": r"\d",
    "P": r"[!-/:-@\[-`{-~\u2010-\u2027]",
}
_LEADING_FLAGS = re.compile(r"^\(\?([imsU]+)\)")
_INNER_FLAGS = re.compile(r"(?<!\\)\(\?([imsU]+)\)")
_NAMED = re.compile(r"\(\?<(?![=!])([A-Za-z_]\w*)>")
_PROP = re.compile(r"\\p\{(\w+)\}|\\p([LNP])")
_QUOTE = re.compile(r"\\Q(.*?)(?:\\E|$)", re.DOTALL)


class RegexError(ValueError):
    """A pattern that does not compile; the message says why, in words."""


def translate(pattern: str) -> tuple[str, int]:
    """Go/regexp2 pattern -> (Python pattern, re flags hoisted from inline groups)."""
    flags = 0
    p = _QUOTE.sub(lambda m: re.escape(m.group(1)), pattern)
    p = _NAMED.sub(r"(?P<\1>", p)
    p = p.replace(r"\z", r"\Z")
    for name, chars in _POSIX.items():
        p = p.replace(f"[:{name}:]", chars)
    p = _PROP.sub(_unicode_class, p)

    def hoist(m: re.Match[str]) -> str:
        nonlocal flags
        for ch in m.group(1):
            flags |= {"i": re.I, "m": re.M, "s": re.S}.get(ch, 0)
        return ""

    p = _INNER_FLAGS.sub(hoist, p)
    return p, flags


def _unicode_class(m: re.Match[str]) -> str:
    """A ``\\p{...}`` class Python's ``re`` can stand in for; any other is refused.

    Scripts (``\\p{Greek}``) and most categories have no ``re`` equivalent;
    silently matching every word character instead would make a rule report
    the wrong text.
    """
    name = m.group(1) or m.group(2)
    if name not in _UNICODE_CLASSES:
        known = ", ".join(f"\\p{{{k}}}" for k in _UNICODE_CLASSES)
        raise RegexError(
            f"\\p{{{name}}} is not supported (Python's re has no Unicode scripts or "
            f"categories; supported: {known})"
        )
    return _UNICODE_CLASSES[name]


def token(pattern: str) -> str:
    """One alternative of a token list: leading flags stay scoped to the token."""
    m = _LEADING_FLAGS.match(pattern)
    if m:
        inner, extra = translate(pattern[m.end() :])
        letters = "".join(ch for ch in m.group(1) if ch in "ims")
        body = f"(?{letters}:{inner})" if letters else f"(?:{inner})"
    else:
        body, extra = translate(pattern)
    if extra:
        letters = "".join(c for f, c in ((re.I, "i"), (re.M, "m"), (re.S, "s")) if extra & f)
        body = f"(?{letters}:{body})"
    return body


# Set while the bundled house style loads: its patterns are audited against adversarial input
# (tests/lint/test_pattern_audit.py) and run on Python's ``re``, which is about twice as fast
# as the budgeted ``regex`` matching that every other style's patterns get.
_AUDITED: ContextVar[bool] = ContextVar("audited_style", default=False)


@contextmanager
def audited_style() -> Iterator[None]:
    """Compile the patterns of the bundled style, which its tests audit, without the budget."""
    token = _AUDITED.set(True)
    try:
        yield
    finally:
        _AUDITED.reset(token)


def is_audited() -> bool:
    """True while the bundled style's audited patterns compile (see :func:`audited_style`)."""
    return _AUDITED.get()


def compile_pattern(pattern: str, flags: int = 0, *, guard: bool = True) -> re.Pattern[str]:
    """Compile an already-Python pattern; RegexError with a readable reason on failure.

    The result matches within the rule's time budget (see :mod:`kbeditor.lint.budget`),
    except for the bundled style's audited patterns (see :func:`audited_style`).
    ``guard=False`` for a pattern only ever tried at given positions (``match``): the
    first-character guard helps a search, and working it out parses the pattern once more.
    """
    return _compile(pattern, flags, not _AUDITED.get(), guard)


@lru_cache(maxsize=4096)
def _compile(pattern: str, flags: int, timed: bool, guard_it: bool = True) -> re.Pattern[str]:
    """See :func:`compile_pattern`.

    When the characters a match can start with are few, the pattern gets a
    look-ahead guard for them: Python's ``re`` otherwise tries every branch of
    a long alternation at every position (and skips its own first-character
    optimisation for case-insensitive patterns).
    """
    guard = first_char_guard(pattern, flags) if guard_it else ""
    if guard:
        # Parsed once for the guard and compiled once with it (not once more without).
        try:
            guarded = re.compile(guard + pattern, flags)
            return _timed(guarded) if timed else guarded
        except (re.error, RecursionError, OverflowError):
            pass  # reported below, for the pattern as written
    try:
        compiled = re.compile(pattern, flags)
    except re.error as exc:
        if timed and _regex_accepts(pattern, flags):
            # Vale's regexp2 takes look-behinds of varying width; so does ``regex``, which
            # runs every pattern of a style that is not ours anyway (Google.Colons).
            return cast("re.Pattern[str]", TimedPattern.regex_only(pattern, flags))
        where = f" at position {exc.pos}" if exc.pos is not None else ""
        raise RegexError(
            f"not a valid regular expression ({exc.msg}{where}): {pattern!r}"
        ) from None
    except (RecursionError, OverflowError):
        raise RegexError("regular expression nested too deeply to compile") from None
    return _timed(compiled) if timed else compiled


def _regex_accepts(pattern: str, flags: int) -> bool:
    try:
        regex.compile(pattern, flags | regex.V0)
    except (regex.error, RecursionError, OverflowError):
        return False
    return True


def _timed(compiled: re.Pattern[str]) -> re.Pattern[str]:
    try:
        # A TimedPattern offers re.Pattern's methods (each within the rule's budget), so the
        # kinds keep their re.Pattern annotations.
        return cast("re.Pattern[str]", TimedPattern(compiled))
    except (regex.error, RecursionError, OverflowError) as exc:  # pragma: no cover - re accepted it
        raise RegexError(
            f"regular expression not supported ({exc}): {compiled.pattern!r}"
        ) from None


def first_char_guard(pattern: str, flags: int = 0) -> str:
    """``(?=[...])`` listing the characters a match can start with, or "" when unknown."""
    try:
        from re import _parser  # type: ignore[attr-defined]

        chars, nullable = _first(_parser.parse(pattern, flags))
    except Exception:
        return ""
    if chars is None or nullable or not chars:
        return ""
    both: set[str] = set()
    for code in chars:
        ch = chr(code)
        both.update((ch, ch.lower(), ch.upper()))
    if len(both) > 120:
        return ""
    body = "".join(
        re.escape(c) if c not in "-]\\^" else "\\" + c for c in sorted(both) if len(c) == 1
    )
    return f"(?=[{body}])"


def _first(seq) -> tuple[set[int] | None, bool]:
    """(possible first characters, can match empty) of a parsed pattern sequence."""
    from re import _constants as C  # type: ignore[attr-defined]

    out: set[int] = set()
    for op, av in seq:
        if op in (C.AT, C.ASSERT, C.ASSERT_NOT):
            continue
        if op is C.LITERAL:
            out.add(av)
            return out, False
        if op is C.IN:
            for iop, iav in av:
                if iop is C.LITERAL:
                    out.add(iav)
                elif iop is C.RANGE and iav[1] - iav[0] < 200:
                    out.update(range(iav[0], iav[1] + 1))
                else:
                    return None, False
            return out, False
        if op is C.SUBPATTERN:
            sub, nullable = _first(av[3])
        elif op is C.ATOMIC_GROUP:
            sub, nullable = _first(av)
        elif op is C.BRANCH:
            sub, nullable = set(), False
            for branch in av[1]:
                got, empty = _first(branch)
                if got is None:
                    return None, False
                sub |= got
                nullable = nullable or empty
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
            sub, empty = _first(av[2])
            nullable = empty or av[0] == 0
        else:
            return None, False
        if sub is None:
            return None, False
        out |= sub
        if not nullable:
            return out, False
    return out, True


def compile_vale(pattern: str, ignorecase: bool = False) -> re.Pattern[str]:
    """Translate and compile one Vale pattern (multi-line mode, as Vale's templates use)."""
    py, flags = translate(pattern)
    return compile_pattern(py, flags | re.M | (re.I if ignorecase else 0))


def check_tokens(tokens: Iterable[str]) -> None:
    """Raise RegexError naming the first token that does not compile on its own."""
    for t in tokens:
        shown = repr(t) if len(t) <= 60 else repr(t[:57] + "...")
        try:
            re.compile(token(t))
        except re.error as exc:
            if not _AUDITED.get() and _regex_accepts(token(t), 0):
                continue  # compiled with ``regex``, as Vale's regexp2 would (see _compile)
            raise RegexError(
                f"token {shown} is not a valid regular expression ({exc.msg})"
            ) from None
        except (RecursionError, OverflowError):
            raise RegexError(f"token {shown} is nested too deeply to compile") from None


def alternation(tokens: Iterable[str]) -> str:
    """One alternation for a token list: literal tokens as a trie, regex tokens as written."""
    lits, regexes = split_tokens(tokens)
    parts = [token(t) for t in regexes]
    if lits:
        parts.insert(0, trie_pattern(lits))
    return "|".join(parts)


def combine(
    tokens: Iterable[str],
    *,
    ignorecase: bool = False,
    nonword: bool = False,
    anchored: bool = False,
    raw: str = "",
    append: bool = False,
    guard: bool = True,
) -> re.Pattern[str]:
    """Vale's existence template: ``raw`` + ``\\b(?:t1|t2|...)\\b`` (word boundaries unless ``nonword``).

    With ``append`` the tokens come before ``raw``. ``anchored`` builds a
    pattern for fullmatch-style tests (exceptions, vocabularies). ``guard``: see
    :func:`compile_pattern`.
    """
    toks = list(tokens)
    body = ""
    if toks:
        alt = alternation(toks)
        body = f"(?:{alt})" if nonword or anchored else rf"\b(?:{alt})\b"
    raw_py, flags = translate(raw) if raw else ("", 0)
    pattern = body + raw_py if append else raw_py + body
    if anchored:
        pattern = f"(?:{pattern})"
    flags |= re.M | (re.I if ignorecase else 0)
    return compile_pattern(pattern, flags, guard=guard)


# -- literal tokens as a trie ------------------------------------------------------
# Python's re tries every alternative of a long alternation at every position;
# Vale styles have rules with hundreds of words. Literal tokens (the usual case,
# also "(?:cell phone|cell-phone)") are compiled into a prefix trie instead,
# so each position follows one branch.

_META = set(".^$*+?()[]{}|\\")
_SIMPLE_GROUP = re.compile(r"\(\?:([^()\[\]{}*+?^$.]*)\)(\??)")
_MAX_EXPANSIONS = 64


def literals(pattern: str) -> list[str] | None:
    """The literal strings a token stands for, or None if it is a real regex.

    Handles escaped punctuation and non-nested ``(?:a|b)`` groups (optionally
    followed by ``?``); anything else is left to the regex engine.
    """
    out = [""]
    pos = 0
    while pos < len(pattern):
        ch = pattern[pos]
        if ch == "\\":
            nxt = pattern[pos + 1 : pos + 2]
            if not nxt or nxt.isalnum():
                return None
            out = [o + nxt for o in out]
            pos += 2
            continue
        if ch == "(":
            m = _SIMPLE_GROUP.match(pattern, pos)
            if not m or "\\" in m.group(1):
                return None
            options = m.group(1).split("|")
            if m.group(2):
                options.append("")
            out = [o + opt for o in out for opt in options]
            if len(out) > _MAX_EXPANSIONS:
                return None
            pos = m.end()
            continue
        if ch in _META:
            return None
        out = [o + ch for o in out]
        pos += 1
    return [o for o in out if o]


def trie_pattern(words: Iterable[str]) -> str:
    """A regex matching exactly the given literal strings, longest first at each branch."""
    root: dict[str, dict] = {}
    for word in words:
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}
    return _emit(root)


def _emit(node: dict[str, dict]) -> str:
    ends = "" in node
    branches = [re.escape(ch) + _emit(child) for ch, child in sorted(node.items()) if ch]
    if not branches:
        return ""
    if len(branches) == 1:
        body = branches[0]
        if ends:
            return f"(?:{body})?"
        return body
    body = "(?:" + "|".join(branches) + ")"
    return body + "?" if ends else body


def split_tokens(tokens: Iterable[str]) -> tuple[list[str], list[str]]:
    """(literal strings, regex tokens) of a token list."""
    lits: list[str] = []
    regexes: list[str] = []
    for t in tokens:
        expanded = literals(t)
        if expanded is None:
            regexes.append(t)
        else:
            lits.extend(expanded)
    return lits, regexes
