from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "bedside.reports"
    label = "reports"
    verbose_name = "Reports"
