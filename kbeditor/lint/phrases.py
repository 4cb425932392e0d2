"""Phrase lists and word files for the KB kinds (shared by kinds; not one).

House style lives in the rule files: a KB rule names its phrases (regexes, with
Vale's word boundaries) and may point at a word file beside it
(``verbs_file: data/imperative-verbs.txt``), so one list of instruction verbs
serves every rule that needs to recognise a step.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from pathlib import Path

from kbeditor import lexicon as _lexicon
from kbeditor.article import Article
from kbeditor.blocks import Block
from kbeditor.lint.regexes import RegexError, check_tokens, combine
from kbeditor.lint.rules import RuleContext
from kbeditor.words import ENGLISH_WORD

# Words that may open a step before its verb: "If ..., select", "In Outlook, select", "Then select".
_CLAUSE_OPENERS = frozenset(
    """if when on in from under after before to for once optionally at using with while
    inside within where whenever unless as by via based depending near without
    regardless""".split()
)
_FILLERS = frozenset(
    "then next now finally first also again please optionally optional afterwards just simply or and but either".split()
)
FILLERS = _FILLERS  # for kinds that read an instruction's opening words themselves
# A further instruction inside a step: ", then select", " and then type", "; close", " and restart".
# Blank runs are tried from their start only ((?<!\s)): tried from each blank, a long run
# (code and links are blanked in the mask) cost quadratic time, with the same matches.
JOINER = re.compile(
    r"(?:,\s*(?:and\s+)?(?:then\s+)?|(?<!\s)\s+(?:and\s+)?then\s+|;\s*|(?<!\s)\s+and\s+)"
    r"([a-z][\w-]*)"
)
# A noun that the lexicon also knows as a verb ("Word or Excel should be closed", "Support
# for this app has ended") is followed by one of these; an instruction is not.
NOT_AFTER_IMPERATIVE = frozenset(
    """is are was were has have had will would can could may might should must does do did
    or and for of 's ’s""".split()
)
_ADVERB = re.compile(r"^[A-Za-z]+ly$")  # "Manually force ...", "Temporarily disable ..."
_QUOTE_CLOSE = re.compile(r"[^\"“”\n]*[”\"](?:[\s.,;:!?)]|$)")


def phrases(
    rule: RuleContext, spec: dict, field: str, *, required: bool = False
) -> re.Pattern[str] | None:
    """A rule's phrase list as one case-insensitive pattern with word boundaries."""
    value = spec.get(field)
    if value is None or value == []:
        if required:
            raise rule.error(field, "missing: list the phrases this rule looks for")
        return None
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        raise rule.error(field, "must be a list of phrases (words or regular expressions)")
    if not all(isinstance(v, str) for v in value):
        raise rule.error(field, "every entry must be text")
    try:
        return combine(value, ignorecase=True)
    except RegexError:
        try:
            check_tokens(value)
        except RegexError as precise:
            raise rule.error(field, str(precise)) from None
        raise


def word_set(rule: RuleContext, spec: dict, field: str, file_field: str) -> frozenset[str]:
    """Words listed inline (``field``) plus those in a word file (``file_field``), lower-cased."""
    words: set[str] = set()
    inline = spec.get(field) or []
    if not isinstance(inline, list) or not all(isinstance(w, str) for w in inline):
        raise rule.error(field, "must be a list of words")
    words.update(w.strip().lower() for w in inline if w.strip())
    name = spec.get(file_field)
    if name:
        if not isinstance(name, str):
            raise rule.error(file_field, "must be a file name")
        base = rule.path.parent if rule.path else Path.cwd()
        path = (base / name).resolve()
        try:
            words.update(_read_words(path))
        except OSError as exc:
            raise rule.error(file_field, f"cannot read {name} ({exc.strerror or exc})") from None
    return frozenset(words)


@cache
def _read_words(path: Path) -> frozenset[str]:
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    return frozenset(
        ln.strip().lower() for ln in lines if ln.strip() and not ln.lstrip().startswith("#")
    )


def words(text: str) -> list[str]:
    return ENGLISH_WORD.findall(text)


def instruction_verb(text: str, verbs: frozenset[str], lexicon: bool = False) -> str | None:
    """The verb an instruction starts with, or None when it does not start with one.

    Skips a leading condition or place ("If the window opens, select ...",
    "In Outlook, select ...") and fillers ("Then", "Next,", "Please").
    Returns "" when the text has no words to judge (for example only code).
    With ``lexicon``, any verb in its base form counts ("Reinvite", "Override"),
    not only those in ``verbs``.
    """
    found = instruction_verb_at(text, verbs, lexicon)
    if found is None:
        return None
    return found[0]


# Words that open a statement after a condition or place ("On the Advanced tab, you can view").
_SUBJECTS = frozenset("you you're we they it this that there users he she".split())


@lru_cache(maxsize=65_536)
def instruction_verb_at(
    text: str, verbs: frozenset[str], lexicon: bool = False
) -> tuple[str, int] | None:
    """Like :func:`instruction_verb`, with the verb's offset in ``text`` ("" and 0 for no words).

    Cached: rules ask about the same steps on every relint. With ``lexicon``, a
    step that opens with a listed verb gets the answer of the plain list (cached
    for all rules); the lexicon is asked only about the rest.
    """
    if lexicon:
        found = instruction_verb_at(text, verbs)
        if found is not None:
            return found

    def is_verb(word: str) -> bool:
        return word in verbs or (lexicon and _lexicon.is_base_verb(word))

    first = ENGLISH_WORD.search(text)
    if first is None:
        return "", 0
    head = first.group(0)
    low = head.lower()
    if not (
        low in _FILLERS or low in _CLAUSE_OPENERS or (_ADVERB.match(head) and not is_verb(low))
    ):
        # The usual step ("Select Save ..."): the first word decides, with the one after it;
        # the rest of the text is not split into words.
        second = ENGLISH_WORD.search(text, first.end())
        after = [(second.group(0), second.start())] if second is not None else []
        return _verb_first([(head, first.start()), *after], 0, verbs, lexicon)
    tokens = [(m.group(0), m.start()) for m in ENGLISH_WORD.finditer(text)]
    i = 0
    while i < len(tokens) and (
        tokens[i][0].lower() in _FILLERS
        or (_ADVERB.match(tokens[i][0]) and not is_verb(tokens[i][0].lower()))
    ):
        i += 1
    conditional = False
    while i < len(tokens):
        word = tokens[i][0].lower()
        if word in _CLAUSE_OPENERS:
            conditional = True
        elif not conditional or is_verb(word):
            break
        # Inside a condition or place ("If ..., and you see X, select ..."): skip to the next comma.
        comma = text.find(",", tokens[i][1])
        if comma < 0:  # "From the Start menu open Settings": a lower-case verb later on
            rest = tokens[i + 1 :]
            later = [
                t
                for n, t in enumerate(rest)
                if t[0].islower()
                and t[0] in verbs
                # "..., the library name is ...": a noun before "is", not an instruction
                and (n + 1 >= len(rest) or rest[n + 1][0].lower() not in NOT_AFTER_IMPERATIVE)
            ]
            if not later or any(
                t[0].lower() in _SUBJECTS for t in tokens[i:] if t[1] < later[0][1]
            ):
                return None  # "..., you can run ...": a statement about the reader
            return later[0][0], later[0][1]
        tokens, i = [t for t in tokens if t[1] > comma], 0
        while i < len(tokens) and tokens[i][0].lower() in _FILLERS:
            i += 1
        if i < len(tokens) and tokens[i][0].lower() in _SUBJECTS:
            return None  # "If you use Outlook 2007, you can run ...": no instruction
    if i >= len(tokens):
        return "", 0
    return _verb_first(tokens, i, verbs, lexicon)


def _verb_first(
    tokens: list[tuple[str, int]], i: int, verbs: frozenset[str], lexicon: bool
) -> tuple[str, int] | None:
    """:func:`instruction_verb_at`'s answer when the instruction starts at ``tokens[i]``
    (only that word and the next are read)."""
    word = tokens[i][0].lower().rstrip("’'")
    if word in verbs:
        return word, tokens[i][1]
    if not lexicon or not _lexicon.is_base_verb(word) or _lexicon.is_adjective(word):
        return None  # "Initial access ... requires": an adjective first is no instruction
    typed_after = tokens[i + 1][0] if i + 1 < len(tokens) else ""
    after = typed_after.lower()
    if (
        after in NOT_AFTER_IMPERATIVE
        # "Utilize Windows Update": a capitalised word is a name, not "windows" the verb
        or typed_after[:1].islower()
        and _lexicon.forms(after) & {"VBZ", "VBD"}
        and not _lexicon.is_base_verb(after)
    ):
        return None  # "Word or Excel should be closed", "Update installs overnight"
    return word, tokens[i][1]


def in_quotation(text: str, end: int) -> bool:
    """True when a closing quotation mark follows ``end`` in the same sentence (quoted UI text)."""
    return bool(_QUOTE_CLOSE.match(text, end))


def in_bold(text: str, start: int, pos: int) -> bool:
    """True inside **bold** or __bold__ text (from ``start``, a block's start, to ``pos``).

    Articles show a message from the screen in bold or quotes; such text is
    not the writer's own words.
    """
    before = text[start:pos]
    return before.count("**") % 2 == 1 or before.count("__") % 2 == 1


def quoted_from_screen(article: Article, block: Block | None, start: int, end: int) -> bool:
    """True when text is a quotation: in a plain block quote, in bold, or in quotation marks."""
    if block is None:
        return False
    if block.quote_depth > 0 and block.alert is None:
        return True
    return in_bold(article.text, block.start, start) or in_quotation(article.mask, end)
