"""The article renderer: Markdown features, KB syntax, source lines, sanitising."""

from __future__ import annotations

import re

import html5lib
import pytest

from kbeditor.article import parse_article
from kbeditor.export.render import preview_css, render_article, slugify


def render(text: str, **kwargs):  # type: ignore[no-untyped-def]
    return render_article(parse_article(text, "kb/a.md"), **kwargs)


def test_standard_extensions_render() -> None:
    out = render(
        "# Title\n\n## Step 1 - Check\n\n| A | B |\n|---|--:|\n| 1 | 2 |\n\n"
        "Term\n: Meaning[^n]\n\n[^n]: The note.\n\n!!! warning\n    Careful.\n\n"
        "Text {: #custom }\n\n3. three\n4. four\n"
    ).html
    assert "<table" in out and '<td align="right">2</td>' in out
    assert "<dl" in out and "<dt>Term</dt>" in out
    assert 'class="footnote"' in out and 'href="#fn:n"' in out
    assert 'class="admonition warning"' in out
    assert re.search(r'<ol [^>]*start="3"', out)
    assert 'id="step-1---check"' in out  # GitHub-style anchors, as written links expect


def test_alerts_become_callouts_with_their_kind() -> None:
    for kind in ("NOTE", "TIP", "IMPORTANT", "WARNING", "CAUTION"):
        out = render(f"> [!{kind}]\n> Keep your **password** safe.\n").html
        assert f'class="callout callout-{kind.lower()}"' in out
        assert f'<p class="callout-title">{kind.title()}</p>' in out
        assert "<strong>password</strong>" in out
        assert "[!" not in out


def test_image_directive_becomes_an_image_inline_and_as_a_block() -> None:
    out = render(
        ':::image type="content" source="media/a.png" alt-text="The sign-in window.":::\n\n'
        'Select **Edit** :::image type="icon" source="media/edit.png" border="false":::.\n'
    ).html
    assert '<img alt="The sign-in window." class="kb-image" src="media/a.png">' in out
    assert '<img alt="" class="kb-icon" src="media/edit.png">' in out
    assert ":::" not in out


def test_unknown_directives_stay_readable_and_warn_with_their_line() -> None:
    result = render(
        'Intro.\n\n:::zone pivot="windows":::\n\nText.\n\n'
        "[!INCLUDE [Deprecation note](../includes/note.md)]\n\n"
        '> [!div class="nextstepaction"]\n> [Next step](next.md)\n'
    )
    assert ':::zone pivot="windows":::' in result.html
    assert "Deprecation note" in result.html
    assert "Next step" in result.html
    lines = [line for line, _ in result.warnings]
    assert lines == [3, 7, 9]
    assert all(message for _, message in result.warnings)


def test_fences_indented_under_list_items_stay_in_the_list() -> None:
    out = render(
        "1. Open a terminal.\n2. Run:\n\n   ```console\n   outlook.exe /safe\n   ```\n\n"
        "3. Close it.\n   - sub item\n"
    ).html
    assert out.count("<ol") == 1  # numbering is not broken by the code block
    assert '<code class="language-console">outlook.exe /safe\n</code>' in out
    assert re.search(r"<li[^>]*>\s*<p>Close it.</p>\s*<ul>\s*<li>sub item</li>", out)


def test_fence_after_an_unindented_continuation_line_stays_code() -> None:
    # The item's text goes on at the left margin; the error message below is still its code.
    out = render(
        "## Symptoms\n\n- The cmdlet fails with this\nerror in the console:\n\n"
        "    ```text\n    Error 504: time-out\n   ```\n\n## Cause\n\nA proxy.\n"
    ).html
    assert re.search(r"<li>\s*<p>The cmdlet fails with this\s+error in the console:</p>", out)
    assert '<code class="language-text">Error 504: time-out\n</code>' in out
    assert "```" not in out
    assert re.search(r'<h2 [^>]*id="cause"', out) and '<p data-line="12">A proxy.</p>' in out
    # A heading at the margin still ends the list.
    assert re.search(r"</ul>\s*<h2", render("- item\n## Next\n").html)


def test_block_elements_carry_their_source_line() -> None:
    text = "---\ntitle: T\n---\n\n## First\n\nA paragraph.\n\n```text\ncode\n```\n\n> [!TIP]\n> Tip.\n\n- a\n- b\n"
    out = render(text).html
    assert '<h2 data-line="5" id="first">' in out
    assert '<p data-line="7">A paragraph.</p>' in out
    assert '<pre data-line="9">' in out
    assert 'data-line="13"' in out and "callout-tip" in out
    assert '<ul data-line="16">' in out


@pytest.mark.parametrize(
    "evil",
    [
        "<script>alert(1)</script>",
        '<img src="x.png" onerror="alert(1)">',
        '<a href="javascript:alert(1)">click</a>',
        "[click](javascript:alert(1))",
        '<iframe src="https://evil.example"></iframe>',
        '<div onclick="alert(1)" style="background:url(javascript:alert(1))">x</div>',
        "<svg><script>alert(1)</script></svg>",
        '<a href="JaVaScRiPt:alert(1)">x</a>',
    ],
)
def test_sanitiser_removes_scripts_handlers_and_javascript_urls(evil: str) -> None:
    out = render(f"Before.\n\n{evil}\n\nAfter.\n").html
    lowered = out.lower()
    assert "<script" not in lowered and "alert(1)</" not in lowered
    assert "onerror" not in lowered and "onclick" not in lowered
    assert "javascript:" not in lowered and "<iframe" not in lowered
    assert "Before." in out and "After." in out
    html5lib.parseFragment(out)


def test_links_are_reported_with_lines_and_rewritten_by_the_resolver() -> None:
    seen = []

    def resolver(target: str, line: int, image: bool) -> str | None:
        seen.append((target, line, image))
        return "X-" + target

    result = render(
        "See [other](other.md#fix).\n\n![pic](img/p.png)\n\n[web](https://example.com)\n",
        link_resolver=resolver,
    )
    assert seen == [("other.md#fix", 1, False), ("img/p.png", 3, True)]
    assert 'href="X-other.md#fix"' in result.html and 'src="X-img/p.png"' in result.html
    assert 'href="https://example.com"' in result.html
    assert [(link.target, link.line) for link in result.links] == [
        ("other.md#fix", 1),
        ("img/p.png", 3),
    ]


def test_raw_html_links_are_handled_once_however_many_headings() -> None:
    seen = []

    def resolver(target: str, line: int, image: bool) -> str | None:
        seen.append(target)
        return target[:-3] + ".html" if target.endswith(".md") else None

    result = render(
        "# Title\n\n## One\n\n## Two\n\n"
        '<p><a href="other.md">x</a> <img src="img/p.png" alt="p"></p>\n',
        link_resolver=resolver,
    )
    # Once each: a second pass would see "other.html" and report it as a missing file.
    assert seen == ["other.md", "img/p.png"]
    assert [(link.target, link.line) for link in result.links] == [
        ("other.md", 7),
        ("img/p.png", 7),
    ]
    assert '<a href="other.html">x</a>' in result.html


def test_toc_lists_headings_with_ids() -> None:
    result = render("# Title\n\n## Symptoms\n\n### Detail `code`\n\n## Cause\n")
    assert result.toc == [
        (1, "title", "Title"),
        (2, "symptoms", "Symptoms"),
        (3, "detail-code", "Detail code"),
        (2, "cause", "Cause"),
    ]


def test_strip_title_removes_only_a_leading_h1() -> None:
    result = render("# The title\n\nBody.\n", strip_title=True)
    assert "<h1" not in result.html and result.title_html == "The title"
    assert "<h1" in render("Body.\n\n# Later\n", strip_title=True).html


def test_slugify_matches_github_style_anchors() -> None:
    assert (
        slugify("I'm an email admin. How do I fix this error?")
        == "im-an-email-admin-how-do-i-fix-this-error"
    )
    assert slugify("Resolution 1") == "resolution-1"


def test_preview_css_has_light_and_dark_variants_without_unsupported_features() -> None:
    light, dark = preview_css(False), preview_css(True)
    assert light != dark and "#ffffff" in light and "#16181c" in dark
    for css in (light, dark):
        assert "var(" not in css and "@media" not in css


def test_corpus_articles_render_without_leftover_markers(corpus_articles) -> None:  # type: ignore[no-untyped-def]
    from kbeditor.article import load_article

    for path in corpus_articles[:200]:
        result = render_article(load_article(path))
        assert "\x02" not in result.html and "kbline" not in result.html, path.name
        assert "<script" not in result.html


def test_crowded_literal_brackets_render_as_written_and_links_still_work() -> None:
    """Literal "[" and "(" are escaped before rendering only where they would cost a search
    to the end of the block; the page shows the same characters, and real links, code and
    a few stray brackets are untouched."""
    text = (
        "# Title\n\nSee [the guide](guide.md) and [a [nested] name](b.md) " + "[" * 60 + "\n\n"
        "Type `[[[` and [stray one.\n\n" + "[a](" * 60 + " and [c](c.md)\n"
    )
    out = render(text).html
    assert '<a href="guide.md">the guide</a>' in out
    assert '<a href="b.md">a [nested] name</a>' in out
    assert "[" * 60 in out and "\\" not in out
    assert "<code>[[[</code>" in out and "[stray one." in out
    assert "[a](" * 60 in out and '<a href="c.md">c</a>' in out
