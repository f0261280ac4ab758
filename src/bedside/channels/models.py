"""A channel: one account of an organization on one network.

The table is still ``workspace_channel``: the model moved here from the
workspace app with a state-only migration, so no row was copied.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models

from bedside.channels.handles import HandleError, known_network, normalize_handle
from bedside.networks.registry import NETWORKS
from bedside.workspace.fields import EncryptedJSONField


class LiveChannels(models.Manager["Channel"]):
    """Channels of organizations not deleted (never synced, listed or counted)."""

    def get_queryset(self) -> models.QuerySet[Channel]:
        return super().get_queryset().filter(organization__deleted_at__isnull=True)


class Channel(models.Model):
    class Status(models.TextChoices):
        OK = "ok", "Connected"
        RECONNECT = "reconnect", "Reconnect needed"
        ERROR = "error", "Failing"
        NEW = "new", "Not synced yet"

    organization = models.ForeignKey("workspace.Organization", on_delete=models.CASCADE, related_name="channels")
    # No ``choices``: the network list is the registry's, read when a value is
    # checked, so adding a network needs no migration here.
    network = models.CharField(max_length=20, validators=[known_network])
    handle = models.CharField(max_length=300, help_text="What a person would type: @name, a handle or a URL.")
    url = models.URLField(blank=True, max_length=500)
    official = models.BooleanField(default=True, help_text="Run by the organization itself.")
    credentials = EncryptedJSONField(default=dict, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NEW)
    status_detail = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    all_objects = models.Manager()
    objects = LiveChannels()  # the default (Meta.default_manager_name): what every page and query sees

    class Meta:
        db_table = "workspace_channel"
        ordering = ["organization__name", "network", "handle"]
        default_manager_name = "objects"
        base_manager_name = "all_objects"
        constraints = [
            models.UniqueConstraint(fields=["organization", "network", "handle"], name="one_channel_per_handle")
        ]

    def __str__(self) -> str:
        return f"{self.get_network_display()} {self.handle}"

    def get_network_display(self) -> str:
        """The network's label from the registry (what ``choices`` gave before)."""
        return NETWORKS.get(self.network, self.network)

    def clean(self) -> None:
        try:
            self.handle = normalize_handle(self.network, self.handle)
        except HandleError as exc:
            raise ValidationError({"handle": str(exc)}) from None
