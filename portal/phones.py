"""Phone numbers, the one way for each: read as people type them in Việt Nam ("0912.345.678",
"024 3826 1234", "+84 (0) 912 345 678"), stored in E.164 ("+84912345678"), shown in the
national format ("0912 345 678"). A landline is a number too: team numbers are landlines."""

import re

import phonenumbers

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

REGION = "VN"
# The library reads letters as a keypad's digits ("67a" as 672): a typed number may hold only
# what people put between digits.
TYPED = re.compile(r"[\d\s.\-()+/]+")
INVALID = _("Số điện thoại chưa đúng. Ví dụ: 0912 345 678 (di động) hoặc 024 3826 1234 (cố định).")


def _parsed(text: str | None) -> phonenumbers.PhoneNumber | None:
    text = (text or "").strip()
    if not TYPED.fullmatch(text):
        return None
    try:
        number = phonenumbers.parse(text, REGION)
    except phonenumbers.NumberParseException:
        return None
    return number if phonenumbers.is_valid_number(number) else None


def phone_e164(text: str | None) -> str:
    """The stored form of a typed number; a ValidationError, in Vietnamese, if it is none."""
    number = _parsed(text)
    if number is None:
        raise ValidationError(INVALID, code="phone")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def phone_or_blank(text: str | None) -> str:
    """The stored form of a typed number, or "" when it is not one (a look-up, never an error)."""
    try:
        return phone_e164(text)
    except ValidationError:
        return ""


def phone_stored(text: str) -> str:
    """The stored form when the text is a number, else the text unchanged (old records)."""
    return phone_or_blank(text) or text


def phone_national(value: str | None) -> str:
    """How people read it: "0912 345 678", "024 3826 1234"; a foreign number with its country
    code; a value that is no number as it was written."""
    number = _parsed(value)
    if number is None:
        return value or ""
    if phonenumbers.region_code_for_number(number) == REGION:
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def phone_search_digits(query: str) -> str:
    """What a stored number contains when it matches a typed (maybe partial) number: "0912 345"
    finds "+84912345678". "" when the query is no number (a name, a code)."""
    query = query.strip()
    if not TYPED.fullmatch(query):
        return ""
    digits = re.sub(r"\D", "", query)
    if query.startswith("+84") or (query.startswith("84") and len(digits) > 9):
        digits = digits[2:]
    digits = digits.removeprefix("0")
    return digits if len(digits) >= 3 else ""


def is_mobile(value: str | None) -> bool:
    """Whether a number can receive a text message: a Vietnamese or foreign mobile number (a
    landline cannot, and the library cannot always tell some countries' apart: those pass)."""
    number = _parsed(value)
    if number is None:
        return False
    return phonenumbers.number_type(number) in (
        phonenumbers.PhoneNumberType.MOBILE,
        phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
    )


def phone_masked(value: str | None) -> str:
    """A number with all but its first two and last three digits hidden ("09xx xxx 678"):
    enough to tell two people apart in a list, not enough to call them."""
    shown = phone_national(value)
    digits = sum(ch.isdigit() for ch in shown)
    if digits < 6:
        return "x" * len(shown)
    seen, out = 0, []
    for ch in shown:
        if ch.isdigit():
            seen += 1
            out.append(ch if seen <= 2 or seen > digits - 3 else "x")
        else:
            out.append(ch)
    return "".join(out)
