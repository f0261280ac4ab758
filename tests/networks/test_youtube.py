from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from bedside.networks import (
    AuthError,
    Credentials,
    MessageKind,
    NotFound,
    NotSupported,
    PayloadError,
    PermanentError,
    TransientError,
)
from bedside.networks.http import HttpTransport
from bedside.networks.youtube import YouTubeClient
from tests.standin.server import Response, fixture

KEY = "AIzaSyTestKey"
CHANNEL = "UCPzFLpOblZEaIx2lpym1l1A"


@pytest.fixture
def make(standin, waits):
    standin.load("youtube")

    def build(token: str = KEY, **creds: str) -> YouTubeClient:
        transport = HttpTransport("youtube", sleep=waits.append)
        return YouTubeClient(Credentials(token=token, **creds), base_url=standin.base_url("youtube"), transport=transport)

    return build


@pytest.fixture
def client(make) -> YouTubeClient:
    return make()


def test_it_reads_channel_statistics_with_an_api_key(client, standin):
    stats = client.profile("@MayoClinic")
    assert (stats.external_id, stats.handle, stats.name) == (CHANNEL, "@mayoclinic", "Mayo Clinic")
    assert (stats.followers, stats.posts, stats.extra["viewCount"]) == (1540000, 4213, 214563210)
    request = standin.requests_to("youtube")[-1]
    assert (request.query["key"], request.query["forHandle"]) == (KEY, "@MayoClinic")


def test_it_leaves_a_hidden_subscriber_count_unknown(client, standin):
    hidden = fixture("youtube/channels.json")
    hidden["items"][0]["statistics"] = {"viewCount": "10", "hiddenSubscriberCount": True, "videoCount": "2"}
    standin.fail_next("youtube", Response(200, hidden))
    assert client.profile("@mayoclinic").followers is None


def test_it_reads_videos_with_their_own_statistics(client):
    page = client.posts("@mayoclinic")
    first, second = page.items
    assert (first.external_id, first.views, first.likes, first.comments) == ("dQw4w9WgXc1", 48211, 1210, 87)
    assert first.text == "Flu shots: what to know\n\nOur infectious disease team explains."
    assert (second.likes, second.comments) == (None, None)  # likes hidden, comments off


def test_it_follows_pagination_to_the_end(client, standin):
    ids, cursor = [], None
    for _ in range(5):
        page = client.posts(CHANNEL, cursor)
        ids += [post.external_id for post in page.items]
        cursor = page.next_cursor
        if cursor is None:
            break
    assert ids == ["dQw4w9WgXc1", "dQw4w9WgXc2", "dQw4w9WgXc3"]
    playlist_calls = [r for r in standin.requests_to("youtube") if r.path == "/playlistItems"]
    assert playlist_calls[0].query["playlistId"] == "UUPzFLpOblZEaIx2lpym1l1A"
    assert playlist_calls[1].query["pageToken"] == "EAAaBlBUOkNESQ"


def test_it_reads_comment_threads(client):
    first, second = client.messages("@mayoclinic").items
    assert (first.kind, first.author_name, first.in_reply_to, first.thread_id) == (
        MessageKind.COMMENT, "@gratefulviewer", "dQw4w9WgXc1", "UgzThread1",
    )
    assert first.extra == {"likeCount": 14, "totalReplyCount": 2}
    assert second.text == "Is Dr. Smith taking new patients?"


def test_it_waits_as_long_as_retry_after_says(client, standin, waits):
    standin.fail_next("youtube", Response(429, {"error": {"code": 429}}, headers={"Retry-After": "2"}))
    client.profile("@mayoclinic")
    assert waits == [2.0]


def test_it_retries_after_a_server_error(client, standin, waits):
    standin.fail_next("youtube", Response(500, {"error": {"code": 500, "message": "Backend Error"}}))
    assert client.profile("@mayoclinic").posts == 4213
    assert len(waits) == 1


def test_it_treats_a_spent_daily_quota_as_worth_retrying_later(client, standin):
    standin.fail_next("youtube", Response(403, fixture("youtube/errors.json")["quota"]))
    with pytest.raises(TransientError):
        client.profile("@mayoclinic")


def test_it_rejects_malformed_json(client, standin):
    standin.fail_next("youtube", Response(200, b'{"items": [{"id": '))
    with pytest.raises(PayloadError) as caught:
        client.profile("@mayoclinic")
    assert caught.value.network == "youtube"


def test_it_names_the_record_and_field_of_a_bad_count(client, standin):
    broken = fixture("youtube/videos.json")
    broken["items"][2]["statistics"]["viewCount"] = "1.5k"
    client.profile("@mayoclinic")
    standin.fail_next("youtube", Response(200, fixture("youtube/playlist_page1.json")))
    standin.fail_next("youtube", Response(200, broken))
    page = client.posts("@mayoclinic")
    assert [post.external_id for post in page.items] == [v["id"] for i, v in enumerate(broken["items"]) if i != 2]
    assert [(p.external_id, p.field) for p in page.problems] == [
        (broken["items"][2]["id"], "videos.items[2].statistics.viewCount")]


def test_it_reports_an_expired_token(make):
    with pytest.raises(AuthError):
        make(token="ya29.expired").profile("@mayoclinic")


def test_it_reports_an_unknown_channel(client):
    with pytest.raises(NotFound):
        client.profile("@nosuchchannel")


def test_it_cannot_publish_text(client):
    with pytest.raises(NotSupported):
        client.publish("@mayoclinic", "videos are uploaded, not posted")


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("@MayoClinic", "@MayoClinic"),
        ("mayoclinic", "@mayoclinic"),
        ("https://www.youtube.com/@ClevelandClinic", "@ClevelandClinic"),
        ("youtube.com/channel/UCPzFLpOblZEaIx2lpym1l1A", CHANNEL),
        (CHANNEL, CHANNEL),
    ],
)
def test_it_normalizes_handles(typed, expected):
    assert YouTubeClient.normalize_handle(typed) == expected


@pytest.mark.parametrize("typed", ["", "@", "@ab", "mayo clinic", "@.dotfirst", "https://vimeo.com/mayo", "@" + "x" * 31])
def test_it_rejects_nonsense_handles(typed):
    with pytest.raises(ValueError, match="YouTube: .*expected @handle"):
        YouTubeClient.normalize_handle(typed)


def test_it_replies_to_a_comment_thread(make, standin):
    sent = make(token="ya29.test-token").reply("@mayoclinic", "UgzThread2", "Please call 507-000-0000.")
    request = standin.requests_to("youtube")[-1]
    assert (request.path, request.query) == ("/comments", {"part": "snippet"})
    assert request.json() == {"snippet": {"parentId": "UgzThread2", "textOriginal": "Please call 507-000-0000."}}
    assert request.headers["authorization"] == "Bearer ya29.test-token"
    assert sent.external_id == "UgzThread2.reply1"


def test_it_holds_a_comment_for_review_to_hide_it(make, standin):
    make(token="ya29.test-token").hide("@mayoclinic", "UgzThread2")
    request = standin.requests_to("youtube")[-1]
    assert (request.method, request.path, request.query) == (
        "POST", "/comments/setModerationStatus", {"id": "UgzThread2", "moderationStatus": "heldForReview"},
    )


def test_it_will_not_write_with_an_api_key(client):
    with pytest.raises(AuthError):
        client.reply("@mayoclinic", "UgzThread2", "hi")


def test_it_connects_and_refreshes_a_channel(make, standin):
    client = make(token="", client_id="cid.apps.googleusercontent.com", client_secret="shh")
    url = client.authorize_url("cid.apps.googleusercontent.com", "https://bedside.local/cb", "st4te")
    query = {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}
    assert url.startswith("https://accounts.google.com/o/oauth2/v2/auth?")
    assert (query["access_type"], query["prompt"], query["scope"]) == (
        "offline", "consent", "https://www.googleapis.com/auth/youtube.force-ssl",
    )
    creds = client.exchange_code("good", "https://bedside.local/cb")
    assert (creds.token, creds.extra["refresh_token"]) == ("ya29.new-access-token", "1//new-refresh-token")
    assert standin.requests_to("youtube")[-1].path == "/token"
    fresh = client.refresh(creds)
    assert fresh.extra["refresh_token"] == "1//new-refresh-token"  # kept: Google does not rotate it
    with pytest.raises(AuthError):
        client.refresh(Credentials(client_id="cid", client_secret="shh", extra={"refresh_token": "revoked"}))


# -- takedown: delete (reject) and no private messages -------------------------

def test_it_rejects_a_viewers_comment_to_delete_it(make, standin):
    make(token="ya29.test-token").delete("@mayoclinic", "UgzThread2")
    request = standin.requests_to("youtube")[-1]
    assert (request.method, request.path, request.query) == (
        "POST", "/comments/setModerationStatus", {"id": "UgzThread2", "moderationStatus": "rejected"},
    )
    assert request.headers["authorization"] == "Bearer ya29.test-token"


def test_it_cannot_delete_a_comment_on_another_channels_video(make):
    with pytest.raises(PermanentError, match="could not be moderated") as caught:
        make(token="ya29.test-token").delete("@mayoclinic", "UgzOtherChannel1")
    assert caught.value.status == 403 and not isinstance(caught.value, AuthError | TransientError)


def test_it_reports_a_comment_that_is_already_gone(make):
    with pytest.raises(NotFound, match="comments identified by the id parameter could not be found"):
        make(token="ya29.test-token").delete("@mayoclinic", "gone-comment")


def test_it_will_not_delete_with_an_api_key(client, standin):
    with pytest.raises(AuthError):
        client.delete("@mayoclinic", "UgzThread2")
    assert standin.requests_to("youtube") == []


def test_it_says_youtube_has_no_private_messages(make, standin):
    with pytest.raises(NotSupported, match="YouTube has no private messages"):
        make(token="ya29.test-token").send_private("@mayoclinic", "UCviewer", "UgzThread2", "Notice.")
    assert standin.requests_to("youtube") == []


def test_it_reads_back_only_our_channels_replies_in_a_thread(make, standin):
    client = make(token="ya29.test-token")
    sent = client.reply("@mayoclinic", "UgzThread2", "Thanks, we have passed this on.")
    [ours] = client.our_replies("@mayoclinic", "UgzThread2")  # the viewer's reply is left out
    assert (ours.external_id, ours.text) == (sent.external_id, "Thanks, we have passed this on.")


def test_search_reads_matching_videos_then_their_comments_and_counts_quota_units(client, standin):
    page = client.search("riverbend")
    assert [(m.external_id, m.kind) for m in page.items] == [
        ("rbVid000001", MessageKind.MENTION),
        ("UgyRb0001", MessageKind.COMMENT),
        ("UgyRb0002", MessageKind.COMMENT),
        ("rbVid000002", MessageKind.MENTION),
        ("UgyRb0003", MessageKind.COMMENT),
    ]
    video, comment = page.items[0], page.items[1]
    assert (video.author_name, video.url) == (
        "Riverbend Health",
        "https://www.youtube.com/watch?v=rbVid000001",
    )
    assert video.text.startswith("Riverbend Health: a walk through the new infusion suite\n\nOur oncology")
    assert (comment.author_name, comment.in_reply_to) == ("@thankfulson", "rbVid000001")
    # The result without a videoId is reported, not read; its comments are never asked for.
    assert [(p.field, p.reason) for p in page.problems] == [("items[2].id.videoId", "missing")]
    assert page.next_cursor == "CDIQAA"
    calls = standin.requests_to("youtube")
    assert [(c.path, c.query.get("videoId")) for c in calls] == [
        ("/search", None),
        ("/commentThreads", "rbVid000001"),
        ("/commentThreads", "rbVid000002"),
    ]
    assert (calls[0].query["type"], calls[0].query["order"], calls[0].query["q"]) == (
        "video",
        "date",
        "riverbend",
    )
    # search.list is 100 units, each commentThreads.list 1 (determine_quota_cost).
    assert client.units_spent == 102


def test_a_video_with_comments_off_costs_only_its_comments(client):
    page = client.search("riverbend", "CDIQAA")
    assert [m.external_id for m in page.items] == ["rbVid000003"]
    assert [(p.external_id, p.field) for p in page.problems] == [("rbVid000003", "commentThreads")]
    assert "disabled comments" in page.problems[0].reason
    assert page.next_cursor is None and client.units_spent == 101


def test_search_with_a_spent_quota_is_worth_retrying_later(client, standin):
    standin.fail_next("youtube", Response(403, fixture("youtube/errors.json")["quota"]))
    with pytest.raises(TransientError):
        client.search("riverbend")
    assert client.units_spent == 100  # a refused call is still counted, as Google counts it
