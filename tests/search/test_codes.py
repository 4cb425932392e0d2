"""Error codes are found in any case and in any script, whichever patterns are skipped as absent."""

from __future__ import annotations

import pytest

from kbeditor.search.codes import find_codes


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("EVENT ID 4625 in the Security log", ["event 4625"]),
        # Not ASCII: re equates "İ" with "i", so "İD" is "id" to the pattern.
        ("Event İD 4625 in the Security log", ["event 4625"]),
        ("The server said (404) NOT FOUND.", ["http 404"]),
        ("Le serveur a répondu 503 Service Unavailable", ["http 503"]),
        ("HTTP Error 503", ["http 503", "error 503"]),
        ("Error code: 0x80070005, then ERROR 1603", ["0x80070005", "error 1603"]),
        ("Stop code CRITICAL_PROCESS_DIED", ["critical_process_died"]),
        ("Sign-in failed with AADSTS50076", ["aadsts50076"]),
        ("Nothing to see here: version 2024, build 17763", []),
    ],
)
def test_codes_are_found(text: str, codes: list[str]) -> None:
    assert find_codes(text) == codes
