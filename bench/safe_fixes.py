"""Are the KB style's quick fixes safe? Apply every fix on real articles and check each result.

Lints every corpus article with the KB style, read as written for end users
and again for IT staff (jargon and abbreviation rules run for end users
only), applies every fix the style offers, one at a time, and checks the
sentence it lands in with automatic checks:

- ``article``: "a"/"an" before the replacement matches its first sound, and a
  determiner is not left before "more" ("an additional rule" -> "a more rule");
- ``that-clause``: a verb that takes no "that" clause ("requires that X has"
  -> "needs that X has");
- ``form``: the replacement keeps the matched word's form: tense and person of
  a verb ("utilized" -> "used", not "use"), number of a noun;
- ``capitals``: a sentence still starts with a capital;
- ``name``: the match was part of a name, which must not change: a capitalised
  multi-word name ("Exchange Online PowerShell", "Microsoft Entra ID"), a UI
  label in bold or italics, a quoted text, link text, a file name ("Configuration.xml");
- ``compound``: the match was part of a hyphenated or slashed word
  ("pre-authentication") or the modifier of a following noun that a phrase
  cannot modify ("the registry editor" -> "the Windows settings editor").

It prints, per rule, the fixes offered and applied (applied all at once, as
the editor's "Fix all safe" does: overlapping fixes are skipped), safe
against unsafe, and how many broke a sentence per check, with examples;
``--show`` lists every broken fix, ``--sample N`` prints N random applied safe
fixes in context for a person to read.

Usage: .venv/bin/python bench/safe_fixes.py [--show] [--sample 40] [--seed 7]
       [--rule KB.PlainWords ...] [--limit N] [--audience end-user|it-staff]
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

from _corpus import corpus_files
from lint_quality import _as_kb_article

from kbeditor.article import load_article
from kbeditor.lint.diagnostic import Diagnostic
from kbeditor.lint.engine import Linter

ROOT = Path(__file__).resolve().parents[1]
KB_STYLE = ROOT / "lint_rules" / "KB"
CHECKS = ("article", "that-clause", "form", "capitals", "name", "compound")


@dataclass(frozen=True, slots=True)
class Applied:
    file: str
    audience: str
    d: Diagnostic
    before: str  # the sentence before the fix
    after: str  # the same sentence with the fix applied
    broken: tuple[str, ...]


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    files = corpus_files()[: args.limit or None]
    linter = Linter.from_styles([KB_STYLE])
    if linter.errors:
        for err in linter.errors:
            print(f"rule error: {err}", file=sys.stderr)
        return 2
    offered: Counter[tuple[str, bool]] = Counter()
    applied: list[Applied] = []
    audiences = [args.audience] if args.audience else ["end-user", "it-staff"]
    for audience in audiences:
        for path in files:
            article = load_article(path)
            _as_kb_article(article, audience)
            fixes = [d for d in linter.lint(article) if d.fix is not None]
            if args.rule:
                fixes = [d for d in fixes if d.rule in args.rule]
            for d in fixes:
                offered[(d.rule, d.fix.safe)] += 1
            for d in _all_at_once(fixes):
                applied.append(_check(path.name, audience, article.text, article.mask, d))
    _report(offered, applied, args)
    return 0


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--show", action="store_true", help="list every broken fix")
    p.add_argument("--sample", type=int, default=0, help="print N random applied safe fixes")
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--rule", action="append", help="only this rule (repeatable)")
    p.add_argument("--limit", type=int, default=0, help="only the first N corpus files")
    p.add_argument("--audience", choices=("end-user", "it-staff"), help="one audience only")
    return p


def _all_at_once(fixes: list[Diagnostic]) -> list[Diagnostic]:
    """The fixes the editor applies together: last first, skipping any that overlap one applied."""
    out, floor = [], None
    for d in sorted(fixes, key=lambda d: d.start, reverse=True):
        if floor is not None and d.end > floor:
            continue
        out.append(d)
        floor = d.start
    return out


# --- the checks ---------------------------------------------------------------------------

_SENTENCE_END = re.compile(r"(?:[.!?][\"')\]*_]*\s+|\n(?=\s*(?:[-*+>#|]|\d+[.)]|\n))|^)")
# What may come before a sentence's first word: list markers, quote marks, emphasis, a note label.
_PREFIX = re.compile(r"^(?:\s|>|#+|[-*+]\s|\d+[.)]\s|\[![A-Za-z]+\]|\*\*?|__?|[\"“(])*")
_WORD = re.compile(r"[A-Za-z][\w'’]*")
_IRREGULAR_PAST = frozenset(
    "set got bought found showed shown held made sent put cut run done seen taken given kept "
    "left lost met paid read said sold told thought understood won written".split()
)
_NO_THAT = frozenset("need needs needed needing get gets getting buy buys use uses used".split())
# "that" opening a clause ("requires that you restart"), not a determiner ("uses that hub").
_THAT_CLAUSE = re.compile(
    r"\s+that\s+(?:you|we|they|he|she|it|i|an?|the|this|these|those|your|their|its|all|each|"
    r"every|users?|[A-Z]\w*)\b"
)
_DETERMINERS = frozenset("a an the this that these those your their its our any each no".split())
_HEAD_NOUNS = frozenset(
    "key keys value values editor path paths setting settings file files folder folders entry "
    "entries service services server servers account accounts name names type types id ids "
    "address addresses list lists tool tools cmdlet cmdlets module modules policy policies "
    "object objects attribute attributes level levels mode option options page pages".split()
)
_NOT_PLURAL = re.compile(r"(?:ss|us|is|ous|ics|data|media|news|series)$", re.I)


def _check(name: str, audience: str, text: str, mask: str, d: Diagnostic) -> Applied:
    new = d.fix.replacement
    old = text[d.start : d.end]
    s_start = _sentence_start(text, d.start)
    s_end = _sentence_end(text, d.end)
    before_s = text[s_start:s_end]
    after_s = text[s_start : d.start] + new + text[d.end : s_end]
    left, right = text[s_start : d.start], text[d.end : s_end]
    broken = []
    for check, fn in _CHECK_FUNCS.items():
        if fn(old, new, left, right, text, d):
            broken.append(check)
    return Applied(name, audience, d, before_s.strip(), after_s.strip(), tuple(broken))


def _sentence_start(text: str, at: int) -> int:
    line = text.rfind("\n\n", 0, at)
    start = 0 if line < 0 else line + 2
    last = start
    for m in _SENTENCE_END.finditer(text, start, at):
        if m.end() <= at:
            last = m.end()
    return last


def _sentence_end(text: str, at: int) -> int:
    m = re.compile(r"[.!?](?=\s)|\n(?=\s*(?:[-*+>#|]|\d+[.)]|\n))").search(text, at)
    return m.end() if m else len(text)


def _an(word: str) -> str:
    """The article a word takes, by its first sound (a rough rule of thumb)."""
    w = word.strip("*_`'\"“‘(")
    if not w:
        return ""
    if w.isupper() and len(w) > 1:
        return "an" if w[0] in "AEFHILMNORSX" else "a"
    low = w.lower()
    if re.match(r"(?:uni|use|usu|uti|eu|one\b|once)", low):
        return "a"
    if re.match(r"(?:hour|honest|honou?r)", low):
        return "an"
    return "an" if low[0] in "aeiou" else "a"


def _check_article(old: str, new: str, left: str, right: str, text: str, d: Diagnostic) -> bool:
    art = re.search(r"\b(an?|An?)\s+$", left)
    first = _WORD.search(new + right)
    if new.lower().startswith(("a ", "an ")):
        inner = re.match(r"(an?)\s+(\S+)", new, re.I)
        if inner and _an(inner.group(2)) != inner.group(1).lower():
            return True
    if art and first and _an(first.group()) != art.group(1).lower():
        return True
    det = re.search(r"\b(\w+)\s+$", left)
    return bool(re.match(r"more\b", new) and det and det.group(1).lower() in _DETERMINERS)


def _check_that(old: str, new: str, left: str, right: str, text: str, d: Diagnostic) -> bool:
    words = new.split()
    return bool(words) and words[-1].lower() in _NO_THAT and bool(_THAT_CLAUSE.match(right))


def _form(word: str) -> str:
    low = word.lower()
    if low.endswith("ing") and len(low) > 5:
        return "ing"
    if low.endswith("ed") and len(low) > 4 and not low.endswith("eed"):
        return "ed"
    if low.endswith("s") and len(low) > 3 and not _NOT_PLURAL.search(low):
        return "s"
    return ""


def _check_form(old: str, new: str, left: str, right: str, text: str, d: Diagnostic) -> bool:
    old_words = _WORD.findall(old)
    new_words = [w.lower() for w in _WORD.findall(new)]
    if not old_words or not new_words:
        return False
    form = _form(old_words[-1])
    if form == "ing":
        return not any(w.endswith("ing") for w in new_words)
    if form == "ed":
        return not any(w.endswith("ed") or w in _IRREGULAR_PAST for w in new_words)
    if form == "s":  # "X and Y" is plural too; "you" takes a plural verb
        return not any(w.endswith("s") or w in ("and", "you", "your") for w in new_words)
    if new_words[-1] == "you":  # "the user has" -> "you has"
        return bool(re.match(r"\s+(?:is|was|has|does|isn't|wasn't|hasn't|doesn't)\b", right))
    # singular in, plural out, before a singular verb: "the registry is" -> "the settings is"
    return _form(new_words[-1]) == "s" and bool(
        re.match(r"\s+(?:is|was|has|does|isn't|wasn't|hasn't|doesn't)\b", right)
    )


def _at_start(left: str) -> bool:
    return not left[_PREFIX.match(left).end() :].strip()


def _check_capitals(old: str, new: str, left: str, right: str, text: str, d: Diagnostic) -> bool:
    if not _at_start(left):
        return False
    rest = (new + right).lstrip(" *_\"“'")
    return bool(rest) and rest[0].isalpha() and rest[0].islower()


_EMPHASIS = re.compile(
    r"\*\*[^*\n]+?\*\*|__[^_\n]+?__|(?<![*\w])\*[^*\n]+?\*(?!\*)|(?<!\w)_[^_\n]+?_(?!\w)"
)
_QUOTED = re.compile(r"\"[^\"\n]+\"|“[^”\n]+”")


def _check_name(old: str, new: str, left: str, right: str, text: str, d: Diagnostic) -> bool:
    """The match is (part of) a name: a UI label or message in bold, a short italic label, quoted
    text, link text, a file name, or a capitalised word that is not the sentence's first."""
    line_start = text.rfind("\n", 0, d.start) + 1
    line_end = text.find("\n", d.end)
    line_end = len(text) if line_end < 0 else line_end
    for pat in (_EMPHASIS, _QUOTED):
        for m in pat.finditer(text, line_start, line_end):
            inside = m.start() < d.start and d.end < m.end()
            italic = m.group().startswith(("*", "_")) and not m.group().startswith(("**", "__"))
            if inside and not (italic and len(m.group().split()) > 8):
                return True
    for m in re.finditer(r"(?<!!)\[([^\]\n]+)\]\(", text[line_start:line_end]):
        if line_start + m.start(1) <= d.start and d.end <= line_start + m.end(1):
            return True
    if re.match(r"\.[A-Za-z0-9]{1,5}\b", right) or re.search(r"\w\.$", left):
        return True  # a file name
    words = _WORD.findall(old)
    if old.isupper():
        return False
    at_start = _at_start(left)
    if any(w[0].isupper() and not w.isupper() for i, w in enumerate(words) if i or not at_start):
        return True  # "Exchange Online", "the Registry Editor", "Microsoft Entra ID"
    nxt = re.match(r"\s+([A-Za-z][\w]*)", right)
    return bool(words and words[0][0].isupper() and nxt and nxt.group(1)[0].isupper())


_MODIFIER_DETERMINER = re.compile(
    r"\b(?:the|a|an|your|their|our|its|this|that|each|every|any)\s+$", re.I
)


def _check_compound(old: str, new: str, left: str, right: str, text: str, d: Diagnostic) -> bool:
    """Part of a hyphenated or slashed word; a determiner doubled ("the the company's ...");
    a phrase placed where only a modifier fits ("the DNS stored copy", "the Windows Windows
    settings", "the registry editor" -> "the Windows settings editor")."""
    if re.search(r"\w[-/\\]$", left) or re.match(r"[-/\\]\w", right):
        return True
    if re.match(r"(?:the|your|a|an)\s", new, re.I) and _MODIFIER_DETERMINER.search(left):
        return True
    prev = re.search(r"([A-Za-z][\w]*)\s+$", left)
    # a name in front: "the DNS cache", "the Windows registry"
    if (
        prev
        and not _at_start(left[: prev.start()])
        and prev.group(1)[0].isupper()
        and not old[:1].isupper()
        and (len(new.split()) > len(old.split()) or new[:1].isupper())
    ):
        return True
    nxt = re.match(r"\s+([a-z]+)\b", right)
    return bool(
        nxt
        and nxt.group(1) in _HEAD_NOUNS
        and len(new.split()) > 1
        and len(old.split()) < len(new.split())
    )


_CHECK_FUNCS = {
    "article": _check_article,
    "that-clause": _check_that,
    "form": _check_form,
    "capitals": _check_capitals,
    "name": _check_name,
    "compound": _check_compound,
}


# --- the report ---------------------------------------------------------------------------


def _report(
    offered: Counter[tuple[str, bool]], applied: list[Applied], args: argparse.Namespace
) -> None:
    by_rule: dict[str, list[Applied]] = defaultdict(list)
    for a in applied:
        by_rule[a.d.rule].append(a)
    rules = sorted({r for r, _ in offered})
    print(
        f"{'rule':28} {'offered':>8} {'safe':>6} {'unsafe':>7} {'applied':>8} "
        f"{'broken':>7} {'safe broken':>12}  " + " ".join(f"{c:>11}" for c in CHECKS)
    )
    total_safe_broken = 0
    for rule in rules:
        found = by_rule.get(rule, [])
        broken = [a for a in found if a.broken]
        safe_broken = [a for a in broken if a.d.fix.safe]
        total_safe_broken += len(safe_broken)
        per = Counter(c for a in broken for c in a.broken)
        print(
            f"{rule:28} {offered[(rule, True)] + offered[(rule, False)]:>8} "
            f"{offered[(rule, True)]:>6} {offered[(rule, False)]:>7} {len(found):>8} "
            f"{len(broken):>7} {len(safe_broken):>12}  " + " ".join(f"{per[c]:>11}" for c in CHECKS)
        )
    safe_applied = [a for a in applied if a.d.fix.safe]
    print(
        f"\nsafe fixes applied: {len(safe_applied)}; sentences broken by a safe fix: "
        f"{total_safe_broken}; unsafe fixes applied: {len(applied) - len(safe_applied)}, "
        f"broken: {sum(1 for a in applied if a.broken and not a.d.fix.safe)}"
    )
    for rule in rules:
        broken = [a for a in by_rule.get(rule, []) if a.broken]
        if not broken:
            continue
        print(f"\n== {rule}: broken fixes ({len(broken)})")
        per_check: dict[str, list[Applied]] = defaultdict(list)
        for a in broken:
            per_check[a.broken[0]].append(a)
        for check in CHECKS:
            items = per_check.get(check, [])
            if not items:
                continue
            print(f"  -- {check} ({len(items)})")
            for a in items if args.show else items[:3]:
                _print(a)
    if args.sample:
        rng = random.Random(args.seed)
        pool = [a for a in applied if a.d.fix.safe]
        sample = rng.sample(pool, min(args.sample, len(pool)))
        print(f"\n== {len(sample)} random applied safe fixes")
        for i, a in enumerate(sample, 1):
            print(f"[{i}]", end="")
            _print(a)


def _print(a: Applied) -> None:
    safe = "safe" if a.d.fix.safe else "unsafe"
    flags = ",".join(a.broken) or "ok"
    print(f"    {a.file} ({a.audience}, {safe}, {flags}) '{a.d.match}' -> '{a.d.fix.replacement}'")
    print(f"      before: {_short(a.before)}")
    print(f"      after:  {_short(a.after)}")


def _short(s: str, width: int = 240) -> str:
    s = " ".join(s.split())
    return s if len(s) <= width else s[: width - 3] + "..."


if __name__ == "__main__":
    sys.exit(main())
