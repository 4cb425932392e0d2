"""What kind of article this is and who reads it, when the front matter does not say.

The KB rules depend on an article's ``type`` (troubleshooting, how-to,
known-issue) and ``audience`` (end-user, it-staff, developer). Articles
imported from other systems rarely carry our keys: they say
``ms.topic: troubleshooting`` for a how-to, or ``audience: ITPro`` for an
article about a mail client. Without a type every structure and recovery rule
stays silent, so we read the article the way an editor would: its title, its
headings, what it quotes and what it asks the reader to run.

A value written in our own vocabulary (``type: how-to``, ``audience:
it-staff``) is never second-guessed. Another system's value (``ms.topic``,
``audience: ITPro``) is a hint that the text can outweigh. Everything here is
pure text work on the :class:`~kbeditor.article.Article`; nothing imports Qt.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from kbeditor import blocks as B
from kbeditor.frontmatter import AUDIENCES, DEFAULT_AUDIENCE

if TYPE_CHECKING:
    from kbeditor.article import Article

__all__ = ["Profile", "profile"]


@dataclass(frozen=True, slots=True)
class Profile:
    """The type and audience rules use, and whether each was read or inferred (and why)."""

    type: str | None
    audience: str
    type_inferred: bool = False
    audience_inferred: bool = False
    type_reason: str = ""
    audience_reason: str = ""

    def as_dict(self) -> dict[str, object]:
        return {
            "type": self.type,
            "type_inferred": self.type_inferred,
            "type_reason": self.type_reason,
            "audience": self.audience,
            "audience_inferred": self.audience_inferred,
            "audience_reason": self.audience_reason,
        }


def profile(article: Article, infer: bool = True) -> Profile:
    """The article's type and audience: as written in our keys, else inferred (unless ``infer`` is off).

    Front matter in our own vocabulary always wins, so a writer overrides a
    wrong guess by writing the key.
    """
    meta = article.metadata
    raw_audience = _raw(article, "audience")
    own_audience = "audience" in meta.present and raw_audience.lower() in AUDIENCES
    own_type = "type" in meta.present and meta.type is not None
    if not infer:
        return Profile(meta.type, meta.audience if "audience" in meta.present else DEFAULT_AUDIENCE)
    kind, kind_why = (meta.type, "") if own_type else _cached(article, "type", infer_type)
    if own_audience:
        audience, aud_why = meta.audience, ""
    else:
        audience, aud_why = _cached(article, "audience", _audience_of)
    return Profile(kind, audience, not own_type, not own_audience, kind_why, aud_why)


# An article is read-only once parsed, so what was inferred about it holds while it lives.
_SEEN: weakref.WeakKeyDictionary[Article, dict[str, Any]] = weakref.WeakKeyDictionary()


def _cached(article: Article, what: str, infer: Callable[[Article], Any]) -> Any:
    known = _SEEN.setdefault(article, {})
    if what not in known:
        known[what] = infer(article)
    return known[what]


def _audience_of(article: Article) -> tuple[str, str]:
    meta = article.metadata
    hint = meta.audience if "audience" in meta.present else None
    audience, why = infer_audience(article, hint)
    written = _raw(article, "audience")
    if hint and written and audience != hint:
        why += f"; the front matter's '{written}' is another system's label, read only as a hint"
    return audience, why


def _raw(article: Article, key: str) -> str:
    """The key's value as written, to tell our spelling from another system's."""
    fm = article.front_matter
    if fm is None:
        return ""
    found = re.search(
        rf"^{key}\s*:\s*['\"]?([^'\"\n#]*)", article.text[fm.yaml_start : fm.yaml_end], re.M
    )
    return found.group(1).strip() if found else ""


# -- type ------------------------------------------------------------------------------------

# Another system's type key and how its values read in ours (None: reference or explainer).
_TOPIC_KEYS = ("ms.topic", "topic_type", "topic", "article_type", "doc_type", "content_type")
_TOPIC_VALUES = (
    (re.compile(r"known[-_ ]?issue|outage|incident|service[-_ ]?alert"), "known-issue"),
    (re.compile(r"troubleshoot|problem|error|resolution"), "troubleshooting"),
    (re.compile(r"how[-_ ]?to|tutorial|quickstart|procedure|task"), "how-to"),
    (re.compile(r"concept|reference|overview|faq|explainer|whats[-_ ]?new|glossary"), None),
)

# Words of an article that reports a problem the team knows about and is working on.
# Each pattern below starts with a look-ahead for its alternatives' first letters: without it,
# the regex engine tries every alternative at every word of a long article.
_KNOWN_ISSUE = re.compile(
    r"\b(?=[iatwmehosk])(?:(?:is|are) (?:aware of|investigating|working on) (?:this|the|a) (?:problem|issue|bug)"
    r"|this is a known (?:issue|problem|bug)"
    r"|(?:we|microsoft|the vendor|engineering|the \w+ team) (?:is|are) (?:currently )?"
    r"(?:investigating|working on a fix)"
    r"|has confirmed that this is a (?:problem|bug)"
    r"|(?:outage|service incident|service degradation|known issue)\b(?! (?:list|page|site)))",
    re.IGNORECASE,
)
_STATUS_HEADING = re.compile(
    r"^(?:status|current status|next update|what we(?:'re| are) doing)\b", re.I
)
_FAULT_HEADING = re.compile(
    r"^(?:symptoms?|problem|issue|error|cause|causes|resolution|workaround|solution|"
    r"troubleshoot|how to (?:fix|resolve)|to (?:fix|resolve)|fix\b|what you see|what happens)",
    re.IGNORECASE,
)
_SYMPTOM_HEADING = re.compile(r"^(?:symptoms?|problem|issue|what you see|what happens)\b", re.I)
_STEP_HEADING = re.compile(
    r"^(?:steps?|procedure|instructions|how to\b|to (?!(?:fix|resolve)\b)\w+|before you begin|"
    r"prerequisites)",
    re.IGNORECASE,
)
_EXPLAINER_HEADING = re.compile(
    r"^(?:summary|introduction|overview|more information|references?|see also|applies to|"
    r"background|details|description|about)\b",
    re.IGNORECASE,
)
_FAULT_TITLE = re.compile(
    r"\b(?:errors?|fails?|failed|failing|failures?|problems?|issues?|can'?t|cannot|can not|"
    r"unable|doesn'?t|don'?t|isn'?t|aren'?t|won'?t|not (?:working|responding|showing|syncing|"
    r"updating|found|loading|available|displayed|shown|received|sent|saved|opening)|"
    r"stops? (?:working|responding)|crash(?:es|ed)?|hangs?|freezes?|denied|incorrect|wrong|"
    r"missing|slow|blank|disappear(?:s|ed)?|lost|expired?|blocked|stuck|loops?|"
    r"no longer|unexpected(?:ly)?|prompts?|timed out|times out|0x[0-9a-f]{4,})\b",
    re.IGNORECASE,
)
_HOW_TO_TITLE = re.compile(r"^(?:how (?:to|do i|can i)|steps to|guide to)\b", re.IGNORECASE)
_REFERENCE_TITLE = re.compile(
    r"^(?:description of|information (?:about|on)|about|overview|introduction to|best practices|"
    r"frequently asked|faq|what is|what's|what are|support for|guidance|list of|summary of|"
    r"new features|deprecat|end of support|understanding|glossary)\b",
    re.IGNORECASE,
)
# Verbs that start a task title ("Set up ...", "Disable CallKit ..."): a how-to unless a fault is named.
_TASK_VERBS = frozenset(
    """add allow apply archive assign back block change check clean clear configure connect convert
    copy create customise customize delete deploy disable download edit enable export find get grant
    hide import install join link manage map migrate move open plan print publish recover reinstall
    remove rename request reset restore revoke run save scan schedule send set share show sign start
    stop submit switch sync transfer turn uninstall unlock update upgrade upload use view""".split()
)


def infer_type(article: Article) -> tuple[str | None, str]:
    """(type, why) from the title, headings and wording; None means a reference or explainer."""
    title = _title(article)
    heads = [" ".join(s.title.split()).rstrip(":") for s in article.sections if s.level >= 2]
    hint = _topic_hint(article)
    status = any(_STATUS_HEADING.match(h) for h in heads)
    settled = _says_fixed(article) or _search(_BY_DESIGN, article, article.body_start)
    if not settled and (status or _open_known_issue(article)):
        return "known-issue", "it says the problem is known and being worked on"
    fault_title = bool(_FAULT_TITLE.search(title))
    fault_heads = sum(bool(_FAULT_HEADING.match(h)) for h in heads)
    has_symptom = any(_SYMPTOM_HEADING.match(h) for h in heads)
    if _REFERENCE_TITLE.match(title) and not has_symptom:
        return None, "the title introduces a description or overview"
    if _HOW_TO_TITLE.match(title) and not has_symptom:
        return "how-to", "the title asks how to do something"
    first = title.split()[0].lower() if title.split() else ""
    if first in _TASK_VERBS and not fault_title and not has_symptom:
        return "how-to", f"the title is a task ('{first.capitalize()} ...')"
    if fault_title or fault_heads:
        why = (
            "the title names a fault"
            if fault_title
            else "it has Symptoms, Cause or Resolution sections"
        )
        return "troubleshooting", why
    if heads and all(_EXPLAINER_HEADING.match(h) for h in heads if not _STEP_HEADING.match(h)):
        if _numbered_steps(article) >= 3:
            return "how-to", "it explains a procedure in numbered steps"
        return None, "its sections are an explainer's (Summary, More information)"
    if any(_STEP_HEADING.match(h) for h in heads) or _numbered_steps(article) >= 3:
        return "how-to", "it is a procedure in steps"
    if hint is not None:
        return hint, "from the front matter's topic key"
    return None, "nothing marks it as a problem or a procedure"


# A known issue that has been fixed is a troubleshooting article with a fix to apply.
_FIXED = re.compile(
    r"\b(?=[whiafcldr])(?:(?:was|were|has been|have been|is now|are now) (?:fixed|resolved|corrected)"
    r"|(?:fixed|resolved|corrected) in (?:the )?(?:\w+ ){0,3}(?:update|version|build|release|hotfix)"
    r"|(?:first|later) (?:fixed|corrected)"
    r"|(?:install|apply|download) (?:the )?(?:latest )?(?:\w+ ){0,2}(?:update|hotfix|fix|service pack))\b",
    re.IGNORECASE,
)


def _open_known_issue(article: Article) -> bool:
    """Whether the article says, in its first half, that the problem is known, and nowhere that
    it was fixed (a passing "this is a known issue" deep in a long article does not make one)."""
    start = article.body_start
    found = _search(
        _KNOWN_ISSUE, article, start, start + max(3000, (len(article.mask) - start) // 2)
    )
    return found and not _says_fixed(article)


# A "Status" that says the behaviour is by design, or a confirmed problem with a resolution to
# apply, is not an open issue waiting for news (judged blind: the known-issue rules were wrong
# on such articles).
_BY_DESIGN = re.compile(
    r"\b(?=[tbei])(?:this (?:behavior|behaviour) is (?:by design|expected)"
    r"|(?:is|as) (?:by design|expected behaviou?r)|expected behaviou?r\b)",
    re.IGNORECASE,
)


def _says_fixed(article: Article) -> bool:
    return _search(_FIXED, article, article.body_start)


# Text that each pattern's every match holds (lower case): one of them must be in the text.
# Looking for them is a plain substring search, many times faster than the case-insensitive
# regex, and most articles hold none (tests/test_inference.py checks the lists against the
# patterns' alternatives).
_NEEDS: dict[re.Pattern[str], tuple[str, ...]] = {
    _FIXED: ("fixed", "resolved", "corrected", "install", "apply", "download"),
    _BY_DESIGN: ("behavio", "by design"),
    _KNOWN_ISSUE: (
        "aware of",
        "investigating",
        "working on",
        "known",
        "confirmed",
        "outage",
        "service",
    ),
}
# Characters that a case-insensitive regex matches to an ASCII letter although lower() does
# not turn them into it (long s, dotless i, dotted capital I, Kelvin sign): with any of them,
# the substring test could miss a match, so the regex alone decides.
_ODD_CASE = re.compile("[\u017f\u0131\u0130\u212a]")


def _search(pattern: re.Pattern[str], article: Article, start: int, end: int | None = None) -> bool:
    """Whether ``pattern`` matches in the article's mask from ``start`` (to ``end``)."""
    low = _cached(article, "lower", _lowered)
    stop = len(article.mask) if end is None else end
    if low is not None and not any(low.find(n, start, stop) >= 0 for n in _NEEDS[pattern]):
        return False
    return pattern.search(article.mask, start, stop) is not None


def _lowered(article: Article) -> str | None:
    """The mask in lower case, or None when it holds a character lower() does not fold as re."""
    mask = article.mask
    return None if _ODD_CASE.search(mask) else mask.lower()


def _topic_hint(article: Article) -> str | None:
    """The article type its front matter's topic key names, or None."""
    extra = article.metadata.extra
    for key in _TOPIC_KEYS:
        value = str(extra.get(key) or "").strip().lower()
        if not value:
            continue
        for pattern, kind in _TOPIC_VALUES:
            if pattern.search(value):
                return kind
    return None


def _title(article: Article) -> str:
    """The H1 if there is one (what the reader sees), else the front-matter title."""
    for h in article.headings:
        if h.level == 1:
            return article.heading_text(h).strip("\"'“” ")
    return " ".join(str(article.title).split())


def _numbered_steps(article: Article) -> int:
    return sum(1 for b in article.blocks if b.kind == B.LIST_ITEM and b.ordered)


# -- audience --------------------------------------------------------------------------------

# Signs of who the reader is: (audience, weight, pattern, ignore case). Weights say how strongly
# one sign points at that reader; each sign counts at most three times, so one word cannot decide.
# Words and two-word phrases that point at a reader, with how strongly (3 strong, 1 weak). Each
# sign counts at most three times, so one repeated word cannot decide. Words are matched in lower
# case; a phrase is two words in a row.
_SIGNS: dict[str, tuple[tuple[int, str], ...]] = {
    "it-staff": (
        (2, "registry regedit admin admins administrator administrators tenant gpo entra"),
        (
            2,
            "admin center|group policy|your organization|your organization's|the organization"
            "|your organisation|users in|for users|exchange server|sharepoint server|sql server"
            "|lync server|project server|active directory|domain controller|azure ad",
        ),
        (1, "server servers cmdlet cmdlets powershell certificate dns farm iis"),
        (1, "event id|event log"),
    ),
    "developer": (
        (
            2,
            "api sdk vsto namespace assembly nuget vba macro rest endpoint oauth developer developers",
        ),
        (2, "object model|visual studio|access token|add-in developer"),
        (1, "compile debug class method"),
        (1, "your code|source code|your application"),
    ),
    "end-user": (
        (
            1,
            "your computer|your laptop|your phone|your device|your file|your files|your mailbox"
            "|your inbox|your calendar|your document|your documents|your workbook|your report"
            "|your password|your account|your screen|your profile",
        ),
        (
            1,
            "in outlook|in word|in excel|in powerpoint|in access|in onenote|outlook client"
            "|teams client|desktop app",
        ),
        (2, "file menu|file tab|home tab|insert tab|view tab|tools menu|edit menu|format menu"),
    ),
}
_LOOKUP: dict[str, tuple[str, int, int]] = {}  # word or phrase -> (audience, weight, sign id)
for _audience, _signs in _SIGNS.items():
    for _weight, _words in _signs:
        for _w in _words.split("|") if "|" in _words else _words.split():
            _LOOKUP[_w] = (_audience, _weight, id(_words))
# The first words of two-word signs: a pair is looked up only after one of them.
_PAIR_FIRSTS = frozenset(_k.split(" ", 1)[0] for _k in _LOOKUP if " " in _k)
_WORDS = re.compile(r"[A-Za-z][A-Za-z0-9_'’-]*")
# Signs that are not words: a cmdlet (Get-Mailbox), a registry path, a code block's language.
_CMDLET = re.compile(
    r"\b(?:Get|Set|New|Remove|Add|Enable|Disable|Test|Start|Stop|Update|Invoke|Import|Export)"
    r"-[A-Z][A-Za-z]+"
)
_REGISTRY = re.compile(r"\bHK(?:EY_|LM\\|CU\\)")
_CODE_LANGUAGE = re.compile(
    r"^ *```\s*(?:csharp|cs|c#|vb|vba|vbnet|javascript|js|typescript|ts|python|java|cpp|c\+\+)\b",
    re.IGNORECASE | re.MULTILINE,
)
_PATTERN_SIGNS = (
    (_CMDLET, "-", "it-staff", 3),
    (_REGISTRY, "HK", "it-staff", 2),
    (_CODE_LANGUAGE, "```", "developer", 3),
)
_MAX_PER_SIGN = 3


def infer_audience(article: Article, hint: str | None) -> tuple[str, str]:
    """(audience, why) from what the article asks its reader to run and where.

    ``hint`` is another system's audience (``ITPro`` read as it-staff): it
    decides only when the text itself is evenly balanced.
    """
    scores = sign_scores(article.body)
    it, dev, user = scores["it-staff"], scores["developer"], scores["end-user"]
    if dev >= 6 and dev > it:
        return "developer", "it talks about code, APIs or add-in development"
    if it >= 6 and it > user:
        return "it-staff", "it asks the reader to run admin tools (cmdlets, registry, admin center)"
    if user > it or (user and it < 6 and not dev):
        # Another system's label (nearly every imported article says ITPro) yields to any sign
        # of an everyday reader when the admin signs are weak.
        return "end-user", "its steps are in an everyday app's menus and the reader's own files"
    if hint in AUDIENCES:
        return hint, "from the front matter's audience key"
    return DEFAULT_AUDIENCE, "nothing marks it as written for IT staff or developers"


def sign_scores(text: str) -> dict[str, int]:
    """Weighted count of each audience's signs in ``text`` (each sign counted at most three times)."""
    hits: dict[tuple[str, int, int], int] = {}
    lookup, firsts = _LOOKUP, _PAIR_FIRSTS
    previous = ""
    for word in _WORDS.findall(text.lower()):
        sign = lookup.get(word)
        if sign is not None:
            hits[sign] = hits.get(sign, 0) + 1
        if previous in firsts:  # only then can the two words be a sign ("admin center")
            sign = lookup.get(f"{previous} {word}")
            if sign is not None:
                hits[sign] = hits.get(sign, 0) + 1
        previous = word
    scores = {"it-staff": 0, "developer": 0, "end-user": 0}
    for (audience, weight, _), n in hits.items():
        scores[audience] += weight * min(_MAX_PER_SIGN, n)
    for pattern, gate, audience, weight in _PATTERN_SIGNS:
        found = len(pattern.findall(text)) if gate in text else 0  # the gate skips a sure miss
        scores[audience] += weight * min(_MAX_PER_SIGN, found)
    return scores
