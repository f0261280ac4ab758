from django.apps import AppConfig


class ReputationConfig(AppConfig):
    name = "bedside.reputation"
    label = "reputation"
    verbose_name = "Reputation"

    def ready(self) -> None:
        from bedside.inbox import alerts

        from .alerting import department_leaders

        alerts.add_recipients("low_review", department_leaders)
