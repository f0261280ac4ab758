from django.apps import AppConfig

# Periodic work of listening, enqueued by `bedside worker`'s scheduler.
SCHEDULES = [
    ("listening searches", "bedside.listening.tasks.run_searches", 900),
    ("listening staff posts", "bedside.listening.tasks.read_staff_accounts", 3_600),
    ("listening retention", "bedside.listening.tasks.purge_expired", 3_600),
]


class ListeningConfig(AppConfig):
    name = "bedside.listening"
    label = "listening"
    verbose_name = "Listening"

    def ready(self) -> None:
        from bedside.listening import review_alerts
        from bedside.workspace import scheduler
        from bedside.workspace.views import pages

        if review_alerts.dashboard_panel not in pages.PANELS:
            pages.PANELS.append(review_alerts.dashboard_panel)

        for entry in SCHEDULES:
            if entry not in scheduler.DEFAULTS:
                scheduler.DEFAULTS.append(entry)
