"""Finding English left in Vietnamese text, without an English dictionary.

A word with a Vietnamese letter (ă, â, đ, ê, ô, ơ, ư or a tone mark) is Vietnamese. A word
of plain ASCII letters is Vietnamese only if it could be a Vietnamese syllable written
without marks ("trang", "tai", "nguoi"): an initial consonant, a vowel group and a final
that Vietnamese spelling allows. English words almost never fit ("page", "draft", "edit",
"search", "status", "of", "and"); the few short ones that do ("in", "to", "on", "the") never
make a whole English label on their own, so a label left in English is still caught by its
other words."""

import re
import unicodedata

INITIALS = r"(?:ngh|ng|gh|gi|kh|nh|ph|th|tr|ch|qu|[bcdghklmnprstvx])?"
# Vowel groups that may take a final consonant, and those that end the syllable themselves.
OPEN_VOWELS = r"(?:uye|oa|oe|ie|ye|uo|ue|uy|oo|a|e|i|o|u|y)"
FINALS = r"(?:ch|ng|nh|c|m|n|p|t)?"
CLOSED_VOWELS = (
    r"(?:ieu|yeu|oai|oay|uoi|uou|uya|uyu|oeo|uay|ai|ao|au|ay|eo|eu|ia|iu|oi|ua|ui|uu|ya)"
)
SYLLABLE = re.compile(rf"{INITIALS}(?:{OPEN_VOWELS}{FINALS}|{CLOSED_VOWELS})")

# What is not words: addresses, e-mail addresses, file names, numbers, keyboard keys.
NOT_WORDS = re.compile(
    r"\S+@\S+"  # e-mail addresses
    r"|https?://\S+|\b[\w.-]+\.(?:vn|org|com|net)\b\S*"  # web addresses
    r"|\b[\w-]+\.(?:jpe?g|png|gif|webp|avif|svg|pdf|docx?|xlsx?|odt|pptx|txt|csv)\b"  # files
    r"|\b[a-z_]+\.[a-z_]+\b"  # a model's label, "campaign.newspage"
    r"|\b(?:Ctrl|Alt|Shift|Cmd|Esc)\b(?:\s*\+\s*\S+)*",  # keys, "Ctrl + Shift + v"
)
# Letters and digits together: "4G", "0x0" and "1-10" are not words.
WORD = re.compile(r"[^\W_]+")


def is_vietnamese(word: str) -> bool:
    return not word.isascii() or SYLLABLE.fullmatch(word.lower()) is not None


def english_words(text: str, allowance: frozenset[str]) -> set[str]:
    """The words of `text` that cannot be Vietnamese and are not in the allowance (in any
    case: the admin writes some labels in capitals through CSS, "ENGLISH")."""
    allowed = {word.casefold() for word in allowance}
    # Some names come with their marks as separate characters ("Tiếng Việt" in Django's
    # list of languages): composed first, or "ng" would be cut out of "Tiếng".
    words = WORD.findall(NOT_WORDS.sub(" ", unicodedata.normalize("NFC", text)))
    return {
        word
        for word in words
        if len(word) > 1  # a lone letter is an initial or a truncated word, not English
        and not any(character.isdigit() for character in word)
        and word.casefold() not in allowed
        and not is_vietnamese(word)
    }
