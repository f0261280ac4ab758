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
    WrongAccount,
)
from .records import Listing, Message, MessageKind, Page, Post, Problem, ProfileStats, Sent, SiteLink
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
    "Problem",
    "ProfileStats",
    "Sent",
    "SiteLink",
    "TransientError",
    "UnknownNetwork",
    "WrongAccount",
    "make_client",
    "slugs",
]
