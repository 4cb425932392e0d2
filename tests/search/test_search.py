"""Queries as support agents type them: typos, error codes, phrases, filters, pasted messages."""

from __future__ import annotations

from pathlib import Path

from kbeditor.search import SearchService

PASSWORD = "mail/outlook-keeps-asking-for-password.md"
LOOP = "mail/outlook-password-prompt-loop.md"


def paths(results) -> list[str]:
    return [hit.path for hit in results.results]


def test_natural_language_ranks_partial_matches(workspace: Path) -> None:
    results = SearchService.open(workspace).search(
        "why does outlook keep asking me for my password"
    )
    assert paths(results)[:2] == [PASSWORD, LOOP]
    assert results.total >= 2


def test_misspelt_words_still_find_the_article(workspace: Path) -> None:
    results = SearchService.open(workspace).search("outlok kepes asking pasword")
    assert paths(results)[0] == PASSWORD
    assert results.corrections["outlok"] == "outlook"
    assert results.corrections["pasword"] == "password"


def test_error_codes_match_exactly_and_rank_first(workspace: Path) -> None:
    service = SearchService.open(workspace)
    assert paths(service.search("0x80070005"))[0] == "laptops/windows-update-error-0x80070005.md"
    # Typed in lower case, inside a sentence, where other articles only link to the code.
    found = service.search("sign in fails with aadsts50076")
    assert paths(found)[0] == "accounts/sign-in-error-aadsts50076.md"
    found = service.search("vpn error LL2038")
    assert paths(found)[0] == "vpn/vpn-wont-connect.md"
    found = service.search("HTTP 401 from the export job")
    assert paths(found)[0] == "expenses/spendwise-api-401-invalid-token.md"


def test_error_code_words_are_not_spell_corrected(workspace: Path) -> None:
    results = SearchService.open(workspace).search("Event ID 4625")
    assert "event" not in results.corrections


def test_an_english_word_is_never_replaced_even_when_no_article_holds_it(
    workspace: Path,
) -> None:
    """ "blank" is only in a file name; "black" is one letter away but "blank" is a word.

    Searching "black" instead would show unrelated articles (as "relay" ->
    "delay" did). Once an article says "blank", the snippet marks it.
    """
    service = SearchService.open(workspace, stale_check_seconds=0)
    query = "docking station screens blank"
    before = service.search(query)
    assert before.corrections == {}
    assert paths(before)[0] == "laptops/docking-station-screens-blank.md"
    assert service.search("unable to relay").corrections == {}
    (workspace / "laptops" / "dock-blank-screens.md").write_text(
        "---\ntitle: External screens stay blank on the dock\nproduct: Laptops\n---\n\n"
        "# External screens stay blank on the dock\n\n## Symptoms\n\n"
        "The docking station powers on but the screens stay blank.\n"
    )
    after = service.search(query)
    assert after.corrections == {}
    hit = next(h for h in after.results if h.path == "laptops/dock-blank-screens.md")
    assert "**blank**" in hit.snippet and "black" not in hit.snippet.lower()


def test_words_with_digits_are_not_replaced_and_as_typed_replaces_nothing(
    workspace: Path,
) -> None:
    service = SearchService.open(workspace)
    assert service.search("error 80070006 outlok").corrections == {"outlok": "outlook"}
    assert service.search("outlok pasword", correct=False).corrections == {}


def test_quoted_phrase_must_appear_in_order(workspace: Path) -> None:
    service = SearchService.open(workspace)
    assert paths(service.search('"credential prompt"')) == [LOOP]
    assert service.search('"prompt credential"').total == 0


def test_snippet_marks_matches_and_gives_the_line(workspace: Path) -> None:
    hit = SearchService.open(workspace).search("docking station screens blank").results[0]
    assert hit.path == "laptops/docking-station-screens-blank.md"
    assert "**" in hit.snippet and "<mark>" in hit.snippet_html
    lines = (workspace / hit.path).read_text().splitlines()
    assert any(w in lines[hit.line - 1].lower() for w in ("dock", "screen", "blank"))


def test_facet_counts_and_filters(workspace: Path) -> None:
    service = SearchService.open(workspace)
    results = service.search("password")
    assert results.facets["product"]["Mail"] == 2
    assert results.facets["tag"]["outlook"] == 2
    assert sum(results.facets["product"].values()) == results.total
    mail = service.search("password", product="mail")
    assert set(paths(mail)) == {PASSWORD, LOOP} and mail.total == 2
    # "Expenses" names the product "Spendwise Expenses" as a whole word.
    assert {p.split("/")[0] for p in paths(service.search("report product:Expenses"))} == {
        "expenses"
    }
    assert service.search("password", tag="modern-auth").results[0].path == LOOP
    empty = service.search("password", product="No such product")
    assert empty.total == 0 and empty.results == []


def test_no_results_is_an_empty_list(workspace: Path) -> None:
    results = SearchService.open(workspace).search("xylophone")
    assert results.total == 0 and results.results == []


def test_corpus_pasted_error_message_finds_the_article(corpus_workspace: Path) -> None:
    service = SearchService.open(corpus_workspace)
    found = service.search("The remote server returned an error: (401) Unauthorized")
    assert (
        "SharePoint__SharePointHybrid__search__on-premises-content-not-displayed-in-online-search.md"
        in paths(found)[:3]
    )


def test_corpus_event_id_query(corpus_workspace: Path) -> None:
    found = SearchService.open(corpus_workspace).search("Event ID 2004 hybrid mail flow")
    assert (
        paths(found)[0] == "Exchange__ExchangeHybrid__email-delivery__mail-flow-stops-event-2004.md"
    )
