"""What each network accepts in a reply or a post, counted as the network counts.

A 420-character reply to an X post passed the guard and went to the network,
which refused it. The composer checks these as a person types and the send
path checks them again, so a reply or post either fits or says why not.

Each network counts length its own way (sources cited per entry):
- X weighs characters (most CJK and emoji count 2) and counts every URL as 23:
  twitter-text's own rules, through its Python port.
- Bluesky counts graphemes (a family emoji is one) and also caps bytes.
- Mastodon counts every URL as 23 and a mention by its local part only.
- The rest count characters (code points).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

import regex
from twitter_text import parse_tweet

Kind = Literal["reply", "post"]
Counting = Literal["characters", "x-weighted", "graphemes", "mastodon"]

#: Mastodon: "URLs ... always count as 23 characters" and "a mention counts
#: only the username part" (https://docs.joinmastodon.org/user/posting/#text).
_URL = re.compile(r"https?://[^\s<>\"]+", re.IGNORECASE)
_MASTODON_MENTION = re.compile(r"(@[A-Za-z0-9_]+)@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
# Control characters other than line breaks and tabs: networks drop or refuse them.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class Limit:
    """One network's limits for one kind of text."""

    max_length: int
    counting: Counting = "characters"
    max_bytes: int | None = None
    max_images: int = 0
    max_videos: int = 0
    images_with_video: bool = False
    #: the image types the network takes (MIME); empty: all the composer takes
    image_types: tuple[str, ...] = ()
    source: str = ""


# Replies: what a comment/reply through the API accepts.
REPLY: dict[str, Limit] = {
    "x": Limit(280, "x-weighted", max_images=4, max_videos=1,
               source="https://docs.x.com/fundamentals/counting-characters"),
    "bluesky": Limit(300, "graphemes", max_bytes=3000, max_images=4,
                     source="https://github.com/bluesky-social/atproto/blob/main/lexicons/app/bsky/feed/post.json"),
    "mastodon": Limit(500, "mastodon", max_images=4, max_videos=1,
                      source="https://docs.joinmastodon.org/user/posting/#text"),
    "facebook": Limit(8000, source="https://developers.facebook.com/docs/graph-api/reference/object/comments/"),
    "instagram": Limit(2200, source="https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-comment/replies"),
    "youtube": Limit(10000, source="https://developers.google.com/youtube/v3/docs/comments#snippet.textOriginal"),
    "reddit": Limit(10000, source="https://www.reddit.com/dev/api/#POST_api_comment"),
    "google": Limit(4096, source="https://developers.google.com/my-business/reference/rest/v4/accounts.locations.reviews/updateReply"),
    "linkedin": Limit(1250, source="https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/comments-api"),
}

# Posts: what a new post accepts (text and attachments).
POST: dict[str, Limit] = {
    **REPLY,
    "facebook": Limit(63206, max_images=10, max_videos=1,
                      source="https://developers.facebook.com/docs/pages-api/posts/"),
    "instagram": Limit(2200, max_images=10, max_videos=1, images_with_video=True,
                       source="https://developers.facebook.com/docs/instagram-platform/content-publishing/"),
    "reddit": Limit(40000, max_images=20, max_videos=1,
                    source="https://www.reddit.com/dev/api/#POST_api_submit"),
    "pinterest": Limit(500, max_images=1, max_videos=1,
                       source="https://developers.pinterest.com/docs/api/v5/pins-create/"),
    "google": Limit(1500, max_images=1, source="https://developers.google.com/my-business/reference/rest/v4/accounts.locations.localPosts"),
    # "commentary" is at most 3,000 characters; one image (content.media) or
    # 2 to 20 (content.multiImage); the Images API takes JPG, GIF and PNG
    # (https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/images-api).
    # Threads: 500 characters; JPEG and PNG images, a carousel of 2 to 20
    # (https://developers.facebook.com/docs/threads/posts).
    "threads": Limit(500, max_images=20, image_types=("image/jpeg", "image/png"),
                     source="https://developers.facebook.com/docs/threads/posts"),
    "linkedin": Limit(3000, max_images=20, image_types=("image/jpeg", "image/gif", "image/png"),
                      source="https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/posts-api"),
}


def limit_for(network: str, kind: Kind = "reply") -> Limit | None:
    """The network's limit, or None where Bedside knows of none (then nothing is refused here)."""
    return (REPLY if kind == "reply" else POST).get(network)


def measure(network: str, text: str, kind: Kind = "reply") -> int:
    """``text``'s length as ``network`` counts it."""
    limit = limit_for(network, kind)
    counting = limit.counting if limit else "characters"
    text = unicodedata.normalize("NFC", text)
    if counting == "x-weighted":
        return int(parse_tweet(text).weightedLength)
    if counting == "graphemes":
        return len(regex.findall(r"\X", text))
    if counting == "mastodon":
        text = _URL.sub("x" * 23, text)
        return len(_MASTODON_MENTION.sub(r"\1", text))
    return len(text)


def problems(network: str, text: str, *, kind: Kind = "reply", images: int = 0, videos: int = 0,
             image_types: Iterable[str] = ()) -> list[str]:
    """Why ``network`` would refuse this text and these attachments (their
    MIME types in ``image_types``, where known); empty when it fits."""
    found: list[str] = []
    limit = limit_for(network, kind)
    if _CONTROL.search(text):
        found.append("The text holds control characters the network refuses; remove them.")
    if not text.strip() and not (images or videos):
        found.append("The text is empty.")
    if limit is None:
        return found
    length = measure(network, text, kind)
    if length > limit.max_length:
        found.append(f"{length:,} of {limit.max_length:,} {_unit(limit)}: {length - limit.max_length:,} too many "
                     f"for a {kind} on {network}.")
    if limit.max_bytes is not None and len(text.encode()) > limit.max_bytes:
        found.append(f"{len(text.encode()):,} bytes; {network} takes at most {limit.max_bytes:,}.")
    if images > limit.max_images:
        found.append(_too_many("image", images, limit.max_images, network, kind))
    if videos > limit.max_videos:
        found.append(_too_many("video", videos, limit.max_videos, network, kind))
    refused = sorted({t for t in image_types if limit.image_types and t not in limit.image_types})
    if refused:
        found.append(f"{network} takes {_types(limit.image_types)} images, not {_types(refused)}.")
    if images and videos and not limit.images_with_video:
        found.append(f"{network} takes images or a video in one {kind}, not both.")
    return found


def _unit(limit: Limit) -> str:
    return {"x-weighted": "weighted characters (URLs count 23)", "graphemes": "characters",
            "mastodon": "characters (URLs count 23)"}.get(limit.counting, "characters")


def _types(mime_types: Iterable[str]) -> str:
    names = [t.removeprefix("image/").upper().replace("JPEG", "JPG") for t in mime_types]
    return ", ".join(names[:-1]) + " or " + names[-1] if len(names) > 1 else "".join(names)


def _too_many(what: str, n: int, most: int, network: str, kind: str) -> str:
    if most == 0:
        return f"{network} takes no {what}s in a {kind} through its API."
    return f"{n} {what}s; {network} takes at most {most} in a {kind}."
