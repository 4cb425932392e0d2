"""The index, search, similar and dupes commands: output, JSON shapes, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kbeditor.cli import main


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_index_prints_what_it_did(workspace: Path, capsys) -> None:
    code, out, _ = run(capsys, "index", str(workspace))
    assert code == 0 and "22 added" in out
    code, out, _ = run(capsys, "index", str(workspace))
    assert code == 0 and "22 unchanged" in out
    code, out, _ = run(capsys, "index", str(workspace), "--rebuild")
    assert code == 0 and "rebuilt" in out and "22 added" in out


def test_search_json_shape(workspace: Path, capsys) -> None:
    code, out, err = run(capsys, "search", "outlook password", "-w", str(workspace), "--json")
    assert code == 0
    data = json.loads(out)
    assert set(data) == {"query", "total", "results", "facets"}
    assert data["query"] == "outlook password" and data["total"] >= 2
    first = data["results"][0]
    assert {"path", "title", "score", "snippet"} <= set(first)
    assert first["path"] == "mail/outlook-keeps-asking-for-password.md"
    assert set(data["facets"]) == {"product", "tag"}
    assert "22 added" in err  # the index was built first, said on stderr


def test_search_text_and_no_results(workspace: Path, capsys) -> None:
    code, out, _ = run(capsys, "search", "LL-2038", "--workspace", str(workspace), "--limit", "1")
    assert code == 0
    assert "vpn/vpn-wont-connect.md:" in out and "**LL-2038**" in out
    code, out, _ = run(capsys, "search", "xylophone", "-w", str(workspace))
    assert code == 0 and out.startswith("0 articles found")


def test_search_usage_errors(workspace: Path, capsys) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["search", "vpn", "-w", str(workspace), "--limit", "0"])
    assert exited.value.code == 2
    code, _, err = run(capsys, "search", "vpn", "-w", str(workspace / "missing"))
    assert code == 2 and "no such folder" in err


def test_similar_json(workspace: Path, capsys) -> None:
    target = workspace / "mail" / "outlook-password-prompt-loop.md"
    code, out, _ = run(capsys, "similar", str(target), "-w", str(workspace), "--json")
    assert code == 0
    data = json.loads(out)
    assert data["path"] == "mail/outlook-password-prompt-loop.md"
    assert data["similar"][0]["path"] == "mail/outlook-keeps-asking-for-password.md"
    assert {"path", "title", "similarity", "topic", "shared"} == set(data["similar"][0])


def test_similar_finds_the_workspace_from_the_path(workspace: Path, capsys, monkeypatch) -> None:
    monkeypatch.chdir(workspace.parent)
    code, out, _ = run(capsys, "similar", str(workspace / "vpn" / "vpn-wont-connect.md"))
    assert code == 0 and "vpn/" in out


def test_dupes_json_and_exit_codes(workspace: Path, capsys) -> None:
    code, out, _ = run(capsys, "dupes", str(workspace), "--json")
    assert code == 0 and json.loads(out) == {"pairs": []}
    source = (workspace / "vpn" / "vpn-wont-connect.md").read_text()
    (workspace / "vpn" / "copy.md").write_text(source + "\nOne more sentence here.\n")
    code, out, _ = run(capsys, "dupes", str(workspace), "--json")
    assert code == 1
    pair = json.loads(out)["pairs"][0]
    assert set(pair) == {"a", "b", "similarity"}
    assert (pair["a"], pair["b"]) == ("vpn/copy.md", "vpn/vpn-wont-connect.md")
    code, _, err = run(capsys, "dupes", str(workspace), "--threshold", "1.5")
    assert code == 2 and "threshold" in err
