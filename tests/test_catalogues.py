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


def test_wagtail_moderation_strings_are_in_vietnamese_and_still_wagtails():
    import wagtail

    catalogue = polib.pofile(str(LOCALE / "wagtail" / "vi" / "LC_MESSAGES" / "django.po"))
    wagtail_root = Path(wagtail.__file__).parent
    wagtails = {
        entry.msgid
        for path in wagtail_root.glob("**/locale/en/LC_MESSAGES/django.po")
        for entry in polib.pofile(str(path))
    }

    assert catalogue.percent_translated() == 100
    assert [entry.msgid for entry in catalogue if entry.msgid not in wagtails] == []
