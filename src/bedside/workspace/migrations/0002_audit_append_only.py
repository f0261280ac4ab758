"""Make the audit table append-only in the database itself.

The model refuses save() on an existing row and delete(), but anyone with a
database shell could still UPDATE or DELETE; these triggers refuse that too,
and `bedside audit verify` catches whoever drops them first.

The only way through is the maintenance switch (settings.AUDIT_LOG_MAINTENANCE,
used by the test suite to empty tables between tests): on SQLite through a
function Bedside registers on its own connections (a plain sqlite3 shell has
no such function, so the trigger fails closed), on PostgreSQL through a
session setting.
"""

from django.db import migrations

SQLITE = [
    """CREATE TRIGGER workspace_auditentry_no_update BEFORE UPDATE ON workspace_auditentry
       WHEN bedside_audit_locked() BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END""",
    """CREATE TRIGGER workspace_auditentry_no_delete BEFORE DELETE ON workspace_auditentry
       WHEN bedside_audit_locked() BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END""",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS workspace_auditentry_no_update",
    "DROP TRIGGER IF EXISTS workspace_auditentry_no_delete",
]
POSTGRES = [
    """CREATE OR REPLACE FUNCTION workspace_auditentry_append_only() RETURNS trigger AS $$
       BEGIN
         IF current_setting('bedside.audit_maintenance', true) = 'on' THEN
           IF TG_OP = 'DELETE' THEN RETURN OLD; ELSIF TG_OP = 'UPDATE' THEN RETURN NEW; END IF;
           RETURN NULL;
         END IF;
         RAISE EXCEPTION 'the audit log is append-only';
       END; $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER workspace_auditentry_append_only BEFORE UPDATE OR DELETE ON workspace_auditentry
       FOR EACH ROW EXECUTE FUNCTION workspace_auditentry_append_only()""",
    """CREATE TRIGGER workspace_auditentry_no_truncate BEFORE TRUNCATE ON workspace_auditentry
       FOR EACH STATEMENT EXECUTE FUNCTION workspace_auditentry_append_only()""",
]
POSTGRES_REVERSE = [
    "DROP TRIGGER IF EXISTS workspace_auditentry_append_only ON workspace_auditentry",
    "DROP TRIGGER IF EXISTS workspace_auditentry_no_truncate ON workspace_auditentry",
    "DROP FUNCTION IF EXISTS workspace_auditentry_append_only()",
]


def _run(statements_by_vendor):
    def apply(apps, schema_editor):
        for sql in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return apply


class Migration(migrations.Migration):
    dependencies = [("workspace", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRES}),
            _run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRES_REVERSE}),
        )
    ]
