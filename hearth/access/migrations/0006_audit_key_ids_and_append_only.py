"""Audit key ids per entry and seal (existing rows: "legacy", i.e. SECRET_KEY), and triggers
that make the audit tables append-only: the database refuses UPDATE, DELETE and TRUNCATE,
except the sealer filling in an unsealed entry's chain_hash. DELETE/TRUNCATE are allowed only
on a connection that opened a maintenance block (`hearth.access.audit.maintenance`: wiping a
synthetic authority, the test runner's flush); the production role has no such privilege."""

from django.db import migrations, models

POSTGRES_INSTALL = """
CREATE OR REPLACE FUNCTION hearth_audit_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND TG_TABLE_NAME = 'access_auditentry' THEN
        IF OLD.chain_hash = '' AND NEW.chain_hash <> ''
           AND (to_jsonb(NEW) - 'chain_hash') = (to_jsonb(OLD) - 'chain_hash') THEN
            RETURN NEW;
        END IF;
    END IF;
    IF TG_OP IN ('DELETE', 'TRUNCATE')
       AND current_setting('hearth.audit_maintenance', true) = 'on' THEN
        IF TG_OP = 'DELETE' THEN
            RETURN OLD;
        END IF;
        RETURN NULL;
    END IF;
    RAISE EXCEPTION 'The audit log is append-only: % on % refused', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER access_auditentry_append_only BEFORE UPDATE OR DELETE ON access_auditentry
    FOR EACH ROW EXECUTE FUNCTION hearth_audit_append_only();
CREATE TRIGGER access_auditentry_no_truncate BEFORE TRUNCATE ON access_auditentry
    FOR EACH STATEMENT EXECUTE FUNCTION hearth_audit_append_only();
CREATE TRIGGER access_auditseal_append_only BEFORE UPDATE OR DELETE ON access_auditseal
    FOR EACH ROW EXECUTE FUNCTION hearth_audit_append_only();
CREATE TRIGGER access_auditseal_no_truncate BEFORE TRUNCATE ON access_auditseal
    FOR EACH STATEMENT EXECUTE FUNCTION hearth_audit_append_only();
"""

POSTGRES_REMOVE = """
DROP TRIGGER IF EXISTS access_auditentry_append_only ON access_auditentry;
DROP TRIGGER IF EXISTS access_auditentry_no_truncate ON access_auditentry;
DROP TRIGGER IF EXISTS access_auditseal_append_only ON access_auditseal;
DROP TRIGGER IF EXISTS access_auditseal_no_truncate ON access_auditseal;
DROP FUNCTION IF EXISTS hearth_audit_append_only();
"""

_ENTRY_COLUMNS = (
    "id at user_id username action child_id what path ip_address reason detail row_hash key_id"
).split()
_UNCHANGED = " AND ".join(f"NEW.{c} IS OLD.{c}" for c in _ENTRY_COLUMNS)
_REFUSE = "BEGIN SELECT RAISE(ABORT, 'The audit log is append-only: {op} on {table} refused'); END"

# SQLite has no TRUNCATE (a DELETE without WHERE fires the delete trigger). Hearth's connections
# define hearth_audit_maintenance(); any other client does not, so its DELETE fails outright.
SQLITE_INSTALL = [
    "CREATE TRIGGER access_auditentry_no_update BEFORE UPDATE ON access_auditentry "
    f"WHEN NOT (OLD.chain_hash = '' AND NEW.chain_hash <> '' AND {_UNCHANGED}) "
    + _REFUSE.format(op="UPDATE", table="access_auditentry"),
    "CREATE TRIGGER access_auditentry_no_delete BEFORE DELETE ON access_auditentry "
    "WHEN NOT hearth_audit_maintenance() " + _REFUSE.format(op="DELETE", table="access_auditentry"),
    "CREATE TRIGGER access_auditseal_no_update BEFORE UPDATE ON access_auditseal "
    + _REFUSE.format(op="UPDATE", table="access_auditseal"),
    "CREATE TRIGGER access_auditseal_no_delete BEFORE DELETE ON access_auditseal "
    "WHEN NOT hearth_audit_maintenance() " + _REFUSE.format(op="DELETE", table="access_auditseal"),
]
SQLITE_REMOVE = [
    f"DROP TRIGGER IF EXISTS {name}"
    for name in (
        "access_auditentry_no_update",
        "access_auditentry_no_delete",
        "access_auditseal_no_update",
        "access_auditseal_no_delete",
    )
]


def install(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_INSTALL, params=None)
    elif vendor == "sqlite":
        for statement in SQLITE_INSTALL:
            schema_editor.execute(statement)


def remove(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_REMOVE, params=None)
    elif vendor == "sqlite":
        for statement in SQLITE_REMOVE:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("access", "0005_audit_actions"),
    ]

    operations = [
        migrations.AddField(
            model_name="auditentry",
            name="key_id",
            field=models.CharField(default="legacy", editable=False, max_length=32),
        ),
        migrations.AddField(
            model_name="auditseal",
            name="key_id",
            field=models.CharField(default="legacy", editable=False, max_length=32),
        ),
        migrations.RunPython(install, remove),
    ]
