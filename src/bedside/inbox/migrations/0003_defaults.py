from django.db import migrations


def install(apps, schema_editor):
    from bedside.inbox.defaults import install as install_defaults

    install_defaults(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("inbox", "0002_triage_queues_replies"),
    ]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
