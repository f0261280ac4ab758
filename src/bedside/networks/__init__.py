"""Network clients: plain Python, no Django. See :mod:`.registry`."""

from .base import Credentials, NetworkClient
from .errors import (
    AuthError,
    NetworkError,
    NotFound,
    NotSupported,
    PayloadError,
    PermanentError,
    TransientError,
)
from .records import Listing, Message, MessageKind, Page, Post, ProfileStats, Sent, SiteLink
from .registry import NETWORKS, UnknownNetwork, make_client, slugs

__all__ = [
    "NETWORKS",
    "AuthError",
    "Credentials",
    "Listing",
    "Message",
    "MessageKind",
    "NetworkClient",
    "NetworkError",
    "NotFound",
    "NotSupported",
    "Page",
    "PayloadError",
    "PermanentError",
    "Post",
    "ProfileStats",
    "Sent",
    "SiteLink",
    "TransientError",
    "UnknownNetwork",
    "make_client",
    "slugs",
]
