"""Search that folds Vietnamese (portal/search.py): on PostgreSQL, the unaccent and pg_trgm
extensions, the IMMUTABLE fold functions the indexes are built on, and GIN trigram indexes on
the folded fields the portal lists search at scale. SQLite registers the same two functions
in Python on each connection and needs nothing here."""

from django.contrib.postgres.operations import TrigramExtension, UnaccentExtension
from django.db import migrations

# unaccent() is STABLE (its dictionary could change), so it cannot be indexed; naming the
# dictionary makes the wrapper safe to declare IMMUTABLE (the "f_unaccent" pattern). Every
# name inside is schema-qualified: pg_restore rebuilds the indexes with an empty search_path.
FUNCTIONS = """
CREATE OR REPLACE FUNCTION portal_fold(text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$ SELECT lower(public.unaccent('public.unaccent'::regdictionary, $1)) $$;
CREATE OR REPLACE FUNCTION portal_code(text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$ SELECT regexp_replace(public.portal_fold($1), '[[:space:]./_-]+', '', 'g') $$;
"""
DROP_FUNCTIONS = "DROP FUNCTION IF EXISTS portal_code(text); DROP FUNCTION IF EXISTS portal_fold(text);"

# (table, function, column): what the portal lists search, where the rows grow.
INDEXED = [
    ("portal_device", "portal_code", "asset_code"),
    ("portal_device", "portal_code", "serial"),
    ("portal_device", "portal_fold", "brand"),
    ("portal_device", "portal_fold", "model_name"),
    ("portal_student", "portal_fold", "full_name"),
    ("portal_offer", "portal_code", "reference"),
    ("portal_offer", "portal_fold", "donor_name"),
    ("portal_offer", "portal_code", "phone"),
    ("portal_supportrequest", "portal_code", "reference"),
    ("portal_supportrequest", "portal_code", "asset_code"),
    ("portal_supportrequest", "portal_fold", "name"),
    ("portal_supportrequest", "portal_code", "phone"),
    ("portal_team", "portal_fold", "name"),
    ("portal_user", "portal_fold", "email"),
    ("portal_user", "portal_fold", "first_name"),
    ("portal_user", "portal_fold", "last_name"),
]


def index_name(table: str, column: str) -> str:
    return f"{table}_{column}_search"[:63]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(FUNCTIONS)
    for table, function, column in INDEXED:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {index_name(table, column)} ON {table} "
            f"USING gin ({function}({column}) gin_trgm_ops)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, _function, column in INDEXED:
        schema_editor.execute(f"DROP INDEX IF EXISTS {index_name(table, column)}")
    schema_editor.execute(DROP_FUNCTIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0015_device_reserved_for"),
    ]

    operations = [
        # Both skip themselves on any database but PostgreSQL.
        UnaccentExtension(),
        TrigramExtension(),
        migrations.RunPython(create, drop, elidable=False),
    ]
