"""``spelling``: words no dictionary knows, with the likely intended words as quick fixes.

Vale's fields and meaning:

- ``dicpath``: the folder of ``.dic``/``.aff`` files (absolute, or relative to
  the StylesPath, or to the working folder); ``$DICPATH`` and
  ``<StylesPath>/config/dictionaries`` are searched too.
- ``dictionaries``: names to load from there (``en_US`` means ``en_US.dic`` +
  ``en_US.aff``); without it the bundled English dictionary is used.
- ``append``: load the bundled English dictionary as well as ``dictionaries``.
- ``dic`` / ``aff``: one dictionary by its two files.
- ``filters``: regexes; a word any of them matches (anywhere in it) is skipped.
- ``custom``: true turns off Vale's built-in filters (mixed-case words such as
  "MongoDB", words ending in capitals such as "iOS" or "API", words with anything
  but ASCII letters, ``_`` and ``'``: numbers, hyphens, dots, accents).
- ``ignore``: word-list files (one word per line), relative to the StylesPath
  or ``<StylesPath>/config/ignore``, or absolute.

Accepted vocabulary terms (``accept.txt``) are never flagged unless ``vocab: false``.
Ours beyond Vale's: ``names``, front-matter keys whose values (product names,
tags) are accepted words in that article; ``british``, British spellings are
accepted where the US form is known (colour, organise, kilometre, licence);
``compounds``, a lower-case hyphenated compound ("third-party") is checked part
by part (parts of one to three letters, such as "re" or "non", are not);
``values``, one word alone in italics is a value the reader types or reads
("type *iisreset*", "4.0.*xxxxx*"), not prose; ``affixes``, a regular form of a
known word is accepted: the dictionary's own affix rules applied to any word it
knows ("activations", "reinstalls") or a known word after one of the dictionary's
prefixes or of ``prefixes`` ("nonbrowser", "subtask"); ``joined``, two known words
written as one ("timesheet", "checkboxes"; see Speller.joined for run-together
typos); ``file_types``, a word written right after a dot (".adp", "*.crt") is a file
name extension; ``proper_nouns``, a capitalised word inside a sentence (after a
word or a comma, not at the start of a sentence, heading, list item or cell) is a
name ("written by Zakir Haveliwala", "the Nahimic driver"). These three accept a
word only when no known word is one slip away from it ("Propert Sheet" is
still flagged; see Speller.slips), and a name is never a word run into a function
word ("Known to Systemand Passport"). ``workspace: N``: when the linter knows the
workspace's words (kbeditor.lint.workspace_words), the ``names`` of every article
are accepted in each, and an unknown word that N or more articles of the workspace use
is reported once per article, at its first use, as a word to add to the team's words.
``code_words``: a word the article (or, with the workspace's words, any article) writes
inside inline code is an identifier in its prose too ("the fixup protocol smtp command"
beside `fixup protocol smtp 25`). ``repeated: N``, an unknown word the
article writes N times or more is a term, not a typo: it is reported once, at
its first use, as a word to add to the team's words (the check then reads the
whole article on every lint, which costs a word-cache lookup per word).

``switches``, a word followed by a command-line switch is a command ("type chmod -R 755",
"run dsregcmd /status"; the mask drops the switch, so the article's text is read);
``code_nouns``, a word right before one of these words names that piece of code ("the
nslookup command", "the dsregcmd tool") when no known word is a slip away from it
("the follwing command" is flagged); ``placeholders``, "your"
run into a known word is a value the reader replaces ("yourdomain"). Placeholders in
angle brackets or braces (``<ServerName>``, ``{id}``) never reach the rule: the mask
drops them with other markup. ``code_words`` counts the command of each line of a code
block and programs named with their file type (``nslookup.exe``, ``adsiedit.msc``) as
code words too (kbeditor.lint.workspace_words.article_code_words).

An article accepts words for itself with ``<!-- spelling-ignore: word word -->``
("Ignore in this article" in the editor writes it).

Words only ever come from the article's mask, so code, URLs, front matter,
quoted error text and identifiers are never read (see kbeditor/quoted.py).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kbeditor.lint.context import LintContext, Match
from kbeditor.lint.diagnostic import Fix
from kbeditor.lint.edits import spelling_ignored
from kbeditor.lint.memo import Memo
from kbeditor.lint.rules import RuleContext
from kbeditor.lint.scope import Ranges
from kbeditor.lint.speller import (
    DictionaryError,
    Speller,
    default_dictionary,
    load_hunspell,
    read_word_list,
)
from kbeditor.lint.workspace_words import MAX_SHARED, article_code_words, front_matter_names

KIND = "spelling"
FIELDS = {
    "dicpath": str,
    "dictionaries": list,
    "dic": str,
    "aff": str,
    "append": bool,
    "custom": bool,
    "filters": list,
    "ignore": (list, str),
    "threshold": int,
    "names": list,
    "repeated": int,
    "british": bool,
    "compounds": bool,
    "values": bool,
    "affixes": bool,
    "prefixes": list,
    "joined": bool,
    "file_types": bool,
    "proper_nouns": bool,
    "workspace": int,
    "code_words": bool,
    "switches": bool,
    "code_nouns": list,
    "placeholders": bool,
}
# A command-line switch after a word: "chmod -R 755", "dsregcmd /status", "robocopy --help".
_SWITCH = re.compile(r"[ \t]+(?:--?|/)[A-Za-z?]")
# "yourdomain", "yourserver": a placeholder the reader replaces, "your" run into a known word.
_YOUR = re.compile(r"[Yy]our([a-z]{3,})$")
_LOWER_COMPOUND = re.compile(r"[a-z]+(?:-[a-z]+)+$")
# British spellings read as their US forms (the bundled dictionary is en_US): apologise,
# organisation, colour, kilometre, tunnelling, licence, catalogue.
_BRITISH = (
    (re.compile(r"is(e|ed|es|ing|ation|ations|able|er|ers)$"), r"iz\1"),
    (re.compile(r"ys(e|ed|es|ing)$"), r"yz\1"),
    (re.compile(r"our(s|ed|ing|ite|ites|ful|able)?$"), r"or\1"),
    (re.compile(r"tre(s)?$"), r"ter\1"),
    (re.compile(r"([aeiou])ll(ed|ing|er|ers)$"), r"\1l\2"),
    (re.compile(r"ence(s)?$"), r"ense\1"),
    (re.compile(r"logue(s)?$"), r"log\1"),
)
WORKSPACE_MESSAGE = (
    "'%s' is used in %d articles of this workspace and no dictionary knows it: "
    "add it to the team's words if it is right."
)
REPEATED_MESSAGE = (
    "'%s' is used %d times in this article and no dictionary knows it: "
    "add it to the team's words if it is right."
)
# Vale's built-in filters, searched anywhere in the word (as Vale does).
VALE_FILTERS = (r"[A-Z]{1}[a-z]+[A-Z]+\w+", r"[A-Z]+$", r"[^a-zA-Z_']")
# A word: letters and digits, joined by apostrophes, hyphens, dots and underscores inside it.
_WORD = re.compile(r"[^\W_][\w'’]*(?:[-.][^\W_][\w'’]*)*")
_SPAN_CACHE = 20_000  # spans (blocks) whose unknown words are kept; about 2 MB at most
_WORD_CACHE = 200_000  # words looked up in the dictionaries (it had no bound)


def compile(spec: dict, rule: RuleContext) -> SpellingCheck:
    styles = Path(spec["_styles_path"]) if spec.get("_styles_path") else _styles_path(rule)
    sources = _dictionaries(spec, rule, styles)
    words: list[str] = list(spec.get("_words") or [])
    ignore = spec.get("ignore") or []
    for name in [ignore] if isinstance(ignore, str) else ignore:
        if not isinstance(name, str):
            raise rule.error("ignore", "every entry must be a file name")
        path = _find_file(name, styles, ("", "config/ignore"))
        if path is None:
            raise rule.error("ignore", f"word list '{name}' not found")
        try:
            words += read_word_list(path)
        except DictionaryError as exc:
            raise rule.error("ignore", str(exc)) from None
    filters = [rule.regex("filters", f, ignorecase=False) for f in spec.get("filters") or []]
    if not spec.get("custom"):
        filters += [re.compile(f) for f in VALE_FILTERS]
    names = spec.get("names") or []
    if not all(isinstance(n, str) for n in names):
        raise rule.error("names", "every entry must be a front-matter key")
    repeated = int(spec.get("repeated") or 0)
    workspace = int(spec.get("workspace") or 0)
    if workspace and not 2 <= workspace <= MAX_SHARED:
        raise rule.error("workspace", f"must be 2 to {MAX_SHARED} articles")
    prefixes = spec.get("prefixes") or []
    if not all(isinstance(p, str) and p.isalpha() for p in prefixes):
        raise rule.error("prefixes", "every entry must be a prefix of letters (non, sub)")
    return SpellingCheck(
        speller=Speller(sources, words),
        filters=tuple(filters),
        vocab=rule.vocab,
        names=tuple(names),
        repeated=repeated,
        british=bool(spec.get("british")),
        compounds=bool(spec.get("compounds")),
        values=bool(spec.get("values")),
        affixes=bool(spec.get("affixes")),
        prefixes=tuple(prefixes),
        joined=bool(spec.get("joined")),
        file_types=bool(spec.get("file_types")),
        proper_nouns=bool(spec.get("proper_nouns")),
        workspace=workspace,
        code_words=bool(spec.get("code_words")),
        switches=bool(spec.get("switches")),
        code_nouns=_code_nouns(spec, rule),
        placeholders=bool(spec.get("placeholders")),
        local=repeated == 0 and workspace == 0,
    )


def _code_nouns(spec: dict, rule: RuleContext) -> re.Pattern[str] | None:
    """The words that name a piece of code right after its name: "the src attribute"."""
    nouns = spec.get("code_nouns") or []
    if not all(isinstance(n, str) and n.isalpha() for n in nouns):
        raise rule.error("code_nouns", "every entry must be a word (command, attribute)")
    if not nouns:
        return None
    alternation = "|".join(sorted(nouns, key=len, reverse=True))
    return re.compile(rf"[ \t]+(?:{alternation})\b")


def _styles_path(rule: RuleContext) -> Path | None:
    """A rule file lives in <StylesPath>/<Style>/<Rule>.yml."""
    return rule.path.resolve().parent.parent if rule.path else None


def _dictionaries(spec: dict, rule: RuleContext, styles: Path | None) -> list[Any]:
    dic, aff = spec.get("dic"), spec.get("aff")
    if dic and aff:
        dic_path = _find_file(dic, styles, ("",))
        aff_path = _find_file(aff, styles, ("",))
        if dic_path and aff_path:
            return [_loader(dic_path, aff_path)]
    names = spec.get("dictionaries") or []
    if not all(isinstance(n, str) for n in names):
        raise rule.error("dictionaries", "every entry must be a dictionary name")
    folders = _dic_folders(spec, rule, styles)
    sources: list[Any] = []
    for name in names:
        found = next((f for f in folders if (f / f"{name}.dic").is_file()), None)
        if found is None or not (found / f"{name}.aff").is_file():
            where = ", ".join(str(f) for f in folders) or "no dictionary folder"
            raise rule.error("dictionaries", f"'{name}.dic' and '{name}.aff' not found in {where}")
        sources.append(_loader(found / f"{name}.dic", found / f"{name}.aff"))
    if not sources or spec.get("append"):
        sources.append(default_dictionary)
    for extra in spec.get("_load_all") or []:  # Vale.Spelling: every dictionary in a folder
        folder = Path(extra)
        for dic_file in sorted(folder.glob("*.dic")):
            if dic_file.with_suffix(".aff").is_file():
                sources.append(_loader(dic_file, dic_file.with_suffix(".aff")))
    return sources


def _dic_folders(spec: dict, rule: RuleContext, styles: Path | None) -> list[Path]:
    folders: list[Path] = []
    dicpath = spec.get("dicpath")
    if dicpath:
        options = [Path(dicpath)]
        if styles is not None:
            options.append(styles / dicpath)
        options.append(Path.cwd() / dicpath)
        found = next((p for p in options if p.is_dir()), None)
        if found is None:
            raise rule.error("dicpath", f"folder '{dicpath}' not found")
        folders.append(found)
    if styles is not None and (styles / "config" / "dictionaries").is_dir():
        folders.append(styles / "config" / "dictionaries")
    env = os.environ.get("DICPATH")
    if env and Path(env).is_dir():
        folders.append(Path(env))
    return folders


def _find_file(name: str, styles: Path | None, under: tuple[str, ...]) -> Path | None:
    path = Path(name)
    if path.is_absolute():
        return path if path.is_file() else None
    for sub in under:
        if styles is not None and (styles / sub / name).is_file():
            return styles / sub / name
    return path.resolve() if path.is_file() else None


def _one_word_italic(text: str, start: int, end: int) -> bool:
    """The article's text (markup kept) has ``*word*`` or ``_word_`` here (not bold)."""
    mark = text[start - 1 : start] if start else ""
    return (
        mark in ("*", "_") and text[end : end + 1] == mark and text[start - 2 : start] != mark * 2
    )


def _inside_sentence(text: str, at: int) -> bool:
    """A word or a comma comes before ``at`` on its line: not the start of a sentence or block."""
    i = at - 1
    while i >= 0 and text[i] in " \t":
        i -= 1
    return i >= 0 and (text[i].isalnum() or text[i] in ",;(&/")


def _us_forms(word: str) -> list[str]:
    out = []
    for pattern, repl in _BRITISH:
        us = pattern.sub(repl, word)
        if us != word:
            out.append(us)
    return out


def _loader(dic: Path, aff: Path) -> Callable[[], Any]:
    return lambda: load_hunspell(dic, aff)


@dataclass(slots=True)
class SpellingCheck:
    speller: Speller
    filters: tuple[re.Pattern[str], ...]
    vocab: bool
    names: tuple[str, ...] = ()
    repeated: int = 0
    british: bool = False
    compounds: bool = False
    values: bool = False
    affixes: bool = False
    prefixes: tuple[str, ...] = ()
    joined: bool = False
    file_types: bool = False
    proper_nouns: bool = False
    workspace: int = 0
    code_words: bool = False
    switches: bool = False
    code_nouns: re.Pattern[str] | None = None
    placeholders: bool = False
    local: bool = True
    _skip: Memo[str, bool] = field(default_factory=lambda: Memo(_WORD_CACHE))
    _spans: Memo[str, tuple[tuple[int, int, str], ...]] = field(
        default_factory=lambda: Memo(_SPAN_CACHE)
    )

    def prepare(self) -> None:
        """Load the dictionaries now, outside the rule's time budget (see the engine)."""
        self.speller.dictionaries  # noqa: B018 - loads on first access

    def run(self, ctx: LintContext, ranges: Ranges) -> Iterator[Match]:
        found = list(self._unknown(ctx, ranges))
        if not self.repeated and not self.workspace:
            yield from (self._match(s, e, w) for s, e, w in found)
            return
        counts: dict[str, int] = {}
        for _, _, word in found:
            counts[word] = counts.get(word, 0) + 1
        words = ctx.words if self.workspace else None
        reported: set[str] = set()
        for start, end, word in found:
            articles = words.used_in(word) if words is not None else 0
            if articles >= self.workspace > 0:
                shown = str(articles) if articles < MAX_SHARED else f"{MAX_SHARED} or more"
                message = WORKSPACE_MESSAGE.replace("%d", shown)
            elif self.repeated and counts[word] >= self.repeated:
                message = REPEATED_MESSAGE.replace("%d", str(counts[word]))
            else:
                yield self._match(start, end, word)
                continue
            if word not in reported:  # one offer to add the word, at its first use
                reported.add(word)
                yield Match(start, end, (word,), None, message.replace("%s", word))

    def _unknown(self, ctx: LintContext, ranges: Ranges) -> Iterator[tuple[int, int, str]]:
        vocab = ctx.vocab if self.vocab and ctx.vocab.accept else None
        names = self._names(ctx) if self.names else frozenset()
        names |= spelling_ignored(ctx.article.text)
        if self.code_words:
            names |= ctx.fact("code_words", article_code_words)
            if ctx.words is not None:
                names |= ctx.words.code
        src, raw = ranges.source, ctx.article.text
        for s, e in ranges:
            for start, end, word in self._span_words(src[s:e]):
                if word in names or word.lower() in names:
                    continue
                if self.values and _one_word_italic(raw, s + start, s + end):
                    continue
                if self.switches and _SWITCH.match(raw, s + end):  # the mask drops switches
                    continue
                if vocab is not None and vocab.accepts(word, True):
                    continue
                yield s + start, s + end, word

    def _span_words(self, text: str) -> tuple[tuple[int, int, str], ...]:
        """The unknown words of one span, by the span's text: an edit re-reads only its block."""
        found = self._spans.get(text)
        if found is None:
            words = []
            for m in _WORD.finditer(text):
                word = m.group().rstrip("'’")
                if self.compounds and "-" in word and _LOWER_COMPOUND.match(word):
                    at = m.start()
                    for part in word.split("-"):
                        if len(part) > 3 and self._flag(part):
                            words.append((at, at + len(part), part))
                        at += len(part) + 1
                elif self._flag(word) and not self._in_context(text, m.start(), word):
                    words.append((m.start(), m.start() + len(word), word))
            found = self._spans[text] = tuple(words)
        return found

    def _flag(self, word: str) -> bool:
        """True when ``word`` passes the filters and no dictionary knows it (cached per word)."""
        found = self._skip.get(word)
        if found is None:
            plain = word.replace("’", "'")
            found = not any(f.search(plain) for f in self.filters) and not self.speller.known(word)
            if found and self.british:
                found = not any(self.speller.known(us) for us in _us_forms(word))
            if found and self.affixes:
                found = not self.speller.regular(word, self.prefixes)
            if found and self.joined:
                found = not self.speller.joined(word)
            if found and self.placeholders:
                your = _YOUR.match(word)
                found = not (your and self.speller.known(your.group(1)))
            self._skip[word] = found
        return found

    def _in_context(self, text: str, at: int, word: str) -> bool:
        """An unknown word that its place makes right: a file type, a name inside a sentence."""
        if self.file_types and at and text[at - 1] == "." and not text[at - 2 : at - 1].isalnum():
            return True
        if self.code_nouns is not None and self.code_nouns.match(text, at + len(word)):
            # "the nslookup command", not "the follwing command": no known word a slip away.
            return not self.speller.slips(word)
        if self.proper_nouns and word.istitle() and _inside_sentence(text, at):
            return not self.speller.slips(word) and not self.speller.run_in(word)
        return False

    def _match(self, start: int, end: int, word: str) -> Match:
        fixes = tuple(
            Fix(s, False, f"Replace with '{s}'") for s in self.speller.suggest(word, limit=5)
        )
        return Match(start, end, (word,), fixes[0] if fixes else None, None, fixes[1:])

    def _names(self, ctx: LintContext) -> frozenset[str]:
        names = front_matter_names(ctx.article, self.names)
        if ctx.words is not None:
            names |= ctx.words.names
        return frozenset(names)
