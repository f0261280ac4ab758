"""Foreign keys follow Channel to the channels app. State only: the column
and its database constraint already point at workspace_channel, the same table."""


import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('channels', '0001_channel_moved_channels'),
        ('reputation', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='listing',
                    name='channel',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='listings', to='channels.channel'),
                ),
            ],
            database_operations=[],
        ),
    ]
