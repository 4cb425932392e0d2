"""The workspace's words are kept between runs: a run reads only the articles that changed,
and the table it gives equals one counted from every article."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from kbeditor.article import load_article
from kbeditor.lint import words_store
from kbeditor.lint.batch import map_ordered
from kbeditor.lint.settings import settings_for
from kbeditor.lint.workspace_words import (
    WorkspaceWords,
    _contribution_of,
    _english,
    for_settings,
)

ARTICLE = "---\ntitle: {title}\nproduct: {product}\n---\nRun `{code}` and open {word}.\n"


def _write(root: Path, name: str, title: str, product: str, code: str, word: str) -> Path:
    path = root / name
    path.write_text(ARTICLE.format(title=title, product=product, code=code, word=word), "utf-8")
    return path


def _run(root: Path, read: list[str]) -> WorkspaceWords:
    paths = sorted(root.glob("*.md"))
    stamps = {str(p): (p.stat().st_size, p.stat().st_mtime_ns) for p in paths}

    def contribute(fresh: list[str]):  # type: ignore[no-untyped-def]
        read.extend(Path(path).name for path in fresh)
        return map(_contribution_of, fresh)

    stored = words_store.update(
        root,
        stamps,
        contribute,
        lambda t, known: WorkspaceWords.from_totals(t).digest(known),
        lambda word: _english().known(word),
    )
    assert stored is not None
    words = WorkspaceWords.from_totals(*stored)
    everything = WorkspaceWords.build(load_article(p) for p in paths)
    assert (words.articles, words.names, words.code) == (
        everything.articles,
        everything.names,
        everything.code,
    )
    assert words.digest() == everything.digest()
    return words


def test_a_second_run_reads_only_what_changed(tmp_path: Path) -> None:
    _write(tmp_path, "a.md", "VPN", "Contoso VPN", "vpncli", "Zorbex")
    b = _write(tmp_path, "b.md", "Mail", "Fabmail", "mailctl", "Zorbex")
    c = _write(tmp_path, "c.md", "Print", "Printo", "lpstat", "Quillet")
    read: list[str] = []
    first = _run(tmp_path, read)
    assert sorted(read) == ["a.md", "b.md", "c.md"]
    assert first.used_in("Zorbex") == 2 and "mailctl" in first.code

    read.clear()
    _run(tmp_path, read)
    assert read == []

    _write(tmp_path, "b.md", "Mail", "Fabmail", "mailtool", "Quillet")
    os.utime(b, ns=(b.stat().st_atime_ns, b.stat().st_mtime_ns + 10**9))
    read.clear()
    changed = _run(tmp_path, read)
    assert read == ["b.md"]
    assert changed.used_in("Zorbex") == 1 and changed.used_in("Quillet") == 2
    assert "mailctl" not in changed.code and "mailtool" in changed.code

    c.unlink()
    read.clear()
    removed = _run(tmp_path, read)
    assert read == []
    assert removed.used_in("Quillet") == 1 and "Printo" not in removed.names


def test_a_damaged_store_is_replaced_and_the_table_is_still_right(tmp_path: Path) -> None:
    _write(tmp_path, "a.md", "VPN", "Contoso VPN", "vpncli", "Zorbex")
    store = tmp_path / ".kbeditor" / words_store.STORE_NAME
    store.parent.mkdir()
    store.write_bytes(b"not a database, only a damaged cache file")
    read: list[str] = []
    words = _run(tmp_path, read)
    assert read == ["a.md"] and words.used_in("Zorbex") == 1
    read.clear()
    _run(tmp_path, read)
    assert read == []


def test_a_first_run_on_many_articles_reads_them_on_every_core_with_the_same_table(
    tmp_path: Path,
) -> None:
    # Enough articles for map_ordered to use worker processes (two chunks or more).
    for i in range(48):
        word = "Zorbex" if i % 3 else "Quillet"
        _write(tmp_path, f"a{i:02d}.md", f"Article {i}", f"Product{i % 5}", f"cli{i % 7}", word)
    paths = [str(p) for p in sorted(tmp_path.glob("*.md"))]
    in_order = list(map_ordered(_contribution_of, paths, jobs=2))
    assert in_order == [_contribution_of(p) for p in paths]
    (tmp_path / ".kbeditor").mkdir()  # a workspace: its words are read and stored
    words = for_settings(settings_for(tmp_path))
    everything = WorkspaceWords.build(load_article(Path(p)) for p in paths)
    assert words is not None and words.digest() == everything.digest()
    assert words.used_in("Zorbex") == 32 and words.used_in("Quillet") == 16


def test_many_articles_are_read_by_forked_workers_where_forking_is_safe(tmp_path: Path) -> None:
    # In a process of its own: one Python thread and no Qt, as `kbeditor lint` runs.
    # (In the full suite, the editor's tests have loaded Qt, where nothing is forked.)
    script = tmp_path / "run.py"
    script.write_text(
        "import os\n"
        "from kbeditor.lint.batch import map_ordered\n"
        "def pid_of(_item: str) -> int:\n"
        "    return os.getpid()\n"
        "if __name__ == '__main__':\n"
        "    items = [str(i) for i in range(64)]\n"
        "    assert list(map_ordered(os.path.basename, items, 2)) == items\n"
        "    print(len(set(map_ordered(pid_of, items, 2)) - {os.getpid()}))\n",
        "utf-8",
    )
    done = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    assert int(done.stdout) >= 1  # read by workers, not by this process (one may take all)
