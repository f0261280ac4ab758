"""Typed records every network client returns.

Plain dataclasses (no Django): the sync layer upserts them keyed by
``(network, external_id)``. Counts a network does not report are ``None``,
never 0, so that reports can say "no data" instead of a wrong number.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any, Generic, TypeVar

T = TypeVar("T")


class MessageKind(StrEnum):
    COMMENT = "comment"
    MENTION = "mention"
    DIRECT = "message"
    REVIEW = "review"


@dataclass(frozen=True, slots=True)
class ProfileStats:
    """A snapshot of a profile's public statistics at ``taken_at``."""

    network: str
    external_id: str
    handle: str
    taken_at: datetime
    name: str = ""
    description: str = ""
    url: str = ""
    avatar_url: str = ""
    website: str = ""
    followers: int | None = None
    following: int | None = None
    posts: int | None = None
    # Network-specific counts (e.g. Facebook "talking_about_count",
    # YouTube "viewCount") keep their network's own names.
    extra: dict[str, int | float | None] = field(default_factory=dict)
    # Every link the profile lists besides ``website`` (Mastodon's profile
    # fields, a bio's links): the cross-promotion audit looks for ours in them.
    links: tuple[str, ...] = ()
    #: optional fields that could not be read (left empty/None, reported)
    problems: tuple[Problem, ...] = ()


@dataclass(frozen=True, slots=True)
class Post:
    network: str
    external_id: str
    author_handle: str
    published_at: datetime
    text: str = ""
    url: str = ""
    media_type: str = "text"  # text, image, video, link, audio
    likes: int | None = None
    comments: int | None = None
    shares: int | None = None
    views: int | None = None
    extra: dict[str, int | float | None] = field(default_factory=dict)
    # What the network says about the content itself, for benchmarking and
    # review: its language (BCP 47 / ISO 639 as the network sends it, "" when
    # not said), whether it is marked sensitive/NSFW, the content warning
    # shown before it, who may see it, and the outside link of a link post.
    language: str = ""
    sensitive: bool = False
    content_warning: str = ""
    visibility: str = ""
    link_url: str = ""


@dataclass(frozen=True, slots=True)
class Message:
    """A comment, mention, direct message or review addressed to a channel."""

    network: str
    external_id: str
    kind: MessageKind
    author_handle: str
    author_name: str
    published_at: datetime
    text: str
    url: str = ""
    in_reply_to: str = ""  # external id of the post or message answered
    thread_id: str = ""
    rating: float | None = None  # reviews only
    owner_reply: str = ""  # the organization's existing public reply, if any
    extra: dict[str, Any] = field(default_factory=dict)
    # Routing and review flags, as on Post: language for routing to a person
    # who reads it, sensitivity and visibility (public, unlisted, private,
    # direct) for how carefully the inbox shows and answers it.
    language: str = ""
    sensitive: bool = False
    content_warning: str = ""
    visibility: str = ""


@dataclass(frozen=True, slots=True)
class Listing:
    """A provider or facility listing on a review site or map."""

    network: str
    external_id: str
    name: str
    url: str = ""
    address: str = ""
    phone: str = ""
    rating: float | None = None
    review_count: int | None = None
    specialty: str = ""
    extra: dict[str, Any] = field(default_factory=dict)
    #: optional fields that could not be read (left empty/None, reported)
    problems: tuple[Problem, ...] = ()


@dataclass(frozen=True, slots=True)
class SiteLink:
    """A link from a website page to a social profile (cross-promotion audit)."""

    page_url: str
    target_url: str
    network: str  # the network slug the target belongs to
    handle: str
    placement: str  # header, footer, body
    has_icon: bool = False


@dataclass(frozen=True, slots=True)
class Problem:
    """One record (or one field of it) a client could not read and skipped.

    A partner's page with one odd record must cost only that record: the
    client keeps the rest and says which one it dropped and why, so the sync
    run can show it to a person instead of failing the whole stream.
    """

    network: str
    external_id: str  # "" when the record did not even carry a readable id
    field: str  # where in the page, e.g. "data.children[3].data.created_utc"
    reason: str

    def __str__(self) -> str:
        record = f" record {self.external_id}" if self.external_id else " a record"
        return f"{self.network}:{record} skipped, {self.field}: {self.reason}"

    def as_dict(self) -> dict[str, str]:
        return {"network": self.network, "external_id": self.external_id, "field": self.field, "reason": self.reason}


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    """One page of results and the cursor for the next; ``None`` means done.

    ``problems`` are the records of this page that could not be read: they are
    left out of ``items`` and reported, never allowed to fail the page.
    """

    items: list[T]
    next_cursor: str | None = None
    problems: list[Problem] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Sent:
    """What a network answered when we published, replied or hid something."""

    network: str
    external_id: str
    url: str = ""


@dataclass(frozen=True, slots=True)
class MediaFile:
    """An image (or a video) to publish with a post: its bytes (metadata
    already stripped), its alt text (a video's description for people who
    cannot see it), and where the network can fetch it when it takes images
    by URL only (Instagram, Google Business Profile)."""

    data: bytes
    mime_type: str
    alt_text: str
    filename: str
    width: int = 0
    height: int = 0
    public_url: str = ""


@dataclass(frozen=True, slots=True)
class PostedReply:
    """One of our own replies to a post or comment, as the network lists it:
    read back to settle a reply whose sending ended without an answer."""

    network: str
    external_id: str
    text: str
    url: str = ""
