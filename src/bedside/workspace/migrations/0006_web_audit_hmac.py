"""Key the audit chain, and close the maintenance switch to the app's own role.

``chain_version``: null for entries written before (plain SHA-256, still
verified as such), 2 for HMAC-SHA256 entries; nothing already written is
rewritten (the log is append-only), and the first keyed entry seals the older
ones, since its HMAC covers the last one's hash. A nullable column is added
in place on SQLite (no table rebuild, so the triggers stay).

On PostgreSQL any session could turn the append-only trigger off with
``SET bedside.audit_maintenance = 'on'``. Now the switch works only for a
superuser or a member of the role that owns the table, who could drop the
trigger anyway; run the app under another role (README, "Deploying safely";
`bedside deploy-check` warns otherwise).
"""

from django.db import migrations, models

POSTGRES = """CREATE OR REPLACE FUNCTION workspace_auditentry_append_only() RETURNS trigger AS $$
   BEGIN
     IF current_setting('bedside.audit_maintenance', true) = 'on'
        AND pg_has_role(current_user, (SELECT relowner FROM pg_class WHERE oid = TG_RELID), 'MEMBER') THEN
       IF TG_OP = 'DELETE' THEN RETURN OLD; ELSIF TG_OP = 'UPDATE' THEN RETURN NEW; END IF;
       RETURN NULL;
     END IF;
     RAISE EXCEPTION 'the audit log is append-only';
   END; $$ LANGUAGE plpgsql"""

POSTGRES_REVERSE = """CREATE OR REPLACE FUNCTION workspace_auditentry_append_only() RETURNS trigger AS $$
   BEGIN
     IF current_setting('bedside.audit_maintenance', true) = 'on' THEN
       IF TG_OP = 'DELETE' THEN RETURN OLD; ELSIF TG_OP = 'UPDATE' THEN RETURN NEW; END IF;
       RETURN NULL;
     END IF;
     RAISE EXCEPTION 'the audit log is append-only';
   END; $$ LANGUAGE plpgsql"""


def _on_postgres(sql):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return apply


class Migration(migrations.Migration):

    dependencies = [
        ('workspace', '0005_web_lockout_tokens'),
    ]

    operations = [
        migrations.AddField(
            model_name='auditentry',
            name='chain_version',
            field=models.PositiveSmallIntegerField(blank=True, null=True),
        ),
        migrations.RunPython(_on_postgres(POSTGRES), _on_postgres(POSTGRES_REVERSE)),
    ]
