"""What a variant will say on its network: the tracked link, its length as
the network counts it, its hashtags and mentions, and the content type the
classifier suggests. Plain functions: the composer's preview and the send
path use the same ones, so what was shown is what goes out."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from bedside.benchmark.contentmix import classify
from bedside.networks import limits
from bedside.networks.registry import UnknownNetwork, client_class

MAX_TEXT = 63_206  # the longest post any network takes (Facebook); each network's own limit is checked too
UTM_MEDIUM = "social"

# A hashtag or mention starts a word; "#1" and an e-mail's "@" are neither.
_HASHTAG = re.compile(r"(?<![\w&/#])#([^\W\d_][\w]{0,99})", re.UNICODE)
_MENTION = re.compile(r"(?<![\w@/])@([A-Za-z0-9_][A-Za-z0-9_.-]{0,99}(?:@[A-Za-z0-9.-]+\.[A-Za-z]{2,})?)")


class ComposeError(ValueError):
    """Input the composer refuses; says what and where."""


def can_publish(network: str) -> bool:
    """Whether a post can go to ``network`` at all: its text, its images
    (Instagram and Pinterest take posts with an image only) or its video
    (YouTube takes videos only); see outbound."""
    try:
        cls = client_class(network)
    except UnknownNetwork:
        return False
    return "publish" in cls.capabilities or bool(cls.image_posting) or cls.video_posting


def tracked_link(url: str, network: str, campaign: str = "") -> str:
    """``url`` with ``utm_source`` (the network), ``utm_medium=social`` and
    ``utm_campaign`` added; parameters the link already carries are kept, so
    a link someone tagged by hand is not overwritten."""
    url = url.strip()
    if not url:
        return ""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ComposeError(f"The link must be a web address starting with https:// ({url[:80]!r} is not).")
    query = parse_qsl(parts.query, keep_blank_values=True)
    present = {k for k, _ in query}
    wanted = [("utm_source", network), ("utm_medium", UTM_MEDIUM)]
    if campaign:
        wanted.append(("utm_campaign", campaign))
    query += [(k, v) for k, v in wanted if k not in present]
    return urlunsplit((parts.scheme, parts.netloc, parts.path or "/", urlencode(query), parts.fragment))


def final_text(body: str, link: str, network: str, campaign: str = "") -> str:
    """The text as it will be published: the variant's words, then the
    post's link with its tracking (unless the words already carry it)."""
    body = body.strip()
    tracked = tracked_link(link, network, campaign)
    if not tracked or tracked in body:
        return body
    return f"{body}\n\n{tracked}" if body else tracked


def hashtags(text: str) -> list[str]:
    return list(dict.fromkeys(m.group(1) for m in _HASHTAG.finditer(text)))


def mentions(text: str) -> list[str]:
    return list(dict.fromkeys(m.group(1) for m in _MENTION.finditer(text)))


@dataclass
class Preview:
    """One variant as the composer shows it before saving."""

    network: str
    text: str
    length: int
    max_length: int | None
    unit: str
    problems: list[str] = field(default_factory=list)
    hashtags: list[str] = field(default_factory=list)
    mentions: list[str] = field(default_factory=list)

    @property
    def fits(self) -> bool:
        return not self.problems


def preview(network: str, body: str, link: str = "", campaign: str = "", *, images: int = 0) -> Preview:
    try:
        text = final_text(body, link, network, campaign)
        problems = limits.problems(network, text, kind="post", images=images)
    except ComposeError as exc:
        text, problems = body.strip(), [str(exc)]
    limit = limits.limit_for(network, "post")
    unit = {"x-weighted": "weighted characters, links count 23", "mastodon": "characters, links count 23"}.get(
        limit.counting if limit else "", "characters")
    return Preview(network, text, limits.measure(network, text, "post"), limit.max_length if limit else None, unit,
                   problems, hashtags(text), mentions(text))


def suggest_type(text: str, link: str = "", own_website: str = "") -> str:
    domains = [urlsplit(own_website).hostname or ""] if own_website else []
    return classify(text, link, [d for d in domains if d])
