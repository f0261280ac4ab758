"""Network data as partners really send it, through the sync engine: one
unreadable record in a real-shaped page costs only itself (every client), a
token of another account never fills a channel's inbox, a repeated cursor
ends the stream, and an empty page with a cursor is not the end of it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from bedside.benchmark.models import Post
from bedside.channels.models import Channel
from bedside.inbox.models import Message
from bedside.networks import Credentials, NetworkClient
from bedside.networks.bluesky import BlueskyClient
from bedside.networks.facebook.page import FacebookClient
from bedside.networks.flickr import FlickrClient
from bedside.networks.google import GoogleClient
from bedside.networks.http import HttpTransport
from bedside.networks.instagram import InstagramClient
from bedside.networks.mastodon import MastodonClient
from bedside.networks.pinterest import PinterestClient
from bedside.networks.reddit import RedditClient
from bedside.networks.rss import FeedClient
from bedside.networks.x import XClient
from bedside.networks.yelp import YelpClient
from bedside.networks.youtube import YouTubeClient
from bedside.sync import engine
from bedside.sync.models import SyncRun
from tests.standin import flickr, google, instagram, pinterest, yelp, youtube
from tests.standin.server import Request, Response, fixture

BAD_DATE = "sometime last week"


def _set(record: dict, path: str, value: Any) -> None:
    *parents, last = path.split(".")
    for key in parents:
        record = record[key]
    record[last] = value


def _json_case(list_at: str, index: int, field: str, id_at: str) -> Callable[[Any], tuple[Any, str]]:
    """Corrupt ``field`` of record ``index`` of the list at ``list_at``; the
    record's id is read at ``id_at`` (dotted, within the record)."""
    def corrupt(body: Any) -> tuple[Any, str]:
        records = body
        for key in filter(None, list_at.split(".")):
            records = records[key]
        record = records[index]
        _set(record, field, BAD_DATE)
        ident: Any = record
        for key in id_at.split("."):
            ident = ident[key]
        return body, str(ident)
    return corrupt


def _dateless_feed(body: str) -> tuple[str, str]:
    """The Atom fixture with the feed's own date and its second entry's only
    date taken out: an item with no date, in a feed without one."""
    head, _, rest = body.partition("<entry>")
    head = "\n".join(line for line in head.splitlines() if "<updated>" not in line)
    first, _, second = rest.partition("<entry>")
    second = "\n".join(line for line in second.splitlines() if "<updated>" not in line)
    return f"{head}<entry>{first}<entry>{second}", "tag:riverside-health.example,2024:news-300"


@dataclass(frozen=True)
class Case:
    slug: str
    client: type[NetworkClient]
    handle: str
    stream: str
    credentials: Credentials
    matches: Callable[[Request], bool]
    corrupt: Callable[[Any], tuple[Any, str]]
    field: str  # the problem's field, as the client names it


CASES = [
    Case("mastodon", MastodonClient, "mayoclinic@mastodon.social", "posts", Credentials(),
         lambda r: r.path.endswith("/statuses") and "max_id" not in r.query,
         _json_case("", 1, "created_at", "id"), "[1].created_at"),
    Case("reddit", RedditClient, "r/mayoclinic", "posts", Credentials(token="test-token"),
         lambda r: r.path == "/r/mayoclinic/new" and "after" not in r.query,
         _json_case("data.children", 1, "data.created_utc", "data.name"), "data.children[1].data.created_utc"),
    Case("x", XClient, "MayoClinic", "posts", Credentials(token="test-token"),
         lambda r: r.path.endswith("/tweets") and "pagination_token" not in r.query,
         _json_case("data", 1, "created_at", "id"), "data[1].created_at"),
    Case("facebook", FacebookClient, "MayoClinic", "posts", Credentials(token="test-token"),
         lambda r: r.path == "/MayoClinic/posts" and "after" not in r.query,
         _json_case("data", 1, "created_time", "id"), "data[1].created_time"),
    Case("instagram", InstagramClient, "mayoclinic", "posts",
         Credentials(token=instagram.TOKEN, extra={"ig_user_id": instagram.IG_USER_ID}),
         lambda r: "{media" in r.query.get("fields", "") and ".after(" not in r.query.get("fields", ""),
         _json_case("business_discovery.media.data", 0, "timestamp", "id"),
         "business_discovery.media.data[0].timestamp"),
    Case("bluesky", BlueskyClient, "mayoclinic.bsky.social", "posts", Credentials(),
         lambda r: r.path.endswith("getAuthorFeed") and "cursor" not in r.query,
         _json_case("feed", 2, "post.record.createdAt", "post.uri"), "feed[2].post.record.createdAt"),
    Case("youtube", YouTubeClient, "@mayoclinic", "posts", Credentials(token=youtube.TOKEN),
         lambda r: r.path == "/videos",
         _json_case("items", 1, "snippet.publishedAt", "id"), "videos.items[1].snippet.publishedAt"),
    Case("flickr", FlickrClient, "12037949754@N01", "posts", Credentials(token=flickr.API_KEY),
         lambda r: r.query.get("method") == "flickr.people.getPublicPhotos" and r.query.get("page") == "1",
         _json_case("photos.photo", 1, "dateupload", "id"), "photos.photo[1].dateupload"),
    Case("pinterest", PinterestClient, "mayoclinic", "posts", Credentials(token=pinterest.TOKEN),
         lambda r: r.path == "/pins" and "bookmark" not in r.query,
         _json_case("items", 0, "created_at", "id"), "items[0].created_at"),
    Case("google", GoogleClient, google.LOCATION, "reviews", Credentials(token=google.TOKEN),
         lambda r: r.path.endswith("/reviews") and "pageToken" not in r.query,
         _json_case("reviews", 1, "createTime", "reviewId"), "reviews[1].createTime"),
    Case("yelp", YelpClient, yelp.ALIAS, "reviews", Credentials(token=yelp.API_KEY),
         lambda r: r.path.endswith("/reviews"),
         _json_case("reviews", 1, "time_created", "id"), "reviews[1].time_created"),
    Case("rss", FeedClient, "BASE/blog.xml", "posts", Credentials(),
         lambda r: r.path == "/blog.xml", _dateless_feed, "BASE/blog.xml entries[1].published"),
]


def _client(standin, case: Case) -> NetworkClient:
    transport = HttpTransport(case.slug, sleep=lambda seconds: None)
    return case.client(case.credentials, base_url=standin.base_url(case.slug), transport=transport)


@pytest.mark.parametrize("case", CASES, ids=[c.slug for c in CASES])
def test_one_unreadable_record_costs_only_itself(standin, ours, case: Case) -> None:
    standin.load(case.slug)
    base = standin.base_url(case.slug)
    handle = case.handle.replace("BASE", base)
    channel = Channel.objects.create(organization=ours, network=case.slug, handle=handle)
    broken: list[str] = []

    def corrupt(body: Any) -> Any:
        changed, ident = case.corrupt(body)
        broken.append(ident)
        return changed

    standin.corrupt_once(case.slug, case.matches, corrupt)
    run = engine.sync_channel(channel, client=_client(standin, case), streams=[case.stream])

    assert run.status == SyncRun.Status.OK, run.errors
    assert broken, "the stand-in never served the page to corrupt"
    [problem] = run.problems
    assert problem["network"] == case.slug and problem["stream"] == case.stream
    assert problem["external_id"] == broken[0]
    assert problem["field"] == case.field.replace("BASE", base)
    assert problem["reason"]
    model = Post if case.stream == "posts" else Message
    stored = set(model.objects.filter(channel=channel).values_list("external_id", flat=True))
    assert broken[0] not in stored
    assert len(stored) == run.counts[case.stream] >= 1  # the rest of the page (and the pages after it)


def test_a_token_of_another_account_never_fills_the_channels_inbox(standin, ours) -> None:
    standin.load("reddit")
    channel = Channel.objects.create(organization=ours, network="reddit", handle="u/MayoClinicOfficial")
    client = RedditClient(Credentials(token="other-user-token"), base_url=standin.base_url("reddit"),
                          transport=HttpTransport("reddit", sleep=lambda seconds: None))
    run = engine.sync_channel(channel, client=client, streams=["profile", "posts", "messages"])

    assert Message.objects.filter(channel=channel).count() == 0
    assert "/message/inbox" not in [r.path for r in standin.requests_to("reddit")]
    assert Post.objects.filter(channel=channel).exists()  # public reads are not the question
    [error] = run.errors
    assert error.startswith("messages: reddit: the token belongs to 'u/someone_else_entirely'")
    channel.refresh_from_db()
    assert channel.status == Channel.Status.RECONNECT
    assert "u/MayoClinicOfficial" in channel.status_detail


def test_a_page_whose_next_cursor_repeats_an_earlier_one_ends_the_stream(standin, ours) -> None:
    standin.load("reddit")
    channel = Channel.objects.create(organization=ours, network="reddit", handle="r/mayoclinic")
    first, second = fixture("reddit/new_page1.json"), fixture("reddit/new_page2.json")
    # Page 2 points back at page 1's cursor: A -> B -> A -> B ... forever.
    second["data"]["after"] = None
    loop_back = first["data"]["after"]

    def pages(request: Request) -> Response:
        if request.query.get("after") == loop_back:
            page = dict(second, data=dict(second["data"], after="t3_back_to_the_start"))
            return Response(200, page)
        return Response(200, first)

    standin.route("reddit", "GET", "/r/mayoclinic/new", pages)
    client = RedditClient(Credentials(token="test-token"), base_url=standin.base_url("reddit"),
                          transport=HttpTransport("reddit", sleep=lambda seconds: None))
    run = engine.sync_channel(channel, client=client, streams=["posts"])

    asked = [r.query.get("after", "") for r in standin.requests_to("reddit") if r.path == "/r/mayoclinic/new"]
    assert len(asked) <= 4, asked
    assert run.status == SyncRun.Status.OK, run.errors
    assert [p["field"] for p in run.problems] == ["next_cursor"]


def test_an_empty_page_with_a_cursor_is_not_the_end(standin, ours) -> None:
    standin.load("reddit")
    channel = Channel.objects.create(organization=ours, network="reddit", handle="r/mayoclinic")
    full = fixture("reddit/new_page1.json")
    empty = {"kind": "Listing", "data": {"after": "t3_after_the_gap", "dist": 0, "children": [], "before": None}}
    full["data"]["after"] = None

    def pages(request: Request) -> Response:
        return Response(200, full if request.query.get("after") == "t3_after_the_gap" else empty)

    standin.route("reddit", "GET", "/r/mayoclinic/new", pages)
    client = RedditClient(Credentials(token="test-token"), base_url=standin.base_url("reddit"),
                          transport=HttpTransport("reddit", sleep=lambda seconds: None))
    run = engine.sync_channel(channel, client=client, streams=["posts"])
    assert run.status == SyncRun.Status.OK, run.errors
    assert Post.objects.filter(channel=channel).count() == len(full["data"]["children"])


def test_the_channel_page_and_the_cli_summary_list_the_skipped_records(personas, standin, ours, monkeypatch) -> None:
    from click.testing import CliRunner

    from bedside.cli import main

    standin.load("reddit")
    monkeypatch.setenv("BEDSIDE_API_BASE_REDDIT", standin.base_url("reddit"))
    monkeypatch.setenv("BEDSIDE_REDDIT_TOKEN", "test-token")
    channel = Channel.objects.create(organization=ours, network="reddit", handle="r/mayoclinic")
    standin.corrupt_once("reddit", lambda r: r.path == "/r/mayoclinic/new" and "after" not in r.query,
                         lambda body: _json_case("data.children", 1, "data.created_utc", "data.name")(body)[0])

    result = CliRunner().invoke(main, ["sync", "--channel", str(channel.pk)])
    assert result.exit_code == 0, result.output
    header = next(line for line in result.output.splitlines() if line.startswith("id "))
    assert "skipped" in header.split()
    assert "Skipped records" in result.output
    assert f"{channel.pk} posts: reddit t3_1fv0002 data.children[1].data.created_utc: not a timestamp" in result.output

    page = personas["viewer"].client.get(f"/channels/{channel.pk}/").content.decode()
    assert "1 unreadable, the rest stored" in page
    assert "t3_1fv0002" in page and "data.children[1].data.created_utc" in page


def test_the_profile_link_that_points_home_is_the_one_the_cross_promotion_audit_reads(standin, db) -> None:
    from bedside.benchmark.models import ProfileLook
    from bedside.workspace.models import Organization

    standin.load("mastodon")
    peer = Organization.objects.create(name="Mayo Clinic", website="https://www.mayoclinic.org")
    channel = Channel.objects.create(organization=peer, network="mastodon", handle="mayoclinic@mastodon.social")

    def shop_first(account: dict) -> dict:
        shop = {"name": "Shop", "value": '<a href="https://gifts.example/mayo">gifts.example</a>', "verified_at": None}
        account["fields"] = [shop, *account["fields"]]
        return account

    standin.corrupt_once("mastodon", lambda r: r.path.endswith("/lookup"), shop_first)
    client = MastodonClient(base_url=standin.base_url("mastodon"), transport=HttpTransport("mastodon"))
    run = engine.sync_channel(channel, client=client, streams=["profile"])
    assert run.status == SyncRun.Status.OK, run.errors
    assert ProfileLook.objects.get(channel=channel).website == "https://www.mayoclinic.org"
