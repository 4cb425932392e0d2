"""What the index holds for one article, taken from the parsed :class:`Article`.

The block scanner has already decided what is prose: the body field is built
from ``Article.searchable``, so code, front matter, URLs and markup never reach the
index as words. Error messages are the exception that proves the rule: a log
line in a code block that says "error", "denied" or "unauthorized" is what an
agent will paste, so such lines are indexed on their own (``messages``), and
so are code-block lines holding an error code (``AADSTS50076: Due to a
configuration change ...``): KB-STYLE asks writers to quote messages in code
blocks, and the snippet of a search for the code or the message must show it.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from kbeditor.article import Article
from kbeditor.search import shingles as S
from kbeditor.search.codes import code_matches, find_codes
from kbeditor.search.schema import analyzed_terms

# Headings that name the symptom section, compared in lower case without punctuation.
SYMPTOM_HEADINGS = re.compile(
    r"^(symptoms?|problem|issues?|the problem|what you see|what happens|what you might see|"
    r"error|error message|summary|scenario|description)\b"
)
_MESSAGE_WORDS = re.compile(
    r"error|fail|exception|denied|unauthori[sz]ed|forbidden|invalid|cannot|can't|could not|"
    r"unable|not found|timed? ?out|expired|refused|warning|0x[0-9a-f]{4}",
    re.IGNORECASE,
)
MAX_MESSAGE_LINE = 300


@dataclass(frozen=True, slots=True)
class IndexDoc:
    """One article as the index sees it."""

    path: str
    title: str
    symptom: str
    body: str
    messages: str
    codes: list[str]
    product: str | None
    tags: list[str]
    audience: str
    type: str | None
    status: str | None
    updated: dt.date | None
    lines: str  # "line<TAB>text" per line, for snippets
    shingles: set[int]
    topic: dict[str, float]  # unit-length term-frequency vector (see similar.py)
    focus: dict[str, float]  # the same for the title, symptom, messages, product, tags


def build_doc(article: Article, rel_path: str) -> IndexDoc:
    """Turn a parsed article into the fields of the index."""
    meta = article.metadata
    mask = article.searchable
    body = mask[article.body_start :]
    messages = _message_lines(article)
    description = meta.extra.get("description")
    symptom = _symptom_text(article)
    if isinstance(description, str):
        symptom = f"{description}\n{symptom}"
    raw_body = article.text[article.body_start :]
    codes = find_codes(f"{article.title}\n{raw_body}")
    codes += [c for tag in meta.tags for c in find_codes(tag, query=True) if c not in codes]
    return IndexDoc(
        path=rel_path,
        title=article.title,
        symptom=symptom,
        body=body,
        messages="\n".join(text for _, text in messages),
        codes=codes,
        product=meta.product,
        tags=list(meta.tags),
        audience=meta.audience,
        type=meta.type,
        status=meta.status,
        updated=meta.updated,
        lines=_snippet_lines(article, messages),
        shingles=S.text_shingles(S.article_sentences(article)),
        topic=topic_vector(article.title, symptom, body),
        focus=focus_vector(
            article.title, symptom, "\n".join(t for _, t in messages), meta.product, meta.tags
        ),
    )


def topic_vector(title: str, symptom: str, body: str) -> dict[str, float]:
    """Log term frequencies of the stems, title counted three times and symptom twice, unit length.

    No corpus statistics (IDF) go in, so the cosine of two vectors depends on
    the two articles alone and means the same in any knowledge base.
    """
    return _unit_log_vector(((title, 3.0), (symptom, 2.0), (body, 1.0)))


def focus_vector(
    title: str, symptom: str, messages: str, product: str | None, tags: list[str]
) -> dict[str, float]:
    """What an article is about, without its steps: unit log term frequencies.

    Two articles on the same fault share the title's key nouns, the error
    message and the product even when one is in plain words and the other in
    jargon; their resolutions share little but everyday words. Used to rank
    similar articles (weighted by the workspace's idf, see similar.py), never
    reported as a similarity.
    """
    parts = (
        (title, 3.0),
        (symptom, 2.0),
        (messages, 2.0),
        (product or "", 1.0),
        (" ".join(tags), 1.0),
    )
    return _unit_log_vector(parts)


def _unit_log_vector(parts: Iterable[tuple[str, float]]) -> dict[str, float]:
    """1 + log of each term's weighted count over the texts, scaled to unit length."""
    counts: dict[str, float] = {}
    for text, weight in parts:
        _add_counts(counts, text, weight)
    vector = {term: 1.0 + math.log(count) for term, count in counts.items()}
    norm = math.sqrt(sum(v * v for v in vector.values())) or 1.0
    return {term: v / norm for term, v in vector.items()}


def _add_counts(counts: dict[str, float], text: str, weight: float) -> None:
    """Add ``weight`` per occurrence of each term of ``text`` (counted in C by Counter).

    Weights are small whole numbers, so ``weight * n`` equals adding it n times.
    """
    for term, n in Counter(analyzed_terms(text)).items():
        counts[term] = counts.get(term, 0.0) + weight * n


def _symptom_text(article: Article) -> str:
    """The first section named like Symptoms/Problem/Issue, else the first section."""
    sections = article.sections
    if not sections:
        return ""
    chosen = sections[0]
    if chosen.level == 1 and len(sections) > 1:
        chosen = sections[1]
    for section in sections:
        name = re.sub(r"[^\w\s]", "", section.title.lower()).strip()
        if SYMPTOM_HEADINGS.match(name):
            chosen = section
            break
    body = article.searchable[chosen.heading.end : chosen.end]
    return " ".join(body.split())


def _message_lines(article: Article) -> list[tuple[int, str]]:
    """(line, text) of code-block lines that read like error messages."""
    out = []
    for block in article.blocks:
        if not block.is_code:
            continue
        for offset, raw in enumerate(article.text[block.start : block.end].splitlines()):
            line = raw.strip().strip("`>")
            if (
                line
                and len(line) <= MAX_MESSAGE_LINE
                and not line.startswith("```")
                and (_MESSAGE_WORDS.search(line) or _has_error_code(line))
            ):
                out.append((block.line + offset, " ".join(line.split())))
    return out


def _has_error_code(line: str) -> bool:
    """A code other than a symbolic name (those are mostly registry keys and settings)."""
    return any("_" not in code for _, _, code in code_matches(line))


def _snippet_lines(article: Article, messages: list[tuple[int, str]]) -> str:
    """Prose lines (and message lines) with their line numbers, in article order."""
    found: list[tuple[int, str]] = list(messages)
    mask = _display_mask(article)
    start_line = article.line_col(article.body_start)[0]
    for number, line in enumerate(mask[article.body_start :].split("\n"), start=start_line):
        text = " ".join(line.split())
        if text:
            found.append((number, text))
    found.sort(key=lambda item: item[0])
    return "\n".join(f"{n}\t{t}" for n, t in found)


def _display_mask(article: Article) -> str:
    """The prose mask with inline code put back (without backticks), for readable snippets."""
    # Sliced around the spans: a list of every character of the article cost
    # more than the rest of the snippet lines.
    searchable = article.searchable
    text = article.text
    pieces: list[str] = []
    done = 0
    for span in sorted(article.code_spans, key=lambda s: s.start):
        start = max(span.start, done)
        if start >= span.end:
            continue
        pieces.append(searchable[done:start])
        pieces.extend(
            shown if shown not in "`\r\n" else kept
            for shown, kept in zip(
                text[start : span.end], searchable[start : span.end], strict=True
            )
        )
        done = span.end
    pieces.append(searchable[done:])
    return "".join(pieces)
