"""The article model: blocks, sentences, offsets, metadata, and every bad input."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from kbeditor import blocks as B
from kbeditor.article import ArticleError, load_article, parse_article

ARTICLE = """\
---
title: Can't open a shared mailbox
audience: ITPro
tags: [mail, shared mailbox]
updated: 2024-05-01
ms.custom: kept
---
# Can't open a shared mailbox

## Symptoms

You see `Error 0x80070005` when you open it, e.g. from home. Version 2.4.1 is affected.
Read [the guide](other.md#fix) or https://example.com/help.

> [!NOTE]
> Your mail is not deleted.

## Resolution

1. Open **Outlook**.
2. Select *File*.
   - Check the account.

```powershell
Get-Mailbox -Identity shared
```

| Setting | Value |
|---|---|
| Mode | Cached |

<!-- vale off -->
:::image type="content" source="media/x.png" alt-text="The account settings":::

Cause
-----
[ref]: https://example.com
"""


def kinds(article):
    return [b.kind for b in article.blocks]


def test_blocks_are_found_with_their_kinds():
    a = parse_article(ARTICLE)
    assert kinds(a) == [
        B.HEADING,
        B.HEADING,
        B.PARAGRAPH,
        B.PARAGRAPH,
        B.HEADING,
        B.LIST_ITEM,
        B.LIST_ITEM,
        B.LIST_ITEM,
        B.CODE_FENCED,
        B.TABLE,
        B.COMMENT,
        B.DIRECTIVE,
        B.HEADING,
        B.LINK_REF_DEF,
    ]


def test_headings_atx_and_setext_with_levels_and_lines():
    a = parse_article(ARTICLE)
    assert a.outline() == [
        {"level": 1, "title": "Can't open a shared mailbox", "line": 8},
        {"level": 2, "title": "Symptoms", "line": 10},
        {"level": 2, "title": "Resolution", "line": 18},
        {"level": 2, "title": "Cause", "line": 35},
    ]


def test_list_items_carry_order_number_and_depth():
    a = parse_article(ARTICLE)
    items = [b for b in a.blocks if b.kind == B.LIST_ITEM]
    assert [(b.ordered, b.number, b.depth) for b in items] == [
        (True, 1, 1),
        (True, 2, 1),
        (False, None, 2),
    ]


def test_alert_is_recorded_on_the_quote_and_its_blocks():
    a = parse_article(ARTICLE)
    assert [c.alert for c in a.containers] == ["NOTE"]
    quoted = [b for b in a.blocks if b.quote_depth]
    assert [a.text[b.start : b.end] for b in quoted] == ["> Your mail is not deleted."]
    assert quoted[0].alert == "NOTE"


def test_sentences_respect_abbreviations_and_version_numbers():
    a = parse_article(ARTICLE)
    texts = [a.text[s.start : s.end] for s in a.sentences]
    assert texts[:3] == [
        "You see `Error 0x80070005` when you open it, e.g. from home.",
        "Version 2.4.1 is affected.",
        "Read [the guide](other.md#fix) or https://example.com/help.",
    ]
    assert "Your mail is not deleted." in texts


def test_mask_hides_code_urls_markup_and_front_matter_but_keeps_offsets():
    a = parse_article(ARTICLE)
    assert len(a.mask) == len(a.text)
    assert "0x80070005" not in a.mask
    assert "Get-Mailbox" not in a.mask
    assert "example.com" not in a.mask
    assert "other.md" not in a.mask
    assert "ms.custom" not in a.mask
    assert "**" not in a.mask
    start = a.mask.index("the guide")
    assert a.text[start : start + 9] == "the guide"


def test_a_cmdlet_is_an_identifier_but_wi_fi_is_a_word():
    a = parse_article("Run Get-Mailbox on the server, then check your Wi-Fi settings.\n")
    assert "Get-Mailbox" not in a.mask
    assert "your Wi-Fi settings" in a.mask  # the tone and advice rules read it as prose


def test_links_and_inline_code_are_positioned():
    a = parse_article(ARTICLE)
    (link,) = [x for x in a.links if not x.image]
    assert link.target == "other.md#fix"
    assert link.text(a.text) == "the guide"
    (code,) = a.code_spans
    assert a.text[code.start : code.end] == "`Error 0x80070005`"


def test_sections_govern_until_the_next_heading_of_their_level():
    a = parse_article(ARTICLE)
    top, symptoms, resolution, cause = a.sections
    assert top.end == len(a.text)
    assert symptoms.end == resolution.start
    assert "Get-Mailbox" in a.text[resolution.start : resolution.end]


def test_a_section_ends_at_the_next_heading_of_its_level_or_higher_even_after_deeper_ones():
    text = "# A\n\n### c\n\n## b\n\ntext\n\n#### d\n\n## e\n\n# F\n\n### g\n"
    a = parse_article(text)
    got = [(s.title, s.end) for s in a.sections]
    at = text.index
    assert got == [
        ("A", at("# F")),  # every heading up to the next level-1 one
        ("c", at("## b")),  # a deeper heading ends at the next shallower one
        ("b", at("## e")),  # through its level-4 subsection
        ("d", at("## e")),
        ("e", at("# F")),
        ("F", len(text)),
        ("g", len(text)),
    ]


def test_metadata_is_typed_and_unknown_keys_kept():
    a = parse_article(ARTICLE)
    m = a.metadata
    assert (m.title, m.audience, m.tags, m.updated) == (
        "Can't open a shared mailbox",
        "it-staff",
        ["mail", "shared mailbox"],
        dt.date(2024, 5, 1),
    )
    assert m.extra == {"ms.custom": "kept"}
    assert a.errors == []


def test_line_col_round_trip_with_crlf_tabs_and_emoji():
    text = "---\r\ntitle: T\r\n---\r\n# Heading\r\n\r\n😀\tSee `code` here.\r\n"
    a = parse_article(text)
    assert a.text == text  # never modified
    offset = text.index("See")
    assert a.line_col(offset) == (6, 3)
    assert a.offset_of(6, 3) == offset
    assert a.sentences and a.text[a.sentences[0].end - 1] == "."
    assert a.metadata.title == "T"
    assert a.outline() == [{"level": 1, "title": "Heading", "line": 4}]


def test_counts_exclude_code_from_words():
    a = parse_article("Three words here.\n\n```\nnot these words at all\n```\n")
    assert a.counts()["words"] == 3
    assert a.counts()["code_blocks"] == 1


# -- bad input ------------------------------------------------------------------


def write(tmp_path: Path, data: bytes, name: str = "a.md") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_malformed_yaml_opens_with_error_naming_file_and_line(tmp_path):
    path = write(tmp_path, b"---\ntitle: ok\ntags: [a, b\n---\n# Body stays\n\nText.\n")
    a = load_article(path)
    (err,) = a.errors
    assert err.path == path and err.line is not None and err.line >= 3
    assert "not valid YAML" in str(err) and str(path) in str(err)
    assert a.outline()[0]["title"] == "Body stays"


def test_front_matter_that_is_not_a_mapping(tmp_path):
    a = load_article(write(tmp_path, b"---\n- one\n- two\n---\nBody.\n"))
    (err,) = a.errors
    assert "must be a mapping" in err.message and err.line == 2


def test_invalid_known_key_names_the_key_and_line(tmp_path):
    a = load_article(write(tmp_path, b"---\ntitle: x\nupdated: yesterday\n---\nBody.\n"))
    (err,) = a.errors
    assert err.line == 3 and "'updated'" in err.message and "YYYY-MM-DD" in err.message


def test_non_utf8_bytes_open_with_the_problem_recorded(tmp_path):
    a = load_article(write(tmp_path, "# Caf\u00e9\n\nLine two.\n".encode("cp1252")))
    (err,) = a.errors
    assert err.line == 1 and "not valid UTF-8" in err.message
    assert a.outline()[0]["title"] == "Café"
    assert a.encoding == "cp1252"


def test_empty_file_opens_with_error(tmp_path):
    a = load_article(write(tmp_path, b""))
    assert [e.message for e in a.errors] == ["the file is empty"]


def test_binary_file_is_refused_with_a_clear_error(tmp_path):
    path = write(tmp_path, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    with pytest.raises(ArticleError, match="binary file") as info:
        load_article(path)
    assert str(path) in str(info.value)


def test_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(ArticleError, match="no such file"):
        load_article(tmp_path / "nope.md")


def test_bom_is_remembered_and_not_part_of_the_text(tmp_path):
    a = load_article(write(tmp_path, b"\xef\xbb\xbf---\ntitle: B\n---\nBody.\n"))
    assert a.bom and a.metadata.title == "B" and not a.text.startswith("\ufeff")


def test_unclosed_front_matter_is_body_not_hidden():
    a = parse_article("---\ntitle: x\n\nNo closing fence.\n")
    assert a.front_matter is None
    assert "No closing fence" in a.mask


def test_numbers_in_front_matter_stay_as_written():
    a = parse_article("---\nid: 007\ntags: [0x80070005, 1.10]\n---\nBody.\n")
    assert a.metadata.id == "007"
    assert a.metadata.tags == ["0x80070005", "1.10"]


def test_a_sentence_may_open_with_inline_code():
    a = parse_article("Set the policy. `0x80070005` is the code you see.\n")
    assert [a.text[s.start : s.end] for s in a.sentences] == [
        "Set the policy.",
        "`0x80070005` is the code you see.",
    ]


def test_a_full_stop_inside_closing_quotes_ends_the_sentence():
    a = parse_article(
        'Each rule is called a "normal form." If the first rule is observed, it is in '
        '"first normal form." Select "OK." and then close it.\n'
    )
    assert len(a.sentences) == 3
    assert a.text[a.sentences[1].start :].startswith("If the first rule")
    assert a.text[a.sentences[2].start :].startswith("Select")


def test_a_full_stop_after_a_file_name_ends_the_sentence():
    a = parse_article("The templates are Outlk15.admx and Outlk15.adml. Copy them to the store.\n")
    assert [a.text[s.start : s.end].split()[0] for s in a.sentences] == ["The", "Copy"]


def test_notes_and_images_indented_under_a_list_item_are_not_prose():
    text = (
        "1.  Open the app.\n\n"
        "    > [!NOTE]\n"
        "    > Your files are safe.\n\n"
        '    :::image type="content" source="a.png" alt-text="The app":::\n\n'
        "2.  Close it.\n"
    )
    a = parse_article(text)
    assert [c.alert for c in a.containers] == ["NOTE"]
    assert B.DIRECTIVE in kinds(a)
    assert "image" not in a.mask and "[!NOTE]" not in a.mask
    assert [a.text[s.start : s.end] for s in a.sentences] == [
        "Open the app.",
        "Your files are safe.",
        "Close it.",
    ]


# Bytes that each take a different path through decode: a byte-order mark, old Mac line
# endings, Windows-1252, UTF-16.
ODD_BYTES = {
    "bom": b"\xef\xbb\xbf---\ntitle: Printer\n---\n\n## Steps\n",
    "cr": b"---\rtitle: Printer\r---\r\r## Steps\r",
    "cp1252": b"---\ntitle: Caf\xe9 printer\n---\n\n## Steps\n",
    "utf16": "---\ntitle: Printer\n---\n\n## Steps\n".encode("utf-16"),
}


@pytest.mark.parametrize("name", sorted(ODD_BYTES))
def test_export_and_search_read_bytes_as_load_article_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    """One function turns bytes into an Article: every reader goes through it."""
    import kbeditor.article as article_module
    from kbeditor.export.records import build_record
    from kbeditor.search.index import read_article

    path = tmp_path / "printer.md"
    path.write_bytes(ODD_BYTES[name])
    expected = load_article(path)
    seen: list[Path | None] = []
    real_decode = article_module.decode

    def decode(data: bytes, p: Path | None = None) -> tuple[str, bool, str, list[ArticleError]]:
        seen.append(p)
        return real_decode(data, p)

    monkeypatch.setattr(article_module, "decode", decode)
    built = build_record(str(tmp_path), "printer.md", path.read_bytes(), lint=False)
    doc, _state = read_article(path, "printer.md")
    assert seen == [path, path]
    assert isinstance(built, tuple)
    record, _rendering = built
    assert record.title == doc.title == expected.title
