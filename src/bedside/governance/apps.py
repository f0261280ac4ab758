from django.apps import AppConfig

SCHEDULES = [("retention", "bedside.governance.tasks.apply_retention", 86_400)]


class GovernanceConfig(AppConfig):
    name = "bedside.governance"
    label = "governance"
    verbose_name = "Governance"

    def ready(self) -> None:
        from bedside.workspace import scheduler

        for entry in SCHEDULES:
            if entry not in scheduler.DEFAULTS:
                scheduler.DEFAULTS.append(entry)
