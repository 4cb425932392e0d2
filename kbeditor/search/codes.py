"""Error codes and error messages: found in text, kept whole, spelt one way.

Support agents search by what the screen said. A code such as ``0x80070005``,
``AADSTS50076``, ``LL-2038``, ``Event ID 2004`` or ``HTTP 401`` must match as a
unit, whatever spacing, case or hyphen the article or the query used, so both
sides go through :func:`find_codes`, which returns canonical forms
(``0x80070005``, ``aadsts50076``, ``ll2038``, ``event 2004``, ``http 401``).
"""

from __future__ import annotations

import re
from collections.abc import Callable

_HEX = re.compile(r"\b0x[0-9a-fA-F]{4,16}\b")
# Letters then digits: AADSTS50076, LL-2038, DT-401, HCW8091. Upper case in
# articles; a query may be typed in lower case.
_PREFIXED = re.compile(r"\b([A-Z]{2,10})-?(\d{2,})\b")
_PREFIXED_ANY_CASE = re.compile(r"\b([A-Za-z]{2,10})-?(\d{3,})\b")
_EVENT = re.compile(r"\bevent(?:\s+id)?[\s:#]*(\d{2,5})\b", re.IGNORECASE)
_HTTP = re.compile(
    r"\bHTTP(?:/\d(?:\.\d)?)?(?:\s+(?:error|status))?[\s:]*([1-5]\d\d)\b", re.IGNORECASE
)
_HTTP_REASON = re.compile(
    r"\(?\b([45]\d\d)\)?\s+(?:Unauthorized|Forbidden|Not Found|Bad Request|Internal Server Error|"
    r"Service Unavailable|Bad Gateway|Gateway Time-?out|Method Not Allowed|Conflict|"
    r"Too Many Requests|Request Timeout)\b",
    re.IGNORECASE,
)
_ERROR_NUMBER = re.compile(r"\berror(?:\s+code)?[\s:#]+(\d{3,})\b", re.IGNORECASE)
# Symbolic names: E_ACCESSDENIED, ERROR_ACCESS_DENIED, CRITICAL_PROCESS_DIED.
_SYMBOL = re.compile(r"\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b")

# Words that look like "letters+digits" but name versions or products, not errors.
_NOT_CODES = frozenset(
    {"windows", "win", "office", "sql", "exchange", "server", "tls", "sha", "utf", "iso"}
)


def find_codes(text: str, *, query: bool = False) -> list[str]:
    """Canonical error codes in ``text``, in order of first appearance, without repeats.

    ``query=True`` also accepts lower-case letter-digit codes (``aadsts50076``),
    which people type; in articles only upper case counts, so ordinary words
    with digits are not taken for codes.
    """
    found: dict[str, int] = {}
    for start, _, code in code_matches(text, query=query):
        if code not in found:
            found[code] = start
    return sorted(found, key=found.__getitem__)


# What _HTTP_REASON needs before its reason words: digits, ")" and spaces have
# no case, so this holds in any text (and is quick to look for).
_REASON_NUMBER = re.compile(r"[45]\d\d\)?\s")


def code_matches(text: str, *, query: bool = False) -> list[tuple[int, int, str]]:
    """(start, end, canonical code) of every code in ``text``."""
    found: list[tuple[int, int, str]] = []

    def add(m: re.Match[str], code: str) -> None:
        found.append((m.start(), m.end(), code))

    if "0x" in text:
        for m in _HEX.finditer(text):
            add(m, m.group().lower())
    prefixed = _PREFIXED_ANY_CASE if query else _PREFIXED
    for m in prefixed.finditer(text):
        letters = m.group(1).lower()
        if letters in _NOT_CODES or letters in ("http", "event", "error"):
            continue
        add(m, letters + m.group(2))
    may_hold = _may_hold(text)
    if may_hold("event"):
        for m in _EVENT.finditer(text):
            add(m, f"event {m.group(1)}")
    for pattern, wanted in ((_HTTP, may_hold("http")), (_HTTP_REASON, _REASON_NUMBER.search(text))):
        if wanted:
            for m in pattern.finditer(text):
                add(m, f"http {m.group(1)}")
    if may_hold("error"):
        for m in _ERROR_NUMBER.finditer(text):
            add(m, f"error {m.group(1)}")
    if "_" in text:
        for m in _SYMBOL.finditer(text):
            if len(m.group()) >= 6:
                add(m, m.group().lower())
    return found


def _may_hold(text: str) -> Callable[[str], bool]:
    """Whether a case-insensitive pattern needing a (lower-case ASCII) word could match ``text``.

    Each case-insensitive scan of a whole article costs about as much as
    the article's analysis for the index, and most articles hold none of
    these words. In ASCII text, case-insensitive means ASCII case alone;
    in other text ``re`` also equates letters such as "ı" and "i", so every
    pattern is tried.
    """
    if not text.isascii():
        return lambda _word: True
    lower = text.lower()
    return lambda word: word in lower


def code_pattern(code: str) -> re.Pattern[str]:
    """A regex finding a canonical code back in article text (for highlighting)."""
    if " " in code:
        kind, number = code.split(" ", 1)
        lead = {
            "event": r"event(?:\s+id)?[\s:#]*",
            "http": r"(?:HTTP[\s:]*|\(?)",
            "error": r"error(?:\s+code)?[\s:#]+",
        }
        return re.compile(rf"{lead.get(kind, re.escape(kind))}{re.escape(number)}\b", re.IGNORECASE)
    m = re.fullmatch(r"([a-z]{2,10})(\d{2,})", code)
    if m:
        return re.compile(rf"\b{m.group(1)}-?{m.group(2)}\b", re.IGNORECASE)
    return re.compile(rf"\b{re.escape(code)}\b", re.IGNORECASE)
