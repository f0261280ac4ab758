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
)
from bedside.networks.http import HttpTransport
from bedside.networks.mastodon import MastodonClient
from tests.standin.server import Response, fixture

HANDLE = "mayoclinic@mastodon.social"


@pytest.fixture
def make(standin, waits):
    standin.load("mastodon")

    def build(token: str = "", **creds: str) -> MastodonClient:
        transport = HttpTransport("mastodon", sleep=waits.append)
        return MastodonClient(Credentials(token=token, **creds), base_url=standin.base_url("mastodon"), transport=transport)

    return build


@pytest.fixture
def client(make) -> MastodonClient:
    return make()


def test_it_talks_to_the_instance_in_the_handle():
    client = MastodonClient()
    assert client.instance_url("@nurse@med-mastodon.com") == "https://med-mastodon.com"
    assert client.instance_url("https://mastodon.social/@mayoclinic") == "https://mastodon.social"


def test_it_reads_a_public_profile(client, standin):
    stats = client.profile("@mayoclinic@mastodon.social")
    assert (stats.external_id, stats.handle, stats.name) == ("109302", HANDLE, "Mayo Clinic")
    assert (stats.followers, stats.following, stats.posts) == (18240, 35, 612)
    assert stats.description == "Transforming medicine to connect & cure."
    assert standin.requests_to("mastodon")[-1].query == {"acct": "mayoclinic"}


def test_it_reads_posts_as_text_with_their_counts(client):
    page = client.posts(HANDLE)
    first, second = page.items
    assert first.text == "Flu shots are available this week.\nWalk in, no appointment."
    assert (first.likes, first.comments, first.shares, first.media_type) == (88, 5, 21, "image")
    assert second.media_type == "link"
    assert page.next_cursor == "113250000000000002"


def test_it_follows_pagination_to_the_end(client, standin):
    ids, cursor = [], None
    for _ in range(5):
        page = client.posts(HANDLE, cursor)
        ids += [post.external_id for post in page.items]
        cursor = page.next_cursor
        if cursor is None:
            break
    assert ids == ["113250000000000003", "113250000000000002", "113250000000000001"]
    assert standin.requests_to("mastodon")[-1].query["max_id"] == "113250000000000002"


def test_it_reads_mentions_and_direct_messages(make, standin):
    page = make(token="test-token").messages(HANDLE)
    reply, direct = page.items
    assert (reply.kind, reply.author_handle, reply.in_reply_to) == (
        MessageKind.COMMENT, "patient@example.social", "113250000000000003",
    )
    assert reply.text == "@mayoclinic where in Rochester?"
    assert (direct.kind, direct.text) == (MessageKind.DIRECT, "@mayoclinic my son's appointment was moved, who do I call?")
    assert standin.requests_to("mastodon")[-1].query["types[]"] == "mention"


def test_it_waits_as_long_as_retry_after_says(client, standin, waits):
    standin.fail_next("mastodon", Response(429, {"error": "Too many requests"}, headers={"Retry-After": "5"}))
    assert client.profile(HANDLE).followers == 18240
    assert waits == [5.0]


def test_it_retries_after_a_server_error(client, standin, waits):
    standin.fail_next("mastodon", Response(500, {"error": "oops"}))
    assert client.profile(HANDLE).posts == 612
    assert len(waits) == 1


def test_it_rejects_malformed_json(client, standin):
    client.profile(HANDLE)
    standin.fail_next("mastodon", Response(200, b"[{\"id\": \"1\","))
    with pytest.raises(PayloadError) as caught:
        client.posts(HANDLE)
    assert caught.value.network == "mastodon"


def test_it_names_the_record_and_field_of_a_bad_count(client, standin):
    client.profile(HANDLE)
    broken = fixture("mastodon/statuses_page1.json")["body"]
    broken[1]["favourites_count"] = "several"
    standin.fail_next("mastodon", Response(200, broken))
    page = client.posts(HANDLE)
    assert [post.external_id for post in page.items] == [s["id"] for i, s in enumerate(broken) if i != 1]
    assert [(p.external_id, p.field) for p in page.problems] == [(broken[1]["id"], "[1].favourites_count")]


def test_it_reports_an_expired_token(make):
    with pytest.raises(AuthError):
        make(token="expired").messages(HANDLE)


def test_it_reports_an_unknown_account(client):
    with pytest.raises(NotFound):
        client.profile("nobody@mastodon.social")


def test_it_does_not_hide(make):
    with pytest.raises(NotSupported):
        make(token="test-token").hide(HANDLE, "113250000000000101")


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("@mayoclinic@mastodon.social", HANDLE),
        ("mayoclinic@Mastodon.Social", HANDLE),
        ("https://med-mastodon.com/@nurse_jo", "nurse_jo@med-mastodon.com"),
    ],
)
def test_it_normalizes_handles(typed, expected):
    assert MastodonClient.normalize_handle(typed) == expected


@pytest.mark.parametrize("typed", ["", "mayoclinic", "@mayoclinic", "mayo clinic@mastodon.social", "a@b", "a@@b.social", "user@-x-.social"])
def test_it_rejects_nonsense_handles(typed):
    with pytest.raises(ValueError, match="Mastodon: .*expected user@instance"):
        MastodonClient.normalize_handle(typed)


def test_it_publishes_publicly_once(make, standin):
    sent = make(token="test-token").publish(HANDLE, "Flu clinics open Saturday.")
    request = standin.requests_to("mastodon")[-1]
    assert request.json() == {"status": "Flu clinics open Saturday.", "visibility": "public"}
    assert request.headers["idempotency-key"]
    assert sent.external_id == "113250000000000999"


def test_it_keeps_a_reply_to_a_direct_message_direct(make, standin):
    make(token="test-token").reply(HANDLE, "113250000000000102", "Please call 507-000-0000.")
    assert standin.requests_to("mastodon")[-1].json() == {
        "status": "Please call 507-000-0000.", "in_reply_to_id": "113250000000000102", "visibility": "direct",
    }


def test_it_registers_an_app_and_connects_an_account(make, standin):
    client = make()
    app = client.register_app(HANDLE, "Bedside", "https://bedside.local/cb")
    assert app.client_id.startswith("TWhM")
    url = client.authorize_url(app.client_id, "https://bedside.local/cb", "st4te", handle=HANDLE)
    query = {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}
    assert url.startswith(standin.base_url("mastodon") + "/oauth/authorize?")
    assert (query["scope"], query["state"], query["response_type"]) == ("read write", "st4te", "code")
    connected = make(client_id=app.client_id, client_secret=app.client_secret).exchange_code(
        "good-code", "https://bedside.local/cb", handle=HANDLE
    )
    assert connected.token.startswith("ZA-Yj3") and connected.extra["scope"] == "read write"
    assert standin.requests_to("mastodon")[-1].form()["client_secret"] == app.client_secret
    with pytest.raises(AuthError):
        client.exchange_code("bad-code", "https://bedside.local/cb", handle=HANDLE)


def test_it_is_pointed_at_the_stand_in_by_the_base_url_setting(standin):
    from bedside.networks import make_client

    standin.load("mastodon")
    client = make_client("mastodon", environ={"BEDSIDE_API_BASE_MASTODON": standin.base_url("mastodon")})
    assert client.profile("mayoclinic@mastodon.social").followers == 18240


# -- takedown: no delete, a direct status to the author ------------------------

def test_it_cannot_delete_someone_elses_status(make, standin):
    with pytest.raises(NotSupported, match="only its own statuses; report the status"):
        make(token="test-token").delete(HANDLE, "113250000000000101")
    assert standin.requests_to("mastodon") == []


def test_it_sends_a_direct_status_that_mentions_only_the_author(make, standin):
    sent = make(token="test-token").send_private(HANDLE, "patient@example.social", "113250000000000101", "We hid it.")
    request = standin.requests_to("mastodon")[-1]
    assert (request.method, request.path, request.json()) == ("POST", "/api/v1/statuses", {
        "status": "@patient@example.social We hid it.", "in_reply_to_id": "113250000000000101", "visibility": "direct",
    })
    assert request.headers["idempotency-key"]
    assert sent.external_id == "113250000000000999"


def test_a_local_author_is_mentioned_with_our_instance(make, standin):
    make(token="test-token").send_private(HANDLE, "nurse", "113250000000000101", "We hid it.")
    assert standin.requests_to("mastodon")[-1].json()["status"] == "@nurse@mastodon.social We hid it."


def test_a_notice_over_the_character_limit_is_refused_with_the_instances_reason(make, standin, waits):
    with pytest.raises(PermanentError, match="Text character limit of 500 exceeded"):
        make(token="test-token").send_private(HANDLE, "patient@example.social", "113250000000000101", "x" * 480)
    assert len(standin.requests_to("mastodon")) == 1 and waits == []


def test_the_profiles_website_is_the_link_among_its_fields(client):
    stats = client.profile(HANDLE)
    assert stats.website == "https://www.mayoclinic.org"
    assert stats.links == ("https://www.mayoclinic.org",)


def test_a_profile_that_hides_its_collections_has_unknown_follow_counts(client, standin):
    account = fixture("mastodon/account.json")
    account.update(hide_collections=True, followers_count=0, following_count=0)
    standin.fail_next("mastodon", Response(200, account))
    stats = client.profile(HANDLE)
    assert (stats.followers, stats.following, stats.posts) == (None, None, 612)


def test_a_field_that_is_not_an_object_costs_only_itself(client, standin):
    account = fixture("mastodon/account.json")
    account["fields"] = ["https://not-an-object.example", *account["fields"]]
    standin.fail_next("mastodon", Response(200, account))
    stats = client.profile(HANDLE)
    assert stats.website == "https://www.mayoclinic.org" and stats.followers == 18240
    assert [(p.external_id, p.field) for p in stats.problems] == [("109302", "account.fields[0]")]


def test_posts_and_messages_carry_their_language_sensitivity_and_visibility(make):
    first, second = make().posts(HANDLE).items
    assert (first.language, first.sensitive, first.content_warning, first.visibility) == ("en", False, "", "public")
    assert (second.language, second.sensitive, second.content_warning) == ("es", True, "Surgery photos")
    assert second.link_url.startswith("https://")  # a status with a preview card links out
    reply, direct = make(token="test-token").messages(HANDLE).items
    assert (reply.visibility, direct.visibility, direct.language) == ("public", "direct", "en")


def test_a_reply_with_the_same_idempotency_key_is_one_status_and_is_read_back(make, standin):
    client = make("test-token")
    first = client.reply("mayoclinic@mastodon.social", "113250000000000101", "We open at nine.", idempotency_key="k1")
    again = client.reply("mayoclinic@mastodon.social", "113250000000000101", "We open at nine.", idempotency_key="k1")
    assert first.external_id == again.external_id
    posts = [r for r in standin.requests_to("mastodon") if r.method == "POST"]
    assert [p.headers["idempotency-key"] for p in posts] == ["k1", "k1"]
    [ours] = client.our_replies("mayoclinic@mastodon.social", "113250000000000101")
    assert (ours.external_id, ours.text) == (first.external_id, "We open at nine.")
