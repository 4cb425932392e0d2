"""The symptom-first shape of a KB article as a checklist.

The structure panel ticks each item from two sources: the lint results (a
structure, recovery or reassurance rule that fired unticks its item and
lends it its message) and a reading of the article itself, so the list is
useful before the first lint pass finishes and for rules a workspace turned
off. Items that do not apply to an article's type (no symptom in a how-to)
are marked as such rather than failed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from kbeditor import blocks as B
from kbeditor import lifecycle
from kbeditor.article import Article, Section

# Heading words that name each part of the shape (KB-STYLE.md and the public corpus).
SYMPTOM_HEADING = re.compile(
    r"\b(symptoms?|problem|issue|what you see|what happens|error|summary)\b", re.I
)
IMPACT_HEADING = re.compile(r"\b(impact|what this means|who is affected|affected)\b", re.I)
RECOVERY_HEADING = re.compile(
    r"\b(resolution|solution|workaround|fix|steps|how to|resolve|what to do|recover)", re.I
)
ESCALATION_HEADING = re.compile(
    r"(did not help|didn't help|still need|more help|get help|contact|escalat|support)", re.I
)
CAUSE_HEADING = re.compile(r"\b(cause|why this happens|why does this happen|root cause)\b", re.I)

IMPACT_TEXT = re.compile(
    r"\b(you (can(no|'|’)t|cannot|are unable to|can no longer)|stops? working|is blocked|"
    r"are blocked|affects?|affected|unable to|means that you|until (this|it) is fixed)\b",
    re.I,
)
SUCCESS_TEXT = re.compile(
    r"\b(you (now )?see|now (shows?|works?|opens?|connects?|arrives?)|works again|"
    r"when (it|this) works|is fixed|you('re| are) done|should now|succeed|success|"
    r"(appears?|arrives?|connects?|opens?) (again|within|normally)|turns? green|"
    r"(check|confirm) that (it|this) works|when you are (done|connected|finished))\b",
    re.I,
)
ESCALATION_TEXT = re.compile(
    r"\b(contact|call|raise a ticket|open a ticket|service desk|help ?desk|support team|"
    r"escalate|reach out)\b",
    re.I,
)
REASSURANCE_TEXT = re.compile(
    r"\b(is safe|are safe|(is|are) not (lost|deleted|affected)|nothing (is|was) (lost|deleted)|"
    r"does not mean|doesn't mean|temporary|by itself|no data is lost|still (there|available)|"
    r"you (do not|don't) lose|keeps? (your|all)|is saved|are saved|not locked|still works|"
    r"(is|are) fine|nothing is wrong|you can keep working|(do not|don't) need to \w+ (it|\w+) again)\b",
    re.I,
)
# Front-matter keys the checklist reports when unset; only a missing owner (KB.Owner's test,
# lifecycle.owner_of) unticks the item, as no rule asks for the others.
METADATA_KEYS = ("title", "product", "tags", "audience", "type", "updated", "owner")


@dataclass(frozen=True, slots=True)
class CheckItem:
    """One line of the checklist.

    ``ok`` is True (ticked), False (missing) or None (does not apply to this
    article's type); ``offset`` is where to jump to look at it, if anywhere.
    """

    key: str
    label: str
    ok: bool | None
    detail: str
    offset: int | None = None


@dataclass(frozen=True, slots=True)
class _Spec:
    """An item, the KB rules that speak for it, and how to recognise other styles' rules."""

    key: str
    label: str
    rules: tuple[str, ...]  # rule names (after the style's dot) that untick the item
    categories: frozenset[str]
    words: tuple[str, ...]  # ...or a rule of these categories whose id or message has one
    every_finding: bool = False  # the detail joins all its findings' messages, not the first


SPECS = (
    _Spec(
        "symptom_first",
        "Symptom first",
        ("SymptomFirst", "RequiredSections"),
        frozenset({"structure"}),
        ("symptom",),
    ),
    _Spec("impact", "Impact stated", (), frozenset({"structure"}), ("impact",)),
    _Spec(
        "steps",
        "Numbered steps",
        ("NumberedSteps", "HowToSteps"),
        frozenset({"structure", "recovery"}),
        ("numbered", "ordered list"),
    ),
    _Spec("success", "Success described", ("SuccessState",), frozenset({"recovery"}), ("success",)),
    _Spec(
        "escalation",
        "Escalation path",
        ("EscalationPath", "EscalationDetails"),
        frozenset({"recovery", "structure"}),
        ("escalat",),
    ),
    _Spec(
        "reassurance",
        "Reassurance",
        ("Reassurance", "EmptyReassurance"),
        frozenset({"reassurance"}),
        ("",),
    ),
    _Spec(
        "cause_after",
        "Cause after the steps",
        ("CauseAfterFix",),
        frozenset({"structure"}),
        ("cause",),
    ),
    # The lifecycle rules and front-matter errors own these facts: once lint has run, the
    # item is unticked by their findings only, so it never says "missing owner" while the
    # lint (where KB.Owner is off, e.g. on an imported article) says nothing.
    _Spec(
        "metadata",
        "Metadata complete",
        ("Owner", "ReviewDate", "FrontMatter"),
        frozenset({"metadata", "lifecycle"}),
        ("",),
        every_finding=True,  # an overdue review must not hide a missing owner
    ),
)


def checklist(article: Article, diagnostics: Iterable[Any] | None = None) -> list[CheckItem]:
    """The eight items of the symptom-first shape for ``article``.

    ``diagnostics`` are lint results for the same text (objects with
    ``rule``, ``category``, ``message`` and ``start``), or None before the
    first lint pass. A finding that belongs to an item unticks it. Once lint
    has run, an item the house style checks and found nothing wrong with is
    never shown as missing: the style knows when it is needed (reassurance
    only where the reader fears loss, steps not in every known issue), so
    the article's own reading then only decides between ticked and not needed.
    """
    found = _article_checks(article)
    linted = diagnostics is not None
    flagged = _flags(diagnostics or ())
    items = []
    for spec in SPECS:
        ok, detail, offset = found[spec.key]
        diags = flagged.get(spec.key)
        if diags:
            ok = False
            messages = [str(getattr(d, "message", detail)) for d in diags]
            detail = " ".join(dict.fromkeys(messages)) if spec.every_finding else messages[0]
            offset = getattr(diags[0], "start", offset)
        elif linted and spec.rules and ok is False:
            ok = None
            detail = "The house style does not ask for this here."
        items.append(CheckItem(spec.key, spec.label, ok, detail, offset))
    return items


def _flags(diagnostics: Iterable[Any]) -> dict[str, list[Any]]:
    """The diagnostics that speak for each item, first first: a named KB rule, else by category.

    Each diagnostic speaks for one item at most.
    """
    out: dict[str, list[Any]] = {}
    for diag in diagnostics:
        rule = str(getattr(diag, "rule", ""))
        name = rule.rpartition(".")[2]
        category = str(getattr(diag, "category", ""))
        words = f"{rule} {getattr(diag, 'message', '')}".lower()
        for spec in SPECS:
            if spec.key in out and not spec.every_finding:
                continue
            if name in spec.rules or (
                category in spec.categories and any(w in words for w in spec.words)
            ):
                out.setdefault(spec.key, []).append(diag)
                break
    return out


def _article_checks(article: Article) -> dict[str, tuple[bool | None, str, int | None]]:
    kind = article.metadata.type
    top = _top_sections(article)
    steps = _ordered_items(article)
    recovery = _first(top, RECOVERY_HEADING) or _section_holding(top, steps[0] if steps else None)
    cause = _first(top, CAUSE_HEADING)
    symptom_needed = kind != "how-to"
    return {
        "symptom_first": _symptom_first(article, top) if symptom_needed else _na("a how-to"),
        "impact": _impact(article, top) if symptom_needed else _na("a how-to"),
        "steps": _steps(steps),
        "success": _success(article, top, steps) if kind != "known-issue" else _na("a known issue"),
        "escalation": _escalation(article, top),
        "reassurance": _reassurance(article),
        "cause_after": _cause_after(cause, recovery, steps),
        "metadata": _metadata(article),
    }


def _na(kind: str) -> tuple[None, str, None]:
    return None, f"Does not apply to {kind}.", None


def _top_sections(article: Article) -> list[Section]:
    """The article's main sections: level 2, or level 1 when it has no level 2 headings."""
    levels = sorted({s.level for s in article.sections})
    if not levels:
        return []
    main = 2 if 2 in levels else levels[0]
    return [s for s in article.sections if s.level == main]


def _first(sections: list[Section], pattern: re.Pattern[str]) -> Section | None:
    return next((s for s in sections if pattern.search(s.title)), None)


def _section_holding(sections: list[Section], block: B.Block | None) -> Section | None:
    if block is None:
        return None
    return next((s for s in sections if s.start <= block.start < s.end), None)


def _ordered_items(article: Article) -> list[B.Block]:
    return [b for b in article.blocks if b.kind == B.LIST_ITEM and b.ordered]


def _prose(article: Article, start: int, end: int) -> str:
    return " ".join(article.mask[start:end].split())


def _symptom_first(article: Article, top: list[Section]) -> tuple[bool, str, int | None]:
    if not top:
        return False, "Add a first section that describes what the reader sees.", None
    first = top[0]
    if SYMPTOM_HEADING.search(first.title):
        return True, f"The article opens with '{first.title}'.", first.start
    return False, f"The first section is '{first.title}': describe the symptom first.", first.start


def _impact(article: Article, top: list[Section]) -> tuple[bool, str, int | None]:
    section = _first(top, IMPACT_HEADING)
    if section is not None:
        return True, f"Stated in '{section.title}'.", section.start
    opening = top[:2] if top else []
    for s in opening:
        if m := IMPACT_TEXT.search(article.mask, s.start, s.end):
            return True, "The opening says what stops working.", m.start()
    return False, "Say what the problem blocks and who is affected.", None


def _steps(steps: list[B.Block]) -> tuple[bool, str, int | None]:
    if len(steps) >= 2:
        return True, f"{len(steps)} numbered steps.", steps[0].start
    return False, "Give the recovery as a numbered list of steps.", None


def _success(
    article: Article, top: list[Section], steps: list[B.Block]
) -> tuple[bool, str, int | None]:
    """Success is told after the steps, in the section that holds the last of them."""
    if not steps:
        return False, "Say what the reader sees when the fix worked.", None
    last = _section_holding(top, steps[-1])
    end = last.end if last is not None else len(article.text)
    if m := SUCCESS_TEXT.search(article.mask, steps[0].start, end):
        return True, "The steps say what success looks like.", m.start()
    return False, "Say what the reader sees when the fix worked.", None


def _escalation(article: Article, top: list[Section]) -> tuple[bool, str, int | None]:
    section = _first(top, ESCALATION_HEADING)
    if section is not None:
        return True, f"'{section.title}' says what to do next.", section.start
    tail = top[-2:] if top else []
    for s in tail:
        if m := ESCALATION_TEXT.search(article.mask, s.start, s.end):
            return True, "The end says who to contact.", m.start()
    return False, "End with who to contact and what to include if the steps did not help.", None


def _reassurance(article: Article) -> tuple[bool | None, str, int | None]:
    if m := REASSURANCE_TEXT.search(article.mask, article.body_start):
        return True, f"'{' '.join(m.group(0).split())}' reassures the reader.", m.start()
    if article.metadata.type == "how-to" or article.metadata.audience != "end-user":
        return None, "Not needed unless the reader may fear loss or lock-out.", None
    return False, "Say what is safe or temporary, where the reader may fear loss.", None


def _cause_after(
    cause: Section | None, recovery: Section | None, steps: list[B.Block]
) -> tuple[bool | None, str, int | None]:
    if cause is None:
        return None, "No cause section.", None
    first_step = recovery.start if recovery is not None else (steps[0].start if steps else None)
    if first_step is None:
        return False, "Give the steps before explaining the cause.", cause.start
    if cause.start > first_step:
        return True, f"'{cause.title}' comes after the steps.", cause.start
    return False, f"'{cause.title}' comes before the steps: move it after them.", cause.start


def _metadata(article: Article) -> tuple[bool, str, int | None]:
    """Before lint: what KB.Owner and the front-matter checks would say; other unset keys
    are named but do not untick the item."""
    meta = article.metadata
    unset = [
        key
        for key in METADATA_KEYS
        if key != "owner" and (key not in meta.present or getattr(meta, key) in (None, "", []))
    ]
    errors = [e for e in article.errors if getattr(e, "field", None)]
    if errors:
        return False, str(errors[0].message if hasattr(errors[0], "message") else errors[0]), 0
    also = f" Not set: {', '.join(unset)}." if unset else ""
    if lifecycle.owner_of(meta) is None:
        return False, "Missing: owner (the team or person who keeps this article right)." + also, 0
    if unset:
        return True, "An owner is set." + also, 0
    return True, "Title, product, tags, audience, type, date and owner are set.", 0
