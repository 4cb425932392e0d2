"""Phrase templates: regexes built from a rule's word classes and the lexicon (not a rule kind).

A tone rule describes a family by its structure ("a reader subject, a modal,
'have', a past participle") rather than by listing sentences. Its YAML names
the word classes (``words:``) and writes templates over them:

- ``{name}``: any entry of the word class ``name`` (each entry a regex);
- ``{~restart|reboot}``: every form of these verbs (restart, restarts,
  restarted, restarting); in a multi-word verb the first word is inflected
  ("log out" -> "logged out");
- ``{VBN:told}``: only these forms (VB, VBD, VBN, VBG, VBZ) of the verbs in the
  word class ``told``;
- ``{VB}``, ``{VBD}``, ``{VBN}``, ``{VBG}``, ``{VERB}``: one word that the
  lexicon (:mod:`kbeditor.lexicon`) says is a verb in that form, checked after
  the regex matches; ``{VBN!seen}`` also rejects the verbs of the class ``seen``;
- ``{START}``: the start of a sentence (checked after matching, since the
  mask blanks markup to runs of spaces);
- ``<<...>>``: the part a quick fix removes (and the message names).

Everything else is a regular expression (case-insensitive, Vale's word
boundaries around each template).
"""

from __future__ import annotations

import re
from contextlib import nullcontext
from dataclasses import dataclass, field

from kbeditor import lexicon
from kbeditor.lint.phrases import phrases
from kbeditor.lint.regexes import audited_style, combine, is_audited
from kbeditor.lint.rules import RuleContext

_SLOT = re.compile(r"\{(~[^{}]+|[A-Za-z_][\w-]*(?:[:!][\w-]+)?|START)\}")
_TAGS = ("VB", "VBP", "VBZ", "VBD", "VBN", "VBG", "VERB")
# The first word of a sentence: checked after matching (markup blanked in the mask leaves
# runs of spaces that a fixed-width lookbehind cannot skip).
_SENTENCE_OPENERS = ("\n", ".", "!", "?", ":", ";", ">", "(", '"', "“", "*", "-")
WORD = r"[A-Za-z][A-Za-z'’-]*"
_FIX = re.compile(r"<<(.+?)>>")
_NAMED = re.compile(r"([A-Za-z_][\w-]*)(?:([:!])([\w-]+))?")


@dataclass(frozen=True, slots=True)
class LexCheck:
    tag: str  # VB, VBD, VBN, VBG, VERB
    excluded: frozenset[str]  # lemmas that do not count

    def accepts(self, word: str) -> bool:
        if self.tag != "VB" and not word.islower():
            return False  # "you must have Click-to-Run": a name, not a past participle
        if self.tag == "VERB":
            ok = lexicon.is_verb(word)
        elif self.tag == "VB":
            ok = lexicon.is_base_verb(word)
        else:
            ok = self.tag in lexicon.forms(word)
        return ok and not (self.excluded and lexicon.verb_lemmas(word) & self.excluded)


@dataclass(slots=True)
class Templates:
    """A compiled list of templates: one regex plus the lexicon checks of its slots."""

    pattern: re.Pattern[str]
    checks: dict[str, LexCheck] = field(default_factory=dict)
    fixes: tuple[str, ...] = ()  # names of the <<...>> groups
    starts: tuple[str, ...] = ()  # names of the {START} groups
    expanded: tuple[str, ...] = ()  # each template as a regex, for match_any
    # Compiled with the bundled style (audited patterns, see kbeditor.lint.regexes): the
    # templates built later on their own for match_any are compiled the same way.
    audited: bool = False
    _singles: list[Templates] | None = None

    def accepts(self, m: re.Match[str], text: str) -> bool:
        """True when the lexicon accepts every slot word and every {START} opens a sentence.

        ``text`` is the string the offsets of ``m`` refer to.
        """
        for name, check in self.checks.items():
            word = m.group(name)
            if word is None:
                continue
            if not check.accepts(word):
                return False
            if not word.islower() and not _opens_sentence(text, m.start(name)):
                return False  # "the next time Access is opened": a name, not an imperative
        for name in self.starts:
            if m.group(name) is not None and not _opens_sentence(text, m.start(name)):
                return False
        return True

    def fix_span(self, m: re.Match[str]) -> tuple[int, int] | None:
        for name in self.fixes:
            if m.group(name) is not None:
                return m.start(name), m.end(name)
        return None

    def search(self, text: str, start: int, end: int) -> re.Match[str] | None:
        """The first match in text[start:end] that passes the lexicon checks."""
        pos = start
        while pos < end:
            m = self.pattern.search(text, pos, end)
            if m is None:
                return None
            if self.accepts(m, text):
                return m
            if (other := self.match_any(text, m.start(), end)) is not None:
                return other
            pos = m.start() + 1
        return None

    def match_any(self, text: str, pos: int, end: int) -> re.Match[str] | None:
        """The first template, in order, that matches at ``pos`` and passes the lexicon checks.

        The one regex of all templates stops at the first alternative that fits;
        when the lexicon rejects its words, a later template may still fit at the
        same place ("because you never registered" is not "you + past verb" but
        "you + never"). Asked only after a rejection, so built on first use.
        """
        if self._singles is None:
            with audited_style() if self.audited else nullcontext():
                self._singles = [self._single(t) for t in self.expanded]
        for single in self._singles:
            m = single.pattern.match(text, pos, end)
            if m is not None and single.accepts(m, text):
                return m
        return None

    def _single(self, expanded: str) -> Templates:
        pattern = combine([expanded], ignorecase=True, guard=False)  # only ever matched
        names = pattern.groupindex
        return Templates(
            pattern,
            {k: v for k, v in self.checks.items() if k in names},
            tuple(f for f in self.fixes if f in names),
            tuple(s for s in self.starts if s in names),
        )


def _opens_sentence(text: str, pos: int) -> bool:
    before = text[max(0, pos - 80) : pos].rstrip(" \t")
    return not before or before.endswith(_SENTENCE_OPENERS)


def word_classes(rule: RuleContext, spec: dict) -> dict[str, list[str]]:
    value = spec.get("words") or {}
    if not isinstance(value, dict):
        raise rule.error("words", "must map a class name to a list of words or regexes")
    out: dict[str, list[str]] = {}
    for name, entries in value.items():
        if isinstance(entries, str):
            entries = [entries]
        if not isinstance(entries, list) or not all(isinstance(e, str) for e in entries):
            raise rule.error("words", f"class {name!r} must be a list of words or regexes")
        out[str(name)] = entries
    return out


def compile_templates(
    rule: RuleContext,
    spec: dict,
    field_name: str,
    classes: dict[str, list[str]],
    *,
    required: bool = False,
) -> Templates | None:
    """A rule's list of templates as one pattern (None when the field is absent)."""
    value = spec.get(field_name)
    if value is None or value == []:
        if required:
            raise rule.error(field_name, "missing: list the phrases this rule looks for")
        return None
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise rule.error(field_name, "must be a list of phrases (templates or regexes)")
    checks: dict[str, LexCheck] = {}
    fixes: list[str] = []
    starts: list[str] = []
    counter = [0]

    def group(prefix: str) -> str:
        counter[0] += 1
        return f"{prefix}{counter[0]}"

    def expand(template: str, depth: int = 0) -> str:
        def slot(m: re.Match[str]) -> str:
            body = m.group(1)
            if body == "START":
                g = group("_st")
                starts.append(g)
                return f"(?<![^\\s])(?P<{g}>)"
            if body.startswith("~"):
                verbs = [v.strip() for v in body[1:].split("|") if v.strip()]
                return "(?:" + "|".join(_verb_forms(v, _TAGS) for v in verbs) + ")"
            parts = _NAMED.fullmatch(body)
            assert parts is not None  # _SLOT only finds such names
            name, sep, arg = parts.group(1), parts.group(2) or "", parts.group(3) or ""
            if name in _TAGS:
                if sep == ":":
                    lemmas = _class(arg)
                    tags = ("VB", "VBP") if name == "VB" else _TAGS if name == "VERB" else (name,)
                    return "(?:" + "|".join(_verb_forms(v, tags) for v in lemmas) + ")"
                excluded = frozenset(w.lower() for w in _class(arg)) if sep == "!" else frozenset()
                g = group("_lx")
                checks[g] = LexCheck(name, excluded)
                return f"(?P<{g}>{WORD})"
            if depth > 4:
                raise rule.error(field_name, f"word class {name!r} refers to itself")
            return "(?:" + "|".join(expand(e, depth + 1) for e in _class(name)) + ")"

        def _class(name: str) -> list[str]:
            if name not in classes:
                raise rule.error(field_name, f"unknown word class {{{name}}}: add it under words:")
            return classes[name]

        out = _SLOT.sub(slot, template)

        def mark(m: re.Match[str]) -> str:
            g = group("_fx")
            fixes.append(g)
            return f"(?P<{g}>{m.group(1)})"

        return _FIX.sub(mark, out)

    expanded = [expand(t) for t in value]
    pattern = phrases(rule, {field_name: expanded}, field_name)
    assert pattern is not None
    return Templates(
        pattern, checks, tuple(fixes), tuple(starts), tuple(expanded), audited=is_audited()
    )


def _verb_forms(verb: str, tags: tuple[str, ...]) -> str:
    """A regex for the given forms of a verb (first word inflected in a multi-word verb)."""
    head, _, rest = verb.partition(" ")
    spelled = lexicon.all_forms(head, tuple(t for t in tags if t != "VERB") or _TAGS)
    tail = " " + rest if rest else ""
    return (
        "(?:" + "|".join(re.escape(w) for w in spelled) + ")" + re.escape(tail).replace("\\ ", " ")
    )
