"""What a phone shows: Vietnamese folded to plain letters on the ASCII route, one segment
always (160 GSM-7 characters, or 70 when accents are sent)."""

import unicodedata

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from portal.sms_text import GSM7_LIMIT, UCS2_LIMIT, fold_ascii, sms_text

GSM7_BASIC = set(
    " !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz"
)
VOWELS = {
    "a": "aàáảãạ",
    "ă": "ăằắẳẵặ",
    "â": "âầấẩẫậ",
    "e": "eèéẻẽẹ",
    "ê": "êềếểễệ",
    "i": "iìíỉĩị",
    "o": "oòóỏõọ",
    "ô": "ôồốổỗộ",
    "ơ": "ơờớởỡợ",
    "u": "uùúủũụ",
    "ư": "ưừứửữự",
    "y": "yỳýỷỹỵ",
}
BASE = {"ă": "a", "â": "a", "ê": "e", "ô": "o", "ơ": "o", "ư": "u"}
VIETNAMESE_LETTERS = "".join(VOWELS.values()) + "đ" + "".join(VOWELS.values()).upper() + "Đ"


@pytest.mark.parametrize(("vowel", "forms"), list(VOWELS.items()))
def test_every_vowel_with_every_tone_folds_to_its_plain_letter(vowel, forms):
    plain = BASE.get(vowel, vowel)
    assert fold_ascii(forms) == plain * 6
    assert fold_ascii(forms.upper()) == plain.upper() * 6


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("đ Đ", "d D"),
        (
            "Yêu cầu HT-0812 của bạn đã được tiếp nhận.",
            "Yeu cau HT-0812 cua ban da duoc tiep nhan.",
        ),
        ("Đội Gia Lâm sẽ gọi bạn trong 24 giờ", "Doi Gia Lam se goi ban trong 24 gio"),
        ("Nguyễn Thị Ánh Tuyết", "Nguyen Thi Anh Tuyet"),
        ("“Máy tính cũ – Tri thức mới”…", '"May tinh cu - Tri thuc moi"...'),
        ("giá: 1.000.000 ₫ 😀", "gia: 1.000.000 d "),
        ("[mã] {x} a\\b ~ ^ | `q`", "(ma) (x) a/b -  / 'q'"),
        ("ﬁle ＡＢＣ１２３", "file ABC123"),
    ],
)
def test_known_texts_fold_as_a_reader_expects(text, expected):
    assert fold_ascii(text) == expected


def test_whitespace_collapses_and_ends_are_trimmed():
    assert sms_text("  Yêu cầu\n\n HT-1\t đã\u00a0nhận  ") == "Yeu cau HT-1 da nhan"
    assert sms_text("  Yêu cầu\n\n HT-1  ", ascii_only=False) == "Yêu cầu HT-1"


def test_a_long_text_is_cut_at_a_word_with_an_ellipsis():
    words = "Yêu cầu hỗ trợ HT-0812 của bạn đã được đội Gia Lâm tiếp nhận " * 5
    text = sms_text(words)
    assert len(text) <= GSM7_LIMIT
    assert text.endswith("...")
    assert text[:-3] == text[:-3].rstrip()
    assert "Yeu cau ho tro HT-0812" in text
    accented = sms_text(words, ascii_only=False)
    assert len(accented) <= UCS2_LIMIT
    assert accented.endswith("…")
    assert accented.startswith("Yêu cầu hỗ trợ HT-0812")


def test_exactly_one_segment_is_left_whole():
    assert sms_text("a" * GSM7_LIMIT) == "a" * GSM7_LIMIT
    assert sms_text("ă" * UCS2_LIMIT, ascii_only=False) == "ă" * UCS2_LIMIT


def test_the_unicode_route_keeps_accents_composed_and_drops_emoji():
    decomposed = unicodedata.normalize("NFD", "Tiếng Việt 😀 đủ dấu")
    assert sms_text(decomposed, ascii_only=False) == "Tiếng Việt đủ dấu"


@given(st.text())
@example("ệ" * 200)
@example("\u0301" * 5)
@example(" " * 300)
def test_the_ascii_route_is_always_one_plain_segment(text):
    out = sms_text(text)
    assert len(out) <= GSM7_LIMIT
    assert set(out) <= GSM7_BASIC
    assert out == out.strip()
    assert "  " not in out


@given(st.text())
def test_the_unicode_route_is_always_one_ucs2_segment(text):
    out = sms_text(text, ascii_only=False)
    assert len(out) <= UCS2_LIMIT
    assert all(ord(ch) <= 0xFFFF for ch in out)
    assert out == unicodedata.normalize("NFC", out)
    assert out == out.strip()


@given(st.text())
def test_composed_and_decomposed_input_fold_alike(text):
    for route in (True, False):
        assert sms_text(unicodedata.normalize("NFC", text), ascii_only=route) == sms_text(
            unicodedata.normalize("NFD", text), ascii_only=route
        )


@given(st.text(alphabet=VIETNAMESE_LETTERS + " .,0123456789", max_size=150))
def test_vietnamese_text_keeps_every_letter_and_digit(text):
    folded = fold_ascii(text)
    assert len(folded) == len(text)
    assert folded.isascii()
    for before, after in zip(text, folded, strict=True):
        assert unicodedata.normalize("NFD", before.replace("đ", "d").replace("Đ", "D"))[0] == after


@given(st.text())
def test_folding_twice_changes_nothing(text):
    once = sms_text(text)
    assert sms_text(once) == once
