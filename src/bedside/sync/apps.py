from django.apps import AppConfig


class SyncConfig(AppConfig):
    name = "bedside.sync"
    label = "sync"
    verbose_name = "Sync"
