from django.apps import AppConfig


class WorkspaceConfig(AppConfig):
    name = "bedside.workspace"
    label = "workspace"
    verbose_name = "Workspace"

    def ready(self) -> None:
        from django.conf import settings

        from bedside.networks import http
        from bedside.workspace import checks, signals  # noqa: F401  (registers them)

        # The network clients are plain Python: they get the allowance passed in.
        http.allow_hosts(getattr(settings, "ALLOWED_FETCH_HOSTS", []))
