from pathlib import Path

import polib

from django.conf import settings
from django.core.management.base import BaseCommand

import wagtail

PROJECT_WAGTAIL_VI = Path(settings.BASE_DIR) / "locale" / "wagtail" / "vi" / "LC_MESSAGES"


def wagtail_vietnamese_coverage() -> tuple[int, int, int]:
    """How much of the Wagtail admin reads in Vietnamese: (strings Wagtail has, translated
    by Wagtail or by this project, translated by this project where Wagtail has none).
    Counted over every catalogue Wagtail ships (English lists every string), both domains."""
    root = Path(wagtail.__file__).parent

    def translated(paths) -> set[tuple[str, str]]:
        return {
            (path.stem, entry.msgid)
            for path in paths
            for entry in polib.pofile(str(path)).translated_entries()
        }

    strings = {
        (path.stem, entry.msgid)
        for path in root.glob("**/locale/en/LC_MESSAGES/*.po")
        for entry in polib.pofile(str(path))
    }
    wagtails = translated(root.glob("**/locale/vi/LC_MESSAGES/*.po")) & strings
    ours = translated(PROJECT_WAGTAIL_VI.glob("*.po")) & strings
    return len(strings), len(wagtails | ours), len(ours - wagtails)


class Command(BaseCommand):
    help = "Compile every .po catalogue in LOCALE_PATHS to .mo (pure Python, no GNU gettext)."

    def handle(self, *args, **options):
        compiled = 0
        for locale_path in settings.LOCALE_PATHS:
            for po_path in sorted(Path(locale_path).glob("*/LC_MESSAGES/*.po")):
                catalogue = polib.pofile(str(po_path))
                catalogue.save_as_mofile(str(po_path.with_suffix(".mo")))
                compiled += 1
                self.stdout.write(f"{po_path}: {catalogue.percent_translated()}% translated")
        self.stdout.write(self.style.SUCCESS(f"{compiled} catalogue(s) compiled."))
        total, translated, ours = wagtail_vietnamese_coverage()
        self.stdout.write(
            f"Wagtail admin in Vietnamese: {translated} of {total} strings "
            f"({100 * translated / total:.1f}%), {ours} of them from this project's catalogue."
        )
