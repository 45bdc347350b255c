"""VietQR: the text a bank transfer QR code holds (NAPAS 247, "transfer to account").

The format is EMVCo's merchant-presented QR: a run of fields, each an ID (2 digits), a
length (2 digits) and a value; NAPAS puts the beneficiary under ID 38. Every Vietnamese
banking app reads it and fills in the bank, the account, the amount and the transfer memo.
Checked byte for byte against published payloads (docs/operating.md, VietQR).

Written here (about sixty lines) rather than taken from a package: the few on the index
are young single-maintainer releases, and the format is small, fixed and fully tested.
"""

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from portal.sms_text import fold_ascii

NAPAS_GUID = "A000000727"
TO_ACCOUNT = "QRIBFTTA"  # NAPAS 247 inter-bank fund transfer to an account number
VND = "704"
MEMO_MAX = 25  # banks cut the memo past this: whatever identifies the gift comes first

_BIN = re.compile(r"[0-9]{6}")  # ASCII digits only: \d would take "٠" too
_ACCOUNT = re.compile(r"[A-Za-z0-9]{1,19}")
_NOT_MEMO = re.compile(r"[^A-Za-z0-9 ]+")


class VietQRError(ValueError):
    """Settings or an amount a bank could not read; the message says which, in Vietnamese."""


def crc16(text: str) -> str:
    """CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF), four upper-case hex digits."""
    crc = 0xFFFF
    for byte in text.encode("ascii"):
        crc ^= byte << 8
        for _bit in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else crc << 1
        crc &= 0xFFFF
    return f"{crc:04X}"


def memo(*parts: str) -> str:
    """A transfer memo banks keep whole: Vietnamese folded to plain letters, only letters,
    digits and single spaces, at most 25 characters (the first part, the code, kept first)."""
    text = _NOT_MEMO.sub(" ", fold_ascii(" ".join(parts)))
    return " ".join(text.split())[:MEMO_MAX].rstrip()


def _field(tag: str, value: str) -> str:
    return f"{tag}{len(value):02d}{value}"


def payload(*, bank_bin: str, account: str, amount: int | None = None, purpose: str = "") -> str:
    """The QR text for a transfer to `account` at the bank `bank_bin`; with an amount (whole
    đồng) the code is meant for one transfer ("12"), without it for any number ("11")."""
    if not _BIN.fullmatch(bank_bin or ""):
        raise VietQRError(_("Mã BIN ngân hàng phải gồm đúng 6 chữ số."))
    if not _ACCOUNT.fullmatch(account or ""):
        raise VietQRError(_("Số tài khoản phải gồm 1 đến 19 chữ số hoặc chữ cái không dấu."))
    if amount is not None and not (isinstance(amount, int) and 0 < amount < 10**13):
        raise VietQRError(_("Số tiền phải là số đồng nguyên, từ 1 đến 13 chữ số."))
    note = memo(purpose)
    beneficiary = _field("00", bank_bin) + _field("01", account)
    text = (
        _field("00", "01")
        + _field("01", "11" if amount is None else "12")
        + _field(
            "38", _field("00", NAPAS_GUID) + _field("01", beneficiary) + _field("02", TO_ACCOUNT)
        )
        + _field("53", VND)
        + (_field("54", str(amount)) if amount is not None else "")
        + _field("58", "VN")
        + (_field("62", _field("08", note)) if note else "")
        + "6304"
    )
    return text + crc16(text)


def fields(text: str) -> dict[str, str]:
    """A payload's fields read back (ID → value; a template such as "62" is read again):
    what an e-mail says beside the code it carries, the amount, comes from the code itself."""
    found, at = {}, 0
    while at + 4 <= len(text) and text[at + 2 : at + 4].isdigit():
        size = int(text[at + 2 : at + 4])
        found[text[at : at + 2]] = text[at + 4 : at + 4 + size]
        at += 4 + size
    return found


@dataclass(frozen=True)
class Transfer:
    """A transfer written out for people (bank, account, amount, memo) and as QR text."""

    bank_name: str
    bank_bin: str
    account: str
    account_name: str
    amount: int | None
    memo: str
    payload: str
    demo: bool
