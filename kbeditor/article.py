"""The article model: path + metadata + body, with every element positioned.

An :class:`Article` is built once from the text and is read-only afterwards.
Everything downstream (lint, search, export, the editor) uses its offsets,
which are Python string indices into ``Article.text``, the decoded file content
without a byte-order mark. ``Article.mask`` is the same text with everything
that is not the writer's prose blanked out, so a regex over it never matches
inside code, front matter, URLs, HTML or quoted messages and identifiers (see
:mod:`kbeditor.quoted`), and still returns offsets valid in ``text``.
``Article.searchable`` keeps the quoted messages: search and export read it.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from functools import cached_property
from itertools import accumulate
from pathlib import Path

from kbeditor import blocks as B
from kbeditor import frontmatter
from kbeditor import sentences as sentence_splitter
from kbeditor.errors import ArticleError
from kbeditor.frontmatter import FrontMatter, Metadata
from kbeditor.inline import Link, Span, blank, masked, new_mask, scan_inline
from kbeditor.quoted import blank_quoted
from kbeditor.words import words

__all__ = ["Article", "ArticleError", "Section", "Sentence", "load_article", "parse_article"]


@dataclass(frozen=True, slots=True)
class Section:
    """A heading and the range of text it governs (up to the next heading of its level or higher)."""

    heading: B.Block
    title: str
    level: int
    start: int
    end: int


@dataclass(slots=True, unsafe_hash=True)
class Sentence:
    """A sentence's span and the index of its block in ``Article.blocks``. Read-only by use,
    not frozen: an article makes hundreds on every relint, and a frozen dataclass builds
    each about three times slower."""

    start: int
    end: int
    block: int  # index into Article.blocks


# The blocks whose text is split into the writer's sentences (Article.sentences); the
# reading grade adds up the same blocks' sentences (kbeditor.readability_summary).
SENTENCE_BLOCKS = frozenset({B.PARAGRAPH, B.LIST_ITEM})


@dataclass(eq=False)
class Article:
    """A parsed article. Build it with :func:`parse_article` or :func:`load_article`."""

    text: str
    path: Path | None = None
    metadata: Metadata = field(default_factory=Metadata)
    front_matter: FrontMatter | None = None
    blocks: list[B.Block] = field(default_factory=list)
    containers: list[B.Container] = field(default_factory=list)
    code_spans: list[Span] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    mask: str = ""
    searchable: str = ""  # the prose with quoted messages and labels kept (search, export)
    quoted: list[Span] = field(default_factory=list)
    errors: list[ArticleError] = field(default_factory=list)
    bom: bool = False
    encoding: str = "utf-8"

    # -- positions -----------------------------------------------------------
    @cached_property
    def _line_starts(self) -> list[int]:
        # From the lines' lengths: a loop of find() per line cost more than the lint's
        # diagnostics themselves on every relint of a long article.
        lengths = [len(line) + 1 for line in self.text.split("\n")]
        return list(accumulate(lengths[:-1], initial=0))

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a character offset; columns count code points."""
        offset = max(0, min(offset, len(self.text)))
        line = bisect.bisect_right(self._line_starts, offset) - 1
        return line + 1, offset - self._line_starts[line] + 1

    def offset_of(self, line: int, column: int) -> int:
        """Inverse of :meth:`line_col`, clamped to the text."""
        starts = self._line_starts
        line = max(1, min(line, len(starts)))
        return min(starts[line - 1] + max(column, 1) - 1, len(self.text))

    # -- views -----------------------------------------------------------------
    @property
    def body_start(self) -> int:
        return self.front_matter.end if self.front_matter else 0

    @property
    def body(self) -> str:
        return self.text[self.body_start :]

    def block_text(self, block: B.Block) -> str:
        return self.text[block.start : block.end]

    def prose(self, start: int, end: int) -> str:
        """The masked (prose-only) text of a range, for counting and matching."""
        return self.mask[start:end]

    def heading_text(self, block: B.Block) -> str:
        """A heading's words as the reader sees them (a quoted message in it included)."""
        return " ".join(self.searchable[block.start : block.end].split())

    @cached_property
    def sentences(self) -> list[Sentence]:
        """The writer's sentences in paragraphs and list items (quoted messages left out).

        Computed on first use (export rarely needs them).
        """
        return self._split(self.mask)

    @cached_property
    def search_sentences(self) -> list[Sentence]:
        """Sentences with quoted messages kept: what a reader could search for or copy."""
        return self.sentences if self.searchable == self.mask else self._split(self.searchable)

    def _split(self, mask: str) -> list[Sentence]:
        text = self.text
        return [
            Sentence(b.start + s, b.start + e, i)
            for i, b in enumerate(self.blocks)
            if b.kind in SENTENCE_BLOCKS
            for s, e in sentence_splitter.split_block(mask[b.start : b.end], text[b.start : b.end])
        ]

    @cached_property
    def headings(self) -> list[B.Block]:
        return [b for b in self.blocks if b.kind == B.HEADING]

    @cached_property
    def sections(self) -> list[Section]:
        """Each heading's section: to the next heading of its level or higher, else the end.

        One pass with the headings still open (a relint asks on every pause; comparing
        every heading with all later ones grew with the square of their number).
        """
        heads = self.headings
        ends = [len(self.text)] * len(heads)
        open_: list[int] = []  # indexes of headings whose section has not ended, levels rising
        for i, h in enumerate(heads):
            while open_ and heads[open_[-1]].level >= h.level:
                ends[open_.pop()] = h.start
            open_.append(i)
        return [
            Section(h, self.heading_text(h), h.level, h.start, end)
            for h, end in zip(heads, ends, strict=True)
        ]

    @property
    def title(self) -> str:
        """Front-matter title, else the first level-1 heading, else the file name."""
        if self.metadata.title:
            return self.metadata.title
        for h in self.headings:
            if h.level == 1:
                return self.heading_text(h)
        return self.path.stem.replace("-", " ") if self.path else ""

    @property
    def images(self) -> list[Link]:
        return [link for link in self.links if link.image]

    def outline(self) -> list[dict[str, object]]:
        return [
            {"level": h.level, "title": self.heading_text(h), "line": h.line} for h in self.headings
        ]

    def words(
        self, start: int | None = None, end: int | None = None, quoted: bool = False
    ) -> list[str]:
        """Words of the writer's prose between two offsets (all of it by default); code excluded.

        ``quoted`` counts quoted messages and UI labels too (what the reader sees).
        """
        a = self.body_start if start is None else start
        b = len(self.text) if end is None else end
        return words(self.searchable if quoted else self.mask, a, b)

    def counts(self) -> dict[str, int]:
        steps = sum(1 for b in self.blocks if b.kind == B.LIST_ITEM and b.ordered)
        code = sum(1 for b in self.blocks if b.is_code)
        return {
            "words": len(self.words()),
            "sentences": len(self.sentences),
            "steps": steps,
            "code_blocks": code,
            "headings": len(self.headings),
        }

    @cached_property
    def _block_starts(self) -> list[int]:
        return [b.start for b in self.blocks]

    def block_at(self, offset: int) -> B.Block | None:
        """The leaf block containing ``offset`` (a binary search), or None between blocks."""
        i = bisect.bisect_right(self._block_starts, offset) - 1
        if i >= 0 and self.blocks[i].start <= offset <= self.blocks[i].end:
            return self.blocks[i]
        return None


def parse_article(text: str, path: str | Path | None = None) -> Article:
    """Parse text into an :class:`Article`. Never raises: problems land in ``errors``."""
    p = Path(path) if path is not None else None
    fm = frontmatter.locate(text)
    meta, errors = frontmatter.parse(text, fm, p)
    body_start = fm.end if fm else 0
    scan = B.scan(text, body_start)
    mask = new_mask(text)
    blank(mask, 0, body_start)
    code_spans: list[Span] = []
    links: list[Link] = []
    for block in scan.blocks:
        if block.is_prose:
            spans, found = scan_inline(text, block.start, block.end, mask)
            code_spans.extend(spans)
            links.extend(found)
            if block.kind == B.TABLE:
                _blank_pipes(text, mask, block.start, block.end)
        else:
            blank(mask, block.start, block.end)
    for prefix in scan.prefixes:
        blank(mask, prefix.start, prefix.end)
    searchable = masked(text, mask)
    quoted = blank_quoted(text, mask, scan.blocks, searchable)
    prose = masked(text, mask)
    if not text.strip():
        errors.append(ArticleError("the file is empty", p, 1))
    return Article(
        text=text,
        path=p,
        metadata=meta,
        front_matter=fm,
        blocks=scan.blocks,
        containers=scan.containers,
        code_spans=code_spans,
        links=links,
        mask=prose,
        searchable=searchable,
        quoted=quoted,
        errors=errors,
    )


def _blank_pipes(text: str, mask: bytearray, start: int, end: int) -> None:
    """Table cell borders are markup, not prose."""
    k = text.find("|", start, end)
    while k >= 0:
        blank(mask, k, k + 1)
        k = text.find("|", k + 1, end)


_UTF16_BOMS = ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))
# Encodings a save writes back as read (see encode); a file read any other way is saved as UTF-8.
KEPT_ENCODINGS = ("utf-16-le", "utf-16-be")


def decode(data: bytes, path: Path | None = None) -> tuple[str, bool, str, list[ArticleError]]:
    """Decode file bytes: (text, had_bom, encoding, problems).

    The one place that decides how a file's bytes become an article's text:

    - UTF-16 with a byte-order mark (Notepad's "Unicode") is text: decoded,
      with ``encoding`` and ``had_bom`` saying so (a save writes it back the
      same way, see :func:`encode`). So is UTF-16 without one, when every other
      byte is NUL (mostly ASCII text, as PowerShell's ``Out-File`` writes it).
    - Any other NUL (not only in the first 8 KB) means it is not text at all:
      ArticleError, so nothing half-binary is parsed or saved over.
    - Bytes that are not UTF-8 are read as Windows-1252 when that decodes
      cleanly (the usual legacy case), else with replacement characters;
      either way the problem is recorded with the line of the first bad byte.
    - Old Mac line endings (CR only, no LF anywhere) become LF: one character
      for one, so every offset stays valid, and lines, front matter and blocks
      are found. :meth:`Workspace.save` writes CR endings back to such a file.
    """
    for mark, codec in _UTF16_BOMS:
        if data.startswith(mark):
            return _utf16(data[len(mark) :], codec, path)
    if b"\x00" in data:
        bare = _utf16_without_bom(data)
        if bare is None:
            raise ArticleError(_binary_message(data), path)
        text, _bom, encoding, problems = _utf16(data, bare, path, skipped=0)
        return text, False, encoding, problems
    bom = data.startswith(b"\xef\xbb\xbf")
    raw = data[3:] if bom else data
    try:
        return cr_to_lf(raw.decode("utf-8")), bom, "utf-8", []
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        byte = raw[exc.start]
        try:
            text, encoding = raw.decode("cp1252"), "cp1252"
            how = "read as Windows-1252; check accented characters before saving"
        except UnicodeDecodeError:
            text, encoding = raw.decode("utf-8", errors="replace"), "utf-8-replaced"
            how = "unreadable bytes are shown as \ufffd"
        msg = f"the file is not valid UTF-8 (byte 0x{byte:02X}); {how}"
        return cr_to_lf(text), bom, encoding, [ArticleError(msg, path, line)]


def _utf16(
    raw: bytes, codec: str, path: Path | None, skipped: int = 2
) -> tuple[str, bool, str, list[ArticleError]]:
    """Text after a UTF-16 byte-order mark (``skipped`` bytes of it; 0 when it had none)."""
    try:
        text = raw.decode(codec)
    except UnicodeDecodeError as exc:
        raise ArticleError(
            f"the file looks like UTF-16 but is not valid UTF-16 (at byte {exc.start + skipped})",
            path,
        ) from None
    if "\x00" in text:
        raise ArticleError(_binary_message(text.encode("utf-8")), path)
    return cr_to_lf(text), True, codec, []


def _utf16_without_bom(data: bytes) -> str | None:
    """ "utf-16-le" or "utf-16-be" when ``data`` looks like UTF-16 text with no byte-order
    mark: an even length, NUL at every other byte for at least nine characters in ten
    (ASCII in UTF-16), and no NUL in between; else None (binary)."""
    if len(data) < 2 or len(data) % 2:
        return None
    even, odd = data[0::2], data[1::2]
    for codec, high, low in (("utf-16-le", odd, even), ("utf-16-be", even, odd)):
        if low.count(0) == 0 and high.count(0) * 10 >= len(high) * 9:
            return codec
    return None


def encode(text: str, encoding: str = "utf-8", bom: bool = False) -> bytes:
    """The bytes to save ``text`` as, in the encoding and with the byte-order mark it was read
    with (:func:`decode`). A UTF-16 file stays UTF-16; a Windows-1252 or damaged file is
    written as UTF-8, which the editor says before the first save."""
    if encoding in KEPT_ENCODINGS:
        return ("\ufeff" if bom else "").encode(encoding) + text.encode(encoding)
    return (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8")


def _binary_message(data: bytes) -> str:
    line = data.count(b"\n", 0, data.index(b"\x00")) + 1
    where = "" if line == 1 else f" (a NUL byte on line {line})"
    return f"this is a binary file, not a Markdown article{where}"


def cr_to_lf(text: str) -> str:
    """Text with CR-only line endings given LF ones; any other text unchanged."""
    if "\r" in text and "\n" not in text:
        return text.replace("\r", "\n")
    return text


def load_article(path: str | Path) -> Article:
    """Read and parse an article file.

    Raises :class:`ArticleError` only when the file cannot be read as text at
    all (missing, unreadable, binary). Every other problem is recorded in
    ``Article.errors`` and the article still opens, so the writer can fix it.
    """
    p = Path(path)
    return article_from_bytes(read_bytes(p), p)


def read_bytes(path: Path) -> bytes:
    """An article file's bytes; ArticleError (in words a writer understands) when it cannot be read."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise ArticleError("no such file", path) from None
    except IsADirectoryError:
        raise ArticleError("this is a folder, not an article", path) from None
    except OSError as exc:
        raise ArticleError(f"cannot be read ({exc.strerror})", path) from None


def article_from_bytes(data: bytes, path: Path | None = None) -> Article:
    """An article from a file's bytes, as :func:`load_article` reads it.

    For callers that have read the bytes already (to hash or cache them). The
    problems :func:`decode` found come first in ``Article.errors``; raises
    :class:`ArticleError` when the bytes are not text at all.
    """
    text, bom, encoding, problems = decode(data, path)
    article = parse_article(text, path)
    article.bom = bom
    article.encoding = encoding
    article.errors[:0] = problems
    return article
