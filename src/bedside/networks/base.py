"""The small interface every network client implements.

A client is built from a :class:`Credentials` and a base URL (a setting, so the
same code talks to the real network or to a stand-in on 127.0.0.1). Reads are
paged with opaque string cursors the sync layer stores with each batch.
Anything a network cannot do raises :class:`NotSupported`; ``capabilities``
says up front which operations a network allows so the UI can hide buttons.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import ClassVar

from . import limits
from .errors import NotSupported, PermanentError, WrongAccount
from .http import HttpTransport
from .records import Listing, MediaFile, Message, Page, Post, PostedReply, ProfileStats, Sent, SiteLink


@dataclass(frozen=True, slots=True)
class Credentials:
    """What a client needs to authenticate; unused fields stay empty."""

    token: str = ""
    client_id: str = ""
    client_secret: str = ""
    extra: dict[str, str] = field(default_factory=dict)


class NetworkClient:
    slug: ClassVar[str]
    label: ClassVar[str]
    default_base_url: ClassVar[str]
    #: subset of {"profile", "posts", "messages", "reviews", "listing",
    #: "links", "publish", "reply", "hide", "delete", "private", "search"}
    capabilities: ClassVar[frozenset[str]] = frozenset()
    #: what a person is told when the network cannot delete someone else's
    #: comment, or cannot send a private message (the takedown protocol).
    why_no_delete: ClassVar[str] = (
        "deleting someone else's comment is not allowed through the API; hide it instead, or remove it by hand"
    )
    why_no_private: ClassVar[str] = (
        "private messages cannot be sent through this network's API; send it by hand and close the message"
    )
    #: true when reads work without credentials (Bluesky, Mastodon, RSS...)
    public_reads: ClassVar[bool] = False
    #: true when the handle is a web address (feeds, websites, provider pages)
    #: rather than an account name; clients with their own ``normalize_handle``
    #: say everything about their handles there instead.
    handle_is_url: ClassVar[bool] = False
    #: what an account on this network is, for pages that group networks:
    #: "social" (an account the organization posts from), "feed" (a blog or
    #: podcast), "website", or "listing" (review and directory sites).
    kind: ClassVar[str] = "social"
    #: true when :meth:`reply` takes ``idempotency_key=``: the network itself
    #: refuses a second post with the same key (Mastodon's Idempotency-Key)
    takes_idempotency_key: ClassVar[bool] = False
    #: true when :meth:`our_replies` can read our replies back
    reads_back_replies: ClassVar[bool] = False
    #: true when the network keeps one reply per item and sending again
    #: replaces it (Google's reviews.updateReply is a PUT): a repeat after an
    #: unknown outcome cannot make a second reply
    reply_replaces: ClassVar[bool] = False
    #: how the network takes a post's images: "" (not through its API),
    #: "upload" (Bedside sends the bytes) or "url" (the network fetches them
    #: from a public address: the hospital must expose them, see
    #: BEDSIDE_PUBLIC_MEDIA_URL); how many, is in limits.POST
    image_posting: ClassVar[str] = ""
    why_no_images: ClassVar[str] = "posting images is not offered through this network's API"
    #: true when :meth:`publish_video` uploads a post's one video
    video_posting: ClassVar[bool] = False
    why_no_video: ClassVar[str] = "Bedside does not upload videos to this network yet"

    def __init__(
        self,
        credentials: Credentials | None = None,
        *,
        base_url: str | None = None,
        transport: HttpTransport | None = None,
    ) -> None:
        self.credentials = credentials or Credentials()
        self.base_url = (base_url or self.default_base_url).rstrip("/")
        self.http = transport or HttpTransport(self.slug)
        # handles whose token was checked to be their own (see check_identity)
        self._verified: set[str] = set()

    # -- reads ---------------------------------------------------------------
    def profile(self, handle: str) -> ProfileStats:
        raise NotSupported(self.slug, "profile statistics are not available")

    def posts(self, handle: str, cursor: str | None = None) -> Page[Post]:
        raise NotSupported(self.slug, "posts are not available")

    def messages(self, handle: str, cursor: str | None = None) -> Page[Message]:
        """Comments, mentions and direct messages addressed to ``handle``."""
        raise NotSupported(self.slug, "messages are not available")

    def reviews(self, handle: str, cursor: str | None = None) -> Page[Message]:
        raise NotSupported(self.slug, "reviews are not available")

    def listing(self, handle: str) -> Listing:
        raise NotSupported(self.slug, "listings are not available")

    def links(self, handle: str) -> list[SiteLink]:
        raise NotSupported(self.slug, "link crawling is not available")

    def search(self, query: str, cursor: str | None = None, *, where: str = "") -> Page[Message]:
        """Public posts anyone wrote that match ``query`` (listening); newest
        first. ``where`` names a place the network needs (a Mastodon instance)."""
        raise NotSupported(self.slug, "searching public posts is not available")

    # -- whose token is this ----------------------------------------------------
    def whoami(self, handle: str) -> str:
        """The account the credentials authenticate as (the network's "me"
        endpoint), in the form :meth:`own_identity` returns for the channel."""
        raise NotSupported(self.slug, "this network cannot say whose token it is")

    def own_identity(self, handle: str) -> str:
        """The channel's own account, as :meth:`whoami` would name it."""
        normalize = getattr(self, "normalize_handle", None)
        return normalize(handle) if normalize is not None else handle.strip()

    def check_identity(self, handle: str) -> None:
        """Refuse (:class:`WrongAccount`) unless the token is ``handle``'s own.

        Called before reading anything private (an inbox, notifications,
        direct messages): those endpoints name no account and answer for
        whoever holds the token. Checked once per client and handle.
        """
        if handle in self._verified:
            return
        own = self.own_identity(handle)
        holder = self.whoami(handle)
        if holder.strip().casefold() != own.strip().casefold():
            raise WrongAccount(self.slug, own, holder)
        self._verified.add(handle)

    # -- writes --------------------------------------------------------------
    def publish(self, handle: str, text: str) -> Sent:
        raise NotSupported(self.slug, "publishing is not allowed through the API")

    def publish_media(self, handle: str, text: str, images: Sequence[MediaFile]) -> Sent:
        """Publish ``text`` with ``images``, following the network's upload
        flow. Uploads come first and are not posts: only the last call
        creates the post, so an upload that fails leaves nothing published."""
        raise NotSupported(self.slug, self.why_no_images)

    def publish_video(self, handle: str, text: str, video: MediaFile, *, title: str) -> Sent:
        """Publish ``text`` with one video (``title`` where the network keeps
        one). As with images, the upload is not the post: only the last call
        creates it, and that call is never repeated after an unknown outcome."""
        raise NotSupported(self.slug, self.why_no_video)

    def _check_image_count(self, images: Sequence[MediaFile]) -> None:
        limit = limits.limit_for(self.slug, "post")
        most = limit.max_images if limit else 0
        if not 1 <= len(images) <= most:
            raise PermanentError(self.slug, f"a post takes 1 to {most} images here, not {len(images)}")

    def reply(self, handle: str, in_reply_to: str, text: str) -> Sent:
        raise NotSupported(self.slug, "replying is not allowed through the API")

    def our_replies(self, handle: str, in_reply_to: str) -> list[PostedReply]:
        """Our own account's replies to ``in_reply_to``, as the network lists
        them. Read back before retrying a reply whose first try ended without
        an answer (a timeout, a killed worker): the network may have posted it."""
        raise NotSupported(self.slug, "our replies cannot be read back through the API")

    def hide(self, handle: str, external_id: str) -> None:
        raise NotSupported(self.slug, "hiding comments is not allowed through the API")

    def delete(self, handle: str, external_id: str) -> None:
        """Take someone else's public comment down for good (the takedown protocol)."""
        raise NotSupported(self.slug, self.why_no_delete)

    def send_private(self, handle: str, author_handle: str, in_reply_to: str, text: str) -> Sent:
        """A private message to ``author_handle`` about their public comment
        ``in_reply_to`` (the takedown notice)."""
        raise NotSupported(self.slug, self.why_no_private)

    def url(self, path: str) -> str:
        return f"{self.base_url}/{path.lstrip('/')}"
