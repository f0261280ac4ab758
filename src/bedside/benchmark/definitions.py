"""What each benchmark number counts, from which stored columns (and so from
which network fields or import columns), over which period: one text per
metric, shown beside the tables, in the executive report's appendix and in
the API, so a reader of any of them reads the same rule.

When a metric's computation in :mod:`bedside.benchmark.comparison` changes,
its text here changes in the same commit (a test checks every compared
metric has one).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True)
class Definition:
    key: str
    label: str
    counts: str
    source: str
    period: str

    def as_dict(self) -> dict[str, str]:
        return asdict(self)


_WINDOW = "The comparison window (From–To; 12 months to the latest reading by default)."

DEFINITIONS: dict[str, Definition] = {d.key: d for d in (
    Definition(
        "audience", "Audience",
        "Followers, subscribers or page likes summed over the organization's channels, each at its latest reading "
        "on or before the window's end; a channel not read in the month before that is left out (no data).",
        "Profile snapshots: each network's follower count from sync (e.g. Facebook followers_count, X "
        "public_metrics.followers_count, YouTube subscriberCount) or the snapshot CSV's followers column.",
        "The window's end date.",
    ),
    Definition(
        "growth_abs", "Growth",
        "Audience at the window's end minus audience at its start, over the channels read at both ends, from one "
        "common start; a team tracking for less than the window sees the growth over the history there is, "
        "with the span said (\"over 2 months\").",
        "Profile snapshots (followers), as for Audience.",
        _WINDOW,
    ),
    Definition(
        "growth_month", "Growth per month",
        "The same growth as a compound rate per month (30.4 days).",
        "Profile snapshots (followers).", _WINDOW,
    ),
    Definition(
        "cagr", "Compound annual growth",
        "The same growth as a compound rate per year.",
        "Profile snapshots (followers).", _WINDOW,
    ),
    Definition(
        "engagement", "Engagement rate",
        "Likes + comments + shares of each post published in the window, divided by the channel's audience at "
        "the window's end, averaged over the posts that carry any count (per post, as a percentage).",
        "Posts: likes, comments and shares from sync or the networks' post exports "
        "(e.g. the X tweet activity CSV's engagements columns); audience from profile snapshots.",
        _WINDOW,
    ),
    Definition(
        "talking_about", "Talking about / likes",
        "People talking about the Facebook Page divided by its page likes (its followers where likes are not "
        "given), averaged over the organization's Facebook Pages.",
        "The Graph API's talking_about_count and fan_count, or the snapshot CSV's talking_about and likes columns.",
        "The window's end date (latest reading).",
    ),
    Definition(
        "cadence", "Posts per week",
        "Posts published in the window divided by its length in weeks, over channels that ever posted.",
        "Posts (published_at) from sync or post exports.", _WINDOW,
    ),
    Definition(
        "video_share", "Video share",
        "Posts whose media is video as a share of all posts published in the window.",
        "Posts (media_type).", _WINDOW,
    ),
    Definition(
        "reply_rate", "Reply rate",
        "Comments waiting for the organization (not its own, not spam, not people answering each other) that its "
        "channel answered, from Bedside or on the network itself, as a share of all such comments. The inbox's "
        "response times use the same rule over every kind of message.",
        "Stored comments (author, in_reply_to, thread) and replies sent from Bedside.",
        "Comments published in the window; answers may come after it.",
    ),
    Definition(
        "reply_hours", "Median time to first reply",
        "From a comment's publication to the channel's first answer, the median over every answered comment of "
        "the organization (lower is better).",
        "As for Reply rate.", "Comments published in the window.",
    ),
    Definition(
        "share_of_voice", "Share of voice",
        "Mentions of the organization as a share of the mentions of every compared organization, from "
        "listening when at least two of them have a saved search (each post once per organization; one without "
        "a search is no data). Otherwise, said beside the table, the older figure: mentions of the "
        "organization's own channels as a share of every compared organization's; channels never mentioned "
        "are no data, not 0.",
        "Listening's daily mention counts per organization (from its saved searches' sources, named beside the "
        "table); the older figure, stored mentions (inbox messages of kind mention).", _WINDOW,
    ),
    Definition(
        "index", "Index",
        "A metric against an anchor: 100 = level with the peer median (or the leader); above 100 is better, "
        "whichever way the metric runs.",
        "The compared metric itself.", _WINDOW,
    ),
)}


def as_json() -> list[dict[str, Any]]:
    return [d.as_dict() for d in DEFINITIONS.values()]
