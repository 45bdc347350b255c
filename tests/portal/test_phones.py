"""Phone numbers as people type them: with spaces, dots, dashes or the country code, one
number is stored one way, so a donor finds their offer whatever way they type it again."""

import pytest

from django import forms

from portal.forms.phones import normalise_phone, phone_or_blank


@pytest.mark.parametrize(
    "typed",
    [
        "0912345678",
        "0912 345 678",
        "0912.345.678",
        "0912-345-678",
        " 0912 345 678 ",
        "+84 912 345 678",
        "+84912345678",
        "84912345678",
        "(+84) 912-345-678",
    ],
)
def test_every_way_of_writing_a_mobile_number_is_one_number(typed):
    assert normalise_phone(typed) == "0912345678"


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "912345678",  # the leading 0 forgotten
        "091234567",  # a digit short
        "09123456789",  # a digit too many
        "+85 912 345 678",  # another country
        "0912 345 67a",
        "không có",
    ],
)
def test_what_cannot_be_a_number_is_refused_with_the_rule_in_vietnamese(typed):
    with pytest.raises(forms.ValidationError) as refused:
        normalise_phone(typed)

    assert "10 chữ số, bắt đầu bằng 0" in refused.value.messages[0]


def test_a_number_typed_in_a_look_up_is_found_or_is_blank_never_an_error():
    assert phone_or_blank("+84 912.345.678") == "0912345678"
    assert phone_or_blank("12345") == ""
    assert phone_or_blank("") == phone_or_blank(None) == ""
