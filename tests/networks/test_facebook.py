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
from bedside.networks.facebook import FacebookClient
from bedside.networks.http import HttpTransport
from tests.standin.facebook import OLD_COMMENT, PAGE_ID
from tests.standin.server import Response, fixture


@pytest.fixture
def make(standin, waits):
    standin.load("facebook")

    def build(token: str = "test-token", **creds: str) -> FacebookClient:
        transport = HttpTransport("facebook", sleep=waits.append)
        return FacebookClient(Credentials(token=token, **creds), base_url=standin.base_url("facebook"), transport=transport)

    return build


@pytest.fixture
def client(make) -> FacebookClient:
    return make()


def test_it_reads_page_public_fields(client, standin):
    stats = client.profile("facebook.com/MayoClinic")
    assert (stats.external_id, stats.handle, stats.name) == ("80553251208", "MayoClinic", "Mayo Clinic")
    assert stats.followers == 2015732
    assert stats.extra["fan_count"] == 1864211
    assert stats.extra["talking_about_count"] == 41230
    assert stats.extra["overall_star_rating"] == 4.6
    assert stats.following is None and stats.posts is None
    # retired Insights metrics are never asked for
    assert "page_fans" not in standin.requests_to("facebook")[-1].query["fields"]


def test_it_reads_posts_with_reaction_comment_and_share_counts(client):
    first, second = client.posts("MayoClinic").items
    assert (first.likes, first.comments, first.shares, first.media_type) == (1320, 88, 57, "image")
    assert (second.shares, second.media_type) == (None, "text")
    assert first.published_at.isoformat() == "2025-10-03T15:00:00+00:00"


def test_it_follows_pagination_to_the_end(client, standin):
    ids, cursor = [], None
    for _ in range(5):
        page = client.posts("MayoClinic", cursor)
        ids += [post.external_id for post in page.items]
        cursor = page.next_cursor
        if cursor is None:
            break
    assert ids == ["80553251208_1111", "80553251208_2222", "80553251208_3333"]
    assert standin.requests_to("facebook")[-1].query["after"] == "QVFIUnBhZA2"


def test_it_reads_comments_on_the_pages_posts(client):
    page = client.messages("MayoClinic")
    question, answer = page.items
    assert (question.kind, question.author_name, question.in_reply_to) == (
        MessageKind.COMMENT, "A Patient", "80553251208_1111",
    )
    assert (answer.in_reply_to, answer.thread_id) == ("1111_9001", "80553251208_1111")
    assert page.next_cursor == "inbox:"  # comments done: the Messenger inbox is next


def test_it_reads_messenger_conversations_after_the_comments(client, standin):
    page = client.messages("MayoClinic", "inbox:")
    (question,) = page.items  # the Page's own answer is not an inbox item
    assert (question.kind, question.external_id, question.author_handle, question.author_name) == (
        MessageKind.DIRECT, "m_patient-question-1", "6969696969", "Worried Son",
    )
    assert (question.thread_id, question.url) == (
        "t_10161111111111111", "https://www.facebook.com/MayoClinic/inbox/10161111111111111/",
    )
    assert page.next_cursor is None
    assert standin.requests_to("facebook")[-1].path == "/80553251208/conversations"


def test_it_answers_a_messenger_message_through_the_send_api(client, standin):
    sent = client.reply("MayoClinic", "m_patient-question-1", "Please call 507-000-0000.")
    request = standin.requests_to("facebook")[-1]
    assert (request.path, request.json()) == ("/80553251208/messages", {
        "recipient": {"id": "6969696969"}, "messaging_type": "RESPONSE", "message": {"text": "Please call 507-000-0000."},
    })
    assert sent.external_id == "m_sent-answer"


def test_it_cannot_hide_a_messenger_message(client):
    with pytest.raises(NotSupported):
        client.hide("MayoClinic", "m_patient-question-1")


def test_it_reads_recommendations_as_reviews(client):
    positive, negative = client.reviews("MayoClinic").items
    assert (positive.kind, positive.external_id, positive.rating) == (MessageKind.REVIEW, "5550001", None)
    assert positive.extra["recommendation_type"] == "positive"
    assert (negative.rating, negative.external_id) == (2.0, "10000004:2019-01-15T12:00:00+00:00")


def test_it_waits_as_long_as_retry_after_says(client, standin, waits):
    standin.fail_next("facebook", Response(429, b"", headers={"Retry-After": "4"}))
    client.profile("MayoClinic")
    assert waits == [4.0]


def test_it_treats_a_graph_rate_limit_code_as_transient(client, standin):
    standin.fail_next("facebook", Response(400, fixture("facebook/errors.json")["rate_limited"]))
    with pytest.raises(TransientError):
        client.profile("MayoClinic")


def test_it_retries_after_a_server_error(client, standin, waits):
    standin.fail_next("facebook", Response(500, {"error": {"message": "An unknown error has occurred.", "code": 1}}))
    assert client.profile("MayoClinic").followers == 2015732
    assert len(waits) == 1


def test_it_rejects_malformed_json(client, standin):
    standin.fail_next("facebook", Response(200, b'{"id": "80553251208", "fan_count": 18'))
    with pytest.raises(PayloadError) as caught:
        client.profile("MayoClinic")
    assert caught.value.network == "facebook"


def test_it_names_the_record_and_field_of_a_bad_count(client, standin):
    broken = fixture("facebook/posts_page1.json")
    broken["data"][1]["reactions"]["summary"]["total_count"] = {"many": True}
    standin.fail_next("facebook", Response(200, broken))
    page = client.posts("MayoClinic")
    assert [post.external_id for post in page.items] == [d["id"] for i, d in enumerate(broken["data"]) if i != 1]
    assert [(p.external_id, p.field) for p in page.problems] == [
        (broken["data"][1]["id"], "data[1].reactions.summary.total_count")]


def test_it_reports_an_expired_token_answered_with_400(make):
    with pytest.raises(AuthError):
        make(token="expired").profile("MayoClinic")


def test_it_reports_a_missing_page(client):
    with pytest.raises(NotFound):
        client.profile("nosuchpage")


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("MayoClinic", "MayoClinic"),
        ("@MayoClinic", "MayoClinic"),
        ("https://www.facebook.com/ClevelandClinic/", "ClevelandClinic"),
        ("fb.com/johns.hopkins.medicine", "johns.hopkins.medicine"),
        ("https://www.facebook.com/profile.php?id=100064713312345", "100064713312345"),
        ("80553251208", "80553251208"),
    ],
)
def test_it_normalizes_handles(typed, expected):
    assert FacebookClient.normalize_handle(typed) == expected


@pytest.mark.parametrize("typed", ["", "mayo", "Mayo Clinic", "mayo..clinic", "https://x.com/MayoClinic", "name_with_underscore"])
def test_it_rejects_nonsense_handles(typed):
    with pytest.raises(ValueError, match="Facebook: .*expected the Page's username"):
        FacebookClient.normalize_handle(typed)


def test_it_publishes_to_the_page_feed(client, standin):
    sent = client.publish("MayoClinic", "Flu clinics open Saturday.")
    request = standin.requests_to("facebook")[-1]
    assert (request.method, request.path, request.form()) == (
        "POST", "/80553251208/feed", {"message": "Flu clinics open Saturday."},
    )
    assert sent.external_id == "80553251208_4444"


def test_it_replies_to_a_comment(client, standin):
    client.reply("MayoClinic", "1111_9001", "Any of our pharmacies.")
    request = standin.requests_to("facebook")[-1]
    assert (request.path, request.form()) == ("/1111_9001/comments", {"message": "Any of our pharmacies."})


def test_it_hides_a_comment(client, standin):
    client.hide("MayoClinic", "1111_9002")
    request = standin.requests_to("facebook")[-1]
    assert (request.path, request.form()) == ("/1111_9002", {"is_hidden": "true"})


def test_it_lists_managed_pages_with_their_tokens(client):
    assert client.pages() == [{
        "id": "80553251208", "name": "Mayo Clinic", "access_token": "page-token",
        "instagram_user_id": "17841400008460056",
    }]


def test_it_connects_with_facebook_login(make, standin):
    client = make(token="", client_id="app-id", client_secret="shh")
    url = client.authorize_url("app-id", "https://bedside.local/cb", "st4te", ["pages_show_list", "pages_manage_posts"])
    query = {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}
    assert url.startswith("https://www.facebook.com/v25.0/dialog/oauth?")
    assert query["scope"] == "pages_show_list,pages_manage_posts"
    creds = client.exchange_code("good", "https://bedside.local/cb")
    assert creds.token == "user-token" and "expires_at" in creds.extra
    assert standin.requests_to("facebook")[-1].query["client_secret"] == "shh"
    assert client.long_lived(creds).token == "user-token"
    with pytest.raises(AuthError):
        client.exchange_code("bad", "https://bedside.local/cb")


# -- takedown: delete and the private reply ------------------------------------

def test_it_deletes_a_comment(client, standin):
    client.delete("MayoClinic", "1111_9002")
    request = standin.requests_to("facebook")[-1]
    assert (request.method, request.path, request.body) == ("DELETE", "/1111_9002", b"")


def test_it_reports_a_comment_that_is_already_gone(client):
    with pytest.raises(NotFound):
        client.delete("MayoClinic", "2222_9002")


def test_it_cannot_delete_a_messenger_message(client, standin):
    with pytest.raises(NotSupported, match="only a comment"):
        client.delete("MayoClinic", "m_patient-question-1")
    assert standin.requests_to("facebook") == []


def test_it_sends_a_private_reply_to_a_comments_author(client, standin):
    sent = client.send_private("MayoClinic", "10000001", "1111_9001", "We removed your comment to protect your privacy.")
    request = standin.requests_to("facebook")[-1]
    assert (request.method, request.path, request.json()) == ("POST", f"/{PAGE_ID}/messages", {
        "recipient": {"comment_id": "1111_9001"},
        "message": {"text": "We removed your comment to protect your privacy."},
    })
    assert sent.external_id.startswith("m_AG5Hz2Uq7")


def test_a_second_private_reply_to_one_comment_is_refused_in_plain_words(client, standin, waits):
    client.send_private("MayoClinic", "10000001", "1111_9001", "First notice.")
    with pytest.raises(PermanentError, match="one private reply per comment") as caught:
        client.send_private("MayoClinic", "10000001", "1111_9001", "Second notice.")
    assert "(#10900)" in caught.value.message and not isinstance(caught.value, NotSupported)
    assert len(standin.requests_to("facebook")) == 3 and waits == []  # page id, two sends; no retry


def test_a_private_reply_after_seven_days_is_refused_in_plain_words(client):
    with pytest.raises(PermanentError, match="only within 7 days of the comment"):
        client.send_private("MayoClinic", "10000001", OLD_COMMENT, "Too late.")


def test_a_private_reply_is_not_retried_after_a_server_error(client, standin, waits):
    client.profile("MayoClinic")  # the Page id is known: only the send is counted below
    standin.fail_next("facebook", Response(500, {"error": {"message": "An unknown error has occurred.", "code": 1}}))
    with pytest.raises(TransientError):
        client.send_private("MayoClinic", "10000001", "1111_9001", "Notice.")
    assert len(standin.requests_to("facebook")) == 2 and waits == []


def test_a_messenger_message_gets_a_reply_not_a_private_reply(client, standin):
    with pytest.raises(NotSupported, match="already private"):
        client.send_private("MayoClinic", "6969696969", "m_patient-question-1", "Notice.")
    assert standin.requests_to("facebook") == []


def test_it_reads_back_only_the_pages_own_replies_to_a_comment(client, standin):
    assert client.our_replies("MayoClinic", "1111_9001") == []
    sent = client.reply("MayoClinic", "1111_9001", "Please call us at the main desk.")
    [ours] = client.our_replies("MayoClinic", "1111_9001")  # a reader's comment is listed too, and left out
    assert (ours.external_id, ours.text) == (sent.external_id, "Please call us at the main desk.")
    [listing] = [r for r in standin.requests_to("facebook") if r.path == "/1111_9001/comments" and r.method == "GET"][-1:]
    assert listing.query["order"] == "reverse_chronological"
