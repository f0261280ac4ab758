from django.apps import AppConfig


class ChannelsConfig(AppConfig):
    name = "bedside.channels"
    label = "channels"
    verbose_name = "Channels"
