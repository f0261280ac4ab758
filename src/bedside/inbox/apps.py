from django.apps import AppConfig


class InboxConfig(AppConfig):
    name = "bedside.inbox"
    label = "inbox"
    verbose_name = "Inbox"
