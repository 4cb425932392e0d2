"""Bad input and hostile files: one clear line naming the file, never a traceback or a hang.

Each command-line case runs ``python -m kbeditor`` as a separate process with
a time limit, on real files in a temporary folder, and checks what a user
sees: the exit code, no traceback, and a line that names the file and the
problem.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kbeditor.article import ArticleError, load_article, parse_article
from kbeditor.metadata_edit import form_values, set_values
from kbeditor.workspace import Workspace

GOOD = "---\ntitle: Printer jams\n---\n# Printer jams\n\nThe printer jams when the tray is full.\n"


def run(
    *args: str,
    cwd: Path | None = None,
    timeout: float = 120,
    memory_mb: int | None = None,
    prefix: list[str] | None = None,
    env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess:
    """Run the command line as a user would; fail on a traceback, a hang or (given) runaway memory."""

    def limit() -> None:
        import resource

        size = memory_mb * 1024 * 1024  # type: ignore[operator]
        resource.setrlimit(resource.RLIMIT_AS, (size, size))

    done = subprocess.run(
        [*(prefix or []), sys.executable, "-m", "kbeditor", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=timeout,
        env=env,
        preexec_fn=limit if memory_mb else None,
    )
    output = done.stdout + done.stderr
    assert "Traceback" not in output, output
    return done


def lines_naming(done: subprocess.CompletedProcess, name: str, *words: str) -> list[str]:
    """Output lines that name the file ``name`` and contain every one of ``words``."""
    output = (done.stdout + done.stderr).splitlines()
    return [ln for ln in output if name in ln and all(w in ln for w in words)]


def kb(tmp_path: Path, **articles: str) -> Path:
    """A workspace with a good article and the given ``name=text`` articles."""
    root = tmp_path / "kb"
    root.mkdir()
    (root / "good.md").write_text(GOOD, encoding="utf-8")
    for name, text in articles.items():
        (root / f"{name}.md").write_text(text, encoding="utf-8")
    return root


# -- Fault 1: an impossible date ----------------------------------------------------

BAD_DATE = "---\ntitle: Bad date\nupdated: 2024-02-30\n---\n# Bad date\n\nSome text.\n"


@pytest.mark.parametrize(
    "text",
    [
        BAD_DATE,
        "---\nupdated: !!timestamp 2024-02-30\n---\nText.\n",
        "---\nupdated: 2024-13-01T10:00:00Z\n---\nText.\n",
        "---\nms.date: 2024-02-30\n---\nText.\n",
    ],
)
def test_parse_article_never_raises_on_an_impossible_date(text):
    article = parse_article(text, "bad.md")
    assert article.metadata.updated is None


def test_an_impossible_date_is_one_problem_naming_the_file_and_the_date(tmp_path):
    path = tmp_path / "bad.md"
    path.write_text(BAD_DATE, encoding="utf-8")
    errors = [str(e) for e in load_article(path).errors]
    assert errors == [
        f"{path}:3: front matter key 'updated' '2024-02-30' is not a real date"
        " (day is out of range for month)"
    ]


def test_real_dates_and_timestamps_still_read_as_dates():
    for value in ("2024-02-29", "2024-02-29T10:00:00Z", "2024-02-29 10:00:00", "'2024-02-29'"):
        article = parse_article(f"---\nupdated: {value}\n---\nText.\n")
        assert article.errors == []
        assert article.metadata.updated.isoformat() == "2024-02-29"


def test_the_metadata_form_reads_and_fixes_an_impossible_date():
    assert form_values(BAD_DATE)["updated"] == ""
    fixed = set_values(
        BAD_DATE.replace("2024-02-30", "2024-02-30  # checked"), {"updated": "2024-02-28"}
    )
    assert "updated: 2024-02-28  # checked\n" in fixed
    assert parse_article(fixed).metadata.updated.isoformat() == "2024-02-28"


def test_info_and_lint_report_an_impossible_date_and_read_the_rest(tmp_path):
    root = kb(tmp_path, bad=BAD_DATE)
    info = run("info", str(root))
    assert info.returncode == 1
    assert lines_naming(info, "bad.md:3", "'2024-02-30' is not a real date")
    assert "Printer jams" in info.stdout
    lint = run("lint", str(root))
    assert lint.returncode == 1
    assert "bad.md" in lint.stdout
    assert "'2024-02-30' is not a real date" in lint.stdout


def test_index_search_and_export_work_with_an_impossible_date(tmp_path):
    root = kb(tmp_path, bad=BAD_DATE)
    assert run("index", str(root)).returncode == 0
    search = run("search", "-w", str(root), "printer")
    assert search.returncode == 0
    assert "good.md" in search.stdout
    export = run("export", str(root), "--out", str(tmp_path / "site"))
    assert export.returncode == 0
    assert lines_naming(export, "bad.md:3", "'2024-02-30' is not a real date")
    strict = run("export", str(root), "--out", str(tmp_path / "site2"), "--strict")
    assert strict.returncode == 1
    assert lines_naming(strict, "bad.md:3", "error", "'2024-02-30' is not a real date")


# -- Fault 2: a symbolic link to a file outside the workspace --------------------------

SECRET = "secret-token-4711 must never be published\n"


def kb_with_outside_link(tmp_path: Path) -> Path:
    root = kb(tmp_path)
    secret = tmp_path / "private" / "notes.md"
    secret.parent.mkdir()
    secret.write_text(SECRET, encoding="utf-8")
    (root / "leak.md").symlink_to(secret)
    return root


def test_workspace_refuses_a_link_out_and_never_names_a_file_absolutely(tmp_path):
    from kbeditor.errors import KbError
    from kbeditor.workspace import Workspace

    root = kb_with_outside_link(tmp_path)
    ws = Workspace(root)
    assert [ws.relative(p) for p in ws.article_paths()] == ["good.md"]
    refused: list[tuple[str, str]] = []
    assert [rel for rel, _ in ws.walk_articles(refused)] == ["good.md"]
    assert refused == [("leak.md", "refused: a symbolic link to a file outside the workspace")]
    assert not ws.contains(root / "leak.md")
    assert ws.relative(root / "leak.md") == "leak.md"  # the link's own name, never its target
    with pytest.raises(KbError, match="outside the workspace"):
        ws.relative(tmp_path / "private" / "notes.md")


def test_export_does_not_publish_a_link_out_and_strict_reports_it(tmp_path):
    root = kb_with_outside_link(tmp_path)
    site = tmp_path / "site"
    done = run("export", str(root), "--out", str(site))
    assert done.returncode == 0
    assert lines_naming(done, "leak.md", "warning", "outside the workspace")
    published = [p for p in site.rglob("*") if p.is_file()]
    assert published
    for page in published:
        data = page.read_bytes()
        assert b"secret-token-4711" not in data, page
        assert str(tmp_path).encode() not in data, page
    assert not [p for p in published if "leak" in p.name or "private" in str(p)]
    strict = run("export", str(root), "--out", str(tmp_path / "site2"), "--strict")
    assert strict.returncode == 1
    assert lines_naming(strict, "leak.md", "error", "outside the workspace")


def test_lint_and_info_refuse_a_link_out_without_reading_it(tmp_path):
    root = kb_with_outside_link(tmp_path)
    for command in (["lint", "--format", "line"], ["info"]):
        done = run(*command, str(root))
        assert done.returncode == 1
        assert lines_naming(done, "leak.md", "refused: a symbolic link to a file outside")
        assert "secret-token-4711" not in done.stdout + done.stderr


def test_index_and_search_never_read_a_link_out(tmp_path):
    root = kb_with_outside_link(tmp_path)
    assert run("index", str(root)).returncode == 0
    found = run("search", "-w", str(root), "secret-token-4711", "--json")
    assert found.returncode == 0
    assert "leak.md" not in found.stdout and "secret" not in found.stdout.replace(
        '"query": "secret-token-4711"', ""
    )
    assert "good.md" in run("search", "-w", str(root), "printer").stdout


# -- Fault 7: hostile YAML in front matter ---------------------------------------------

SELF_ALIAS = "---\ntitle: Loop\ntags: &t [vpn, *t]\n---\nText.\n"
DEEP = "---\ntags: " + "[" * 200 + "]" * 200 + "\n---\nText.\n"


def _bomb() -> str:
    lines = ["a: &a [" + ",".join(['"lol"'] * 9) + "]"]
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    return "---\n" + "\n".join(lines) + "\n---\n# Bomb\n\nText.\n"


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        (_bomb(), 2, "an anchor (&a) is not allowed; write the value out"),
        (SELF_ALIAS, 3, "an anchor (&t) is not allowed; write the value out"),
        (
            "---\ntitle: x\nowner: *nobody\n---\nText.\n",
            3,
            "an alias (*nobody) is not allowed; write the value out",
        ),
        (DEEP, 2, "lists and mappings are nested more than 20 deep"),
    ],
)
def test_hostile_yaml_is_one_problem_and_nothing_is_expanded(text, line, words):
    import time

    started = time.perf_counter()
    article = parse_article(text, "hostile.md")
    assert time.perf_counter() - started < 1
    assert [str(e) for e in article.errors] == [f"hostile.md:{line}: front matter refused: {words}"]
    article.metadata.as_dict()


def test_ordinary_front_matter_with_stars_and_brackets_still_reads():
    text = "---\ntitle: 'Use * and & in [brackets]'\ntags: [a, b]\nx: {k: [1, 2]}\n---\nText.\n"
    article = parse_article(text)
    assert article.errors == []
    assert article.metadata.title == "Use * and & in [brackets]"
    assert article.metadata.extra == {"x": {"k": ["1", "2"]}}


@pytest.mark.parametrize("command", [["info"], ["lint", "--format", "line"]])
def test_an_alias_bomb_or_a_self_alias_is_one_line_from_the_command_line(tmp_path, command):
    root = kb(tmp_path, bomb=_bomb(), loop=SELF_ALIAS)
    done = run(*command, str(root), timeout=60, memory_mb=1024)
    assert done.returncode == 1
    assert lines_naming(done, "bomb.md:2", "front matter refused", "(&a)")
    assert lines_naming(done, "loop.md:3", "front matter refused", "(&t)")


# -- Fault 6: a symbolic link loop, an unreadable article ---------------------------


def kb_with_link_loop(tmp_path: Path) -> Path:
    root = kb(tmp_path)
    (root / "a.md").symlink_to("b.md")
    (root / "b.md").symlink_to("a.md")
    return root


@pytest.mark.parametrize(
    "command", [["info"], ["lint", "--format", "line"], ["export", "--strict", "--out", "SITE"]]
)
def test_a_symbolic_link_loop_is_one_line_per_link(tmp_path, command):
    root = kb_with_link_loop(tmp_path)
    args = [str(tmp_path / "site") if a == "SITE" else a for a in command]
    done = run(*args[:1], str(root), *args[1:])
    assert done.returncode == 1
    for name in ("a.md", "b.md"):
        assert lines_naming(done, name, "refused: a symbolic link loop")
    if command[0] == "export":
        assert (tmp_path / "site" / "index.html").is_file()


def test_a_symbolic_link_loop_named_on_the_command_line_is_one_line(tmp_path):
    root = kb_with_link_loop(tmp_path)
    done = run("lint", "--format", "line", str(root / "a.md"))
    assert done.returncode == 1
    assert lines_naming(done, "a.md:1:1", "refused: a symbolic link loop")


def test_index_and_search_skip_a_symbolic_link_loop(tmp_path):
    root = kb_with_link_loop(tmp_path)
    assert run("index", str(root)).returncode == 0
    found = run("search", "-w", str(root), "printer")
    assert found.returncode == 0 and "good.md" in found.stdout


def test_the_editor_starts_on_a_workspace_with_a_symbolic_link_loop(tmp_path):
    root = kb_with_link_loop(tmp_path)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(tmp_path / "config"))
    shot = tmp_path / "window.png"
    done = run("--screenshot", str(shot), str(root), env=env, timeout=180)
    assert done.returncode == 0, done.stderr
    assert shot.is_file()


def _unprivileged(locked: Path) -> list[str]:
    """A command prefix under which ``locked`` (mode 000) really cannot be read.

    As root, chmod denies nothing: the case runs without the capabilities
    that override file permissions when ``setpriv`` can drop them, else skips.
    """
    if os.geteuid() != 0:
        return []
    caps = "-dac_override,-dac_read_search"
    prefix = ["setpriv", f"--bounding-set={caps}", f"--inh-caps={caps}"]
    if shutil.which("setpriv") is None:
        pytest.skip("running as root, where chmod 000 denies nothing")
    probe = subprocess.run([*prefix, "cat", str(locked)], capture_output=True, timeout=30)
    if probe.returncode == 0 or b"Permission denied" not in probe.stderr:
        pytest.skip("running as root, where chmod 000 denies nothing")
    return prefix


def test_an_unreadable_article_is_one_line_and_the_rest_is_exported(tmp_path):
    root = kb(tmp_path, locked="# Locked\n\nText.\n")
    locked = root / "locked.md"
    locked.chmod(0)
    try:
        prefix = _unprivileged(locked)
        site = tmp_path / "site"
        done = run("export", str(root), "--out", str(site), prefix=prefix)
        assert done.returncode == 0
        assert lines_naming(done, "locked.md", "warning", "cannot be read (Permission denied)")
        assert any("Printer jams" in p.read_text() for p in site.rglob("*.html"))
        strict = run("export", str(root), "--out", str(site), "--strict", prefix=prefix)
        assert strict.returncode == 1
        assert lines_naming(strict, "locked.md", "error", "cannot be read (Permission denied)")
        for command in (["info"], ["lint", "--format", "line"]):
            done = run(*command, str(root), prefix=prefix)
            assert done.returncode == 1
            assert lines_naming(done, "locked.md", "cannot be read (Permission denied)")
    finally:
        locked.chmod(0o644)


# -- Fault 8 (part): rule files ----------------------------------------------------------

NEGATIVE_LIMIT = (
    'extends: existence\nmessage: "Avoid %s."\nlevel: error\nlimit: -1\ntokens: [simply]\n'
)
REGEX_SWAP = (
    'extends: substitution\nmessage: "Use %s instead of %s."\nlevel: error\nignorecase: true\n'
    'swap:\n  utili[sz]e: use\n  "in order (to)": $1\n'
)


def house_style(tmp_path: Path, **rules: str) -> Path:
    root = tmp_path / "kb"
    (root / "styles" / "House").mkdir(parents=True)
    for name, text in rules.items():
        (root / "styles" / "House" / f"{name}.yml").write_text(text, encoding="utf-8")
    (root / "kbeditor.toml").write_text(
        '[lint]\nstyles = ["House"]\nstyles_path = "styles"\n', encoding="utf-8"
    )
    (root / "a.md").write_text("# A\n\nSimply utilize it in order to go.\n", encoding="utf-8")
    return root


def test_a_negative_limit_is_a_rule_error_naming_the_file_not_silence(tmp_path):
    root = house_style(tmp_path, Negative=NEGATIVE_LIMIT)
    done = run("lint", "a.md", "--format", "line", cwd=root)
    assert lines_naming(done, "Negative.yml:4", "'limit'", "'-1' is not a number of alerts")


def test_a_substitution_whose_keys_are_all_regexes_reports_each_with_its_own_swap(tmp_path):
    root = house_style(tmp_path, Swap=REGEX_SWAP)
    done = run("lint", "a.md", "--format", "line", cwd=root)
    assert done.returncode == 1
    assert done.stdout.splitlines() == [
        "a.md:3:8:House.Swap:Use use instead of utilize.",
        "a.md:3:19:House.Swap:Use to instead of in order to.",
    ]


# -- Fault 4: search while another process rebuilds, or after a rebuild was killed -----------


def many_articles(tmp_path: Path, count: int = 300) -> Path:
    """A workspace big enough that a rebuild takes a while, with one pair of duplicates."""
    root = kb(tmp_path)
    words = "printer toner tray paper driver queue spooler network laptop dock screen".split()
    for n in range(count):
        picked = " ".join(words[(n + k) % len(words)] for k in range(40))
        text = f"---\ntitle: Fault {n}\n---\n# Fault {n}\n\nThe zorbulator {n} fails. {picked}.\n"
        (root / f"fault-{n}.md").write_text(text, encoding="utf-8")
    twin = (
        "---\ntitle: Badge reader offline\n---\n# Badge reader offline\n\n"
        "The quokka badge reader at the front door shows offline after a power cut. "
        "Unplug the reader, wait ten seconds, plug it back in and wait for the green light.\n"
    )
    (root / "badge-a.md").write_text(twin, encoding="utf-8")
    (root / "badge-b.md").write_text(twin.replace("front door", "back door"), encoding="utf-8")
    return root


def generations(root: Path) -> list[Path]:
    return sorted((root / ".kbeditor" / "search").glob("g-*"))


def start_rebuild(root: Path) -> subprocess.Popen:
    """A real ``index --rebuild`` in another process, caught once its new generation exists."""
    before = set(generations(root))
    proc = subprocess.Popen(
        [sys.executable, "-m", "kbeditor", "index", "--rebuild", str(root)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    import time

    deadline = time.monotonic() + 60
    while not set(generations(root)) - before:
        assert proc.poll() is None, "the rebuild finished before it could be watched"
        assert time.monotonic() < deadline
        time.sleep(0.005)
    return proc


def assert_searches_answer(root: Path) -> None:
    found = run("search", "-w", str(root), "quokka badge", "--json", timeout=60)
    assert found.returncode == 0
    assert '"path": "badge-a.md"' in found.stdout
    similar = run("similar", str(root / "badge-a.md"), "--json", timeout=60)
    assert similar.returncode == 0 and '"path": "badge-b.md"' in similar.stdout
    dupes = run("dupes", str(root), "--json", timeout=60)
    assert dupes.returncode == 1 and '"a": "badge-a.md"' in dupes.stdout


def test_searches_use_the_last_good_index_while_another_process_rebuilds(tmp_path):
    import signal

    root = many_articles(tmp_path)
    assert run("index", str(root)).returncode == 0
    proc = start_rebuild(root)
    try:
        proc.send_signal(signal.SIGSTOP)  # hold the rebuild half-way, its lock held
        assert_searches_answer(root)
    finally:
        proc.send_signal(signal.SIGCONT)
        assert proc.wait(timeout=120) == 0
    assert len(generations(root)) == 1
    assert_searches_answer(root)


def test_a_rebuild_killed_half_way_leaves_the_last_good_index_and_no_writer(tmp_path):
    import signal

    root = many_articles(tmp_path)
    assert run("index", str(root)).returncode == 0
    (good,) = generations(root)
    proc = start_rebuild(root)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert_searches_answer(root)
    # No forked writer outlives it holding the lock: another writer gets it at once.
    done = run("index", str(root), timeout=60)
    assert done.returncode == 0 and "busy" not in done.stderr
    assert generations(root) == [good]  # the half-built generation is gone


def test_a_catalog_that_lost_its_documents_table_does_not_index_articles_twice(tmp_path):
    import sqlite3

    root = kb(tmp_path, other="# Toner\n\nThe toner is low.\n")
    assert run("index", str(root)).returncode == 0
    (generation,) = generations(root)
    with sqlite3.connect(generation / "catalog.sqlite") as db:
        db.execute("DROP TABLE docs")
    found = run("search", "-w", str(root), "printer", "--json")
    assert found.returncode == 0
    assert found.stdout.count('"path": "good.md"') == 1
    assert lines_naming(found, "search index rebuilt", "table docs is missing")
    assert '"total": 1' in found.stdout


# -- Fault 5: damage to the index is repaired, and one line says so -------------------------


def _damage_toc(root: Path) -> None:
    (toc,) = generations(root)[0].glob("whoosh/*.toc")
    toc.write_bytes(toc.read_bytes()[:100])


def _garble_blobs(root: Path) -> None:
    import sqlite3

    with sqlite3.connect(generations(root)[0] / "catalog.sqlite") as db:
        db.execute("UPDATE docs SET lines = x'00112233', topic = x'0011', shingles = x'0102'")


@pytest.mark.parametrize("damage", [_damage_toc, _garble_blobs])
@pytest.mark.parametrize("command", ["search", "similar", "dupes"])
def test_a_damaged_index_is_rebuilt_with_one_line(tmp_path, damage, command):
    root = kb(tmp_path, copy=GOOD.replace("Printer jams", "Printer stuck"))
    assert run("index", str(root)).returncode == 0
    damage(root)
    args = {
        "search": ["search", "-w", str(root), "printer"],
        "similar": ["similar", str(root / "good.md")],
        "dupes": ["dupes", str(root)],
    }[command]
    done = run(*args)
    assert done.returncode == (1 if command == "dupes" else 0), done.stderr
    assert len(lines_naming(done, "search index rebuilt: it was damaged")) == 1
    assert "copy.md" in done.stdout
    again = run(*args)
    assert "rebuilt" not in again.stderr and again.stdout == done.stdout


def test_a_data_folder_that_is_a_file_keeps_the_index_in_the_user_cache(tmp_path):
    root = kb(tmp_path)
    (root / ".kbeditor").write_text("mine", encoding="utf-8")
    env = dict(os.environ, XDG_CACHE_HOME=str(tmp_path / "cache"))
    for args in (["index", str(root)], ["search", "-w", str(root), "printer"]):
        done = run(*args, env=env)
        assert done.returncode == 0
        assert lines_naming(done, ".kbeditor is a file, not a folder", str(tmp_path / "cache"))
    assert "good.md" in done.stdout
    assert (root / ".kbeditor").read_text(encoding="utf-8") == "mine"


# -- Fault 6: the file system ----------------------------------------------------------------


def test_a_read_only_workspace_searches_with_the_index_in_the_user_cache(tmp_path):
    root = kb(tmp_path, copy=GOOD.replace("Printer jams", "Printer stuck"))
    cache = tmp_path / "cache"
    env = dict(os.environ, XDG_CACHE_HOME=str(cache))
    locked = tmp_path / "probe"
    locked.write_text("x", encoding="utf-8")
    locked.chmod(0)
    prefix = _unprivileged(locked)
    root.chmod(0o555)
    try:
        commands = [
            (["index", str(root)], 0),
            (["search", "-w", str(root), "printer"], 0),
            (["similar", str(root / "good.md"), "-w", str(root)], 0),
            (["dupes", str(root)], 1),
        ]
        for args, code in commands:
            done = run(*args, prefix=prefix, env=env)
            assert done.returncode == code, done.stderr
            assert lines_naming(
                done, str(root / ".kbeditor"), "search index is kept in", str(cache)
            )
            assert args[0] == "index" or "copy.md" in done.stdout
        assert not (root / ".kbeditor").exists()
    finally:
        root.chmod(0o755)


@pytest.mark.parametrize("depth", [500, 3000])
def test_a_list_nested_hundreds_deep_on_one_line_does_not_stop_the_export(tmp_path, depth):
    deep = "# Deep\n\n" + "- " * depth + "x\n"
    root = kb(tmp_path, deep=deep)
    site = tmp_path / "site"
    done = run("export", str(root), "--out", str(site), timeout=120)
    assert done.returncode == 0
    assert lines_naming(done, "deep.md", "warning", "nested too deeply", "plain text")
    assert "Printer jams" in (site / "articles" / "good.html").read_text(encoding="utf-8")
    assert (site / "articles" / "deep.html").is_file()


@pytest.mark.parametrize(
    ("out", "words"),
    [
        ("FILE/site", "is a file, not a folder"),
        ("/proc/self/site", "refusing to export into a folder of the system"),
        ("/proc/self", "refusing to export into a folder of the system"),
    ],
)
@pytest.mark.parametrize("clean", [False, True])
def test_export_into_an_impossible_output_folder_is_one_line(tmp_path, out, words, clean):
    root = kb(tmp_path)
    (tmp_path / "FILE").write_text("a file", encoding="utf-8")
    target = out.replace("FILE", str(tmp_path / "FILE"))
    done = run("export", str(root), "--out", target, *(["--clean"] if clean else []))
    assert done.returncode == 2
    assert lines_naming(done, target, words)
    assert (tmp_path / "FILE").read_text(encoding="utf-8") == "a file"


def test_similar_on_a_file_outside_any_workspace_indexes_nothing(tmp_path):
    lone = tmp_path / "lone"
    lone.mkdir()
    (lone / "a.md").write_text(GOOD, encoding="utf-8")
    home = tmp_path / "home"
    home.mkdir()
    (home / "notes.md").write_text(GOOD, encoding="utf-8")
    env = dict(os.environ, HOME=str(home))
    for path in (lone / "a.md", home / "notes.md"):  # elsewhere, and in the home folder
        done = run("similar", str(path), cwd=home, env=env)
        assert done.returncode == 2
        assert lines_naming(done, str(path), "is in no workspace", "--workspace")
    assert not (home / ".kbeditor").exists() and not (lone / ".kbeditor").exists()
    inside = run("similar", "a.md", cwd=lone)  # the current folder holds it: that is the workspace
    assert inside.returncode == 0


# -- Fault 10: export ---------------------------------------------------------------------

SCRIPTED_SVGS = {
    "script": '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
    "prefixed": '<s:svg xmlns:s="http://www.w3.org/2000/svg"><s:script>alert(1)</s:script></s:svg>',
    "handler": '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
    "encoded": '<svg xmlns="http://www.w3.org/2000/svg"><a href="&#106;avascript:alert(1)">'
    "<rect/></a></svg>",
    "foreign": '<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><iframe/></foreignObject>'
    "</svg>",
}


def test_a_scripted_svg_is_refused_and_a_plain_one_copied(tmp_path):
    images = " ".join(f"![{name}]({name}.svg)" for name in [*SCRIPTED_SVGS, "plain"])
    root = kb(tmp_path, pics=f"# Pictures\n\n{images}\n")
    for name, svg in SCRIPTED_SVGS.items():
        (root / f"{name}.svg").write_text(svg, encoding="utf-8")
    (root / "plain.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg"><rect width="4" height="4"/></svg>',
        encoding="utf-8",
    )
    site = tmp_path / "site"
    done = run("export", str(root), "--out", str(site), "--strict")
    assert done.returncode == 1
    for name in SCRIPTED_SVGS:
        assert lines_naming(done, "pics.md:3", "error", f"refused: '{name}.svg'", "would run")
        assert not (site / "articles" / f"{name}.svg").exists()
    assert (site / "articles" / "plain.svg").is_file()
    assert not lines_naming(done, "plain.svg")


def test_a_second_export_into_the_same_folder_says_it_is_in_use(tmp_path):
    import signal
    import time

    root = many_articles(tmp_path)
    site = tmp_path / "site"
    first = subprocess.Popen(
        [sys.executable, "-m", "kbeditor", "export", str(root), "--out", str(site)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while not (site / ".kbeditor-site").is_file():
            assert first.poll() is None and time.monotonic() < deadline
            time.sleep(0.005)
        first.send_signal(signal.SIGSTOP)
        second = run("export", str(root), "--out", str(site))
        assert second.returncode == 2
        assert lines_naming(second, str(site), "in use by another export", str(first.pid))
    finally:
        first.send_signal(signal.SIGCONT)
        assert first.wait(timeout=120) == 0
    assert run("export", str(root), "--out", str(site)).returncode == 0


# -- Fault 9: data silently altered --------------------------------------------------------

CR_ONLY = b"---\rtitle: Old Mac\rtags: [mac]\r---\r# Old Mac\r\rThe printer jams.\r"


def test_cr_only_line_endings_are_read_as_lines_and_kept_on_save(tmp_path):
    from kbeditor.workspace import Workspace

    root = kb(tmp_path)
    path = root / "mac.md"
    path.write_bytes(CR_ONLY)
    article = load_article(path)
    assert article.errors == []
    assert article.metadata.title == "Old Mac" and article.metadata.tags == ["mac"]
    assert [h.line for h in article.headings] == [5]
    # The editor hands back its text with LF; the file keeps its CR endings.
    Workspace(root).save(path, article.text)
    assert path.read_bytes() == CR_ONLY
    Workspace(root).save(path, article.text.replace("jams", "is fixed"))
    assert path.read_bytes() == CR_ONLY.replace(b"jams", b"is fixed")
    done = run("info", str(path), "--json")
    assert '"title": "Old Mac"' in done.stdout


def test_saving_through_a_symbolic_link_writes_the_real_article(tmp_path):
    from kbeditor.workspace import Workspace

    root = kb(tmp_path)
    (root / "alias.md").symlink_to("good.md")
    written = Workspace(root).save(root / "alias.md", GOOD.replace("jams", "is fixed"))
    assert (root / "alias.md").is_symlink()
    assert "is fixed" in (root / "good.md").read_text(encoding="utf-8")
    assert written == root / "good.md"


def test_saving_through_a_link_out_of_the_workspace_is_refused(tmp_path):
    from kbeditor.errors import KbError
    from kbeditor.workspace import Workspace

    root = kb_with_outside_link(tmp_path)
    with pytest.raises(KbError, match="not saved: a symbolic link to a file outside"):
        Workspace(root).save(root / "leak.md", "overwritten")
    assert (tmp_path / "private" / "notes.md").read_text(encoding="utf-8") == SECRET


def test_saving_keeps_hard_links(tmp_path):
    from kbeditor.workspace import Workspace

    root = kb(tmp_path)
    os.link(root / "good.md", tmp_path / "twin.md")
    Workspace(root).save(root / "good.md", GOOD.replace("jams", "is fixed"))
    assert (root / "good.md").stat().st_nlink == 2
    assert "is fixed" in (tmp_path / "twin.md").read_text(encoding="utf-8")


def test_saving_over_a_read_only_file_is_refused_in_one_line(tmp_path):
    from kbeditor.errors import KbError
    from kbeditor.workspace import Workspace

    root = kb(tmp_path)
    (root / "good.md").chmod(0o444)
    with pytest.raises(KbError) as caught:
        Workspace(root).save(root / "good.md", "overwritten")
    assert (
        str(caught.value)
        == f"{root / 'good.md'}: not saved: the file is read-only (make it writable first)"
    )
    assert (root / "good.md").read_text(encoding="utf-8") == GOOD
    assert oct((root / "good.md").stat().st_mode & 0o777) == "0o444"


def test_temporary_files_of_killed_saves_are_cleaned_up(tmp_path):
    import time

    from kbeditor.workspace import Workspace

    root = kb(tmp_path)
    (root / "sub").mkdir()
    old = [root / ".good.md.a1b2c3d4.tmp", root / "sub" / ".x.md.zz_9zz9z.tmp"]
    young = root / ".good.md.q1w2e3r4.tmp"
    foreign = [root / ".good.md.tmp", root / ".notes.txt.a1b2c3d4.tmp"]
    for path in [*old, young, *foreign]:
        path.write_text("half a save", encoding="utf-8")
    hour_ago = time.time() - 3600
    for path in [*old, *foreign]:
        os.utime(path, (hour_ago, hour_ago))
    assert run("lint", str(root), "--format", "line").returncode in (0, 1)
    Workspace(root).article_paths()
    assert [p for p in old if p.exists()] == []
    assert young.exists() and all(p.exists() for p in foreign)


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_with_a_byte_order_mark_is_text(tmp_path, codec):
    mark = b"\xff\xfe" if codec.endswith("le") else b"\xfe\xff"
    root = kb(tmp_path)
    path = root / "notepad.md"
    path.write_bytes(mark + GOOD.replace("Printer jams", "Scanner jams").encode(codec))
    article = load_article(path)
    assert article.metadata.title == "Scanner jams" and article.encoding == codec
    done = run("search", "-w", str(root), "scanner")
    assert done.returncode == 0 and "notepad.md" in done.stdout


def test_a_nul_byte_after_the_first_8_kb_is_noticed(tmp_path):
    root = kb(tmp_path)
    path = root / "late.md"
    path.write_bytes(b"# Late\n\n" + b"Words here.\n" * 1000 + b"\x00\x01\x02binary tail\n")
    done = run("lint", str(root), "--format", "line")
    assert done.returncode == 1
    assert lines_naming(done, "late.md", "binary file", "line 1003")


# -- Fault 8: configuration and rules --------------------------------------------------------

DEEP_TOML = "x = " + "[" * 5000 + "]" * 5000 + "\n"
ALL_COMMANDS = [
    ["lint", "ROOT"],
    ["index", "ROOT"],
    ["search", "-w", "ROOT", "printer"],
    ["dupes", "ROOT"],
    ["export", "ROOT", "--out", "SITE"],
]


def _args(command: list[str], root: Path, tmp_path: Path) -> list[str]:
    swap = {"ROOT": str(root), "SITE": str(tmp_path / "site")}
    return [swap.get(a, a) for a in command]


@pytest.mark.parametrize("command", ALL_COMMANDS)
def test_a_deeply_nested_kbeditor_toml_is_one_line(tmp_path, command):
    root = kb(tmp_path)
    (root / "kbeditor.toml").write_text(DEEP_TOML, encoding="utf-8")
    done = run(*_args(command, root, tmp_path))
    assert done.returncode == 2
    assert lines_naming(done, "kbeditor.toml", "not valid TOML", "nested too deeply")


def test_an_unreadable_kbeditor_toml_is_one_line(tmp_path):
    root = kb(tmp_path)
    config = root / "kbeditor.toml"
    config.write_text('[lint]\nmin_level = "warning"\n', encoding="utf-8")
    config.chmod(0)
    try:
        prefix = _unprivileged(config)
        for command in ALL_COMMANDS:
            done = run(*_args(command, root, tmp_path), prefix=prefix)
            assert done.returncode == 2, command
            assert lines_naming(done, "kbeditor.toml", "cannot be read (Permission denied)")
    finally:
        config.chmod(0o644)


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"\x7fELF\x02\x01\x01\x00\x00\x00" * 30, "is a binary file, not a Vale configuration"),
        ("[*]\nBasedOnStyles = Vale\n".encode("utf-16"), "is saved as UTF-16"),
    ],
    ids=["binary", "utf-16"],
)
def test_a_binary_or_utf16_vale_ini_is_one_line(tmp_path, data, words):
    root = kb(tmp_path)
    (root / ".vale.ini").write_bytes(data)
    done = run("lint", str(root))
    assert done.returncode == 2
    assert lines_naming(done, ".vale.ini", words)


def test_a_binary_config_is_named_as_the_user_gave_it(tmp_path):
    root = kb(tmp_path)
    (tmp_path / "bin.toml").write_bytes(b"\x7fELF\x02\x01\x01\x00" * 40)
    done = run("lint", "good.md", "--config", "../bin.toml", cwd=root)
    assert done.returncode == 2
    assert (done.stdout + done.stderr).strip() == (
        "kbeditor: ../bin.toml: is a binary file, not a TOML file"
    )


def test_problems_in_kbeditor_toml_are_reported_by_every_command(tmp_path):
    root = kb(tmp_path)
    (root / "kbeditor.toml").write_text(
        '[search]\nduplicate_treshold = 0.5\n[exprot]\ntitle = "KB"\n', encoding="utf-8"
    )
    for command in ALL_COMMANDS:
        done = run(*_args(command, root, tmp_path))
        assert done.returncode in (0, 1), command
        assert lines_naming(done, "kbeditor.toml:2", "unknown key 'duplicate_treshold'"), command
        assert lines_naming(done, "kbeditor.toml:3", "unknown section [exprot]"), command


DEEP_GROUPS = (
    'extends: existence\nmessage: "Found %s."\nlevel: error\ntokens:\n  - "'
    + "(" * 3000
    + "simply"
    + ")" * 3000
    + '"\n'
)
GREEK = "extends: existence\nmessage: \"Greek '%s'.\"\nlevel: error\nraw:\n  - '\\p{Greek}+'\n"


def test_a_rule_with_3000_nested_groups_is_a_rule_error_naming_the_file(tmp_path):
    root = house_style(tmp_path, Deep=DEEP_GROUPS, Swap=REGEX_SWAP)
    done = run("lint", "a.md", "--format", "line", cwd=root)
    assert lines_naming(done, "Deep.yml:4", "'tokens'", "nested too deeply")
    assert "House.Swap" in done.stdout  # the other rules still run


def test_an_unsupported_unicode_class_is_refused_not_read_as_any_word(tmp_path):
    root = house_style(tmp_path, Greek=GREEK, Swap=REGEX_SWAP)
    done = run("lint", "a.md", "--format", "line", cwd=root)
    assert lines_naming(done, "Greek.yml", "\\p{Greek} is not supported")
    assert "House.Greek" not in done.stdout


def test_dupes_on_a_stale_index_another_process_holds_is_busy_not_a_pass(tmp_path):
    import signal

    root = many_articles(tmp_path)
    assert run("index", str(root)).returncode == 0
    (root / "badge-c.md").write_text(
        (root / "badge-a.md").read_text(encoding="utf-8"), encoding="utf-8"
    )
    proc = start_rebuild(root)
    try:
        proc.send_signal(signal.SIGSTOP)
        done = run("dupes", str(root), timeout=60)
        assert done.returncode == 2
        assert lines_naming(done, "search.lock", "being updated by another program", str(proc.pid))
        found = run("search", "-w", str(root), "quokka badge", "--json", timeout=60)
        assert found.returncode == 0 and '"path": "badge-a.md"' in found.stdout
    finally:
        proc.send_signal(signal.SIGCONT)
        assert proc.wait(timeout=120) == 0
    done = run("dupes", str(root), "--json")
    assert done.returncode == 1 and '"b": "badge-c.md"' in done.stdout


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_byte_order_mark_is_text(tmp_path, codec):
    """PowerShell's Out-File and some editors write UTF-16 with no mark: NUL at every other
    byte. It was refused as binary."""
    root = kb(tmp_path)
    path = root / "powershell.md"
    path.write_bytes(GOOD.replace("Printer jams", "Scanner jams").encode(codec))
    article = load_article(path)
    assert article.metadata.title == "Scanner jams"
    assert (article.encoding, article.bom) == (codec, False)
    done = run("search", "-w", str(root), "scanner")
    assert done.returncode == 0 and "powershell.md" in done.stdout
    done = run("lint", str(root), "--format", "line")
    assert "binary" not in done.stdout + done.stderr


def test_nul_bytes_that_are_not_utf16_are_still_binary(tmp_path):
    root = kb(tmp_path)
    path = root / "image.md"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    with pytest.raises(ArticleError, match="binary file"):
        load_article(path)


ROUND_TRIP = "---\r\ntitle: Scanner jams\r\n---\r\n# Scanner jams\r\n\r\nCafé – 9:00.\r\n"


@pytest.mark.parametrize(
    "data",
    [
        ROUND_TRIP.encode("utf-16-le"),
        ROUND_TRIP.encode("utf-16-be"),
        b"\xff\xfe" + ROUND_TRIP.encode("utf-16-le"),
        b"\xfe\xff" + ROUND_TRIP.encode("utf-16-be"),
        b"\xef\xbb\xbf" + ROUND_TRIP.encode("utf-8"),
        ROUND_TRIP.replace("\r\n", "\r").encode("utf-8"),
    ],
    ids=["utf16-le", "utf16-be", "utf16-le-bom", "utf16-be-bom", "utf8-bom", "cr-only"],
)
def test_saving_keeps_encoding_and_byte_order_mark_byte_for_byte(tmp_path, data):
    root = kb(tmp_path)
    path = root / "kept.md"
    path.write_bytes(data)
    article = load_article(path)
    workspace = Workspace(root)
    workspace.save(path, article.text, bom=article.bom, encoding=article.encoding)
    assert path.read_bytes() == data
    edited = article.text.replace("Café", "Bistro")
    workspace.save(path, edited, bom=article.bom, encoding=article.encoding)
    again = load_article(path)
    assert (again.text, again.bom, again.encoding) == (edited, article.bom, article.encoding)
