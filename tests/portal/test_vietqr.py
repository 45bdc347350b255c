"""The VietQR text a banking app reads: byte for byte as published, a checksum that catches
any changed character, fields that parse back to what was asked, and clear refusals."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from django.utils import translation

from portal.checks import vietqr_account, vietqr_demo_account
from portal.vietqr import VietQRError, crc16, memo, payload
from portal.vietqr import fields as read_back

# Published payloads, each made by another implementation from the inputs its page states:
# github.com/subiz/vietqr, README.md (Go): Generate(120000, "970415", "0011001932418",
# "ủng hộ lũ lụt") — the Vietnamese memo folded to "ung ho lu lut".
SUBIZ = (
    "00020101021238570010A00000072701270006970415011300110019324180208QRIBFTTA"
    "530370454061200005802VN62170813ung ho lu lut6304C15C"
)
# npm "dynamic-vietqr" 0.0.81, README.md (TypeScript): new VietQr("0011012345678", "970403"),
# the NAPAS specification's sample account; dynamicIBFTToAccount("180000", "thanh toan don
# hang") and staticIBFTToAccount().
DYNAMIC_VIETQR_AMOUNT = (
    "00020101021238570010A00000072701270006970403011300110123456780208QRIBFTTA"
    "530370454061800005802VN62230819thanh toan don hang63045FAB"
)
DYNAMIC_VIETQR_STATIC = (
    "00020101021138570010A00000072701270006970403011300110123456780208QRIBFTTA53037045802VN63049E6F"
)
# pub.dev "vietqr_generator", documentation (Dart): QrPay.vietQR(bin: "970407", bankNumber:
# "0386577672", purpose: "henry an cut", amount: "1000000"). It marks a code with an amount
# "11" (reusable), where NAPAS and the two above say "12": only its checksum is compared.
VIETQR_GENERATOR = (
    "00020101021138540010A00000072701240006970407011003865776720208QRIBFTTA"
    "5303704540710000005802VN62160812henry an cut6304A322"
)
# NAPAS, "Technical Specifications on NAPAS QR Switching" v1.5.2 (January 2021), example
# 6.1.1, as quoted in the tests of several VietQR libraries. Its account field says length
# 12 for the 13 digits "0011012345678" (a typo: the outer lengths 57 and 27 count 13), so no
# correct encoder reproduces it; its checksum F4E5 is still that of its text, and the same
# account correctly encoded is DYNAMIC_VIETQR_STATIC above.
NAPAS_SAMPLE = (
    "00020101021138570010A00000072701270006970403011200110123456780208QRIBFTTA53037045802VN6304F4E5"
)


def fields(text: str) -> dict[str, str]:
    """ID → value, one level of EMVCo's ID-length-value run (the test's own parser)."""
    found = {}
    while text:
        tag, length = text[:2], int(text[2:4])
        found[tag] = text[4 : 4 + length]
        assert len(found[tag]) == length, "a field runs past the end"
        text = text[4 + length :]
    return found


@pytest.mark.parametrize(
    ("arguments", "published"),
    [
        (
            {
                "bank_bin": "970415",
                "account": "0011001932418",
                "amount": 120_000,
                "purpose": "ủng hộ lũ lụt",
            },
            SUBIZ,
        ),
        (
            {
                "bank_bin": "970403",
                "account": "0011012345678",
                "amount": 180_000,
                "purpose": "thanh toan don hang",
            },
            DYNAMIC_VIETQR_AMOUNT,
        ),
        ({"bank_bin": "970403", "account": "0011012345678"}, DYNAMIC_VIETQR_STATIC),
    ],
)
def test_published_payloads_byte_for_byte(arguments, published):
    assert payload(**arguments) == published


@pytest.mark.parametrize(
    "published",
    [SUBIZ, DYNAMIC_VIETQR_AMOUNT, DYNAMIC_VIETQR_STATIC, VIETQR_GENERATOR, NAPAS_SAMPLE],
)
def test_the_published_checksums_are_crc16_ccitt_false(published):
    assert crc16(published[:-4]) == published[-4:]


def test_the_checksum_is_the_standard_check_value():
    assert crc16("123456789") == "29B1"  # CRC-16/CCITT-FALSE's catalogued check value


accounts = st.text(alphabet="0123456789ABCDEFGHJKLMNPQRSTUVWXYZ", min_size=1, max_size=19)
bins = st.from_regex(r"\A97[0-9]{4}\Z")
amounts = st.none() | st.integers(min_value=1, max_value=10**13 - 1)
memos = st.text(max_size=60)


@given(bank_bin=bins, account=accounts, amount=amounts, purpose=memos)
def test_any_transfer_parses_back_and_its_checksum_holds(bank_bin, account, amount, purpose):
    text = payload(bank_bin=bank_bin, account=account, amount=amount, purpose=purpose)

    assert text.isascii()
    assert crc16(text[:-4]) == text[-4:]
    root = fields(text)
    merchant = fields(root["38"])
    beneficiary = fields(merchant["01"])
    assert list(root)[:2] == ["00", "01"]
    assert list(root)[-1] == "63"
    assert root["00"] == "01"
    assert root["01"] == ("11" if amount is None else "12")
    assert merchant == {"00": "A000000727", "01": merchant["01"], "02": "QRIBFTTA"}
    assert beneficiary == {"00": bank_bin, "01": account}
    assert (root["53"], root["58"]) == ("704", "VN")
    assert root.get("54") == (None if amount is None else str(amount))
    note = fields(root["62"])["08"] if "62" in root else ""
    assert note == memo(purpose)
    assert len(note) <= 25
    # The e-mail's alt text and layout read the code with the project's own reader.
    assert read_back(text) == root
    assert read_back(root.get("62", "")) == ({"08": note} if note else {})


@given(
    account=accounts,
    amount=amounts,
    position=st.integers(min_value=0),
    replacement=st.characters(min_codepoint=32, max_codepoint=126),
)
def test_changing_any_character_breaks_the_checksum(account, amount, position, replacement):
    text = payload(bank_bin="970436", account=account, amount=amount, purpose="UH67FDUKZG UNG HO")
    at = position % len(text)
    if text[at] == replacement:
        return
    changed = text[:at] + replacement + text[at + 1 :]

    assert crc16(changed[:-4]) != changed[-4:]


def test_the_memo_keeps_the_code_first_in_plain_letters_within_25_characters():
    assert memo("UH67FDUKZG ủng hộ Trường Tiểu học Đặng Xá") == "UH67FDUKZG ung ho Truong"
    assert memo("Đồng  hành: 100% / máy-tính!") == "Dong hanh 100 may tinh"
    assert memo("   ") == ""


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"bank_bin": "97043", "account": "1"}, "Mã BIN ngân hàng phải gồm đúng 6 chữ số"),
        ({"bank_bin": "97043A", "account": "1"}, "Mã BIN ngân hàng phải gồm đúng 6 chữ số"),
        ({"bank_bin": "97043٠", "account": "1"}, "Mã BIN ngân hàng phải gồm đúng 6 chữ số"),
        ({"bank_bin": "970436", "account": ""}, "Số tài khoản phải gồm 1 đến 19"),
        ({"bank_bin": "970436", "account": "0" * 20}, "Số tài khoản phải gồm 1 đến 19"),
        ({"bank_bin": "970436", "account": "0011-0019"}, "Số tài khoản phải gồm 1 đến 19"),
        ({"bank_bin": "970436", "account": "1", "amount": 0}, "Số tiền phải là số đồng nguyên"),
        (
            {"bank_bin": "970436", "account": "1", "amount": 10**13},
            "Số tiền phải là số đồng nguyên",
        ),
        ({"bank_bin": "970436", "account": "1", "amount": 1.5}, "Số tiền phải là số đồng nguyên"),
    ],
)
def test_what_no_bank_could_read_is_refused_in_vietnamese(arguments, message):
    with translation.override("vi"), pytest.raises(VietQRError, match=message):
        payload(**arguments)


def test_an_account_no_bank_could_read_stops_the_site_at_start_up(settings):
    settings.VIETQR_ACCOUNT_NUMBER = "0011-0019"

    [error] = vietqr_account(None)

    assert error.id == "portal.E111"


def test_production_with_the_demonstration_account_is_warned(settings):
    assert [w.id for w in vietqr_demo_account(None)] == ["portal.W111"]
    settings.VIETQR_ACCOUNT_NUMBER = "12010000123456"
    assert vietqr_account(None) == vietqr_demo_account(None) == []
