"""Real API responses, recorded by the networks' own SDK test suites, replayed
through the clients from the shared data folder (see its SOURCES.md; never
copied into this repository). Skipped where that folder is absent.

Each response is served by a stand-in route at the path it was recorded for,
and each test checks that Bedside stores what the response says: every
record, with the flags it carries, and for a response that lacks what a
record needs (X mentions without the author expansion), a problem per record
rather than a record from nobody.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from bedside.networks import Credentials
from bedside.networks.http import HttpTransport
from bedside.networks.mastodon import MastodonClient
from bedside.networks.reddit import RedditClient
from bedside.networks.rss import FeedClient
from bedside.networks.x import XClient
from bedside.networks.youtube import YouTubeClient
from tests.standin.server import Request, Response

#: ../shared/data beside the repository, as DESIGN.md places it
RECORDINGS = Path(__file__).resolve().parents[3] / "shared" / "data" / "api_recordings"
pytestmark = pytest.mark.skipif(not RECORDINGS.is_dir(), reason="the shared API recordings are not on this machine")


def recording(name: str) -> dict[str, Any]:
    return json.loads((RECORDINGS / name).read_text(encoding="utf-8"))


def serve(standin, slug: str, name: str, path: str | None = None) -> dict[str, Any]:
    """Serve recording ``name`` at its recorded path; returns it."""
    found = recording(name)
    answer = found["response"]
    headers = answer["headers"]
    kept = {k: v for k, v in headers.items() if k.lower() in ("link", "content-type")}

    def handler(request: Request) -> Response:
        return Response(int(answer["status"]), answer["body"], {k: v for k, v in kept.items() if k.lower() == "link"},
                        content_type=kept.get("content-type", "application/json"))

    standin.route(slug, "GET", path or found["request"]["path"], handler)
    return found


def transport(slug: str) -> HttpTransport:
    return HttpTransport(slug, sleep=lambda seconds: None)


def test_mastodon_statuses_are_stored_with_their_flags_and_next_cursor(standin) -> None:
    found = serve(standin, "mastodon", "mastodon/statuses-page1.json")
    client = MastodonClient(base_url=standin.base_url("mastodon"), transport=transport("mastodon"))
    account_id = found["request"]["path"].split("/")[4]
    client._ids["mastodonpy_test@mastodon.example"] = account_id  # the lookup is another recording
    page = client.posts("mastodonpy_test@mastodon.example")
    statuses = json.loads(found["response"]["body"])
    assert [post.external_id for post in page.items] == [s["id"] for s in statuses] and not page.problems
    for post, status in zip(page.items, statuses, strict=True):
        assert (post.sensitive, post.visibility, post.language, post.content_warning) == (
            status["sensitive"], status["visibility"], status["language"] or "", status["spoiler_text"])
    link = found["response"]["headers"]["link"]
    assert page.next_cursor is not None and f"max_id={page.next_cursor}>" in link.split(",")[0]


def test_a_mastodon_profile_that_hides_its_collections_has_unknown_counts(standin) -> None:
    found = serve(standin, "mastodon", "mastodon/lookup-mastodonpy_test.json")
    client = MastodonClient(base_url=standin.base_url("mastodon"), transport=transport("mastodon"))
    stats = client.profile("mastodonpy_test@mastodon.example")
    account = json.loads(found["response"]["body"])
    assert account["hide_collections"] is True
    assert (stats.followers, stats.following) == (None, None)
    assert stats.posts == account["statuses_count"]
    assert stats.website == "" and stats.links == ()  # its fields hold no links


def test_reddit_posts_carry_over_18_and_a_link_posts_url(standin) -> None:
    found = serve(standin, "reddit", "reddit/r-askreddit-new.json")
    client = RedditClient(Credentials(token="t"), base_url=standin.base_url("reddit"), transport=transport("reddit"))
    page = client.posts("r/askreddit")
    children = json.loads(found["response"]["body"])["data"]["children"]
    assert [post.external_id for post in page.items] == [c["data"]["name"] for c in children] and not page.problems
    for post, child in zip(page.items, children, strict=True):
        assert post.sensitive == (child["data"]["over_18"] is True)
        if post.media_type == "link":
            assert post.link_url == child["data"]["url"]


def test_reddit_subreddit_comments_are_all_read(standin) -> None:
    found = serve(standin, "reddit", "reddit/r-askreddit-comments.json")
    client = RedditClient(Credentials(token="t"), base_url=standin.base_url("reddit"), transport=transport("reddit"))
    page = client.messages("r/askreddit")
    children = json.loads(found["response"]["body"])["data"]["children"]
    assert len(page.items) == len(children) and not page.problems


def test_x_mentions_without_the_author_expansion_are_problems_not_authorless_records(standin) -> None:
    serve(standin, "x", "x/sns-mentions-2244994945.json", "/2/users/2244994945/mentions")
    found = recording("x/sns-mentions-2244994945.json")
    client = XClient(Credentials(token="t"), base_url=standin.base_url("x"), transport=transport("x"))
    client._user_ids["twitterdev"] = "2244994945"
    page = client.messages("TwitterDev")
    tweets = json.loads(found["response"]["body"])["data"]
    assert page.items == []
    assert [p.external_id for p in page.problems] == [t["id"] for t in tweets]
    assert all("includes.users" in p.reason for p in page.problems)


def test_x_tweets_are_all_read(standin) -> None:
    serve(standin, "x", "x/sns-tweets-2244994945.json", "/2/users/2244994945/tweets")
    found = recording("x/sns-tweets-2244994945.json")
    client = XClient(Credentials(token="t"), base_url=standin.base_url("x"), transport=transport("x"))
    client._user_ids["twitterdev"] = "2244994945"
    page = client.posts("TwitterDev")
    assert [p.external_id for p in page.items] == [t["id"] for t in json.loads(found["response"]["body"])["data"]]


def test_youtube_channel_profile(standin) -> None:
    found = serve(standin, "youtube", "youtube/channels-UC_x5XG1OV2P6uZZ5FSM9Ttw.json")
    client = YouTubeClient(Credentials(token="t"), base_url=standin.base_url("youtube"), transport=transport("youtube"))
    stats = client.profile("UC_x5XG1OV2P6uZZ5FSM9Ttw")
    item = json.loads(found["response"]["body"])["items"][0]
    hidden = item["statistics"].get("hiddenSubscriberCount") is True
    assert stats.followers == (None if hidden else int(item["statistics"]["subscriberCount"]))
    assert stats.posts == int(item["statistics"]["videoCount"]) and not stats.problems


def test_a_real_atom_feed_is_read_whole(standin) -> None:
    found = serve(standin, "rss", "rss/touchnokia-atom.json")
    client = FeedClient(transport=transport("rss"))
    page = client.posts(standin.base_url("rss") + found["request"]["path"])
    assert page.items and not page.problems
    assert page.items[0].language == "" or page.items[0].language.startswith("ru")
