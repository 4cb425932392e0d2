"""The site's search data in parts that a search page loads on demand by script tag.

One script holding the whole index (46 MB at 12,000 articles) made every
search wait for all of it, and any changed article rewrote all of it. The data
is split instead, every part a script (``file://`` refuses ``fetch``):

- ``assets/search/manifest.js`` (``window.KB_SEARCH_MANIFEST``): stop words,
  document lengths and the file name of every other part; loaded first.
- term shards ``t-KEY-HASH.js``: postings of the terms starting with KEY (the
  term's first two UTF-16 units, as JavaScript slices strings), so a word's
  exact and prefix matches are in one shard;
- vocabulary by length ``v-LEN-HASH.js``: the terms of one length, for typo
  matching (a term within two edits has a length within two), and by length
  and first letter ``w-LEN-C-HASH.js`` for one typo (which keeps the first letter);
- title chunks ``m-N-HASH.js`` (URL, title, product) and snippet chunks
  ``x-N-HASH.js`` (prose and summary), loaded only for the results shown.

Each part is ``(window.KB_SEARCH_PARTS ||= {})[NAME] = DATA;``. A part's name
ends with a hash of its bytes, so an unchanged part keeps its name (an
incremental export rewrites only changed parts) and a browser never uses a
stale one. Postings and weights are those of :mod:`kbeditor.export.searchdata`;
``search.js`` ranks with them exactly as it did with the one-piece index.

The parts are kept in ``search.sqlite`` beside the export cache with each
article's terms, so that re-exporting after one changed article rebuilds only
the shards of that article's old and new terms.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kbeditor.export.records import Rendering
from kbeditor.export.render import RENDER_VERSION
from kbeditor.export.searchdata import SNIPPET_CHARS, STOP_WORDS

FOLDER = "assets/search"
MANIFEST = f"{FOLDER}/manifest.js"
KEY_UNITS = 2  # a shard holds the terms that share their first two UTF-16 units
META_CHUNK = 200  # documents per title chunk (about 20 KB)
TEXT_CHUNK = 5  # documents per snippet chunk (at most 20,000 characters)
# Bump when the parts produced from the same articles change.
SHARDS_FORMAT = 3  # 3: the state in rows of entry digests, each article's term weights
STATE_CHUNK = 500  # entries per row of the state

# (rel, sha, url, title, product, summary): what the search shows of one article.
Entry = tuple[str, str, str, str, str, str]
Heavy = Callable[[str], Rendering]
Page = tuple[str, str, Callable[[], str]]


def js_len(term: str) -> int:
    """The length JavaScript gives ``term`` (UTF-16 units)."""
    return len(term.encode("utf-16-le", "surrogatepass")) // 2


def shard_key(term: str) -> str:
    """``term.slice(0, 2)`` in JavaScript: the first two UTF-16 units (maybe half a pair)."""
    units = term.encode("utf-16-le", "surrogatepass")[: 2 * KEY_UNITS]
    return units.decode("utf-16-le", "surrogatepass")


def _first(term: str) -> str:
    """``term.charAt(0)`` in JavaScript."""
    return term.encode("utf-16-le", "surrogatepass")[:2].decode("utf-16-le", "surrogatepass")


def _vocab_pids(term: str) -> tuple[str, str]:
    """The two vocabulary parts a term is listed in."""
    length = js_len(term)
    return f"v:{length}", f"w:{length}:{_first(term)}"


def _label(key: str) -> str:
    """A file-name-safe form of a shard key: itself when plain ASCII, else its UTF-16 in hex."""
    if key.isascii() and key.isalnum():
        return key
    return "u" + key.encode("utf-16-be", "surrogatepass").hex()


def _script(name: str, body: str) -> str:
    """The part's script from its data as JSON (``body``, as hashed for its name)."""
    # A "</script>" inside an article must not end a script element early.
    text = body.replace("</", "<\\/")
    return (
        f"(window.KB_SEARCH_PARTS = window.KB_SEARCH_PARTS || {{}})[{json.dumps(name)}] = {text};\n"
    )


@dataclass
class _Part:
    """One part: its id (``t:KEY``, ``v:LEN``, ``m:N``, ``x:N``), data, and file name."""

    pid: str
    data: Any
    name: str = ""
    text: str = ""

    def render(self) -> None:
        kind, label = self.pid.split(":", 1)
        if kind == "t":
            label = _label(label)
        elif kind == "w":
            length, first = label.split(":", 1)
            label = f"{length}-{_label(first)}"
        body = json.dumps(self.data, ensure_ascii=True, separators=(",", ":"))
        digest = hashlib.sha256(body.encode("ascii")).hexdigest()[:12]
        self.name = f"{kind}-{label}-{digest}.js"
        self.text = _script(self.name, body)  # the JSON made once, for the hash and the script


class SearchShards:
    """Builds the parts, keeping them (and each article's terms) for the next export."""

    def __init__(self, path: Path | None) -> None:
        self._db: sqlite3.Connection | None = None
        self._saved: dict[int, bytes] = {}  # the state's rows as read or last written
        if path is not None:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                self._db = sqlite3.connect(path)
                self._db.executescript(
                    "CREATE TABLE IF NOT EXISTS part (pid TEXT PRIMARY KEY, data BLOB);"
                    "CREATE TABLE IF NOT EXISTS doc (rel TEXT PRIMARY KEY, terms BLOB);"
                    "CREATE TABLE IF NOT EXISTS state (k INTEGER PRIMARY KEY, data BLOB);"
                )
            except (OSError, sqlite3.Error):
                self._db = None

    # -- the pages -----------------------------------------------------------------
    def pages(self, entries: list[Entry], heavy: Heavy) -> Iterator[Page]:
        """Every part as a page whose key is its file name (its content hash)."""
        state = self._load_state()
        fresh = self._update(state, entries, heavy) if state else None
        if state is None or fresh is None:
            state, fresh = self._build(entries, heavy)
        self._save(state, fresh)
        names: dict[str, str] = state["names"]
        for pid, name in sorted(names.items()):
            part = fresh.get(pid)
            yield f"{FOLDER}/{name}", name, self._producer(pid, part)
        manifest = self._manifest(state)
        yield MANIFEST, hashlib.sha256(manifest.encode()).hexdigest(), lambda: manifest

    def _producer(self, pid: str, part: _Part | None) -> Callable[[], str]:
        if part is not None:
            return lambda: part.text

        def stored() -> str:
            again = _Part(pid, self._get_part(pid))
            again.render()
            return again.text

        return stored

    @staticmethod
    def _manifest(state: dict[str, Any]) -> str:
        names: dict[str, str] = state["names"]
        groups: dict[str, dict[str, str]] = {"t": {}, "v": {}, "w": {}, "m": {}, "x": {}}
        for pid, name in names.items():
            kind, label = pid.split(":", 1)
            groups[kind][label] = name
        data = {
            "version": 2,
            "stop": sorted(STOP_WORDS),
            "lengths": state["lengths"],
            "metaChunk": META_CHUNK,
            "textChunk": TEXT_CHUNK,
            "shards": dict(sorted(groups["t"].items())),
            "vocab": {k: groups["v"][k] for k in sorted(groups["v"], key=int)},
            "vocab1": _by_length(groups["w"]),
            "meta": [groups["m"][k] for k in sorted(groups["m"], key=int)],
            "text": [groups["x"][k] for k in sorted(groups["x"], key=int)],
        }
        text = json.dumps(data, ensure_ascii=True, separators=(",", ":")).replace("</", "<\\/")
        return f"window.KB_SEARCH_MANIFEST = {text};\n"

    # -- a full build ------------------------------------------------------------------
    def _build(self, entries: list[Entry], heavy: Heavy) -> tuple[dict[str, Any], dict[str, _Part]]:
        shards: dict[str, dict[str, list[int]]] = {}
        lengths: list[int] = []
        texts: list[list[str]] = []
        doc_terms: list[tuple[str, bytes]] = []
        for number, entry in enumerate(entries):
            record = heavy(entry[0])
            weights: dict[str, int] = record.terms
            lengths.append(sum(weights.values()))
            texts.append([record.body[:SNIPPET_CHARS], entry[5]])
            for term, weight in weights.items():
                shards.setdefault(shard_key(term), {}).setdefault(term, []).extend((number, weight))
            doc_terms.append((entry[0], _pack_json(weights)))
        parts: dict[str, _Part] = {}
        for key, postings in shards.items():
            parts[f"t:{key}"] = _Part(f"t:{key}", dict(sorted(postings.items())))
        vocab: dict[str, list[str]] = {}
        for postings in shards.values():
            for term in postings:
                for pid in _vocab_pids(term):
                    vocab.setdefault(pid, []).append(term)
        for pid, words in vocab.items():
            parts[pid] = _Part(pid, sorted(words))
        for start in range(0, len(entries), META_CHUNK):
            chunk = entries[start : start + META_CHUNK]
            parts[f"m:{start // META_CHUNK}"] = _Part(f"m:{start // META_CHUNK}", _meta(chunk))
        for start in range(0, len(entries), TEXT_CHUNK):
            chunk_text = texts[start : start + TEXT_CHUNK]
            parts[f"x:{start // TEXT_CHUNK}"] = _Part(f"x:{start // TEXT_CHUNK}", chunk_text)
        for part in parts.values():
            part.render()
        state = {
            "format": [SHARDS_FORMAT, RENDER_VERSION],
            "entries": [_stored_entry(e) for e in entries],
            "lengths": lengths,
            "names": {pid: p.name for pid, p in parts.items()},
        }
        if self._db is not None:
            try:
                with self._db:
                    self._db.execute("DELETE FROM part")
                    self._db.execute("DELETE FROM doc")
                    self._db.executemany("INSERT INTO doc VALUES (?, ?)", doc_terms)
            except sqlite3.Error:
                self._close()
        return state, parts

    # -- an update after a few changed articles ------------------------------------------
    def _update(
        self, state: dict[str, Any], entries: list[Entry], heavy: Heavy
    ) -> dict[str, _Part] | None:
        """The parts that changed, with ``state`` brought up to date; None to build afresh."""
        old = state["entries"]
        if (
            state.get("format") != [SHARDS_FORMAT, RENDER_VERSION]
            or len(old) != len(entries)
            or any(o[0] != e[0] for o, e in zip(old, entries, strict=True))
        ):
            return None  # articles added, removed or renamed: every number may move
        stored = [_stored_entry(e) for e in entries]
        changed = [i for i, (o, e) in enumerate(zip(old, stored, strict=True)) if e != o]
        if len(changed) * 4 > len(entries) + 4:
            return None
        touched: dict[str, _Part] = {}
        texts: dict[int, list[str]] = {}
        summaries: dict[int, str] = {}
        doc_rows: list[tuple[str, bytes]] = []
        vocab_delta: dict[str, int] = {}
        lengths: list[int] = state["lengths"]
        for number in changed:
            rel, sha = entries[number][0], entries[number][1]
            if old[number][1] == sha:  # the same text: only the summary can differ
                summaries[number] = entries[number][5]
                continue
            before = self._get_weights(rel)
            if before is None:
                return None
            record = heavy(rel)
            weights: dict[str, int] = record.terms
            texts[number] = [record.body[:SNIPPET_CHARS], entries[number][5]]
            lengths[number] = sum(weights.values())
            # Only terms whose weight in this article changed touch their shard: an
            # added sentence rewrites a few shards, not one for every word of the article.
            for term in before.keys() - weights.keys():
                postings = self._shard(touched, shard_key(term))
                kept = _without(postings.get(term, []), number)
                if kept:
                    postings[term] = kept
                else:
                    postings.pop(term, None)
                    vocab_delta[term] = vocab_delta.get(term, 0) - 1
            for term, weight in weights.items():
                if before.get(term) == weight:
                    continue
                postings = self._shard(touched, shard_key(term))
                if term not in postings:
                    vocab_delta[term] = vocab_delta.get(term, 0) + 1
                postings[term] = _with(postings.get(term, []), number, weight)
            doc_rows.append((rel, _pack_json(weights)))
        self._apply_vocab(touched, vocab_delta)
        for chunk in sorted({n // META_CHUNK for n in changed}):
            rows = entries[chunk * META_CHUNK : (chunk + 1) * META_CHUNK]
            touched[f"m:{chunk}"] = _Part(f"m:{chunk}", _meta(rows))
        for number, text in texts.items():
            self._text(touched, number)[number % TEXT_CHUNK] = text
        for number, summary in summaries.items():
            self._text(touched, number)[number % TEXT_CHUNK][1] = summary
        names: dict[str, str] = state["names"]
        for pid, part in list(touched.items()):
            if not part.data:
                del touched[pid]
                names.pop(pid, None)
                self._drop(pid)
                continue
            if pid.startswith("t:"):
                part.data = dict(sorted(part.data.items()))
            part.render()
            names[pid] = part.name
        state["entries"] = stored
        if self._db is not None and doc_rows:
            try:
                with self._db:
                    self._db.executemany("INSERT OR REPLACE INTO doc VALUES (?, ?)", doc_rows)
            except sqlite3.Error:
                self._close()
        return touched

    def _text(self, touched: dict[str, _Part], number: int) -> list[list[str]]:
        pid = f"x:{number // TEXT_CHUNK}"
        if pid not in touched:
            touched[pid] = _Part(pid, self._get_part(pid))
        data: list[list[str]] = touched[pid].data
        return data

    def _shard(self, touched: dict[str, _Part], key: str) -> dict[str, list[int]]:
        pid = f"t:{key}"
        if pid not in touched:
            touched[pid] = _Part(pid, self._get_part(pid) or {})
        data: dict[str, list[int]] = touched[pid].data
        return data

    def _apply_vocab(self, touched: dict[str, _Part], delta: dict[str, int]) -> None:
        """Terms that appeared or vanished: their length's vocabulary part changes."""
        for term, change in sorted(delta.items()):
            if change == 0:
                continue
            for pid in _vocab_pids(term):
                if pid not in touched:
                    touched[pid] = _Part(pid, self._get_part(pid) or [])
                words: list[str] = touched[pid].data
                if change > 0 and term not in words:
                    words.append(term)
                elif change < 0 and term in words:
                    words.remove(term)
        for pid, part in touched.items():
            if pid[0] in "vw":
                part.data.sort()

    # -- storage -----------------------------------------------------------------------
    def _load_state(self) -> dict[str, Any] | None:
        """The state as saved in rows (see :meth:`_state_rows`); None when there is none."""
        if self._db is None:
            return None
        try:
            rows = self._db.execute("SELECT k, data FROM state ORDER BY k").fetchall()
        except sqlite3.Error:
            return None
        self._saved = {k: data for k, data in rows}
        if not rows or rows[0][0] != 0:
            return None
        head = json.loads(zlib.decompress(rows[0][1]))
        if not isinstance(head, dict) or head.get("chunks") != len(rows) - 1:
            return None
        entries: list[list[str]] = []
        lengths: list[int] = []
        for _, data in rows[1:]:
            chunk = json.loads(zlib.decompress(data))
            entries.extend(chunk["entries"])
            lengths.extend(chunk["lengths"])
        return {**head, "entries": entries, "lengths": lengths}

    def _get_part(self, pid: str) -> Any:
        row = None
        if self._db is not None:
            row = self._db.execute("SELECT data FROM part WHERE pid=?", (pid,)).fetchone()
        return json.loads(zlib.decompress(row[0])) if row else None

    def _get_weights(self, rel: str) -> dict[str, int] | None:
        """The article's term weights as last indexed; None when unknown."""
        if self._db is None:
            return None
        row = self._db.execute("SELECT terms FROM doc WHERE rel=?", (rel,)).fetchone()
        if row is None:
            return None
        weights = json.loads(zlib.decompress(row[0]))
        return weights if isinstance(weights, dict) else None

    def _save(self, state: dict[str, Any], parts: dict[str, _Part]) -> None:
        """Write the parts that changed and the rows of the state that differ from the saved."""
        if self._db is None:
            return
        rows = [(pid, _pack_json(p.data)) for pid, p in parts.items()]
        state_rows = self._state_rows(state)
        changed = [(k, data) for k, data in state_rows.items() if self._saved.get(k) != data]
        gone = [(k,) for k in self._saved.keys() - state_rows.keys()]
        try:
            with self._db:
                self._db.executemany("INSERT OR REPLACE INTO part VALUES (?, ?)", rows)
                self._db.executemany("INSERT OR REPLACE INTO state VALUES (?, ?)", changed)
                self._db.executemany("DELETE FROM state WHERE k=?", gone)
        except sqlite3.Error:
            self._close()
            return
        self._saved = state_rows

    @staticmethod
    def _state_rows(state: dict[str, Any]) -> dict[int, bytes]:
        """The state as rows: 0 the format and part names, then chunks of entries and lengths.

        One changed article rewrites its chunk (and the names of the parts it changed),
        not the entries of every article.
        """
        entries, lengths = state["entries"], state["lengths"]
        starts = range(0, len(entries), STATE_CHUNK)
        head = {"format": state["format"], "names": state["names"], "chunks": len(starts)}
        rows = {0: _pack_json(head)}
        for number, start in enumerate(starts, 1):
            chunk = {
                "entries": entries[start : start + STATE_CHUNK],
                "lengths": lengths[start : start + STATE_CHUNK],
            }
            rows[number] = _pack_json(chunk)
        return rows

    def _drop(self, pid: str) -> None:
        if self._db is not None:
            self._db.execute("DELETE FROM part WHERE pid=?", (pid,))

    def _close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None

    def close(self) -> None:
        self._close()


def _by_length(files: dict[str, str]) -> dict[str, dict[str, str]]:
    """``LEN:C -> file`` as ``{LEN: {C: file}}``, sorted."""
    out: dict[str, dict[str, str]] = {}
    for label in sorted(files, key=lambda k: (int(k.split(":", 1)[0]), k)):
        length, first = label.split(":", 1)
        out.setdefault(length, {})[first] = files[label]
    return out


def _meta(entries: list[Entry]) -> list[dict[str, str]]:
    return [{"u": e[2], "t": e[3], "p": e[4]} for e in entries]


def _without(postings: list[int], number: int) -> list[int]:
    return [
        x for i in range(0, len(postings), 2) if postings[i] != number for x in postings[i : i + 2]
    ]


def _with(postings: list[int], number: int, weight: int) -> list[int]:
    """Postings with ``(number, weight)`` in document order (the order search.js expects)."""
    pairs = [
        (postings[i], postings[i + 1]) for i in range(0, len(postings), 2) if postings[i] != number
    ]
    pairs.append((number, weight))
    pairs.sort()
    return [x for pair in pairs for x in pair]


def _stored_entry(entry: Entry) -> list[str]:
    """An entry as the state keeps it: path, content hash and a digest of what search shows."""
    shown = "\0".join(entry[2:]).encode("utf-8", "surrogatepass")
    return [entry[0], entry[1], hashlib.blake2b(shown, digest_size=12).hexdigest()]


def _pack_json(data: object) -> bytes:
    return zlib.compress(json.dumps(data, ensure_ascii=False).encode("utf-8", "surrogatepass"), 1)
