"""``kb_abbreviations``: an abbreviation is spelled out the first time it appears.

Candidates are words of capitals (``min_length`` to ``max_length`` letters,
a plural "s" allowed) in prose; words with digits or joined by a hyphen to a
code ("LL-2038", "USB-C") are codes or names, not abbreviations, and text
written all in capitals (a shouted heading) is skipped. An abbreviation is
spelled out when, at or before its first use (or in the block right after a
heading that uses it), the words next to one of its uses start with its
letters ("virtual private network (VPN)", "VPN (virtual private network)",
"multi-factor authentication, or MFA") or a parenthesis explains it; or when
the words of the abbreviation appear anywhere earlier in the article, with or
without brackets ("Turn on multifactor authentication ... MFA asks for a
code"), or a definition anywhere in the article gives them ("MFA: multi-factor
authentication", a glossary table row "| MFA | Multi-factor authentication |").
Words match an abbreviation when they start with its letters in order (small
words such as "of" may be skipped); one word gives more than one letter
through its capitals ("PowerShell") or when it is a closed compound of two
dictionary words ("multifactor" -> M, F).

An abbreviation that is part of a name ("SQL Server", "IIS Manager", "Azure
AD": a capitalised word next to it, other than the sentence's first) and
directory syntax ("CN=Users", "OU=Sales") are not reported, nor are capitals that
``name_nouns`` make a name ("the DSUM function", "an IF statement", "an MDE, ACCDE, or ADE
file"), capitals that open a call ("SUM(") and capitals joined by "+" ("SUM+IF", "CTRL+ALT").
``exceptions`` lists abbreviations every reader knows (PC, USB, PDF ...);
accepted vocabulary terms are skipped too. With ``skip_english_words``, a word of four or more capitals that is an
English word in the pronunciation dictionary textstat already uses ("PATH",
"TODAY", "ORDER": a function or key name, not an abbreviation) is skipped.
``plain`` maps an abbreviation to
plain words; the message's second ``%s`` then suggests them, and the fix
uses them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache, lru_cache

from kbeditor import blocks as B
from kbeditor.article import Article
from kbeditor.lint.context import LintContext, Match, Vocabulary
from kbeditor.lint.diagnostic import Fix
from kbeditor.lint.memo import Memo
from kbeditor.lint.names import in_name
from kbeditor.lint.phrases import word_set
from kbeditor.lint.regexes import RegexError, compile_pattern
from kbeditor.lint.rules import RuleContext
from kbeditor.lint.span_matches import block_keys
from kbeditor.words import NAME_WORD as _PHRASE_WORD

KIND = "kb_abbreviations"
DOCUMENT = True
FIELDS = {
    "exceptions": list,
    "min_length": int,
    "max_length": int,
    "plain": dict,
    "skip_english_words": bool,
    "verbs": list,
    "verbs_file": str,
    "name_nouns": list,
}
# Not joined to a code ("LL-2038", "USB-C"), a path or directory syntax ("CN=Users").
_CANDIDATE = re.compile(r"(?<![\w./\\+-])([A-Z][A-Z&]*[A-Z])(s?)(?![\w/\\=(+]|-\w|\.\w)")
_MAX_CACHED = 50_000
_Use = tuple[str, int, int, bool]  # abbreviation, start and end in its block, spelled out there
_SMALL = frozenset("of and for the to a an in on at by with or & de".split())
# Words that open a sentence without naming anything ("The VPN ...", "If DNS ...").
_FUNCTION_WORDS = frozenset(
    "a an the this that these those your our my their its if when while after before because "
    "although since until unless once as so but then also only each every any some no all "
    "both either neither most many more other another such what which who how why where "
    "there here it they we you he she i is are was were be do does did can could should "
    "would may might must will shall not".split()
)
# Capitals named by the noun after them: "an MDE file", "an MDE, ACCDE, or ADE file".
# A short list ({0,8}): a run of capitals without end was rescanned from each of them.
_NAMED_BY = r"(?:,?[ \t]+(?:or[ \t]+|and[ \t]+)?[A-Z]{2,6}){0,8}[ \t]+(?i:%s)\b"
_WINDOW = 400  # characters read each side of an abbreviation for its spelled-out words
# A definition: "MFA: multi-factor ...", "MFA - multi-factor ...", "| MFA | Multi-factor ... |",
# "MFA stands for / means multi-factor ...".
# The words that end right before ", or", ", also called" or "(" at the end of the text
# before an abbreviation, matched on the reversed text: once, from the end. Searched
# forwards with "$", every word start was tried to the end (quadratic in the text).
_WORDS_BEFORE_REVERSED = re.compile(
    r"\n?(?:[ \t]*(?:ro|dellac osla)[ \t]*,|\s*\()[ \t]*([\w'’-]+(?:[ \t]+[\w'’-]+)*)"
)


def _words_before(before: str) -> str | None:
    """The run of words before a trailing ", or" / ", also called" / "(", or None."""
    m = _WORDS_BEFORE_REVERSED.match(before[::-1])
    return m.group(1)[::-1] if m else None


def compile(spec: dict, rule: RuleContext) -> AbbreviationsCheck:
    exceptions = spec.get("exceptions") or []
    if not all(isinstance(x, str) for x in exceptions):
        raise rule.error("exceptions", "must be a list of abbreviations")
    plain = {str(k): str(v) for k, v in (spec.get("plain") or {}).items()}
    return AbbreviationsCheck(
        exceptions=frozenset(exceptions),
        min_length=int(spec.get("min_length", 2)),
        max_length=int(spec.get("max_length", 6)),
        plain=plain,
        english=bool(spec.get("skip_english_words", False)),
        verbs=word_set(rule, spec, "verbs", "verbs_file"),
        named_by=_named_by(rule, spec.get("name_nouns") or ["files?"]),
    )


def _named_by(rule: RuleContext, nouns: list) -> re.Pattern[str]:
    """The pattern that finds a noun making the capitals before it a name ("the SUM function")."""
    if not all(isinstance(n, str) and n for n in nouns):
        raise rule.error("name_nouns", "must be a list of words (regexes)")
    try:
        return compile_pattern(_NAMED_BY % "|".join(f"(?:{n})" for n in nouns))
    except RegexError as e:
        raise rule.error("name_nouns", str(e)) from None


@dataclass(slots=True)
class AbbreviationsCheck:
    exceptions: frozenset[str]
    min_length: int
    max_length: int
    plain: dict[str, str]
    english: bool = False
    verbs: frozenset[str] = frozenset()
    named_by: re.Pattern[str] = re.compile(_NAMED_BY % "files?")

    # What each block uses, per vocabulary (looked up once per lint, not hashed per block).
    _facts: dict[Vocabulary, Memo[str, tuple[_Use, ...]]] = field(
        default_factory=dict, repr=False, compare=False
    )

    def run(self, ctx: LintContext) -> Iterator[Match]:
        article = ctx.article
        mask = article.mask
        memo = self._facts.get(ctx.vocab)
        if memo is None:
            memo = self._facts.setdefault(ctx.vocab, Memo(_MAX_CACHED))
        keys = block_keys(ctx)
        uses: dict[str, list[tuple[int, int, int, bool]]] = {}
        for bi, b in enumerate(article.blocks):
            if b.kind not in _USED_IN:
                continue
            # What a block holds depends on its text and the character before it (a look-behind).
            key = keys[bi] or "\n" + mask[: b.end]
            facts = memo.get(key)
            if facts is None:
                facts = memo[key] = self._block_uses(ctx, b)
            for abbr, start, end, explained in facts:
                uses.setdefault(abbr, []).append((b.start + start, b.start + end, bi, explained))
        terms: list[_Terms] | None = None
        for abbr, found in uses.items():
            explained_at = next((bi for _, _, bi, ok in found if ok), None)
            start, end, block, _ = found[0]
            allowed = block + (1 if article.blocks[block].kind == B.HEADING else 0)
            if explained_at is not None and explained_at <= allowed:
                continue
            if terms is None:  # read once per lint, asked once per abbreviation
                terms = _article_terms(ctx)
            if _spelled_out(article, terms, abbr, start):
                continue
            plain = self.plain.get(abbr)
            hint = f" (or write '{plain}')" if plain else ""
            fix = Fix(plain, False, f"Replace with '{plain}'") if plain else None
            yield Match(start, start + len(abbr), (abbr, hint), fix)

    def _block_uses(self, ctx: LintContext, b: B.Block) -> tuple[_Use, ...]:
        """The abbreviations a block uses (offsets in the block), and whether each use explains it."""
        article = ctx.article
        text = article.mask[b.start : b.end]
        if sum(c.islower() for c in text) < 3:
            return ()  # shouting or a label, not running text
        if b.quote_depth and not getattr(b, "alert", None):
            return ()  # a quoted message (a "> [!NOTE]" call-out is the writer's own text)
        out: list[_Use] = []
        for m in _CANDIDATE.finditer(article.mask, b.start, b.end):
            abbr = m.group(1)
            if not self.min_length <= len(abbr) <= self.max_length:
                continue
            if abbr in self.exceptions or ctx.vocab.accepts(abbr):
                continue
            if self.english and len(abbr) >= 4 and abbr.lower() in _english_words():
                continue
            if _in_name(article.mask, m.start(), m.end(), b.start, self.verbs):
                continue
            if in_name(article, m.start(), m.end()) or self.named_by.match(article.mask, m.end()):
                continue  # a UI label, quoted text, link text; "an MDE file", "the SUM function"
            explained = self._explained(article, abbr, m.start(), m.end(), b)
            out.append((abbr, m.start() - b.start, m.end() - b.start, explained))
        return tuple(out)

    def _explained(self, article: Article, abbr: str, start: int, end: int, block: B.Block) -> bool:
        """True when this use of the abbreviation spells it out (words around it, or a parenthesis)."""
        mask = article.mask
        # A window each side: spelled-out words are a few words away, and the patterns below
        # rescanned the whole block for every capitalised word (a long block: minutes).
        before = mask[max(block.start, start - _WINDOW) : start]
        words = _words_before(before)
        if words and _initials_match(words.split(), abbr):
            return True
        if words and before.rstrip().endswith("(") and _one_word(words.split()[-1], abbr):
            return True  # "pointer (PTR)"
        after = mask[end : min(block.end, end + _WINDOW)]
        paren = re.match(r"\s*\(([^)]{3,})\)", after)
        if paren and re.search(r"[a-z]{3}", paren.group(1)):
            return True
        trail = re.match(
            r"\s*,?\s*(?:or|also called|which stands for|short for)?\s*([\w'’ -]+)", after
        )
        return bool(trail and _initials_match(trail.group(1).split(), abbr, from_start=True))


def _one_word(word: str, abbr: str) -> bool:
    """Whether one word spells the abbreviation: it starts with its first letter and holds the
    others in order ("pointer" for PTR, "Kerberos" for KRB)."""
    low, letters = word.lower(), abbr.lower()
    if len(low) < len(letters) + 2 or low[0] != letters[0]:
        return False
    i = 1
    for c in low[1:]:
        if i < len(letters) and c == letters[i]:
            i += 1
    return i == len(letters)


@cache
def _english_words() -> frozenset[str]:
    """The words of the pronunciation dictionary textstat has already loaded (read once)."""
    from kbeditor.lint.textstats import pronunciations

    return frozenset(pronunciations())


def _compound_letter(word: str, letter: str) -> bool:
    """Whether a word is two dictionary words joined, the second starting with ``letter``."""
    if len(word) < 7 or word in _english_words():
        return False
    words = _english_words()
    return any(
        word[k] == letter and word[:k] in words and word[k:] in words
        for k in range(3, len(word) - 2)
    )


def _initials(words: list[str]) -> list[str]:
    out: list[str] = []
    for w in words:
        for part in re.split(r"[-/]", w):
            if part:
                out.append(part)
    return out


def _initials_match(words: list[str], abbr: str, from_start: bool = False) -> bool:
    """True when consecutive words (small words may be skipped) start with the abbreviation's letters.

    Words before an abbreviation must end right at it ("virtual private network (VPN)");
    words after it may go on ("VPN, or virtual private network, is ...").
    """
    parts = _initials(words)
    letters = abbr.lower()
    if from_start:
        return _spell(parts, letters, exact=False)
    first = max(0, len(parts) - len(letters) - 4)
    return any(_spell(parts[i:], letters, exact=True) for i in range(first, len(parts)))


def _spell(parts: list[str], letters: str, exact: bool) -> bool:
    if not parts or parts[0].lower() in _SMALL:
        return False
    i = 0
    for part in parts:
        if i == len(letters):
            return not exact
        low = part.lower()
        if low[0] == letters[i]:
            # A word gives more than one letter through its capitals ("PowerShell" -> P, S)
            # or as a closed compound of dictionary words ("multifactor" -> M, F).
            caps = [c.lower() for c in part if c.isupper()]
            if len(caps) > 1 and "".join(caps) == letters[i : i + len(caps)]:
                i += len(caps)
            elif i + 1 < len(letters) and _compound_letter(low, letters[i + 1]):
                i += 2
            else:
                i += 1
        elif low in _SMALL:
            continue
        else:
            return False
    return i == len(letters)


def _in_name(
    mask: str, start: int, end: int, block_start: int, verbs: frozenset[str] = frozenset()
) -> bool:
    """Whether the abbreviation is part of a name: a capitalised word (not in capitals) right
    after it ("SQL Server", "IIS Manager") or right before it ("Azure AD", "Windows XP"); a
    sentence's first word counts only when it is no instruction verb or small word ("Check
    DNS", "The VPN")."""
    after = re.match(r"[ \t]+([A-Za-z][\w]*)", mask[end : end + 40])
    if after and after.group(1)[0].isupper() and not after.group(1).isupper():
        return True
    before = re.search(r"([A-Za-z][\w]*)[ \t]+\Z", mask[max(block_start, start - 40) : start])
    if not before or not before.group(1)[0].isupper() or before.group(1).isupper():
        return False
    lead = mask[block_start : start - len(before.group())]
    if bool(lead.strip()) and not re.search(r"[.!?:]\s*\Z", lead):
        return True
    word = before.group(1).lower()
    return word not in verbs and word not in _FUNCTION_WORDS and word not in _SMALL


# A block's start and end, and what it spells out and defines (see _block_terms).
_Terms = tuple[int, int, frozenset[str], frozenset[str]]


def _article_terms(ctx: LintContext) -> list[_Terms]:
    """What each block of running text spells out and defines, in document order (each
    block's share kept by its text, so a relint works out only the changed block's)."""
    article = ctx.article
    mask = article.mask
    keys = block_keys(ctx)
    out = []
    for bi, b in enumerate(article.blocks):
        if b.kind not in _TERMS_IN:
            continue
        key = keys[bi]
        terms = _terms_by_key.get(key) if key is not None else None
        if terms is None:
            terms = _block_terms(mask[b.start : b.end])
            if key is not None:
                _terms_by_key[key] = terms
        out.append((b.start, b.end, *terms))
    return out


_USED_IN = frozenset((B.PARAGRAPH, B.LIST_ITEM, B.HEADING))
_TERMS_IN = frozenset((B.PARAGRAPH, B.LIST_ITEM, B.HEADING, B.TABLE))
# _block_terms of a block, by its block key (its text with the character before it).
_terms_by_key: Memo[str, tuple[frozenset[str], frozenset[str]]] = Memo(_MAX_CACHED)


def _spelled_out(article: Article, terms: list[_Terms], abbr: str, start: int) -> bool:
    """Whether a block before ``start`` (or the start of its own) spells the abbreviation
    out, or any block defines it. What a block spells out and defines is worked out once
    per block text and cached, so a relint reads only the changed paragraph again."""
    letters = abbr.lower().replace("&", "")
    for b_start, b_end, spelled, defined in terms:
        if abbr in defined:
            return True
        if b_end <= start:
            if letters in spelled:
                return True
        elif b_start < start and letters in _block_terms(article.mask[b_start:start])[0]:
            return True
    return False


@lru_cache(maxsize=_MAX_CACHED)
def _block_terms(mask: str) -> tuple[frozenset[str], frozenset[str]]:
    """The letter strings a block's word runs spell (lower case, 2 to 6 letters: "virtual
    private network" gives "vp" and "vpn"), and the abbreviations it defines."""
    options = [_word_letters(w) for w in _PHRASE_WORD.findall(mask)]
    spelled: set[str] = set()
    n = len(options)
    for i in range(n):
        if "" in options[i]:
            continue  # a small word does not start a spelled-out phrase
        frontier = set(options[i])
        spelled.update(frontier)
        j = i + 1
        while frontier and j < n:
            step = {f + x for f in frontier for x in options[j] if len(f) + len(x) <= _MAX_SPELLED}
            spelled.update(step)
            frontier = {f for f in step if len(f) < _MAX_SPELLED}
            j += 1
    defined = set()
    for m in _DEFINED.finditer(mask):
        abbr = m.group(1)
        after = _PHRASE_WORD.findall(mask, m.end(), m.end() + 40 * len(abbr))
        if _spell(_initials(after[: len(abbr) * 2 + 2]), abbr.lower().replace("&", ""), False):
            defined.add(abbr)
    return frozenset(spelled), frozenset(defined)


_MAX_SPELLED = 6
_DEFINED = re.compile(
    r"\b([A-Z][A-Z&]*[A-Z])s?\**[ \t]*(?:[:|–—-]|\bstands for\b|\bmeans\b|\bis short for\b)[ \t*]*"
)


@lru_cache(maxsize=_MAX_CACHED)
def _word_letters(word: str) -> tuple[str, ...]:
    """The letters one word may give: its first letter, its capitals ("PowerShell" -> "ps"),
    the first letters of a closed compound ("multifactor" -> "mf"); a small word ("of") gives
    its letter or nothing."""
    low = word.lower()
    if low in _SMALL:
        return ("", low[0])
    options = [low[0]]
    caps = "".join(c.lower() for c in word if c.isupper())
    if len(caps) > 1:
        options.append(caps)
    if len(low) >= 7 and low not in _english_words():
        words = _english_words()
        for k in range(3, len(low) - 2):
            if low[:k] in words and low[k:] in words:
                options.append(low[0] + low[k])
    return tuple(dict.fromkeys(options))
