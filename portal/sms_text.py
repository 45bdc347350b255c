"""The text of a text message, the one way: what a phone shows in ONE message.

A Vietnamese brandname route usually accepts only unaccented text (and charges per 160-character
GSM-7 segment); an accented message is sent as UCS-2, where one segment holds 70 characters.
We never send more than one segment: a notice by SMS is a reference and a short sentence, and a
split message costs twice and may arrive out of order.

- `ascii_only=True` (the default route): Vietnamese folded to plain letters (đ→d, Đ→D, every
  tone and vowel mark removed, whether the input is composed (NFC) or decomposed (NFD)),
  typographic punctuation to its ASCII twin, characters GSM-7 sends as two septets or not at
  all replaced or dropped: at most 160 characters, each one septet.
- `ascii_only=False`: composed Unicode (NFC), characters outside the Basic Multilingual Plane
  (emoji) dropped because UCS-2 cannot hold them in one unit: at most 70 characters.

In both, runs of whitespace (new lines included) become one space; a text too long is cut at a
word boundary when one is near and ends with an ellipsis.
"""

import re
import unicodedata

GSM7_LIMIT = 160
UCS2_LIMIT = 70

# Punctuation that has a plain twin: typographic quotes and dashes, and the ASCII characters
# GSM-7 carries only in its extension table (two septets each: they would break the 160 count).
_PLAIN = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
        "\u00b7": "-",
        "\u2022": "-",
        "\u2026": "...",
        "\u20ab": "d",  # the đồng sign, as unaccented Vietnamese writes prices
        "đ": "d",
        "Đ": "D",
        "[": "(",
        "]": ")",
        "{": "(",
        "}": ")",
        "\\": "/",
        "|": "/",
        "~": "-",
        "^": "",
        "`": "'",
    }
)
# Printable ASCII that GSM-7's basic table holds, one septet each.
_GSM7_ASCII = frozenset(
    " !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz"
)
_SPACES = re.compile(r"\s+")
# Control and format characters and lone surrogates: nothing a phone should show.
_UNSENDABLE = frozenset({"Cc", "Cf", "Cs", "Co", "Cn"})


def fold_ascii(text: str) -> str:
    """Vietnamese (and any Latin text) without its marks, as GSM-7 single-septet characters."""
    text = unicodedata.normalize("NFD", text).translate(_PLAIN)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    # What is left outside ASCII may still have a compatibility form ("ﬁ" → "fi", full-width
    # digits); anything else (scripts, symbols, emoji) has no plain form and is dropped.
    text = unicodedata.normalize("NFKD", text).translate(_PLAIN)
    return "".join(ch for ch in text if ch in _GSM7_ASCII or ch.isspace())


def _cut(text: str, limit: int, ellipsis: str) -> str:
    if len(text) <= limit:
        return text
    room = limit - len(ellipsis)
    head = text[: room + 1]
    space = head.rfind(" ")
    # Cut at the last word boundary unless that throws away more than a fifth of the room.
    head = head[:space] if space >= room * 4 // 5 else text[:room]
    return head.rstrip(" ,;:.-") + ellipsis


def sms_text(text: str, *, ascii_only: bool = True) -> str:
    """The message a phone receives: one segment, whitespace collapsed, never empty of words
    that were there (only marks and unsendable symbols go)."""
    if ascii_only:
        text = fold_ascii(text)
    else:
        text = unicodedata.normalize("NFC", text)
        text = "".join(
            ch
            for ch in text
            if ch.isspace() or (ord(ch) <= 0xFFFF and unicodedata.category(ch) not in _UNSENDABLE)
        )
    text = _SPACES.sub(" ", text).strip()
    if ascii_only:
        return _cut(text, GSM7_LIMIT, "...")
    return _cut(text, UCS2_LIMIT, "\u2026")
