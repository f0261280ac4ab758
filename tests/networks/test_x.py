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
from bedside.networks.oauth import code_challenge
from bedside.networks.x import XClient
from tests.standin.server import Response, fixture


@pytest.fixture
def make(standin, waits):
    standin.load("x")

    def build(token: str = "test-token", **creds: str) -> XClient:
        transport = HttpTransport("x", sleep=waits.append)
        return XClient(Credentials(token=token, **creds), base_url=standin.base_url("x"), transport=transport)

    return build


@pytest.fixture
def client(make) -> XClient:
    return make()


def test_it_reads_profile_statistics(client):
    stats = client.profile("@MayoClinic")
    assert (stats.external_id, stats.handle, stats.name) == ("14992591", "MayoClinic", "Mayo Clinic")
    assert (stats.followers, stats.following, stats.posts) == (2012345, 1210, 48213)
    assert stats.extra["listed_count"] == 15870
    assert stats.taken_at.tzinfo is not None


def test_it_reads_posts_with_their_own_engagement(client):
    page = client.posts("MayoClinic")
    first = page.items[0]
    assert (first.external_id, first.likes, first.comments, first.shares, first.views) == (
        "1790000000000000003", 310, 7, 42, 58211,
    )
    assert first.extra == {"quote_count": 3, "bookmark_count": 12}
    assert first.url == "https://x.com/MayoClinic/status/1790000000000000003"
    assert page.items[1].media_type == "image"


def test_it_follows_pagination_to_the_end(client, standin):
    ids, cursor, pages = [], None, 0
    while True:
        page = client.posts("MayoClinic", cursor)
        ids += [post.external_id for post in page.items]
        pages += 1
        if page.next_cursor is None:
            break
        cursor = page.next_cursor
    assert pages == 2
    assert ids == ["1790000000000000003", "1790000000000000002", "1790000000000000001"]
    timeline_calls = [r for r in standin.requests_to("x") if r.path.endswith("/tweets")]
    assert timeline_calls[1].query["pagination_token"] == "7140dibdnow9c7btw3w29grvxfcgvpb9n9coehpk7xz5i"
    # the user id is resolved once, not once per page: X bills every read
    assert sum(r.path.startswith("/2/users/by/") for r in standin.requests_to("x")) == 1


def test_it_reads_mentions_and_replies_as_messages(client):
    page = client.messages("@mayoclinic")
    mention, reply = page.items
    assert (mention.kind, mention.author_handle, mention.author_name) == (
        MessageKind.MENTION, "grateful_pt", "Grateful Patient",
    )
    assert (reply.kind, reply.in_reply_to) == (MessageKind.COMMENT, "1790000000000000003")
    assert page.next_cursor == "dm:"  # mentions done: direct messages are next


def test_it_reads_direct_messages_after_the_mentions(client):
    page = client.messages("MayoClinic", "dm:")
    (question,) = page.items  # our own answer in the conversation is left out
    assert (question.kind, question.author_handle, question.thread_id) == (MessageKind.DIRECT, "reader", "783214-14992591")
    assert question.external_id == "dm:783214-14992591:1790000000000000201"
    assert page.next_cursor is None


def test_it_answers_a_direct_message_in_its_conversation(client, standin):
    sent = client.reply("MayoClinic", "dm:783214-14992591:1790000000000000201", "Please call 507-000-0000.")
    request = standin.requests_to("x")[-1]
    assert (request.path, request.json()) == ("/2/dm_conversations/783214-14992591/messages", {"text": "Please call 507-000-0000."})
    assert sent.external_id == "dm:783214-14992591:1790000000000000299"


def test_it_waits_as_long_as_retry_after_says(client, standin, waits):
    standin.fail_next("x", Response(429, {"title": "Too Many Requests"}, headers={"Retry-After": "7"}))
    assert client.profile("MayoClinic").followers == 2012345
    assert waits == [7.0]


def test_it_retries_after_a_server_error(client, standin, waits):
    standin.fail_next("x", Response(500, {"title": "Internal Error"}))
    assert client.profile("MayoClinic").posts == 48213
    assert len(waits) == 1


def test_it_rejects_malformed_json(client, standin):
    standin.fail_next("x", Response(200, b'{"data": {"id": "14992591", "name": '))
    with pytest.raises(PayloadError) as caught:
        client.profile("MayoClinic")
    assert caught.value.network == "x"


def test_it_names_the_record_and_field_of_a_bad_count(client, standin):
    client.profile("MayoClinic")  # resolve the id first so the fault hits the timeline
    broken = fixture("x/tweets_page1.json")
    broken["data"][1]["public_metrics"]["like_count"] = "lots"
    standin.fail_next("x", Response(200, broken))
    page = client.posts("MayoClinic")
    # The odd post costs only itself: the others of the page are kept.
    assert [post.external_id for post in page.items] == [t["id"] for i, t in enumerate(broken["data"]) if i != 1]
    (problem,) = page.problems
    assert (problem.external_id, problem.field) == (broken["data"][1]["id"], "data[1].public_metrics.like_count")
    assert "lots" in problem.reason


def test_it_rejects_a_post_without_a_date(client, standin):
    client.profile("MayoClinic")
    broken = fixture("x/tweets_page1.json")
    del broken["data"][0]["created_at"]
    standin.fail_next("x", Response(200, broken))
    page = client.posts("MayoClinic")
    assert broken["data"][0]["id"] not in [post.external_id for post in page.items]
    assert len(page.items) == len(broken["data"]) - 1
    assert [(p.external_id, p.field) for p in page.problems] == [(broken["data"][0]["id"], "data[0].created_at")]


def test_it_reports_an_expired_token(make):
    with pytest.raises(AuthError):
        make(token="expired").profile("MayoClinic")


def test_it_reports_a_missing_account(client):
    with pytest.raises(NotFound, match="nosuchuser"):
        client.profile("nosuchuser")


def test_it_does_not_pretend_to_have_reviews(client):
    with pytest.raises(NotSupported):
        client.reviews("MayoClinic")
    assert "reviews" not in XClient.capabilities


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("@MayoClinic", "MayoClinic"),
        ("MayoClinic", "MayoClinic"),
        ("  @clevelandclinic ", "clevelandclinic"),
        ("https://x.com/MayoClinic", "MayoClinic"),
        ("twitter.com/hopkinsmedicine/", "hopkinsmedicine"),
    ],
)
def test_it_normalizes_handles(typed, expected):
    assert XClient.normalize_handle(typed) == expected


@pytest.mark.parametrize("typed", ["", "@", "mayo clinic", "@averyveryverylongname", "mayo@x.com", "https://facebook.com/x"])
def test_it_rejects_nonsense_handles(typed):
    with pytest.raises(ValueError, match="X: .*expected @name"):
        XClient.normalize_handle(typed)


def test_it_publishes_the_text(client, standin):
    sent = client.publish("@MayoClinic", "Flu clinics open Saturday.")
    request = standin.requests_to("x")[-1]
    assert (request.method, request.path) == ("POST", "/2/tweets")
    assert request.json() == {"text": "Flu clinics open Saturday."}
    assert request.headers["authorization"] == "Bearer test-token"
    assert sent.external_id == "1790000000000000999"


def test_it_does_not_retry_a_post_after_a_server_error(client, standin, waits):
    # the post may already be live: a retry could publish it twice
    standin.fail_next("x", Response(503, {"title": "Service Unavailable"}))
    with pytest.raises(TransientError):
        client.publish("MayoClinic", "Flu clinics open Saturday.")
    assert [r.path for r in standin.requests_to("x")] == ["/2/tweets"]
    assert waits == []


def test_it_retries_a_post_the_rate_limit_refused(client, standin, waits):
    standin.fail_next("x", Response(429, {"title": "Too Many Requests"}, headers={"Retry-After": "1"}))
    assert client.publish("MayoClinic", "Flu clinics open Saturday.").external_id == "1790000000000000999"
    assert waits == [1.0]


def test_it_replies_in_the_thread(client, standin):
    client.reply("MayoClinic", "1790000000000000102", "Any of our pharmacies, no appointment needed.")
    assert standin.requests_to("x")[-1].json() == {
        "text": "Any of our pharmacies, no appointment needed.",
        "reply": {"in_reply_to_tweet_id": "1790000000000000102"},
    }


def test_it_hides_a_reply(client, standin):
    client.hide("MayoClinic", "1790000000000000102")
    request = standin.requests_to("x")[-1]
    assert (request.method, request.path, request.json()) == (
        "PUT", "/2/tweets/1790000000000000102/hidden", {"hidden": True},
    )


def test_it_builds_a_pkce_authorize_url(client):
    url = client.authorize_url("cid", "https://bedside.local/cb", "st4te", ["tweet.read"], code_verifier="v" * 43)
    parts = urlsplit(url)
    query = {k: v[0] for k, v in parse_qs(parts.query).items()}
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == "https://x.com/i/oauth2/authorize"
    assert query == {
        "response_type": "code", "client_id": "cid", "redirect_uri": "https://bedside.local/cb",
        "state": "st4te", "scope": "tweet.read", "code_challenge": code_challenge("v" * 43),
        "code_challenge_method": "S256",
    }


def test_it_exchanges_a_code_for_tokens(make, standin):
    client = make(token="", client_id="cid", client_secret="shh")
    creds = client.exchange_code("abc", "https://bedside.local/cb", code_verifier="v" * 43)
    assert (creds.token, creds.extra["refresh_token"]) == ("new-access-token", "new-refresh-token")
    assert "expires_at" in creds.extra
    request = standin.requests_to("x")[-1]
    assert request.path == "/2/oauth2/token"
    assert request.form()["code_verifier"] == "v" * 43
    assert request.headers["authorization"].startswith("Basic ")


def test_it_refreshes_and_rejects_a_revoked_refresh_token(make):
    client = make(client_id="cid", client_secret="shh")
    fresh = client.refresh(Credentials(token="old", client_id="cid", extra={"refresh_token": "r1"}))
    assert fresh.token == "new-access-token"
    with pytest.raises(AuthError):
        client.refresh(Credentials(token="old", client_id="cid", extra={"refresh_token": "revoked"}))


# -- takedown: no delete, a direct message to the author -----------------------

def test_it_cannot_delete_someone_elses_post(client, standin):
    with pytest.raises(NotSupported, match="only its own posts; hide the reply instead"):
        client.delete("MayoClinic", "1790000000000000102")
    assert standin.requests_to("x") == []


def test_it_sends_a_direct_message_to_the_author_by_their_user_id(client, standin):
    sent = client.send_private("MayoClinic", "reader", "1790000000000000102", "We hid your reply.")
    lookup, send = standin.requests_to("x")
    assert (lookup.method, lookup.path) == ("GET", "/2/users/by/username/reader")
    assert (send.method, send.path, send.json()) == (
        "POST", "/2/dm_conversations/with/783214/messages", {"text": "We hid your reply."},
    )
    assert sent.external_id == "dm:783214-14992591:1790000000000000399"


def test_it_accepts_the_author_with_an_at_sign(client, standin):
    client.send_private("MayoClinic", "@reader", "1790000000000000102", "We hid your reply.")
    assert standin.requests_to("x")[0].path == "/2/users/by/username/reader"


def test_a_person_who_refuses_direct_messages_is_named(client, standin):
    with pytest.raises(PermanentError, match="@grateful_pt does not accept direct messages") as caught:
        client.send_private("MayoClinic", "grateful_pt", "1790000000000000101", "We hid your post.")
    assert caught.value.status == 403 and not isinstance(caught.value, AuthError)
    assert len(standin.requests_to("x")) == 2  # the lookup and one refused send, not retried


def test_an_unknown_author_cannot_be_messaged(client, standin):
    with pytest.raises(NotFound, match="author is unknown"):
        client.send_private("MayoClinic", "", "1790000000000000102", "We hid your reply.")
    assert standin.requests_to("x") == []


def test_posts_carry_their_language_and_und_is_no_language(client):
    first, second = client.posts("MayoClinic").items[:2]
    assert (first.language, first.sensitive) == ("en", False)
    assert second.language == ""


def test_a_mention_whose_author_is_not_in_includes_is_a_problem_not_an_authorless_message(client, standin):
    client.profile("MayoClinic")
    page = fixture("x/mentions.json")
    missing = page["data"][0]
    page["includes"]["users"] = [u for u in page["includes"]["users"] if u["id"] != missing["author_id"]]
    standin.fail_next("x", Response(200, page))
    found = client.messages("MayoClinic")
    assert missing["id"] not in [m.external_id for m in found.items]
    assert all(m.author_handle for m in found.items) and found.items
    [problem] = found.problems
    assert (problem.external_id, problem.field) == (missing["id"], "data[0].author_id")
    assert "includes.users" in problem.reason


def test_the_profiles_website_is_the_expanded_link_not_the_short_one(client):
    assert client.profile("MayoClinic").website == "https://www.mayoclinic.org"


def test_it_reads_back_our_replies_to_a_post(client):
    assert client.our_replies("MayoClinic", "1790000000000000102") == []
    sent = client.reply("MayoClinic", "1790000000000000102", "Any of our pharmacies, no appointment needed.")
    client.publish("MayoClinic", "Flu clinics open Saturday.")  # ours too, but answers nothing
    [ours] = client.our_replies("MayoClinic", "1790000000000000102")
    assert (ours.external_id, ours.text, ours.url) == (sent.external_id, "Any of our pharmacies, no appointment needed.",
                                                       sent.url)
