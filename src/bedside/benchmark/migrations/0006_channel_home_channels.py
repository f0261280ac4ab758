"""Foreign keys follow Channel to the channels app. State only: the column
and its database constraint already point at workspace_channel, the same table."""


import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('benchmark', '0005_netdata_content_flags'),
        ('channels', '0001_channel_moved_channels'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='post',
                    name='channel',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='posts', to='channels.channel'),
                ),
                migrations.AlterField(
                    model_name='profilelook',
                    name='channel',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='looks', to='channels.channel'),
                ),
                migrations.AlterField(
                    model_name='sitecrawl',
                    name='channel',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='site_crawls', to='channels.channel'),
                ),
                migrations.AlterField(
                    model_name='snapshot',
                    name='channel',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='snapshots', to='channels.channel'),
                ),
            ],
            database_operations=[],
        ),
    ]
