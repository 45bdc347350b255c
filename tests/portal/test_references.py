"""Reference codes (an offer's UH-…, a support request's HT-…) as people read them over the
phone and type them back: no look-alike characters, and however the code is typed — small
letters, spaces, without dashes or prefix — it finds the same record."""

import re

import pytest

from portal.references import ALPHABET, new_reference, normalise_reference


def test_a_new_code_is_the_prefix_and_two_groups_of_four_without_look_alikes():
    codes = {new_reference("UH") for _ in range(500)}

    assert all(re.fullmatch(r"UH-[A-Z2-9]{4}-[A-Z2-9]{4}", code) for code in codes)
    assert not set("".join(codes)) & set("01OIL")
    assert len(codes) == 500  # drawn at random: 31⁸ codes, no two alike here


@pytest.mark.parametrize(
    "typed",
    ["UH-4K7M-2Q9P", "uh-4k7m-2q9p", "uh 4k7m 2q9p", "UH4K7M2Q9P", "4K7M2Q9P", " 4k7m-2q9p "],
)
def test_a_code_typed_any_way_is_the_stored_code(typed):
    assert normalise_reference(typed, "UH") == "UH-4K7M-2Q9P"


@pytest.mark.parametrize(
    "typed", ["", None, "UH-4K7M-2Q9", "UH-4K7M-2Q9PX", "xin chào", "HT-4K7M-2Q9PZ"]
)
def test_what_cannot_be_a_code_finds_nothing(typed):
    assert normalise_reference(typed, "UH") == ""


def test_a_support_code_is_not_read_as_an_offer_code():
    """Typed on the wrong desk, a request's code finds no offer."""
    assert normalise_reference("HT-4K7M-2Q9P", "HT") == "HT-4K7M-2Q9P"
    assert normalise_reference("HT-4K7M-2Q9P", "UH") == ""


def test_every_character_of_the_alphabet_survives_being_typed_back():
    body = ALPHABET[:8]
    assert normalise_reference(body.lower(), "HT") == f"HT-{body[:4]}-{body[4:]}"
