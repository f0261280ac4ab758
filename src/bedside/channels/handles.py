"""Turn what a person types into a channel's canonical handle.

Each network client knows its own handle syntax (``normalize_handle``, the
same rule it applies before every request), so a handle is checked here by
asking the client. Networks whose clients have no such rule take a web
address (feeds, websites, provider pages: ``handle_is_url``) or a plain name.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError

from bedside.networks.registry import NETWORKS, UnknownNetwork, client_class

_PLAIN = re.compile(r"^@?([A-Za-z0-9_.\-]{1,100})$")


class HandleError(ValueError):
    pass


def known_network(value: str) -> None:
    """Model field validator: the slug must be in the registry as it is now."""
    if value not in NETWORKS:
        raise ValidationError(f"Unknown network {value!r}: expected one of {', '.join(NETWORKS)}.")


def network_choices(blank: str = "") -> list[tuple[str, str]]:
    """Form choices read from the registry when a form is built (never frozen
    into a migration): ``blank`` labels an "any network" first choice."""
    return ([("", blank)] if blank else []) + list(NETWORKS.items())


def normalize_handle(network: str, handle: str) -> str:
    try:
        cls = client_class(network)
    except UnknownNetwork:
        raise HandleError(f"unknown network {network!r}") from None
    text = (handle or "").strip()
    if not text:
        raise HandleError("a handle is required")
    own_rule = getattr(cls, "normalize_handle", None)
    if callable(own_rule):
        try:
            return str(own_rule(text))
        except ValueError as exc:
            raise HandleError(str(exc)) from None
    if cls.handle_is_url:
        parts = urlsplit(text if "://" in text else f"https://{text}")
        local = parts.hostname in ("localhost", "127.0.0.1")
        if parts.scheme not in ("http", "https") or ("." not in parts.netloc.split(":")[0] and not local):
            raise HandleError(f"{NETWORKS[network]} needs a web address such as https://example.org/feed")
        return parts.geturl()
    if "://" in text or "/" in text:
        # A pasted profile URL: keep its last path segment.
        path = urlsplit(text if "://" in text else f"https://{text}").path.strip("/")
        text = path.rsplit("/", 1)[-1] if path else ""
    match = _PLAIN.match(text)
    if not match:
        raise HandleError(f"{NETWORKS[network]} handles are letters, digits, dots, dashes or underscores")
    return match.group(1)
