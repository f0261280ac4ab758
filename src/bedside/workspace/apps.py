from django.apps import AppConfig


class WorkspaceConfig(AppConfig):
    name = "bedside.workspace"
    label = "workspace"
    verbose_name = "Workspace"

    def ready(self) -> None:
        from bedside.workspace import checks, signals  # noqa: F401  (registers them)
