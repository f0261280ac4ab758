"""Pruning the audit log past retention, through one path only.

The log stays append-only: its triggers still refuse UPDATE and DELETE,
except a DELETE of the oldest entries up to a signed prune point
(AuditPrunePoint, written first in the same transaction). On PostgreSQL that
path is bedside_audit_prune(), a SECURITY DEFINER function owned by the
table's owner: it refuses unless a prune point names exactly that last id,
refuses any entry younger than six years (by the database's own clock), and
checks it deleted as many entries as the point says. The trigger lets a
DELETE through only while that function runs as the owner, so the app's own
role (which cannot switch the maintenance setting, 0006) cannot delete
anything else. On SQLite the trigger asks bedside_audit_may_prune(id), a
function Bedside registers on its own connections and answers yes only inside
its pruning code (a plain sqlite3 shell has no such function: it fails closed).
Prune points themselves are append-only the same way.
"""

from django.db import migrations, models

POSTGRES = [
    """CREATE OR REPLACE FUNCTION workspace_auditentry_append_only() RETURNS trigger AS $$
       BEGIN
         IF pg_has_role(current_user, (SELECT relowner FROM pg_class WHERE oid = TG_RELID), 'MEMBER') THEN
           IF current_setting('bedside.audit_maintenance', true) = 'on' THEN
             IF TG_OP = 'DELETE' THEN RETURN OLD; ELSIF TG_OP = 'UPDATE' THEN RETURN NEW; END IF;
             RETURN NULL;
           END IF;
           IF TG_OP = 'DELETE' THEN
             IF coalesce(current_setting('bedside.audit_prune', true), '') <> ''
                AND OLD.id <= current_setting('bedside.audit_prune')::bigint THEN
               RETURN OLD;
             END IF;
           END IF;
         END IF;
         RAISE EXCEPTION 'the audit log is append-only';
       END; $$ LANGUAGE plpgsql""",
    """CREATE OR REPLACE FUNCTION workspace_auditprunepoint_append_only() RETURNS trigger AS $$
       BEGIN
         IF current_setting('bedside.audit_maintenance', true) = 'on'
            AND pg_has_role(current_user, (SELECT relowner FROM pg_class WHERE oid = TG_RELID), 'MEMBER') THEN
           IF TG_OP = 'DELETE' THEN RETURN OLD; ELSIF TG_OP = 'UPDATE' THEN RETURN NEW; END IF;
           RETURN NULL;
         END IF;
         RAISE EXCEPTION 'audit prune points are append-only';
       END; $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER workspace_auditprunepoint_append_only BEFORE UPDATE OR DELETE ON workspace_auditprunepoint
       FOR EACH ROW EXECUTE FUNCTION workspace_auditprunepoint_append_only()""",
    """CREATE TRIGGER workspace_auditprunepoint_no_truncate BEFORE TRUNCATE ON workspace_auditprunepoint
       FOR EACH STATEMENT EXECUTE FUNCTION workspace_auditprunepoint_append_only()""",
    """CREATE OR REPLACE FUNCTION bedside_audit_prune(up_to bigint) RETURNS integer
       LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
       DECLARE expected integer; deleted integer;
       BEGIN
         SELECT p.count INTO expected FROM workspace_auditprunepoint p WHERE p.last_id = up_to;
         IF expected IS NULL THEN
           RAISE EXCEPTION 'no signed prune point ends at audit entry %', up_to;
         END IF;
         IF EXISTS (SELECT 1 FROM workspace_auditentry e WHERE e.id <= up_to
                    AND e.at >= now() - interval '2192 days') THEN
           RAISE EXCEPTION 'audit entries younger than six years are never pruned';
         END IF;
         PERFORM set_config('bedside.audit_prune', up_to::text, true);
         DELETE FROM workspace_auditentry WHERE id <= up_to;
         GET DIAGNOSTICS deleted = ROW_COUNT;
         PERFORM set_config('bedside.audit_prune', '', true);
         IF deleted <> expected THEN
           RAISE EXCEPTION 'pruned % audit entries where the prune point says %', deleted, expected;
         END IF;
         RETURN deleted;
       END; $$""",
]
POSTGRES_REVERSE = [
    "DROP FUNCTION IF EXISTS bedside_audit_prune(bigint)",
    "DROP TRIGGER IF EXISTS workspace_auditprunepoint_append_only ON workspace_auditprunepoint",
    "DROP TRIGGER IF EXISTS workspace_auditprunepoint_no_truncate ON workspace_auditprunepoint",
    "DROP FUNCTION IF EXISTS workspace_auditprunepoint_append_only()",
    # 0006's function: the maintenance switch for the owner only
    """CREATE OR REPLACE FUNCTION workspace_auditentry_append_only() RETURNS trigger AS $$
       BEGIN
         IF current_setting('bedside.audit_maintenance', true) = 'on'
            AND pg_has_role(current_user, (SELECT relowner FROM pg_class WHERE oid = TG_RELID), 'MEMBER') THEN
           IF TG_OP = 'DELETE' THEN RETURN OLD; ELSIF TG_OP = 'UPDATE' THEN RETURN NEW; END IF;
           RETURN NULL;
         END IF;
         RAISE EXCEPTION 'the audit log is append-only';
       END; $$ LANGUAGE plpgsql""",
]
SQLITE = [
    "DROP TRIGGER IF EXISTS workspace_auditentry_no_delete",
    """CREATE TRIGGER workspace_auditentry_no_delete BEFORE DELETE ON workspace_auditentry
       WHEN bedside_audit_locked() AND NOT bedside_audit_may_prune(OLD.id)
       BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END""",
    """CREATE TRIGGER workspace_auditprunepoint_no_update BEFORE UPDATE ON workspace_auditprunepoint
       WHEN bedside_audit_locked() BEGIN SELECT RAISE(ABORT, 'audit prune points are append-only'); END""",
    """CREATE TRIGGER workspace_auditprunepoint_no_delete BEFORE DELETE ON workspace_auditprunepoint
       WHEN bedside_audit_locked() BEGIN SELECT RAISE(ABORT, 'audit prune points are append-only'); END""",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS workspace_auditprunepoint_no_update",
    "DROP TRIGGER IF EXISTS workspace_auditprunepoint_no_delete",
    "DROP TRIGGER IF EXISTS workspace_auditentry_no_delete",
    """CREATE TRIGGER workspace_auditentry_no_delete BEFORE DELETE ON workspace_auditentry
       WHEN bedside_audit_locked() BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END""",
]


def _run(statements_by_vendor):
    def apply(apps, schema_editor):
        for sql in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql, params=None)  # plpgsql RAISE uses %: no placeholders

    return apply



class Migration(migrations.Migration):

    dependencies = [
        ('workspace', '0011_approval_steps_publishing'),
    ]

    operations = [
        migrations.CreateModel(
            name='AuditPrunePoint',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('at', models.DateTimeField()),
                ('last_id', models.BigIntegerField(unique=True)),
                ('last_hash', models.CharField(max_length=64)),
                ('count', models.PositiveIntegerField()),
                ('first_at', models.DateTimeField()),
                ('last_at', models.DateTimeField()),
                ('sig', models.CharField(max_length=64)),
            ],
            options={
                'ordering': ['last_id'],
            },
        ),
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRES}),
            _run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRES_REVERSE}),
        ),
    ]
