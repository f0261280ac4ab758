from django.apps import AppConfig

# Periodic work of the inbox, enqueued by `bedside worker`'s scheduler.
SCHEDULES = [
    ("inbox overdue alerts", "bedside.inbox.tasks.check_overdue", 300),
    ("inbox crisis follow-up alerts", "bedside.inbox.tasks.follow_up_alerts", 60),
    ("inbox triage of anything missed", "bedside.inbox.tasks.triage_pending", 600),
    ("inbox replies whose send task was lost", "bedside.inbox.tasks.resume_sends", 120),
    ("inbox response times", "bedside.inbox.tasks.refresh_response_times", 60),
]


class InboxConfig(AppConfig):
    name = "bedside.inbox"
    label = "inbox"
    verbose_name = "Inbox"

    def ready(self) -> None:
        # The scheduler's list is the one place periodic work is declared;
        # each app adds its own entries rather than editing that module.
        from bedside.inbox import alert_health  # registers its system check
        from bedside.workspace import health, scheduler
        from bedside.workspace.views import pages

        for entry in SCHEDULES:
            if entry not in scheduler.DEFAULTS:
                scheduler.DEFAULTS.append(entry)
        # Whether a crisis can reach a person shows on /healthz and the dashboard.
        if alert_health.problems not in health.PROBLEMS:
            health.PROBLEMS.append(alert_health.problems)
        if alert_health.dashboard_panel not in pages.PANELS:
            pages.PANELS.append(alert_health.dashboard_panel)
