"""The Channel model moves here from workspace. State only: the table keeps
its name (workspace_channel, see Meta.db_table) and its rows; nothing is copied."""


import bedside.channels.handles
import bedside.workspace.fields
import django.db.models.deletion
import django.db.models.manager
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('workspace', '0007_guard_vocabulary'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Channel',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('network', models.CharField(max_length=20, validators=[bedside.channels.handles.known_network])),
                        ('handle', models.CharField(help_text='What a person would type: @name, a handle or a URL.', max_length=300)),
                        ('url', models.URLField(blank=True, max_length=500)),
                        ('official', models.BooleanField(default=True, help_text='Run by the organization itself.')),
                        ('credentials', bedside.workspace.fields.EncryptedJSONField(blank=True, default=dict)),
                        ('status', models.CharField(choices=[('ok', 'Connected'), ('reconnect', 'Reconnect needed'), ('error', 'Failing'), ('new', 'Not synced yet')], default='new', max_length=20)),
                        ('status_detail', models.CharField(blank=True, max_length=500)),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('organization', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='channels', to='workspace.organization')),
                    ],
                    options={
                        'db_table': 'workspace_channel',
                        'ordering': ['organization__name', 'network', 'handle'],
                        'base_manager_name': 'all_objects',
                        'default_manager_name': 'objects',
                        'constraints': [models.UniqueConstraint(fields=('organization', 'network', 'handle'), name='one_channel_per_handle')],
                    },
                    managers=[
                        ('all_objects', django.db.models.manager.Manager()),
                        ('objects', django.db.models.manager.Manager()),
                    ],
                ),
            ],
            database_operations=[],
        ),
    ]
