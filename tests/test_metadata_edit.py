"""Front-matter edits that keep comments, unknown keys and order."""

from __future__ import annotations

import yaml

from kbeditor.article import parse_article
from kbeditor.metadata_edit import form_values, set_values, workspace_vocabulary
from kbeditor.workspace import Workspace

SOURCE = """---
title: Old title  # the writer's note
# reviewed by the mail team
ms.date: 01/02/2020
tags:
- a
- b
product: Mail
description: >
  a folded
  value
---

Body stays.
"""


def test_changed_key_keeps_everything_else() -> None:
    new = set_values(SOURCE, {"title": "New: title", "tags": ["x", "y z"]})
    assert "title: 'New: title'  # the writer's note" in new
    assert "# reviewed by the mail team" in new
    assert "ms.date: 01/02/2020" in new and "description: >\n  a folded\n  value" in new
    assert new.endswith("---\n\nBody stays.\n")
    article = parse_article(new)
    assert not article.errors
    assert article.metadata.title == "New: title"
    assert article.metadata.tags == ["x", "y z"]
    assert article.metadata.extra["description"] == "a folded value\n"


def test_new_key_goes_after_the_known_key_before_it() -> None:
    new = set_values(SOURCE, {"audience": "it-staff", "owner": "Mail team"})
    lines = new.splitlines()
    assert lines.index("audience: it-staff") == lines.index("product: Mail") + 1
    assert form_values(new)["owner"] == "Mail team"


def test_emptying_keeps_an_existing_key_and_skips_a_missing_one() -> None:
    new = set_values(SOURCE, {"product": "", "owner": ""})
    assert 'product: ""' in new and "owner" not in new


def test_text_without_front_matter_gets_one() -> None:
    new = set_values("Just text.\n", {"title": "T", "tags": ["a"]})
    assert new.startswith("---\ntitle: T\ntags: [a]\n---\n\n")
    assert parse_article(new).metadata.tags == ["a"]


def test_crlf_text_stays_crlf() -> None:
    source = SOURCE.replace("\n", "\r\n")
    new = set_values(source, {"status": "review"})
    assert "status: review\r\n" in new and "\n" not in new.replace("\r\n", "")


def test_round_trip_of_every_sample_article_is_valid(sample_kb) -> None:
    for path in sorted(sample_kb.rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        values = form_values(text)
        new = set_values(text, {"title": values["title"] + " (2)", "tags": values["tags"]})
        fm = new.split("---\n")[1]
        assert isinstance(yaml.safe_load(fm), dict), path
        assert parse_article(new).metadata.title == values["title"] + " (2)"


def test_vocabulary_lists_products_and_folders(sample_kb) -> None:
    vocab = workspace_vocabulary(Workspace(sample_kb))
    assert "Mail" in vocab.products and "vpn" in vocab.folders and "outlook" in vocab.tags


def test_vocabulary_reads_front_matter_as_load_article_does(tmp_path) -> None:
    head = "---\ntitle: A\nproduct: {}\ntags: [mail]\n---\n\nBody.\n"
    (tmp_path / "bom.md").write_bytes(b"\xef\xbb\xbf" + head.format("Outlook").encode())
    (tmp_path / "utf16.md").write_bytes(head.format("Teams").encode("utf-16"))
    (tmp_path / "mac.md").write_bytes(head.format("VPN").replace("\n", "\r").encode())
    (tmp_path / "binary.md").write_bytes(b"---\x00\x01")
    vocab = workspace_vocabulary(Workspace(tmp_path))
    assert vocab.products == ("Outlook", "Teams", "VPN")
    assert vocab.tags == ("mail",)
