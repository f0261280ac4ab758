from django.apps import AppConfig

# Periodic work of the reports app, enqueued by `bedside worker`'s scheduler:
# hourly, so a report goes out within the hour after its period ends.
SCHEDULES = [
    ("scheduled reports", "bedside.reports.tasks.send_scheduled_reports", 3600),
]


class ReportsConfig(AppConfig):
    name = "bedside.reports"
    label = "reports"
    verbose_name = "Reports"

    def ready(self) -> None:
        from bedside.workspace import scheduler

        for entry in SCHEDULES:
            if entry not in scheduler.DEFAULTS:
                scheduler.DEFAULTS.append(entry)
