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


def test_wagtail_admin_strings_are_in_vietnamese_and_still_upstreams():
    """Every entry of the project's Wagtail catalogues is translated, and its msgid is still
    one Wagtail (or Django, or django-taggit, whose strings the admin shows) ships: after an
    upgrade, a string Wagtail renamed shows up here instead of silently falling back to
    English."""
    import django

    import taggit
    import wagtail

    upstream = {
        (path.stem, entry.msgid, entry.msgctxt)
        for package in (wagtail, django, taggit)
        for path in Path(package.__file__).parent.glob("**/locale/en/LC_MESSAGES/*.po")
        for entry in polib.pofile(str(path))
    }
    catalogues = sorted((LOCALE / "wagtail" / "vi" / "LC_MESSAGES").glob("*.po"))

    assert [path.name for path in catalogues] == ["django.po", "djangojs.po"]
    for path in catalogues:
        catalogue = polib.pofile(str(path))
        assert catalogue.percent_translated() == 100, path.name
        assert [
            entry.msgid
            for entry in catalogue
            if (path.stem, entry.msgid, entry.msgctxt) not in upstream
        ] == [], path.name
