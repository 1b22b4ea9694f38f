"""Indexes for child search on PostgreSQL.

Search matches any part of a name case-insensitively (Django's `icontains`, i.e.
`UPPER(col::text) LIKE UPPER(%s)`) and identifiers case-insensitively (`iexact`). Trigram GIN
indexes on exactly those expressions let PostgreSQL find a name among every child in the
authority without reading them all. SQLite (the demo database) has no equivalent: skipped.
"""

from django.db import migrations

NAME_COLUMNS = ("first_name", "last_name", "preferred_name")


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    # pg_trgm is a trusted extension (PostgreSQL 13+): the database owner may create it.
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for column in NAME_COLUMNS:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS people_child_{column}_trgm "
            f"ON people_child USING gin ((UPPER({column}::text)) gin_trgm_ops)"
        )
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS people_child_la_child_id_upper "
        "ON people_child ((UPPER(la_child_id::text)))"
    )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in NAME_COLUMNS:
        schema_editor.execute(f"DROP INDEX IF EXISTS people_child_{column}_trgm")
    schema_editor.execute("DROP INDEX IF EXISTS people_child_la_child_id_upper")


class Migration(migrations.Migration):
    dependencies = [("people", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
