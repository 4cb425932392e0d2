"""The linter's fast paths give exactly the answers of the slow ones.

- relint after each kind of edit (a paragraph, a heading, a new list item, the
  front matter) equals a full lint of the edited text, with the KB style;
- the word-start prefilter finds the same matches as a full ``finditer`` for
  every pattern of the KB style (and of the public Vale styles, when they are
  beside the checkout), on the sample KB's articles (and corpus articles);
- Flesch-Kincaid summed from per-sentence counts equals textstat's own figure.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import textstat

from kbeditor.article import load_article, parse_article
from kbeditor.lint.budget import TimedPattern
from kbeditor.lint.engine import Linter
from kbeditor.lint.matching import crosses_lines, in_blocks, is_anchored, iter_matches
from kbeditor.lint.prefilter import WordIndex, _ScopeView, required_chars, word_keys
from kbeditor.lint.scope import Ranges, parse_scope, scope_spans
from kbeditor.lint.settings import BUNDLED_STYLES
from kbeditor.lint.textstats import grade
from kbeditor.readability_summary import article_grade, round_grade

KB = BUNDLED_STYLES / "KB"


@pytest.fixture(scope="module")
def kb() -> Linter:
    return Linter.from_styles([KB])


def _insert_after(text: str, anchor: str, extra: str) -> str:
    at = text.index(anchor) + len(anchor)
    return text[:at] + extra + text[at:]


def _edits(article) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """Edited texts of an article, one per kind of edit a writer makes."""
    text = article.text
    paragraphs = [b for b in article.blocks if b.kind == "paragraph" and b.quote_depth == 0]
    heads = [b for b in article.blocks if b.kind == "heading"]
    items = [b for b in article.blocks if b.kind == "list_item"]
    out: dict[str, str] = {}
    if paragraphs:
        p = paragraphs[len(paragraphs) // 2]
        out["paragraph"] = (
            text[: p.end] + " Sorry about that, simply reboot the PC again." + text[p.end :]
        )
    if len(heads) > 1:
        h = heads[1]
        out["heading"] = text[: h.start] + "## Cause\n\n" + text[h.start :]
        out["heading renamed"] = text[: h.end] + " and workaround" + text[h.end :]
    if items:
        it = items[len(items) // 2]
        marker = "1. " if it.ordered else "- "
        line = "\n" + " " * (it.depth * 2) + marker + "Restart the computer and then sign in."
        out["list item"] = text[: it.end] + line + text[it.end :]
    if article.front_matter is not None:
        out["front matter"] = text.replace("---\n", "---\naudience: it-staff\n", 1)
    else:
        out["front matter"] = "---\naudience: developer\ntype: how-to\n---\n" + text
    return out


def _relint_matches_full_lint(linter: Linter, path: Path) -> set[str]:
    article = load_article(path)
    first = linter.check(article)
    kinds = set()
    for kind, text in _edits(article).items():
        edited = parse_article(text, path)
        again = linter.relint(edited, first)
        assert again.text == text
        assert again.diagnostics == linter.check(edited).diagnostics, (path.name, kind)
        # and back again: relint from the edited result to the original
        assert linter.relint(article, again).diagnostics == first.diagnostics, (path.name, kind)
        kinds.add(kind)
    return kinds


def test_relint_equals_full_lint_for_every_kind_of_edit_on_the_sample_kb(kb, sample_kb):
    kinds: set[str] = set()
    for path in sorted(sample_kb.rglob("*.md")):
        kinds |= _relint_matches_full_lint(kb, path)
    assert kinds == {"paragraph", "heading", "heading renamed", "list item", "front matter"}


def test_relint_equals_full_lint_on_corpus_articles(kb, corpus_articles):
    for path in corpus_articles[:40]:
        _relint_matches_full_lint(kb, path)


# Edits that reach the document-level kinds a relint reuses per section, block or list:
# escalation, questions left unanswered, abbreviations, required phrasing, numbered steps.
_DOCUMENT_EDITS = {
    "escalation": " If the problem persists, contact the service desk and include the error.",
    "dead end": " You can't continue until the VPN (virtual private network) is on.",
    "abbreviation": " Then turn on MFA for the account.",
    "not needed": " This behaviour is by design.",
    "success": " When it works, you see the Inbox again.",
}


def _document_edits(article) -> dict[str, str]:  # type: ignore[no-untyped-def]
    text = article.text
    out = _edits(article)
    paragraphs = [b for b in article.blocks if b.kind == "paragraph" and b.quote_depth == 0]
    for n, (kind, extra) in enumerate(_DOCUMENT_EDITS.items()):
        if paragraphs:
            p = paragraphs[(n * 7) % len(paragraphs)]
            out[kind] = text[: p.end] + extra + text[p.end :]
    steps = [b for b in article.blocks if b.kind == "list_item" and b.ordered]
    if steps:
        s = steps[-1]
        out["step"] = (
            text[: s.end] + ", select Save, and then close the window and sign out" + text[s.end :]
        )
        # the same length, other words: nothing but the text tells the lists apart
        first_word = re.search(r"[A-Za-z]{4,}", text[steps[0].start : steps[0].end])
        if first_word:
            at = steps[0].start + first_word.start()
            out["step words"] = (
                text[:at] + "q" * len(first_word.group()) + text[at + len(first_word.group()) :]
            )
    heads = [b for b in article.blocks if b.kind == "heading"]
    if heads:
        h = heads[-1]
        out["escalation heading"] = (
            text[: h.start] + "## If this did not help\n\nCall us.\n\n" + text[h.start :]
        )
    return out


def test_relint_equals_a_full_lint_by_another_linter_for_the_document_level_kinds(
    kb, sample_kb, corpus_if_present
):
    """What a relint reuses per section, block or list is keyed by all it depends on: a
    linter that never saw the text before the edit finds the same. One such linter per kind
    of edit (it sees each article once, so nothing it kept can stand in for the original)."""
    paths = sorted(sample_kb.rglob("*.md")) + list(corpus_if_present[:20])
    articles = [load_article(p) for p in paths]
    before = [kb.check(a) for a in articles]
    edits = [_document_edits(a) for a in articles]
    kinds = sorted({k for e in edits for k in e})
    assert set(_DOCUMENT_EDITS) | {"step", "step words", "escalation heading"} <= set(kinds)
    for kind in kinds:
        fresh = Linter.from_styles([KB])
        for path, first, texts in zip(paths, before, edits, strict=True):
            if kind in texts:
                edited = parse_article(texts[kind], path)
                again = kb.relint(edited, first)
                assert again.diagnostics == fresh.check(edited).diagnostics, (path.name, kind)


def test_relint_of_a_long_article_after_many_edits_stays_exact(kb, corpus_articles):
    text = "\n".join(
        load_article(p).text.split("---", 2)[-1] for p in corpus_articles[:8]
    )  # several bodies in one article
    article = parse_article(text, Path("long.md"))
    result = kb.check(article)
    for n in range(6):
        edits = _edits(article)
        kind = sorted(edits)[n % len(edits)]
        article = parse_article(edits[kind], Path("long.md"))
        result = kb.relint(article, result)
        assert result.diagnostics == kb.check(article).diagnostics, kind


# -- the word-start prefilter ---------------------------------------------------------------


@pytest.fixture(scope="module")
def style_patterns(vale_styles_if_present) -> list[tuple[str, re.Pattern[str]]]:
    """The patterns of the KB style, and of the public Vale styles when they are there."""
    folders = [KB]
    if vale_styles_if_present is not None:
        found = sorted(vale_styles_if_present.iterdir())
        folders += [p / p.name for p in found if (p / p.name).is_dir()]
    return _patterns(folders)


@pytest.fixture(scope="module")
def articles(sample_kb, corpus_if_present) -> list[Path]:
    """The sample KB's articles, then corpus articles when the corpus is there."""
    return sorted(sample_kb.rglob("*.md")) + corpus_if_present[:60]


def _patterns(folders: list[Path]) -> list[tuple[str, re.Pattern[str]]]:
    linter = Linter.from_styles(folders)
    out = []
    for rule in linter.rules:
        pattern = getattr(rule.check, "pattern", None)
        if isinstance(pattern, re.Pattern | TimedPattern):
            out.append((rule.id, pattern))
    return out


def _full_scan(pattern, ranges, anchored, crossing):  # type: ignore[no-untyped-def]
    """What iter_matches does without the prefilter: one finditer per span, or over the joined text
    (no match starting on the blank line before a block, as Vale reads blocks: in_blocks)."""
    if crossing:
        for s, e in ranges:
            if anchored:
                yield from (
                    (s + m.start(), s + m.end()) for m in pattern.finditer(ranges.source[s:e])
                )
            else:
                yield from (m.span() for m in pattern.finditer(ranges.source, s, e))
    elif anchored or len(ranges) >= 4:
        lo, hi = ranges.bounds
        found = pattern.finditer(ranges.joined, lo, hi)
        yield from (m.span() for m in in_blocks(pattern, ranges.joined, found, hi))
    else:
        for s, e in ranges:
            found = pattern.finditer(ranges.source, s, e)
            yield from (m.span() for m in in_blocks(pattern, ranges.source, found, e))


def test_prefilter_finds_what_a_full_scan_finds(style_patterns, articles):
    patterns = style_patterns
    gated = [(rid, p) for rid, p in patterns if word_keys(p) is not None]
    assert len(gated) > len(patterns) // 2  # most rules are word lists
    scopes = [parse_scope(s) for s in ("text", "heading", "sentence", "paragraph")]
    for path in articles:
        article = load_article(path)
        for scope in scopes:
            ranges = Ranges(scope_spans(article, scope), article.mask)
            if not ranges:
                continue
            for rid, pattern in patterns:  # word lists, and patterns that need a comma ...
                anchored, crossing = is_anchored(pattern.pattern), crosses_lines(pattern.pattern)
                fast = [
                    (m.start(), m.end()) for m in iter_matches(pattern, ranges, anchored, crossing)
                ]
                slow = list(_full_scan(pattern, ranges, anchored, crossing))
                assert fast == slow, (rid, path.name, scope.key)


def test_scopes_reading_the_article_index_find_what_a_full_scan_finds(style_patterns, articles):
    patterns = [(rid, p) for rid, p in style_patterns if word_keys(p) is not None]
    names = ("text", "heading", "sentence", "paragraph", "list", "table.cell", "~heading")
    scopes = [parse_scope(s) for s in names]
    viewed = 0
    for path in articles[:60]:
        article = load_article(path)
        base = WordIndex(article.mask, [(0, len(article.mask))])
        for scope in scopes:
            spans = scope_spans(article, scope)
            for some in (spans, spans[:3]):  # joined text, and span by span
                ranges = Ranges(some, article.mask)
                if not ranges:
                    continue
                ranges.read_article_index(lambda base=base: base)
                for joined in (True, False):
                    viewed += isinstance(ranges.word_index(joined), _ScopeView)
                for rid, pattern in patterns:
                    anchored, crossing = (
                        is_anchored(pattern.pattern),
                        crosses_lines(pattern.pattern),
                    )
                    fast = [m.span() for m in iter_matches(pattern, ranges, anchored, crossing)]
                    slow = list(_full_scan(pattern, ranges, anchored, crossing))
                    assert fast == slow, (rid, path.name, scope.key, len(some))
    assert viewed > 200


def test_no_view_when_a_word_runs_across_a_scope_edge():
    text = "Restart the laptop now and sign in."
    base = WordIndex(text, [(0, len(text))])
    assert base.view(text, [(0, 14)], [(0, 14)]) is None  # "lap|top"
    assert base.view(text, [(12, 20)], [(12, 20)]) is None  # "la|ptop"
    view = base.view(text, [(12, 18)], [(12, 18)])
    assert view is not None
    keys = word_keys(re.compile(r"\b(?:laptop|restart)\b", re.I))
    assert keys is not None
    assert view.candidates(keys) == [(12, 18)]
    assert base.candidates(keys) == [(0, len(text)), (12, len(text))]


@pytest.mark.parametrize(
    ("pattern", "flags", "text", "expected"),
    [
        (r"\b(?:to)\b", 0, "Go tomorrow to work.", ["to"]),  # a short word is matched whole
        (r"\b(?:kelvin)\b", re.I, "The \u212aelvin scale.", ["\u212aelvin"]),  # Kelvin sign
        (r"\b(?:utiliz\w*)\b", 0, "We utilized and utilize it.", ["utilized", "utilize"]),
        (r"(?:(?:^|\s)I(?=\s)|\bme\b)", 0, "I think so. Tell me now. I", ["I", "me"]),
        (r"\d{1,2} ?[ap]m\b", 0, "At 10 am and 123pm and x5pm.", ["10 am", "23pm", "5pm"]),
        # two-word phrases are looked up by both words
        (r"\b(?:a piece of cake|a breeze)\b", re.I, "A  piece of cake, a breeze.", ["a breeze"]),
        (
            r"\b(?:the user(?:s)?)\b",
            0,
            "the users and the\tuser and the user",
            ["the users", "the user"],
        ),
    ],
)
def test_prefilter_edge_cases_match_finditer(pattern, flags, text, expected):
    from kbeditor.lint.regexes import compile_pattern

    compiled = compile_pattern(pattern, re.M | flags)
    assert word_keys(compiled) is not None
    ranges = Ranges([(0, len(text))], text)
    fast = [m.group() for m in iter_matches(compiled, ranges)]
    assert fast == [m.group() for m in compiled.finditer(text)]
    assert [f.strip() for f in fast] == [e.strip() for e in expected]


def test_characters_every_match_needs():
    def needs(pattern: str) -> list[list[str]]:
        return [sorted(s) for s in required_chars(re.compile(pattern, re.I))]

    assert needs(r"\b(?:(?:[^,]+,){1,}\s\w+\s(?:and|or))\b") == [[","]]
    assert needs(r"[a-z]+[!?]{2,}") == [["!", "?"]]
    assert needs(r"\w+(?:!|\.)") == [["!", "."]]
    assert needs(r"\w+!?") == []  # optional: nothing is required
    assert needs(r"abc") == []  # letters have case: not used


def test_patterns_that_can_start_anywhere_are_not_prefiltered():
    for pattern in (r"\w+ed\b", r"(?:[^,]+,){1,}\s\w+\s(?:and|or)", r"\bt\w*", r"o\.c\.d\."):
        assert word_keys(re.compile(pattern)) is None, pattern


# -- readability from summed counts ----------------------------------------------------------


def test_flesch_kincaid_from_sentence_counts_equals_textstat(corpus_articles):
    checked = 0
    for path in corpus_articles[:80]:
        article = load_article(path)
        pieces = []
        for s in article.sentences:
            sentence = " ".join(article.mask[s.start : s.end].split())
            assert grade("flesch_kincaid_grade", sentence) == textstat.flesch_kincaid_grade(
                sentence
            )
            pieces.append(sentence if sentence[-1:] in ".!?" else sentence + ".")
            checked += 1
        joined = " ".join(pieces)
        assert grade("flesch_kincaid_grade", pieces) == textstat.flesch_kincaid_grade(joined)
        # a full stop added to a sentence changes none of the counts
        unclosed = [p[:-1] if p.endswith(".") and not p.endswith("..") else p for p in pieces]
        assert grade("flesch_kincaid_grade", unclosed) == textstat.flesch_kincaid_grade(joined)
    assert checked > 1000
    assert grade("flesch_kincaid_grade", "") == textstat.flesch_kincaid_grade("") == 0.0


def test_article_grade_summed_per_block_equals_textstat_on_its_sentences(corpus_articles):
    """The article grade adds up per-block counts kept by each block's text; it equals
    textstat's grade of the article's sentences joined, before and after an edit, and an
    edit that changes the sentences of one block changes the grade as textstat's does."""
    checked = 0
    for path in corpus_articles[:40]:
        article = load_article(path)
        for text in [article.text, *_edits(article).values()]:
            edited = parse_article(text, path)
            pieces = [" ".join(edited.mask[s.start : s.end].split()) for s in edited.sentences]
            closed = [p if p[-1:] in ".!?" else p + "." for p in pieces if p]
            graded = article_grade(edited)
            assert graded.sentences == len(closed), (path.name, text[:40])
            assert graded.words == sum(p.count(" ") + 1 for p in closed)
            expected = textstat.flesch_kincaid_grade(" ".join(closed)) if closed else 0.0
            assert graded.grade == round_grade(max(expected, 0.0)), path.name
            checked += 1
    assert checked > 100


def test_canned_advice_found_from_the_article_index_as_by_a_full_scan(kb, articles):
    from kbeditor.lint.matching import BlockSearch

    advice = next(r for r in kb.rules if r.id == "KB.CannedAdvice").check.advice
    tried = 0
    for path in articles:
        article = load_article(path)
        mask = article.mask
        base = WordIndex(mask, [(0, len(mask))])
        found = BlockSearch(advice, mask, lambda base=base: base)
        spans = [(b.start, b.end) for b in article.blocks]
        spans += [(b.start + 1, b.end - 1) for b in article.blocks if b.end - b.start > 2]
        for s, e in spans:
            tried += 1
            assert found.spans(s, e) == [m.span() for m in advice.regex.finditer(mask, s, e)], (
                path.name,
                s,
                e,
            )
    assert tried > 300


def _within(index: WordIndex, start: int, end: int) -> dict[str, list[int]]:
    found = {w: [p for p in at if start <= p < end] for w, at in index.by_word.items()}
    return {w: at for w, at in found.items() if at}


def test_a_blocks_word_index_lists_the_words_the_whole_texts_index_lists_there(corpus_articles):
    """A relint indexes a changed block alone (lower-casing the block, not the article): it
    finds each word where the article's index does, with the same key."""
    texts = [load_article(p).mask for p in corpus_articles[:30]]
    texts.append("Open İstanbul settings.\nThe ΑΣ and ΟΔΟΣ names.\nSelect Save İ.\n")
    checked = 0
    for mask in texts:
        whole = WordIndex(mask, [(0, len(mask))])
        for line in re.finditer(r"[^\n]+", mask):
            start, end = line.span()
            assert WordIndex(mask, [(start, end)]).by_word == _within(whole, start, end)
            checked += 1
    assert checked > 500
