"""Offsets <-> LSP positions, checked against the encodings themselves."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from kbeditor.lsp.positions import UTF8, UTF16, UTF32, LineIndex, apply_change

CODECS = {UTF8: ("utf-8", 1), UTF16: ("utf-16-le", 2), UTF32: ("utf-32-le", 4)}
TEXT = st.text(alphabet=st.sampled_from(list("ab \n\r\t\x0c\u2028é中😀🚀")), max_size=40)


def expected(text: str, offset: int, encoding: str) -> tuple[int, int]:
    """The position by the protocol's own definition: lines end at \\n, \\r\\n or \\r."""
    starts = [0, *(m.end() for m in re.finditer(r"\r\n|\r|\n", text[:offset]))]
    codec, size = CODECS[encoding]
    return len(starts) - 1, len(text[starts[-1] : offset].encode(codec)) // size


@given(TEXT, st.sampled_from(list(CODECS)), st.data())
def test_position_is_the_protocols(text, encoding, data):
    offset = data.draw(st.integers(0, len(text)))
    if text[offset - 1 : offset + 1] == "\r\n":
        return  # between \r and \n is no place a client can name
    index = LineIndex(text, encoding)
    assert index.position(offset) == expected(text, offset, encoding)
    assert index.offset(*index.position(offset)) == offset


def test_an_emoji_is_two_utf16_units_and_one_utf32_unit():
    text = "👍 Simply\n"
    assert LineIndex(text).position(2) == (0, 3)
    assert LineIndex(text, UTF32).position(2) == (0, 2)
    assert LineIndex(text, UTF8).position(2) == (0, 5)
    assert LineIndex(text).offset(0, 3) == 2


def test_form_feeds_and_unicode_separators_do_not_end_lines():
    text = "a\x0cb\u2028c\nd"
    assert LineIndex(text).position(len(text)) == (1, 1)


def test_positions_past_a_line_end_clamp_to_it():
    index = LineIndex("ab\r\ncd\n")
    assert index.offset(0, 99) == 2
    assert index.offset(5, 0) == len("ab\r\ncd\n")


def test_apply_change_replaces_a_range_counted_in_utf16():
    text = "👍 one\ntwo\n"
    assert apply_change(text, (0, 3), (1, 1), "ONE\nT") == "👍 ONE\nTwo\n"
