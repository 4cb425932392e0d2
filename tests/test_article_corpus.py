"""The scanner over 600 real support articles, and over arbitrary text (Hypothesis)."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kbeditor import blocks as B
from kbeditor.article import load_article, parse_article

_FENCE = re.compile(r"^\s*(`{3,}(?=[^`]*$)|~{3,})")
_ATX = re.compile(r"^#{1,6}(\s|$)")


def plain_heading_lines(text: str, body_start: int) -> set[int]:
    """ATX headings at the start of a line, outside fenced code: what a person sees as headings."""
    lines = text[body_start:].splitlines()
    first = text.count("\n", 0, body_start) + 1
    found, fence = set(), None
    for i, line in enumerate(lines):
        m = _FENCE.match(line)
        if m and (fence is None or m.group(1)[0] == fence):
            fence = None if fence else m.group(1)[0]
            continue
        if fence is None and _ATX.match(line):
            found.add(first + i)
    return found


def check_invariants(article) -> None:
    n = len(article.text)
    assert len(article.mask) == n
    previous_end = -1
    for block in article.blocks:
        assert 0 <= block.start <= block.end <= n
        assert block.start > previous_end, "blocks are ordered and disjoint"
        previous_end = block.end
        assert article.line_col(block.start)[0] == block.line
    code = [(b.start, b.end) for b in article.blocks if b.is_code]
    code += [(s.start, s.end) for s in article.code_spans]
    for start, end in code:
        assert not article.mask[start:end].strip(), "code never reaches the prose mask"
    for s in article.sentences:
        assert 0 <= s.start < s.end <= n
        block = article.blocks[s.block]
        assert block.start <= s.start and s.end <= block.end
    for link in article.links:
        assert 0 <= link.start <= link.text_start <= link.text_end <= link.end <= n


def test_corpus_parses_with_offsets_in_bounds(corpus_articles):
    assert len(corpus_articles) >= 600
    for path in corpus_articles:
        article = load_article(path)
        assert not article.errors, f"{path.name}: {article.errors}"
        check_invariants(article)


def test_corpus_headings_match_a_plain_line_scan(corpus_articles):
    mismatched = []
    for path in corpus_articles:
        article = load_article(path)
        ours = {h.line for h in article.headings if article.text[h.start] == "#"}
        if ours != plain_heading_lines(article.text, article.body_start):
            mismatched.append(path.name)
    assert mismatched == []


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.sampled_from(list("ab #>-*1.`~|:[]()!\n\r\t <!-->_=😀é")), max_size=300))
def test_arbitrary_markdownish_text_never_crashes(text):
    check_invariants(parse_article(text))


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_arbitrary_unicode_never_crashes(text):
    article = parse_article(text)
    check_invariants(article)
    assert article.text == text
    for kind in {b.kind for b in article.blocks}:
        assert kind in {
            B.HEADING,
            B.PARAGRAPH,
            B.LIST_ITEM,
            B.CODE_FENCED,
            B.CODE_INDENTED,
            B.TABLE,
            B.HTML,
            B.COMMENT,
            B.DIRECTIVE,
            B.LINK_REF_DEF,
            B.THEMATIC_BREAK,
        }
