from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils import timezone

from portal.backup import backup


class Command(BaseCommand):
    help = (
        "Write one archive (.tar.gz) with a consistent snapshot of the database, the public "
        "media and the private files, and a manifest of row counts to check a restore by."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "archive",
            nargs="?",
            help="where to write it (default: backups/maytinhcu-<date-time>.tar.gz)",
        )

    def handle(self, *args, archive=None, **options):
        path = Path(archive or f"backups/maytinhcu-{timezone.now():%Y%m%d-%H%M%S}.tar.gz")
        path.parent.mkdir(parents=True, exist_ok=True)
        manifest = backup(path)
        rows = sum(manifest["rows"].values())
        self.stdout.write(self.style.SUCCESS(f"Backup written: {path} ({rows} rows)."))
