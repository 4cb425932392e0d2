"""A time budget per rule and article, and rule patterns that respect it.

A rule's regular expression comes from a YAML file anyone can write, and one
such as ``(a+)+$`` takes minutes on a line of 31 letters. Python's ``re``
cannot be stopped once a match has started, and it holds the interpreter
lock while it runs, so even a match on a worker thread freezes the editor.

Rule patterns are therefore compiled with the ``regex`` package as well: it
matches the same text the same way (its version-0 behaviour is ``re``'s), it
lets other threads run while it matches, and it gives up after a timeout. The
engine opens a budget around each rule (:func:`rule_budget`); every pattern
call inside it gets what is left of the budget as its timeout, and loops in
rule code can call :func:`check`. When the budget runs out,
:class:`RuleTimeout` ends that rule on that article only; the engine reports
it as ``kbeditor.RuleFailed`` and the other rules still run.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from contextvars import ContextVar
from typing import Any

import regex

# Seconds one rule may spend on one article, wall-clock: far above any bundled rule on an
# article under the size limit (under a second of CPU at 1 MB), with room for a busy machine.
RULE_BUDGET = 5.0

_deadline: ContextVar[float | None] = ContextVar("kbeditor_rule_deadline", default=None)


class RuleTimeout(Exception):
    """A rule used up its budget on one article."""


class rule_budget:  # lower case: read as a function, ``with rule_budget(5.0):``
    """Run the body with a deadline ``seconds`` from now (None: no deadline).

    A class rather than a generator-based context manager: the engine opens one
    around every rule on every article, and this costs a third as much.
    """

    __slots__ = ("_seconds", "_token")

    def __init__(self, seconds: float | None = RULE_BUDGET) -> None:
        self._seconds = seconds

    def __enter__(self) -> None:
        seconds = self._seconds
        self._token = _deadline.set(None if seconds is None else time.monotonic() + seconds)

    def __exit__(self, *exc: object) -> None:
        _deadline.reset(self._token)


def remaining() -> float | None:
    """Seconds left in the current budget, None outside one; RuleTimeout when none are left."""
    deadline = _deadline.get()
    if deadline is None:
        return None
    left = deadline - time.monotonic()
    if left <= 0:
        raise RuleTimeout
    return left


def check() -> None:
    """Raise RuleTimeout when the current budget is spent (for loops in rule code)."""
    remaining()


_FLAGS = re.IGNORECASE | re.MULTILINE | re.DOTALL | re.VERBOSE


class TimedPattern:
    """A compiled rule pattern with ``re.Pattern``'s methods, each bounded by the budget.

    ``pattern`` and ``flags`` are those of the ``re`` compilation, so code that
    reads a pattern's structure (the word-index fast paths) sees what it knows.
    """

    __slots__ = ("_re", "_rx", "pattern", "flags", "groups", "groupindex")

    def __init__(self, compiled: re.Pattern[str]) -> None:
        self._setup(compiled.pattern, compiled.flags, compiled)

    @classmethod
    def regex_only(cls, pattern: str, flags: int) -> TimedPattern:
        """A pattern that ``re`` refuses and ``regex`` (like Vale's regexp2) accepts: a
        look-behind of varying width (``(?<!:[^ ]+?)``). Raises ``regex.error`` otherwise."""
        self = cls.__new__(cls)
        self._setup(pattern, flags, None)
        return self

    def _setup(self, pattern: str, flags: int, compiled: re.Pattern[str] | None) -> None:
        self._re = compiled
        self._rx = regex.compile(pattern, (flags & _FLAGS) | regex.V0)
        self.pattern, self.flags = pattern, flags
        self.groups, self.groupindex = self._rx.groups, self._rx.groupindex

    def search(self, string: str, pos: int = 0, endpos: int | None = None) -> Any:
        return self._call(self._rx.search, string, pos, endpos)

    def match(self, string: str, pos: int = 0, endpos: int | None = None) -> Any:
        return self._call(self._rx.match, string, pos, endpos)

    def fullmatch(self, string: str, pos: int = 0, endpos: int | None = None) -> Any:
        return self._call(self._rx.fullmatch, string, pos, endpos)

    def findall(self, string: str, pos: int = 0, endpos: int | None = None) -> list[Any]:
        return self._call(self._rx.findall, string, pos, endpos)

    def finditer(self, string: str, pos: int = 0, endpos: int | None = None) -> Iterator[Any]:
        found = self._call(self._rx.finditer, string, pos, endpos)
        try:
            yield from found
        except TimeoutError:
            raise RuleTimeout from None

    def sub(self, repl: Any, string: str, count: int = 0) -> str:
        try:
            return self._rx.sub(repl, string, count, concurrent=True, timeout=remaining())
        except TimeoutError:
            raise RuleTimeout from None

    def split(self, string: str, maxsplit: int = 0) -> list[str]:
        try:
            return self._rx.split(string, maxsplit, concurrent=True, timeout=remaining())
        except TimeoutError:
            raise RuleTimeout from None

    # concurrent=True: the default hands the interpreter lock back and forth on every call
    # in a way that, with the UI thread busy, cost milliseconds per call (a relint of a
    # sample article took over 10 s while typing); with True, 2,000 calls took 0.07 s
    # against 2.7 s, and a long match still lets the UI thread run.
    @staticmethod
    def _call(method: Any, string: str, pos: int, endpos: int | None) -> Any:
        end = len(string) if endpos is None else endpos
        try:
            return method(string, pos, end, concurrent=True, timeout=remaining())
        except TimeoutError:
            raise RuleTimeout from None

    def __repr__(self) -> str:
        return f"TimedPattern({self.pattern!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, TimedPattern) and (self.pattern, self.flags) == (
            other.pattern,
            other.flags,
        )

    def __hash__(self) -> int:
        return hash((self.pattern, self.flags))
