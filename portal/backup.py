"""One archive with everything needed to bring the site back: the database (a consistent
snapshot: `pg_dump` on PostgreSQL, SQLite's online backup otherwise), the public media
(Wagtail images, documents) and the private files (photos, acknowledgements, lists,
reports), plus a manifest with the row count of every table to check a restore against.

The site keeps writing while it is backed up, so the counts are taken from the very
snapshot that is archived: on PostgreSQL in a read-only transaction whose snapshot
`pg_dump --snapshot` then dumps (`pg_export_snapshot()`), on SQLite from the copy itself.
Counted anywhere else, a row written in between would make a good backup fail its check.

Media on object storage is not in the archive: the bucket keeps its own versions.
"""

import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from contextlib import nullcontext
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

MANIFEST = "manifest.json"
FILE_ROOTS = {"media": "MEDIA_ROOT", "private_media": "PRIVATE_MEDIA_ROOT"}


def _tables() -> dict[str, str]:
    """{model label: table} for every table the project's models use."""
    return {
        model._meta.label: model._meta.db_table
        for model in apps.get_models()
        if model._meta.managed and not model._meta.proxy
    }


def row_counts(cursor=None) -> dict[str, int]:
    """Rows in every table the project's models use (the manifest's check figures), read
    through `cursor` (a snapshot's) or this site's connection."""
    counts = {}
    with nullcontext(cursor) if cursor else connection.cursor() as reader:
        for label, table in _tables().items():
            reader.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608 - our own table names
            counts[label] = reader.fetchone()[0]
    return counts


def _pg_env(database: dict) -> dict:
    env = {**os.environ}
    if database.get("PASSWORD"):
        env["PGPASSWORD"] = str(database["PASSWORD"])
    return env


def _pg_args(database: dict) -> list[str]:
    args = []
    for flag, key in (("-h", "HOST"), ("-p", "PORT"), ("-U", "USER")):
        if database.get(key):
            args += [flag, str(database[key])]
    return args


def _dump_postgresql(dump: Path) -> dict[str, int]:
    """Dump the database and count its rows, both in one snapshot; return the counts."""
    database = connection.settings_dict
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        counts = row_counts(cursor)
        # The snapshot stays importable while this transaction is open.
        subprocess.run(
            ["pg_dump", "--format=custom", "--no-owner", "--snapshot", snapshot]
            + ["--file", str(dump)]
            + _pg_args(database)
            + [database["NAME"]],
            check=True,
            env=_pg_env(database),
        )
    return counts


def _dump_sqlite(dump: Path) -> dict[str, int]:
    """Copy the database (consistent even while the site writes), then count the copy."""
    source = sqlite3.connect(connection.settings_dict["NAME"])
    with sqlite3.connect(dump) as target:
        source.backup(target)
        counts = row_counts(target.cursor())
    source.close()
    target.close()
    return counts


def backup(destination: Path) -> dict:
    """Write the archive; return its manifest."""
    manifest = {
        "created_at": timezone.now().isoformat(timespec="seconds"),
        "database": connection.vendor,
    }
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        if connection.vendor == "postgresql":
            dump = work / "database.dump"
            manifest["rows"] = _dump_postgresql(dump)
        else:
            dump = work / "database.sqlite3"
            manifest["rows"] = _dump_sqlite(dump)
        (work / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1))
        with tarfile.open(destination, "w:gz") as archive:
            archive.add(work / MANIFEST, MANIFEST)
            archive.add(dump, dump.name)
            for name, setting in FILE_ROOTS.items():
                root = Path(getattr(settings, setting))
                if root.exists():
                    archive.add(root, name)
    return manifest


def restore(source: Path) -> dict:
    """Put an archive back into this (empty) database and these media folders; return the
    manifest and the row counts found afterwards."""
    database = connection.settings_dict
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        with tarfile.open(source, "r:gz") as archive:
            archive.extractall(work, filter="data")
        manifest = json.loads((work / MANIFEST).read_text())
        connection.close()
        if (work / "database.dump").exists():
            if connection.vendor != "postgresql":
                raise ValueError("This archive holds a PostgreSQL database.")
            subprocess.run(
                ["pg_restore", "--no-owner", "--clean", "--if-exists", "--exit-on-error", "-d"]
                + [database["NAME"]]
                + _pg_args(database)
                + [str(work / "database.dump")],
                check=True,
                env=_pg_env(database),
            )
        else:
            if connection.vendor != "sqlite":
                raise ValueError("This archive holds a SQLite database.")
            with (
                sqlite3.connect(work / "database.sqlite3") as copy,
                sqlite3.connect(database["NAME"]) as target,
            ):
                copy.backup(target)
        for name, setting in FILE_ROOTS.items():
            if (work / name).exists():
                shutil.copytree(work / name, Path(getattr(settings, setting)), dirs_exist_ok=True)
    return {"manifest": manifest, "rows": row_counts()}
