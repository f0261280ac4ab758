"""An organization's website is a channel of its own: the one the
cross-promotion audit crawls. Whoever records a website (the form, the API,
`bedside org add --website`) calls :func:`ensure_website_channel`, so a
website given is a website audited."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from bedside.channels.handles import HandleError, normalize_handle
from bedside.channels.models import Channel
from bedside.workspace import audit
from bedside.workspace.models import Organization


def ensure_website_channel(org: Organization, *, request: HttpRequest | None = None,
                           actor: Any = None) -> Channel | None:
    """The organization's website channel for ``org.website``, created if it has
    none for that address; None when no (usable) website is recorded.

    An existing website channel for another address is left alone: a site may
    have moved, and removing a channel (with its crawl history) is a person's call.
    Call it inside the transaction that saved the organization; the new
    channel is audited as any added channel is.
    """
    if not org.website:
        return None
    try:
        handle = normalize_handle("website", org.website)
    except HandleError:
        return None
    existing = org.channels.filter(network="website", handle__iexact=handle).first()
    if existing is not None:
        return existing
    channel = Channel.objects.create(organization=org, network="website", handle=handle, url=org.website)
    audit.record("channel_added", channel, request=request, actor=actor)
    return channel
