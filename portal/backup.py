"""One archive with everything needed to bring the site back: the database (a consistent
snapshot: `pg_dump` on PostgreSQL, SQLite's online backup otherwise), the public media
(Wagtail images, documents) and the private files (photos, acknowledgements, lists,
reports), plus a manifest with the row count of every table to check a restore against.

Media on object storage is not in the archive: the bucket keeps its own versions.
"""

import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import connection
from django.utils import timezone

MANIFEST = "manifest.json"
FILE_ROOTS = {"media": "MEDIA_ROOT", "private_media": "PRIVATE_MEDIA_ROOT"}


def row_counts() -> dict[str, int]:
    """Rows in every table the project's models use (the manifest's check figures)."""
    counts = {}
    for model in apps.get_models():
        if model._meta.managed and not model._meta.proxy:
            counts[model._meta.label] = model._base_manager.count()
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


def backup(destination: Path) -> dict:
    """Write the archive; return its manifest."""
    database = connection.settings_dict
    manifest = {
        "created_at": timezone.now().isoformat(timespec="seconds"),
        "database": connection.vendor,
        "rows": row_counts(),
    }
    with tempfile.TemporaryDirectory() as work:
        work = Path(work)
        if connection.vendor == "postgresql":
            dump = work / "database.dump"
            subprocess.run(
                ["pg_dump", "--format=custom", "--no-owner", "--file", str(dump)]
                + _pg_args(database)
                + [database["NAME"]],
                check=True,
                env=_pg_env(database),
            )
        else:
            dump = work / "database.sqlite3"
            source = sqlite3.connect(database["NAME"])
            with sqlite3.connect(dump) as target:
                source.backup(target)  # consistent even while the site writes
            source.close()
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
    with tempfile.TemporaryDirectory() as work:
        work = Path(work)
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
