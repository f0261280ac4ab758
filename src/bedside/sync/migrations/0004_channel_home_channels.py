"""Foreign keys follow Channel to the channels app. State only: the column
and its database constraint already point at workspace_channel, the same table."""


import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('channels', '0001_channel_moved_channels'),
        ('sync', '0003_netdata_run_problems'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='cursor',
                    name='channel',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='cursors', to='channels.channel'),
                ),
                migrations.AlterField(
                    model_name='syncrun',
                    name='channel',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='sync_runs', to='channels.channel'),
                ),
            ],
            database_operations=[],
        ),
    ]
