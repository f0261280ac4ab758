"""Channel now lives in the channels app (its 0001). State only: the table
workspace_channel stays, owned by channels.Channel. Runs after every foreign
key in other apps points at channels.Channel."""


from django.db import migrations


def _content_type_follows(apps, schema_editor):
    """Keep the content type row (and anything keyed on it) with the model."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label="channels", model="channel").exists():
        ContentType.objects.filter(app_label="workspace", model="channel").update(app_label="channels")


class Migration(migrations.Migration):

    dependencies = [
        ('channels', '0001_channel_moved_channels'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('benchmark', '0006_channel_home_channels'),
        ('inbox', '0010_channel_home_channels'),
        ('reputation', '0002_channel_home_channels'),
        ('sync', '0004_channel_home_channels'),
        ('workspace', '0007_guard_vocabulary'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(
                    name='Channel',
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(_content_type_follows, migrations.RunPython.noop),
    ]
