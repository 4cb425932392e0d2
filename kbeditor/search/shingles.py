"""Word shingles of an article's prose: the raw material of the similarity measure.

A shingle is a run of ``SIZE`` consecutive words inside one sentence (runs
never cross a sentence boundary, so reordering sentences changes nothing).
Words are lower-cased and accent-folded but not stemmed. Each shingle is
hashed to a stable 63-bit integer (Python's ``hash`` changes between runs, and
these numbers are stored on disk).
"""

from __future__ import annotations

import unicodedata
from array import array
from hashlib import blake2b

from kbeditor.article import Article
from kbeditor.words import words

SIZE = 3
# One shingle in SAMPLE_MOD is kept as a candidate key (see similar.py).
SAMPLE_MOD = 4
_MASK63 = (1 << 63) - 1


def fold(text: str) -> str:
    """Lower case without accents: "Résumé" -> "resume"."""
    if text.isascii():  # most prose: nothing to decompose (NFKD keeps ASCII as it is)
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def sentence_words(text: str) -> list[str]:
    return words(fold(text))


def shingle_hash(words: tuple[str, ...] | list[str]) -> int:
    digest = blake2b(" ".join(words).encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big") & _MASK63


def sentence_shingles(words: list[str]) -> set[int]:
    """Shingles of one sentence; a sentence shorter than SIZE is one shingle if it has 2+ words."""
    if len(words) < SIZE:
        return {shingle_hash(words)} if len(words) >= 2 else set()
    return {shingle_hash(words[i : i + SIZE]) for i in range(len(words) - SIZE + 1)}


def article_sentences(article: Article) -> list[str]:
    """The prose sentences of an article (code, front matter and markup excluded)."""
    mask = article.searchable
    return [" ".join(mask[s.start : s.end].split()) for s in article.search_sentences]


def text_shingles(sentences: list[str]) -> set[int]:
    out: set[int] = set()
    for sentence in sentences:
        out |= sentence_shingles(sentence_words(sentence))
    return out


def pack(shingles: set[int]) -> bytes:
    """Sorted unsigned 64-bit integers, for storage."""
    return array("Q", sorted(shingles)).tobytes()


def unpack(blob: bytes) -> set[int]:
    values = array("Q")
    values.frombytes(blob)
    return set(values)


def samples(shingles: set[int]) -> list[int]:
    """The candidate keys: a fixed, content-defined subset, so two texts sample alike."""
    return [h for h in shingles if h % SAMPLE_MOD == 0]
