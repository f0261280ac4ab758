from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from bedside.networks import (
    AuthError,
    Credentials,
    MessageKind,
    NotSupported,
    PayloadError,
    PermanentError,
    TransientError,
)
from bedside.networks.http import HttpTransport
from bedside.networks.reddit import RedditClient
from tests.standin.server import Response, fixture


@pytest.fixture
def make(standin, waits):
    standin.load("reddit")

    def build(token: str = "test-token", **creds: str) -> RedditClient:
        transport = HttpTransport("reddit", sleep=waits.append)
        return RedditClient(Credentials(token=token, **creds), base_url=standin.base_url("reddit"), transport=transport)

    return build


@pytest.fixture
def client(make) -> RedditClient:
    return make()


def test_it_reads_a_subreddit(client):
    stats = client.profile("r/mayoclinic")
    assert (stats.external_id, stats.handle, stats.name, stats.followers) == (
        "t5_2qh1i", "r/mayoclinic", "Mayo Clinic", 15230,
    )
    assert stats.extra == {"active_user_count": 41}
    assert stats.avatar_url == "https://styles.redditmedia.com/t5_2qh1i/styles/communityIcon_abc.png"
    assert stats.posts is None  # Reddit does not report it: unknown, not zero


def test_it_reads_a_user(client):
    stats = client.profile("u/MayoClinicOfficial")
    assert (stats.external_id, stats.handle, stats.followers) == ("t2_4x9zq", "u/MayoClinicOfficial", 930)
    assert stats.extra["total_karma"] == 7330


def test_it_reads_posts_with_net_scores(client):
    first, second = client.posts("r/mayoclinic").items
    assert (first.external_id, first.likes, first.comments, first.shares) == ("t3_1fv0003", 42, 7, 1)
    assert first.text == "Flu shot clinic hours?\n\nDoes anyone know the Saturday hours?"
    assert (second.likes, second.media_type) == (-3, "image")


def test_it_follows_pagination_to_the_end(client, standin):
    ids, cursor = [], None
    for _ in range(5):
        page = client.posts("u/MayoClinicOfficial", cursor)
        ids += [post.external_id for post in page.items]
        cursor = page.next_cursor
        if cursor is None:
            break
    assert ids == ["t3_1fv0003", "t3_1fv0002", "t3_1fv0001"]
    assert standin.requests_to("reddit")[-1].query["after"] == "t3_1fv0002"


def test_it_reads_the_inbox(client):
    reply, mention, direct = client.messages("u/MayoClinicOfficial").items
    assert (reply.kind, reply.in_reply_to, reply.thread_id) == (MessageKind.COMMENT, "t1_lp9999", "t3_1fv0003")
    assert mention.kind == MessageKind.MENTION
    assert (direct.kind, direct.author_handle) == (MessageKind.DIRECT, "u/worried_parent")


def test_it_gets_an_application_token_for_public_reads(make, standin):
    client = make(token="", client_id="cid", client_secret="shh")
    assert client.profile("mayoclinic").followers == 15230
    client.profile("mayoclinic")
    token_calls = [r for r in standin.requests_to("reddit") if r.path == "/api/v1/access_token"]
    assert len(token_calls) == 1 and token_calls[0].form() == {"grant_type": "client_credentials"}


def test_it_waits_for_the_ratelimit_reset(client, standin, waits):
    standin.fail_next("reddit", Response(429, {"message": "Too Many Requests", "error": 429},
                                         headers={"X-Ratelimit-Remaining": "0", "X-Ratelimit-Reset": "42"}))
    client.profile("r/mayoclinic")
    assert waits == [42.0]


def test_it_waits_as_long_as_retry_after_says(client, standin, waits):
    standin.fail_next("reddit", Response(429, b"", headers={"Retry-After": "9"}))
    client.profile("r/mayoclinic")
    assert waits == [9.0]


def test_it_retries_after_a_server_error(client, standin, waits):
    standin.fail_next("reddit", Response(503, b"<html>Our CDN was unable to reach our servers</html>", content_type="text/html"))
    standin.fail_next("reddit", Response(500, b"", content_type="text/html"))
    assert client.profile("r/mayoclinic").followers == 15230
    assert waits == [0.5, 1.0]


def test_it_rejects_malformed_json(client, standin):
    standin.fail_next("reddit", Response(200, b"<html>maintenance</html>"))
    with pytest.raises(PayloadError) as caught:
        client.posts("r/mayoclinic")
    assert caught.value.network == "reddit"


def test_it_names_the_record_and_field_of_a_bad_date(client, standin):
    broken = fixture("reddit/new_page1.json")
    broken["data"]["children"][1]["data"]["created_utc"] = "yesterday"
    standin.fail_next("reddit", Response(200, broken))
    page = client.posts("r/mayoclinic")
    children = broken["data"]["children"]
    assert [post.external_id for post in page.items] == [c["data"]["name"] for i, c in enumerate(children) if i != 1]
    (problem,) = page.problems
    assert (problem.network, problem.external_id, problem.field) == (
        "reddit", children[1]["data"]["name"], "data.children[1].data.created_utc")
    assert page.next_cursor == broken["data"]["after"]


def test_it_reports_an_expired_token(make):
    with pytest.raises(AuthError):
        make(token="expired").posts("r/mayoclinic")


def test_it_needs_a_user_token_for_the_inbox(make):
    with pytest.raises(AuthError):
        make(token="", client_id="cid", client_secret="shh").messages("u/MayoClinicOfficial")


def test_it_has_no_reviews(client):
    with pytest.raises(NotSupported):
        client.reviews("r/mayoclinic")


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("r/mayoclinic", "r/mayoclinic"),
        ("/r/AskDocs", "r/AskDocs"),
        ("mayoclinic", "r/mayoclinic"),
        ("u/MayoClinicOfficial", "u/MayoClinicOfficial"),
        ("/user/some-user", "u/some-user"),
        ("https://www.reddit.com/r/mayoclinic/", "r/mayoclinic"),
        ("old.reddit.com/u/nurse_jo", "u/nurse_jo"),
    ],
)
def test_it_normalizes_handles(typed, expected):
    assert RedditClient.normalize_handle(typed) == expected


@pytest.mark.parametrize("typed", ["", "r/", "r/a", "u/ab", "r/has space", "r/_leading", "x/mayoclinic", "@mayoclinic", "r/waytoolongsubredditname123"])
def test_it_rejects_nonsense_handles(typed):
    with pytest.raises(ValueError, match="Reddit: .*expected r/name, u/name"):
        RedditClient.normalize_handle(typed)


def test_it_publishes_a_self_post_titled_by_its_first_line(client, standin):
    sent = client.publish("r/mayoclinic", "Flu clinics open Saturday\nWalk in at any location.")
    request = standin.requests_to("reddit")[-1]
    assert request.path == "/api/submit"
    assert request.form() == {
        "sr": "mayoclinic", "kind": "self", "title": "Flu clinics open Saturday",
        "text": "Walk in at any location.", "api_type": "json", "resubmit": "true",
    }
    assert sent.external_id == "t3_1fv0999"


def test_it_posts_to_a_users_profile(client, standin):
    client.publish("u/MayoClinicOfficial", "Hello")
    assert standin.requests_to("reddit")[-1].form()["sr"] == "u_MayoClinicOfficial"


def test_it_reports_errors_reddit_returns_inside_a_200(client, standin):
    standin.fail_next("reddit", Response(200, {"json": {"errors": [["SUBREDDIT_NOEXIST", "that subreddit doesn't exist", "sr"]]}}))
    with pytest.raises(PermanentError, match="SUBREDDIT_NOEXIST"):
        client.publish("r/mayoclinic", "Title")


def test_it_does_not_resubmit_after_a_server_error(client, standin):
    standin.fail_next("reddit", Response(500, b"", content_type="text/html"))
    with pytest.raises(TransientError):
        client.reply("r/mayoclinic", "t1_lq0001", "Glad it helped!")
    assert len(standin.requests_to("reddit")) == 1


def test_it_replies_to_a_thing(client, standin):
    sent = client.reply("r/mayoclinic", "t1_lq0001", "Glad it helped!")
    assert standin.requests_to("reddit")[-1].form() == {"thing_id": "t1_lq0001", "text": "Glad it helped!", "api_type": "json"}
    assert (sent.external_id, sent.url) == (
        "t1_lq0999", "https://www.reddit.com/r/mayoclinic/comments/1fv0003/flu_shot_clinic_hours/lq0999/",
    )


def test_it_removes_as_a_moderator(client, standin):
    client.hide("r/mayoclinic", "t1_lq0001")
    request = standin.requests_to("reddit")[-1]
    assert (request.path, request.form()) == ("/api/remove", {"id": "t1_lq0001", "spam": "false"})


def test_it_connects_and_refreshes_an_account(make, standin):
    client = make(token="", client_id="cid", client_secret="shh")
    url = client.authorize_url("cid", "https://bedside.local/cb", "st4te", ["read", "submit"])
    query = {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}
    assert url.startswith("https://www.reddit.com/api/v1/authorize?")
    assert (query["duration"], query["scope"]) == ("permanent", "read submit")
    creds = client.exchange_code("good", "https://bedside.local/cb")
    assert (creds.token, creds.extra["refresh_token"]) == ("user-access-token", "user-refresh-token")
    assert standin.requests_to("reddit")[-1].form()["grant_type"] == "authorization_code"
    assert client.refresh(creds).token == "user-access-token"
    with pytest.raises(AuthError):
        client.refresh(Credentials(client_id="cid", client_secret="shh", extra={"refresh_token": "revoked"}))


# -- takedown: a moderator's removal and a private message ---------------------

def test_it_deletes_by_removing_as_a_moderator_not_as_spam(client, standin):
    client.delete("r/mayoclinic", "t1_lq0001")
    request = standin.requests_to("reddit")[-1]
    assert (request.method, request.path, request.form()) == ("POST", "/api/remove", {"id": "t1_lq0001", "spam": "false"})


@pytest.mark.parametrize("action", ["hide", "delete"])
def test_it_says_only_a_moderator_can_remove_a_comment(client, standin, action, waits):
    with pytest.raises(PermanentError, match="only a moderator of the subreddit can remove") as caught:
        getattr(client, action)("r/mayoclinic", "t1_lq0002")  # on r/health, which the account does not moderate
    assert caught.value.status == 403 and not isinstance(caught.value, AuthError)
    assert len(standin.requests_to("reddit")) == 1 and waits == []


def test_it_sends_a_private_message_to_the_comments_author(client, standin):
    sent = client.send_private("r/mayoclinic", "u/rochester_local", "t1_lq0001", "We removed your comment.")
    request = standin.requests_to("reddit")[-1]
    assert (request.method, request.path, request.form()) == ("POST", "/api/compose", {
        "api_type": "json", "to": "rochester_local", "subject": "About your comment in r/mayoclinic",
        "text": "We removed your comment.",
    })
    assert (sent.network, sent.external_id) == ("reddit", "")


def test_a_refused_private_message_says_why(client):
    with pytest.raises(PermanentError, match="NOT_WHITELISTED_BY_USER_MESSAGE Can't send a message to that user"):
        client.send_private("r/mayoclinic", "u/worried_parent", "t1_lq0003", "We removed your comment.")


def test_a_private_message_needs_the_users_own_token(make, standin):
    with pytest.raises(AuthError, match="connect the account"):
        make(token="", client_id="cid", client_secret="shh").send_private(
            "r/mayoclinic", "u/rochester_local", "t1_lq0001", "We removed your comment.")
    assert standin.requests_to("reddit") == []


def test_a_link_post_keeps_its_url_and_an_nsfw_post_is_sensitive(client, standin):
    page = fixture("reddit/new_page1.json")
    link = page["data"]["children"][1]["data"]
    link.update(post_hint="link", url="https://news.example/heart-surgery-story", over_18=True)
    standin.fail_next("reddit", Response(200, page))
    own, linked = client.posts("r/mayoclinic").items
    assert (own.sensitive, own.link_url, own.media_type) == (False, "", "text")
    assert (linked.sensitive, linked.link_url, linked.media_type) == (True, "https://news.example/heart-surgery-story", "link")


def test_it_reads_back_our_comments_under_one_thing(client):
    assert client.our_replies("r/mayoclinic", "t1_lq0001") == []  # ours elsewhere answers another post
    sent = client.reply("r/mayoclinic", "t1_lq0001", "Glad it helped!")
    [ours] = client.our_replies("r/mayoclinic", "t1_lq0001")
    assert (ours.external_id, ours.text, ours.url) == (sent.external_id, "Glad it helped!", sent.url)
