"""Errors a network client raises.

A sync must know whether to retry later or stop and tell a person, so every
failure says which it is (the lesson from healthchecks' transports).
"""

from __future__ import annotations


class NetworkError(Exception):
    """A network call failed. ``network`` is the slug, ``detail`` says where."""

    permanent: bool = False

    def __init__(self, network: str, message: str, *, status: int | None = None) -> None:
        super().__init__(f"{network}: {message}")
        self.network = network
        self.message = message
        self.status = status


class TransientError(NetworkError):
    """Worth retrying later: rate limit, 5xx, timeout, connection reset."""

    permanent = False

    def __init__(
        self,
        network: str,
        message: str,
        *,
        status: int | None = None,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(network, message, status=status)
        self.retry_after = retry_after


class PermanentError(NetworkError):
    """Retrying will not help until a person acts (bad request, not found)."""

    permanent = True


class AuthError(PermanentError):
    """The token expired or was revoked: the channel needs reconnecting."""


class WrongAccount(AuthError):
    """The token belongs to another account than the channel's own.

    Checked before anything private is read (an inbox, notifications, direct
    messages): those endpoints answer for whoever holds the token, so reading
    them with another account's token would file that account's private
    messages under this channel. Reconnecting with the right account fixes it.
    """

    def __init__(self, network: str, channel: str, holder: str) -> None:
        super().__init__(
            network,
            f"the token belongs to {holder!r}, not to this channel's {channel!r}: private messages "
            f"were not read; reconnect the channel signed in as {channel!r}",
        )
        self.channel = channel
        self.holder = holder


class NotFound(PermanentError):
    """The account, page or post does not exist (deleted, renamed, private)."""


class NotSupported(PermanentError):
    """The network does not allow this operation (for example hiding on Yelp)."""


class PayloadError(PermanentError):
    """The network answered with something we cannot parse.

    ``where`` names the record and field, e.g. ``"data[3].public_metrics"``.
    """

    def __init__(self, network: str, where: str, message: str) -> None:
        super().__init__(network, f"{where}: {message}")
        self.where = where
