"""A new index generation, written as one Whoosh segment per chunk of articles, on every core.

Profiled on 6,000 real articles, a build with one writer spent its time in
three places: reading and analysing the articles (ours and Whoosh's, about
half), Whoosh's posting pool and the catalog's indexed inserts. The last two
grew faster than the articles: past about 3,000 articles the pool no longer
fits its memory limit and Whoosh pickles sorted runs to disk and merges them
back (commit 6x slower for 2x the articles), and every catalog insert updated
two B-tree indexes and a counter table that no longer fit SQLite's cache.

So a build splits the articles (in their scan order) into contiguous chunks
small enough for the pool to keep in memory; each chunk is read, analysed
and written as its own segment by a worker process, while this process puts
the chunks' catalog rows in order. The segments are then listed in the new
index's table of contents once, in chunk order, so every article gets the
document number a single writer would have given it and rankings do not
change. The catalog is filled without its indexes, which are made (and the
key counts counted) once at the end.

Workers are forked (``forkserver`` when other threads run, as in the
editor; ``spawn`` off POSIX) and close their copy of the writer lock at
once. They write only into the new generation's folder, which nobody reads
until it is published; if this process is killed they stop after their
current chunk, and the next writer deletes the unpublished folder.
"""

from __future__ import annotations

import contextlib
import math
import os
import zlib
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from whoosh import index as windex
from whoosh.writing import SegmentWriter

from kbeditor.errors import KbError
from kbeditor.processes import start_method
from kbeditor.search import shingles as S
from kbeditor.search.catalog import Catalog, FileState, pack_topic
from kbeditor.search.document import IndexDoc

# Articles below which one process is quicker than starting workers.
PARALLEL_MIN = 300
# Workers at most: each adds a segment that every search then reads.
MAX_JOBS = 4
# Bytes of Markdown per segment: well inside Whoosh's 128 MB posting pool
# (3,000 articles, 21 MB, still fitted), so no chunk spills runs to disk.
CHUNK_BYTES = 12_000_000
POOL_MB = 128

# (path, mtime_ns, size, hash, title, lines, shingles, nshingles, topic, focus), sample keys
CatalogRow = tuple[tuple[Any, ...], list[int]]


@dataclass(frozen=True, slots=True)
class Chunk:
    """Articles written as one segment: (relative path, file) in scan order."""

    files: list[tuple[str, str]]


@dataclass(slots=True)
class ChunkResult:
    """What a worker made of a chunk: its segment (None when nothing was readable) and catalog rows."""

    segment: Any
    rows: list[CatalogRow] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Built:
    """The documents a build added, and the articles it could not read."""

    states: dict[str, FileState] = field(default_factory=dict)
    failed: list[str] = field(default_factory=list)


def chunks(items: Sequence[tuple[str, Path, int]], jobs: int) -> list[Chunk]:
    """Contiguous chunks of (rel, file, size) of about equal bytes: at least one per worker."""
    total = sum(size for _, _, size in items)
    count = max(jobs, math.ceil(total / CHUNK_BYTES))
    count = min(len(items), math.ceil(count / jobs) * jobs) or 1
    out: list[Chunk] = []
    current: list[tuple[str, str]] = []
    done = 0
    for rel, file, size in items:
        current.append((rel, str(file)))
        done += size
        if done >= total * (len(out) + 1) / count and len(out) < count - 1:
            out.append(Chunk(current))
            current = []
    if current:
        out.append(Chunk(current))
    return out


def default_jobs(articles: int) -> int:
    """The cores this process may use (up to MAX_JOBS), or 1 for a build too small to share out."""
    if articles < PARALLEL_MIN:
        return 1
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return min(cores, MAX_JOBS)


def build(
    ix: windex.Index,
    catalog: Catalog,
    items: Sequence[tuple[str, Path, int]],
    jobs: int,
    lock_fds: list[int],
) -> Built:
    """Write every article of ``items`` into the empty index and catalog; commit both.

    ``lock_fds``: the writer lock's open files, which forked workers close.
    """
    parts = chunks(items, jobs)
    results = _results(ix, parts, jobs, lock_fds)
    built = Built()
    segments = []
    catalog.begin_bulk()
    for result in results:
        catalog.put_rows(result.rows)
        built.states.update((v[0], FileState(v[1], v[2], v[3])) for v, _ in result.rows)
        built.failed += result.failed
        if result.segment is not None:
            segments.append(result.segment)
    _list_segments(ix, segments)
    catalog.end_bulk()
    return built


def _results(
    ix: windex.Index, parts: list[Chunk], jobs: int, lock_fds: list[int]
) -> Iterator[ChunkResult]:
    """Each chunk's result in chunk order, from worker processes when ``jobs`` > 1."""
    folder = ix.storage.folder
    done = 0
    if jobs > 1 and len(parts) > 1:
        try:
            for result in _in_workers(folder, parts, jobs, lock_fds):
                done += 1
                yield result
        except BrokenProcessPool:
            # Workers could not start (a frozen program) or one died: write the
            # chunks not yet received here. A dead worker's half-written
            # segment is never listed, and the commit deletes its files.
            pass
    for part in parts[done:]:
        yield write_chunk(folder, part)


def _in_workers(
    folder: str, parts: list[Chunk], jobs: int, lock_fds: list[int]
) -> Iterator[ChunkResult]:
    # fork runs no main module again; in the editor (other threads) a fork server, which
    # inherits no open files (kbeditor.processes).
    method = start_method()
    with ProcessPoolExecutor(
        max_workers=jobs,
        mp_context=get_context(method),
        initializer=_close_inherited,
        initargs=(lock_fds if method == "fork" else [],),
    ) as pool:
        futures: list[Future[ChunkResult]] = [
            pool.submit(write_chunk, folder, part) for part in parts
        ]
        try:
            for future in futures:
                yield future.result()
        finally:
            for future in futures:
                future.cancel()


def _close_inherited(fds: list[int]) -> None:
    """In a forked worker: close the writer lock's file, so only the writer holds the lock.

    A worker finishes its chunk after the writer is killed; holding an
    inherited copy of the lock, it would keep every other writer out until then.
    """
    for fd in fds:
        with contextlib.suppress(OSError):
            os.close(fd)


def write_chunk(folder: str, part: Chunk) -> ChunkResult:
    """Read and analyse a chunk's articles and write them as one finished segment.

    Runs in a worker process; on an error the caller deletes the whole
    unpublished generation, so nothing is cleaned up here. The segment is not yet listed in the index's
    table of contents (see :func:`_list_segments`), so until then no reader
    can see it. ``_lk=False``: several such writers work at once, under the
    caller's writer lock, as in Whoosh's own multi-process writer.
    """
    from kbeditor.search.index import fields_of, read_article

    ix = windex.open_dir(folder)
    writer = ChunkWriter(ix, _lk=False, limitmb=POOL_MB)
    result = ChunkResult(segment=None)
    for rel, file in part.files:
        try:
            doc, state = read_article(Path(file), rel)
        except KbError as exc:
            result.failed.append(f"{rel}: {exc.message}")
            continue
        writer.add_document(**fields_of(doc))
        result.rows.append(catalog_row(doc, state))
    # Not writer.commit() or cancel(): both delete the temporary folder that
    # all the workers' writers share. The committing writer deletes it, and
    # the files of a segment nobody lists.
    if result.rows:
        result.segment = writer._finalize_segment()
    else:
        writer._close_segment()
    return result


class ChunkWriter(SegmentWriter):
    """A segment writer that looks up each document's field lengths once, not once per posting.

    Whoosh's posting writer asks for the length of the posting's field in its
    document for every posting, each time reading the segment's length column
    back from disk: a twentieth of a build. The lengths are the same numbers,
    read once per field and document.
    """

    def _flush_segment(self) -> None:
        self.perdocwriter.close()
        reader = self.per_document_reader() if self.codec.length_stats else None
        lengths = FieldLengths(reader) if reader is not None else None
        self.fieldwriter.add_postings(self.schema, lengths, self.pool.iter_postings())
        self.fieldwriter.close()
        if reader is not None:
            reader.close()


class FieldLengths:
    """The ``doc_field_length`` of a per-document reader, each field's column read once."""

    def __init__(self, reader: Any) -> None:
        self._reader = reader
        self._fields: dict[str, list[int]] = {}

    def doc_field_length(self, docnum: int, fieldname: str, default: int = 0) -> int:
        column = self._fields.get(fieldname)
        if column is None:
            read = self._reader.doc_field_length
            docs = range(self._reader.doc_count_all())
            column = self._fields[fieldname] = [read(d, fieldname, default) for d in docs]
        return column[docnum]


def _list_segments(ix: windex.Index, segments: list[Any]) -> None:
    """One commit listing the workers' segments in order (the merge policy hook adds them)."""
    writer = ix.writer()
    try:
        writer.commit(mergetype=lambda _writer, existing: list(existing) + segments)
    except BaseException:
        writer.cancel()
        raise


def catalog_row(doc: IndexDoc, state: FileState) -> CatalogRow:
    """The catalog's values for one article, ready to insert (see Catalog.put_rows)."""
    values = (
        doc.path,
        state.mtime_ns,
        state.size,
        state.hash,
        doc.title,
        zlib.compress(doc.lines.encode("utf-8")),
        S.pack(doc.shingles),
        len(doc.shingles),
        pack_topic(doc.topic),
        pack_topic(doc.focus),
    )
    return values, S.samples(doc.shingles)
