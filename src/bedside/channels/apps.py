from django.apps import AppConfig


class ChannelsConfig(AppConfig):
    name = "bedside.channels"
    label = "channels"
    verbose_name = "Channels"

    def ready(self) -> None:
        # A website given on the organization form or the API is a website to
        # audit: workspace calls this through its hook list (it cannot import us).
        from bedside.channels.websites import ensure_website_channel
        from bedside.workspace import organization_hooks

        if ensure_website_channel not in organization_hooks.AFTER_SAVE:
            organization_hooks.AFTER_SAVE.append(ensure_website_channel)
