"""English word forms and parts of speech, from a lexicon that ships its data.

The lint rules need to know that "muted" is the past participle of "mute",
that "Reinvite" and "Override" are verbs in their base form, and every form
of "restart". Hand-written verb lists miss ordinary verbs; this module asks
lemminflect (its dictionaries are in the wheel: nothing downloads at run time)
and is the only place that imports it, so another lexicon could replace it here.

Words are looked up lower-cased; every function is cached, because the same
few thousand words come back on every relint.
"""

from __future__ import annotations

from functools import cache, lru_cache

import lemminflect

# Prefixes that make a verb from a verb ("reinvite", "unmute", "preinstall").
# lemminflect knows many such words; these cover the ones it does not.
_PREFIXES = ("re", "un", "de", "dis", "pre", "over", "mis", "co", "auto")
_CACHE = 65_536


@lru_cache(maxsize=_CACHE)
def lemmas(word: str) -> dict[str, tuple[str, ...]]:
    """Universal part-of-speech tag (VERB, NOUN, ADJ ...) to the word's lemmas."""
    return dict(lemminflect.getAllLemmas(word.lower()))


@lru_cache(maxsize=_CACHE)
def verb_lemmas(word: str) -> frozenset[str]:
    """The verbs a word is a form of ("muted" -> {"mute"}); empty when it is no verb form.

    A hyphenated word counts by its last part ("right-click", "re-enter"); an
    unknown word made of a prefix and a known verb counts as that verb
    ("reinvite" -> {"invite"}).
    """
    w = word.lower().strip("'’")
    found = lemmas(w).get("VERB", ())
    if found:
        return frozenset(found)
    if "-" in w:
        head, _, last = w.rpartition("-")
        return verb_lemmas(last) if head and last else frozenset()
    for prefix in _PREFIXES:
        rest = w[len(prefix) :]
        if w.startswith(prefix) and len(rest) >= 3:
            inner = lemmas(rest).get("VERB", ())
            if inner:
                return frozenset(inner)
    return frozenset()


def is_verb(word: str) -> bool:
    """True when the word is some form of a verb (it may also be a noun: "update")."""
    return bool(verb_lemmas(word))


def is_adjective(word: str) -> bool:
    """True when the word can be an adjective ("initial", "secure"), whatever else it can be."""
    return "ADJ" in lemmas(word)


@lru_cache(maxsize=_CACHE)
def is_base_verb(word: str) -> bool:
    """True when the word is a verb in its base form ("Reinvite", "Override", "Select")."""
    w = word.lower().strip("'’")
    if not w.isascii() or not w.replace("-", "").isalpha():
        return False
    base = w.rpartition("-")[2] if "-" in w else w
    found = verb_lemmas(w)
    if w in found or base in found:
        return True
    for prefix in _PREFIXES:  # "reinvite": the inner verb is in its base form
        if base.startswith(prefix) and base[len(prefix) :] in verb_lemmas(base):
            return True
    return False


@lru_cache(maxsize=_CACHE)
def forms(word: str) -> frozenset[str]:
    """Penn tags (VB, VBD, VBN, VBG, VBZ) the word has as a verb ("set" -> VB, VBD, VBN ...)."""
    w = word.lower().strip("'’")
    direct = lemmas(w).get("VERB", ())
    if not direct:  # "right-clicked", "reinvited": the forms of the verb inside
        if "-" in w:
            head, _, last = w.rpartition("-")
            return forms(last) if head and last else frozenset()
        for prefix in _PREFIXES:
            rest = w[len(prefix) :]
            if w.startswith(prefix) and len(rest) >= 3 and lemmas(rest).get("VERB"):
                return forms(rest)
        return frozenset()
    return frozenset(
        tag for lemma in direct for tag, spelled in inflections(lemma).items() if w in spelled
    )


def is_past_participle(word: str) -> bool:
    """True for "muted", "forgotten", "set" ... (a verb's -ed/-en form)."""
    return "VBN" in forms(word)


def is_past(word: str) -> bool:
    """True for a simple past form ("forgot", "muted", "set")."""
    return "VBD" in forms(word)


def is_gerund(word: str) -> bool:
    """True for an -ing form of a verb ("restarting")."""
    return "VBG" in forms(word)


def base_form(word: str) -> str | None:
    """The verb a word is a form of, or None ("forgotten" -> "forget"); the first if several."""
    found = verb_lemmas(word)
    if word.lower() in found:
        return word.lower()
    return min(found) if found else None


_TAGS = ("VB", "VBP", "VBZ", "VBD", "VBN", "VBG")


@cache
def inflections(lemma: str) -> dict[str, frozenset[str]]:
    """Every form of a verb by Penn tag: VB, VBD, VBN, VBG, VBZ ("mute" -> muted, muting ...).

    Asked tag by tag: lemminflect's table of all forms leaves out a VBN that is
    spelled like the VBD ("muted"). A verb it does not know gets its regular forms.
    """
    lemma = lemma.lower()
    out: dict[str, frozenset[str]] = {}
    for tag in _TAGS:
        spelled = lemminflect.getInflection(lemma, tag) or ()
        out[tag] = frozenset(s.lower() for s in spelled)
    out["VB"] = out["VB"] | {lemma}
    return out


def all_forms(lemma: str, tags: tuple[str, ...] = _TAGS) -> list[str]:
    """Every spelling of a verb in the given forms, longest first (for building patterns)."""
    words: set[str] = set()
    table = inflections(lemma)
    for tag in tags:
        words.update(table.get(tag, ()))
    return sorted(words, key=lambda w: (-len(w), w))
