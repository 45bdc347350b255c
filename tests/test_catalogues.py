"""Every interface string has its English translation (the source strings are Vietnamese)."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib

from tests.conftest import require_or_skip

ROOT = Path(__file__).resolve().parents[1]
LOCALE = ROOT / "locale"


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


# What makemessages must not read: installed packages, files built or uploaded at run time.
NOT_SOURCE = [".venv", "node_modules", "staticfiles", "media", "private_media", "var", "backups"]


def extracted_strings(tmp_path) -> polib.POFile:
    """Every string the code and templates mark for translation, as GNU gettext (through
    Django's makemessages) finds it today: run on a copy of the sources whose English
    catalogue was removed, so it neither reads nor touches the repository's."""
    if not shutil.which("xgettext"):
        require_or_skip(
            "REQUIRE_GETTEXT",
            "needs GNU gettext to extract the strings (apt-get install gettext; "
            "`make test` installs it when run as root)",
        )
    copy = tmp_path / "sources"
    shutil.copytree(
        ROOT, copy, ignore=shutil.ignore_patterns(".*", "*.mo", "__pycache__", *NOT_SOURCE)
    )
    (copy / "locale" / "en" / "LC_MESSAGES" / "django.po").unlink()
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "--locale", "en", "--verbosity", "0"],
        cwd=copy,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"},
        check=True,
    )
    return polib.pofile(str(copy / "locale" / "en" / "LC_MESSAGES" / "django.po"))


def test_every_source_string_has_an_english_entry(tmp_path):
    """A string marked for translation but never extracted into the English catalogue (or
    extracted and left empty) would show in Vietnamese on the English site."""
    catalogue = polib.pofile(str(LOCALE / "en" / "LC_MESSAGES" / "django.po"))
    translated = {(entry.msgctxt, entry.msgid) for entry in catalogue.translated_entries()}
    extracted = extracted_strings(tmp_path)

    missing = sorted(
        f"{entry.occurrences[0][0]}: {entry.msgid}"
        for entry in extracted
        if (entry.msgctxt, entry.msgid) not in translated
    )

    print(f"{len(extracted)} strings extracted, {len(missing)} without English")
    assert missing == [], (
        "No English entry (add it at the end of locale/en/…/django.po):\n" + "\n".join(missing)
    )
