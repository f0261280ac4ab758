from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("sync", "0002_run_retry_timings_worker"),
    ]

    operations = [
        migrations.AddField(
            model_name="syncrun",
            name="problems",
            field=models.JSONField(blank=True, default=list),
        ),
        migrations.AddField(
            model_name="syncrun",
            name="problem_count",
            field=models.PositiveIntegerField(default=0),
        ),
    ]
