"""Every interface string has its English translation (the source strings are Vietnamese)."""

from pathlib import Path

import polib

LOCALE = Path(__file__).resolve().parents[1] / "locale"


def test_english_catalogue_is_complete():
    catalogue = polib.pofile(str(LOCALE / "en" / "LC_MESSAGES" / "django.po"))

    missing = [entry.msgid for entry in catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]

    assert (missing, fuzzy) == ([], [])


def test_allauth_screens_are_all_in_vietnamese():
    catalogue = polib.pofile(str(LOCALE / "allauth" / "vi" / "LC_MESSAGES" / "django.po"))

    assert catalogue.percent_translated() == 100
