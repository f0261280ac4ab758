"""A channel's credentials: its own (stored encrypted), else the network's.

A channel's own token wins; what it leaves empty (typically the app's client
id and secret, which belong to the whole install) comes from
``BEDSIDE_<NETWORK>_TOKEN``/``_CLIENT_ID``/``_CLIENT_SECRET``. Values never
reach a log, a page or the audit log — only which parts are set.
"""

from __future__ import annotations

import os
import threading
from dataclasses import replace
from typing import Any

from django.db import transaction
from django.http import HttpRequest

from bedside.channels.models import Channel
from bedside.channels.signals import credentials_saved
from bedside.networks.base import Credentials, NetworkClient
from bedside.networks.http import HttpTransport
from bedside.networks.registry import base_url_for, client_class, credentials_from_env
from bedside.workspace import audit

PARTS = ("token", "client_id", "client_secret")


def stored(channel: Channel) -> Credentials:
    """What the channel itself holds, decrypted."""
    data = channel.credentials if isinstance(channel.credentials, dict) else {}
    extra = data.get("extra") if isinstance(data.get("extra"), dict) else {}
    return Credentials(
        token=str(data.get("token") or ""),
        client_id=str(data.get("client_id") or ""),
        client_secret=str(data.get("client_secret") or ""),
        extra={str(k): str(v) for k, v in extra.items()},
    )


def credentials_for(channel: Channel, environ: dict[str, str] | None = None) -> Credentials:
    own = stored(channel)
    network = credentials_from_env(channel.network, os.environ if environ is None else environ)
    return Credentials(
        token=own.token or network.token,
        client_id=own.client_id or network.client_id,
        client_secret=own.client_secret or network.client_secret,
        extra={**network.extra, **own.extra},
    )


_local = threading.local()


def transport(network: str) -> HttpTransport:
    """One HTTP transport per network and thread, kept for the process's life:
    a new one costs ~40 ms of TLS set-up (loading the CA bundle) and a new
    connection, per channel, which was a tenth of a 50-channel sync."""
    shared = _local.__dict__.setdefault("transports", {})
    if network not in shared:
        shared[network] = HttpTransport(network)
    return shared[network]


def client_for(channel: Channel, credentials: Credentials | None = None) -> NetworkClient:
    """The channel's network client, pointed at ``BEDSIDE_API_BASE_<NETWORK>``."""
    cls = client_class(channel.network)
    return cls(credentials or credentials_for(channel), base_url=base_url_for(channel.network),
               transport=transport(channel.network))


def describe(channel: Channel) -> dict[str, Any]:
    """Which parts are set and where from, for the page: never the values."""
    own = stored(channel)
    env = credentials_from_env(channel.network)
    parts = {}
    for part in PARTS:
        if getattr(own, part):
            parts[part] = "saved for this channel"
        elif getattr(env, part):
            parts[part] = f"from BEDSIDE_{channel.network.upper()}_{part.upper()}"
        else:
            parts[part] = ""
    expires = own.extra.get("expires_at", "")
    return {"parts": parts, "expires_at": expires, "refreshable": bool(own.extra.get("refresh_token"))}


def save(
    channel: Channel,
    credentials: Credentials,
    *,
    how: str,
    request: HttpRequest | None = None,
    actor: Any = None,
    merge: bool = True,
) -> None:
    """Store ``credentials`` on the channel (encrypted) and audit *that* it
    happened and which parts changed — never the values.

    ``merge`` keeps parts the new credentials leave empty (a new token keeps
    the stored client id). New credentials clear "reconnect" and let the
    scheduler try the channel at its next tick.
    """
    base = stored(channel) if merge else Credentials()
    merged = Credentials(
        token=credentials.token or base.token,
        client_id=credentials.client_id or base.client_id,
        client_secret=credentials.client_secret or base.client_secret,
        extra={**base.extra, **credentials.extra},
    )
    if credentials.token and not credentials.extra and merge:
        # A token typed in by hand replaces an OAuth grant: its expiry and
        # refresh token belonged to the old one.
        merged = replace(merged, extra={k: v for k, v in merged.extra.items()
                                        if k not in ("expires_at", "refresh_token", "scope")})
    changed = [part for part in PARTS if getattr(credentials, part)]
    with transaction.atomic():
        channel.credentials = as_dict(merged)
        channel.status = Channel.Status.NEW if channel.status != Channel.Status.OK else channel.status
        channel.status_detail = "New credentials saved; the next sync uses them."
        channel.save(update_fields=["credentials", "status", "status_detail"])
        credentials_saved.send(sender=Channel, channel=channel)
        audit.record(
            "channel_credentials_saved",
            channel,
            request=request,
            actor=actor,
            detail={"how": how, "parts": changed, "extra": sorted(credentials.extra)},
        )


def refreshed(channel: Channel, credentials: Credentials, *, by: str = "sync") -> None:
    """Keep a token the network refreshed (no person involved); ``by`` says
    which job needed it: sync, reply, takedown."""
    with transaction.atomic():
        Channel.objects.filter(pk=channel.pk).update(credentials=as_dict(credentials))
        channel.credentials = as_dict(credentials)
        audit.record("channel_token_refreshed", channel, actor=by)


def clear(channel: Channel, *, request: HttpRequest | None = None, actor: Any = None) -> None:
    with transaction.atomic():
        channel.credentials = {}
        channel.save(update_fields=["credentials"])
        audit.record("channel_credentials_cleared", channel, request=request, actor=actor)


def as_dict(credentials: Credentials) -> dict[str, Any]:
    data: dict[str, Any] = {part: getattr(credentials, part) for part in PARTS if getattr(credentials, part)}
    if credentials.extra:
        data["extra"] = dict(credentials.extra)
    return data
