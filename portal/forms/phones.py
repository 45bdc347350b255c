"""Vietnamese phone numbers, written any way people write them, stored one way."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _


def normalise_phone(text: str) -> str:
    """ "0912 345 678", "0912.345.678" and "+84 912 345 678" are one number: 0912345678."""
    digits = re.sub(r"[^\d+]", "", text)
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    elif digits.startswith("84") and len(digits) == 11:
        digits = "0" + digits[2:]
    if not re.fullmatch(r"0\d{9}", digits):
        raise forms.ValidationError(
            _("Số điện thoại chưa đúng: 10 chữ số, bắt đầu bằng 0 (ví dụ 0912 345 678).")
        )
    return digits


def phone_or_blank(text: str) -> str:
    """The stored form of a typed number, or "" when it is not one."""
    try:
        return normalise_phone(text or "")
    except forms.ValidationError:
        return ""
