from __future__ import annotations

import pytest

from bedside.networks import AuthError, Credentials, MessageKind, NotFound, NotSupported, PayloadError
from bedside.networks.bluesky import BlueskyClient
from bedside.networks.http import HttpTransport
from tests.standin.server import Response, fixture

ME = Credentials(client_id="mayoclinic.bsky.social", client_secret="app-pass-word")


@pytest.fixture
def make(standin, waits):
    standin.load("bluesky")

    def build(credentials: Credentials | None = None) -> BlueskyClient:
        transport = HttpTransport("bluesky", sleep=waits.append)
        return BlueskyClient(credentials, base_url=standin.base_url("bluesky"), transport=transport)

    return build


@pytest.fixture
def client(make) -> BlueskyClient:
    return make()  # public reads: no credentials at all


def test_it_reads_a_public_profile_without_logging_in(client, standin):
    stats = client.profile("@mayoclinic.bsky.social")
    assert (stats.external_id, stats.handle, stats.name) == (
        "did:plc:z72i7hdynmk6r22z27h6tvur", "mayoclinic.bsky.social", "Mayo Clinic",
    )
    assert (stats.followers, stats.following, stats.posts) == (41250, 212, 1893)
    assert "authorization" not in standin.requests_to("bluesky")[-1].headers


def test_it_reads_own_posts_and_skips_reposts(client):
    page = client.posts("mayoclinic")
    assert [post.text for post in page.items] == ["Flu shots are available this week.", "Meet our cardiology team."]
    first = page.items[0]
    assert (first.likes, first.comments, first.shares, first.extra["quoteCount"]) == (120, 4, 17, 2)
    assert first.media_type == "image"
    assert first.url == "https://bsky.app/profile/mayoclinic.bsky.social/post/3l6oveex3ii2l"


def test_it_follows_pagination_to_the_end(client):
    seen, cursor = [], None
    for _ in range(5):
        page = client.posts("mayoclinic.bsky.social", cursor)
        seen += [post.external_id for post in page.items]
        cursor = page.next_cursor
        if cursor is None:
            break
    assert cursor is None
    assert len(seen) == 3 and seen[-1].endswith("3l6nzzzzzzz2l")


def test_it_reads_replies_and_mentions_with_an_app_password(make):
    page = make(ME).messages("mayoclinic.bsky.social")
    reply, mention = page.items  # the like is not a message
    assert (reply.kind, reply.author_handle, reply.in_reply_to) == (
        MessageKind.COMMENT, "grateful.bsky.social",
        "at://did:plc:z72i7hdynmk6r22z27h6tvur/app.bsky.feed.post/3l6oveex3ii2l",
    )
    assert (mention.kind, mention.author_name) == (MessageKind.MENTION, "A Reader")


def test_it_waits_as_long_as_retry_after_says(client, standin, waits):
    standin.fail_next("bluesky", Response(429, {"error": "RateLimitExceeded"}, headers={"Retry-After": "3"}))
    assert client.profile("mayoclinic").followers == 41250
    assert waits == [3.0]


def test_it_waits_for_the_ratelimit_reset_header(client, standin, waits):
    standin.fail_next("bluesky", Response(429, {"error": "RateLimitExceeded"}, headers={"RateLimit-Reset": "12"}))
    client.profile("mayoclinic")
    assert waits == [12.0]


def test_it_retries_after_a_server_error(client, standin, waits):
    standin.fail_next("bluesky", Response(502, b"Bad Gateway", content_type="text/plain"))
    assert client.profile("mayoclinic").posts == 1893
    assert len(waits) == 1


def test_it_rejects_malformed_json(client, standin):
    standin.fail_next("bluesky", Response(200, b'{"feed": [{"post": '))
    with pytest.raises(PayloadError) as caught:
        client.posts("mayoclinic")
    assert caught.value.network == "bluesky"


def test_it_names_the_record_and_field_of_a_bad_count(client, standin):
    broken = fixture("bluesky/feed_page1.json")
    broken["feed"][2]["post"]["likeCount"] = -4
    standin.fail_next("bluesky", Response(200, broken))
    page = client.posts("mayoclinic")
    kept = [item["post"]["uri"] for i, item in enumerate(broken["feed"]) if i != 2 and item.get("reason") is None]
    assert [post.external_id for post in page.items] == kept
    assert [(p.external_id, p.field) for p in page.problems] == [(broken["feed"][2]["post"]["uri"], "feed[2].post.likeCount")]


def test_it_rejects_a_feed_that_is_not_a_list(client, standin):
    standin.fail_next("bluesky", Response(200, {"feed": {"oops": True}}))
    with pytest.raises(PayloadError, match="feed"):
        client.posts("mayoclinic")


def test_it_reports_a_wrong_app_password(make):
    with pytest.raises(AuthError):
        make(Credentials(client_id="mayoclinic.bsky.social", client_secret="nope")).messages("mayoclinic")


def test_it_needs_credentials_for_notifications(client):
    with pytest.raises(AuthError):
        client.messages("mayoclinic")


def test_it_reports_an_unknown_profile(client):
    with pytest.raises(NotFound):
        client.profile("nobody.bsky.social")


def test_it_does_not_hide_replies(make):
    with pytest.raises(NotSupported):
        make(ME).hide("mayoclinic", "at://x/app.bsky.feed.post/1")


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("@mayoclinic.bsky.social", "mayoclinic.bsky.social"),
        ("MayoClinic", "mayoclinic.bsky.social"),
        ("news.mayoclinic.org", "news.mayoclinic.org"),
        ("https://bsky.app/profile/clevelandclinic.org", "clevelandclinic.org"),
        ("did:plc:z72i7hdynmk6r22z27h6tvur", "did:plc:z72i7hdynmk6r22z27h6tvur"),
    ],
)
def test_it_normalizes_handles(typed, expected):
    assert BlueskyClient.normalize_handle(typed) == expected


@pytest.mark.parametrize("typed", ["", "@", "mayo clinic", "-bad-.bsky.social", "name@bsky.social", "a..b", "x.123"])
def test_it_rejects_nonsense_handles(typed):
    with pytest.raises(ValueError, match="Bluesky: .*expected a domain"):
        BlueskyClient.normalize_handle(typed)


def test_it_publishes_a_post_record(make, standin):
    sent = make(ME).publish("mayoclinic", "Flu clinics open Saturday.")
    login, create = standin.requests_to("bluesky")[-2:]
    assert login.json() == {"identifier": "mayoclinic.bsky.social", "password": "app-pass-word"}
    body = create.json()
    assert create.path == "/xrpc/com.atproto.repo.createRecord"
    assert (body["repo"], body["collection"]) == ("did:plc:z72i7hdynmk6r22z27h6tvur", "app.bsky.feed.post")
    assert body["record"]["$type"] == "app.bsky.feed.post"
    assert body["record"]["text"] == "Flu clinics open Saturday."
    assert body["record"]["createdAt"].endswith("Z")
    assert sent.external_id.endswith("/3l6pnewpost22")


def test_it_replies_with_root_and_parent_refs(make, standin):
    parent = "at://did:plc:patient1/app.bsky.feed.post/3l6p111111111"
    make(ME).reply("mayoclinic", parent, "Any of our pharmacies.")
    record = standin.requests_to("bluesky")[-1].json()["record"]
    assert record["reply"]["parent"] == {"uri": parent, "cid": "bafyreie"}
    assert record["reply"]["root"]["uri"].endswith("/3l6oveex3ii2l")


def test_it_reads_through_the_registry_without_any_credentials(standin):
    from bedside.networks import make_client

    standin.load("bluesky")
    client = make_client("bluesky", environ={"BEDSIDE_API_BASE_BLUESKY": standin.base_url("bluesky")})
    assert client.public_reads and client.profile("mayoclinic").posts == 1893


def test_the_links_in_a_bio_feed_the_cross_promotion_audit(client, standin):
    profile = fixture("bluesky/profile.json")
    profile["description"] = "News from our hospital. Find a doctor: https://www.mayoclinic.org/doctors. Careers https://jobs.mayoclinic.org"
    standin.fail_next("bluesky", Response(200, profile))
    stats = client.profile("mayoclinic.bsky.social")
    assert stats.links == ("https://www.mayoclinic.org/doctors", "https://jobs.mayoclinic.org")


def test_it_reads_back_our_replies_to_a_post(make, standin):
    parent = "at://did:plc:patient1/app.bsky.feed.post/3l6p111111111"
    client = make(ME)
    assert client.our_replies("mayoclinic", parent) == []
    sent = client.reply("mayoclinic", parent, "Any of our pharmacies.")
    [ours] = client.our_replies("mayoclinic", parent)  # someone else's reply is left out
    assert (ours.external_id, ours.text, ours.url) == (sent.external_id, "Any of our pharmacies.", sent.url)
