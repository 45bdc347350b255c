from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from portal.backup import restore


class Command(BaseCommand):
    help = (
        "Restore an archive made by `backup` into this database and these media folders, "
        "then compare every table's row count with the archive's manifest. The database "
        "must be empty unless --replace is given."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive")
        parser.add_argument(
            "--replace", action="store_true", help="drop what this database holds first"
        )

    def handle(self, *args, archive, replace=False, **options):
        if not Path(archive).exists():
            raise CommandError(f"No such archive: {archive}")
        if connection.introspection.table_names() and not replace:
            raise CommandError(
                "This database is not empty. Restore into an empty one, or add --replace."
            )
        result = restore(Path(archive))
        expected, found = result["manifest"]["rows"], result["rows"]
        missing = {
            table: (count, found.get(table, 0))
            for table, count in expected.items()
            if found.get(table, 0) != count
        }
        if missing:
            for table, (count, now) in sorted(missing.items()):
                self.stderr.write(f"  {table}: {count} in the archive, {now} restored")
            raise CommandError("The restore does not match the archive.")
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {sum(found.values())} rows in {len(found)} tables; every count "
                "matches the archive."
            )
        )
