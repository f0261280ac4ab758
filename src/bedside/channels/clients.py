"""The one factory for a channel's network client.

Google, YouTube and Reddit access tokens last an hour and X's two, while sync
runs every three: a reply or takedown that built its own client with the
stored token failed on those networks most of the time. Every user of a
channel's client comes here instead.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from django.utils import timezone

from bedside.channels import credentials as creds
from bedside.channels.models import Channel
from bedside.networks.base import NetworkClient
from bedside.networks.errors import NetworkError
from bedside.networks.registry import base_url_for, client_class, credentials_from_env

# Refresh a little before expiry: a send that starts with 30 seconds left
# could still reach the network after the token died.
REFRESH_AHEAD = timedelta(minutes=2)


def ready_client(channel: Channel, *, by: str = "sync") -> NetworkClient:
    """The channel's client with credentials merged from the environment and a
    token refreshed when near expiry. A refused refresh is not raised here:
    the call that follows fails with the network's own auth error, which says
    "reconnect" where the person will read it."""
    client = creds.client_for(channel)
    refresh_if_due(channel, client, by=by)
    return client


def install_client(network: str) -> NetworkClient:
    """A client for reads that belong to no channel (listening's searches, a
    staff member's public posts): the install's own credentials from the
    environment, and the per-network transport channels share, so a run
    does not pay a new TLS set-up per source or per account."""
    return client_class(network)(credentials_from_env(network), base_url=base_url_for(network),
                                 transport=creds.transport(network))


def refresh_if_due(channel: Channel, client: NetworkClient, *, by: str = "sync") -> NetworkError | None:
    """Swap an expiring OAuth token for a fresh one, where the network issues
    refresh tokens, and keep the fresh one on the channel (encrypted). Returns
    the network's refusal, if it refused, for the caller to report."""
    extra = client.credentials.extra
    refresh = getattr(client, "refresh", None)
    expires = parse_time(extra.get("expires_at", ""))
    if refresh is None or not extra.get("refresh_token") or expires is None:
        return None
    if expires > timezone.now() + REFRESH_AHEAD:
        return None
    try:
        fresh = refresh(client.credentials)
    except NetworkError as exc:
        return exc
    client.credentials = fresh
    creds.refreshed(channel, fresh, by=by)
    return None


def parse_time(value: str) -> datetime | None:
    """An ISO time as a token's ``expires_at`` stores it (UTC when it names no zone)."""
    try:
        parsed = datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
