"""Foreign keys follow Channel to the channels app. State only: the column
and its database constraint already point at workspace_channel, the same table."""


import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('channels', '0001_channel_moved_channels'),
        ('inbox', '0009_message_managers_reliab'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='message',
                    name='channel',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='messages', to='channels.channel'),
                ),
            ],
            database_operations=[],
        ),
    ]
