from __future__ import annotations

from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from bedside.networks import AuthError, Credentials, NotFound, NotSupported, PayloadError, PermanentError
from bedside.networks.http import HttpTransport
from bedside.networks.linkedin import LinkedInClient
from bedside.networks.records import MediaFile
from tests.standin.server import Response

COMMENT = "urn:li:comment:(urn:li:activity:7390000000000000003,7391000000000000011)"


@pytest.fixture
def make(standin, waits):
    standin.load("linkedin")

    def build(token: str = "AQX_test-token", **creds: str) -> LinkedInClient:
        transport = HttpTransport("linkedin", sleep=waits.append)
        return LinkedInClient(Credentials(token=token, **creds), base_url=standin.base_url("linkedin"),
                              transport=transport)

    return build


@pytest.fixture
def client(make) -> LinkedInClient:
    return make()


def test_it_reads_any_pages_followers_for_the_benchmark(client):
    ours = client.profile("https://www.linkedin.com/company/riverbend-health/")
    peer = client.profile("lakeside-clinic")
    assert (ours.external_id, ours.name, ours.followers) == ("urn:li:organization:10428571", "Riverbend Health", 48210)
    assert ours.website == "https://riverbend-health.example"
    assert (peer.handle, peer.followers, peer.url) == (
        "lakeside-clinic", 1203344, "https://www.linkedin.com/company/lakeside-clinic/")


def test_every_call_names_the_api_version_and_protocol(client, standin):
    client.profile("riverbend-health")
    for request in standin.requests_to("linkedin"):
        assert request.headers["linkedin-version"].isdigit()
        assert request.headers["x-restli-protocol-version"] == "2.0.0"


def test_it_says_when_a_page_does_not_exist(client):
    with pytest.raises(NotFound, match="no LinkedIn page named 'nowhere-health'"):
        client.profile("nowhere-health")


def test_it_reads_our_posts_with_their_statistics(client, standin):
    first, second, third = client.posts("riverbend-health").items
    assert (first.external_id, first.media_type, first.link_url) == (
        "urn:li:share:7390000000000000003", "link", "https://riverbend-health.example/careers")
    assert (first.likes, first.comments, first.shares, first.views, first.extra["clicks"]) == (212, 14, 31, 18400, 640)
    assert first.published_at.timestamp() == 1764300060  # epoch milliseconds read as such
    assert (second.media_type, third.media_type) == ("image", "video")
    assert (third.likes, third.views) == (None, None)  # no statistics: no data, never 0
    asked = [r for r in standin.requests_to("linkedin") if r.path == "/organizationalEntityShareStatistics"][-1]
    assert asked.query["shares"].startswith("List(urn:li:share:7390000000000000003,")


def test_it_will_not_read_or_write_a_peers_page_with_our_token(client, standin):
    with pytest.raises(NotSupported, match="does not administer the page 'lakeside-clinic'"):
        client.posts("lakeside-clinic")
    with pytest.raises(NotSupported):
        client.publish("lakeside-clinic", "Never on a peer's page")
    assert not [r for r in standin.requests_to("linkedin") if r.method == "POST"]


def test_it_reads_comments_post_by_post_without_our_own(client, standin):
    first = client.messages("riverbend-health")
    assert [m.text for m in first.items] == ["Is the cardiac unit hiring new graduates too?"]
    comment = first.items[0]
    assert (comment.external_id, comment.author_handle, comment.in_reply_to, comment.thread_id) == (
        COMMENT, "urn:li:person:aB3xYz90", "urn:li:share:7390000000000000003", "urn:li:share:7390000000000000003")
    second = client.messages("riverbend-health", first.next_cursor)
    assert [m.text for m in second.items] == ["Congratulations to the whole team!"]
    third = client.messages("riverbend-health", second.next_cursor)
    assert third.items == [] and third.next_cursor is None
    # the latest posts are listed once for the whole walk, not once a page
    assert len([r for r in standin.requests_to("linkedin") if r.path == "/posts"]) == 1


def test_it_publishes_as_the_organization_and_reads_the_post_back(client, standin):
    sent = client.publish("riverbend-health", "Flu shots are free at every clinic this Saturday.")
    assert sent.external_id.startswith("urn:li:share:")
    assert sent.url == f"https://www.linkedin.com/feed/update/{sent.external_id}/"
    body = [r for r in standin.requests_to("linkedin") if r.method == "POST"][-1].json()
    assert (body["author"], body["visibility"], body["lifecycleState"]) == (
        "urn:li:organization:10428571", "PUBLIC", "PUBLISHED")
    assert body["distribution"]["feedDistribution"] == "MAIN_FEED"
    newest = client.posts("riverbend-health").items[0]
    assert (newest.external_id, newest.text) == (sent.external_id, "Flu shots are free at every clinic this Saturday.")


def test_a_failed_publish_is_not_repeated(client, standin, waits):
    # A 500 after a write may mean the post is live: never retried blindly.
    client.profile("riverbend-health")
    client.posts("riverbend-health")
    standin.fail_next("linkedin", Response(500, {"status": 500, "message": "Internal error"}))
    with pytest.raises(Exception, match="server error"):
        client.publish("riverbend-health", "Once only")
    assert waits == []
    assert len([r for r in standin.requests_to("linkedin") if r.method == "POST"]) == 1


def test_it_replies_to_a_comment_and_reads_its_reply_back(client, standin):
    sent = client.reply("riverbend-health", COMMENT, "Yes, new graduates are welcome to apply.")
    request = [r for r in standin.requests_to("linkedin") if r.method == "POST"][-1]
    assert unquote(request.path) == f"/socialActions/{COMMENT}/comments"
    body = request.json()
    assert (body["actor"], body["object"], body["parentComment"]) == (
        "urn:li:organization:10428571", "urn:li:activity:7390000000000000003", COMMENT)
    back = client.our_replies("riverbend-health", COMMENT)
    assert [(r.external_id, r.text) for r in back] == [(sent.external_id, "Yes, new graduates are welcome to apply.")]


def test_a_reply_target_that_is_not_a_linkedin_urn_is_refused(client):
    with pytest.raises(ValueError, match="neither a comment's nor a post's URN"):
        client.reply("riverbend-health", "12345", "hello")


def test_it_reports_an_expired_token(make):
    with pytest.raises(AuthError):
        make(token="AQX_expired").profile("riverbend-health")


def test_it_waits_as_long_as_retry_after_says(client, standin, waits):
    standin.fail_next("linkedin", Response(429, {"status": 429, "message": "Resource level throttle limit"},
                                           headers={"Retry-After": "7"}))
    client.profile("riverbend-health")
    assert waits == [7.0]


def test_it_rejects_malformed_json(client, standin):
    client.profile("riverbend-health")
    standin.fail_next("linkedin", Response(200, b'{"elements": [{"id": "urn:li:sh'))
    with pytest.raises(PayloadError):
        client.posts("riverbend-health")


def test_it_names_the_record_and_field_of_a_bad_time(client, standin):
    client.posts("riverbend-health")
    standin.corrupt_once("linkedin", lambda r: r.path == "/posts",
                         lambda body: {**body, "elements": [{**body["elements"][0], "publishedAt": "yesterday"},
                                                             *body["elements"][1:]]})
    page = client.posts("riverbend-health")
    assert [p.external_id for p in page.items] == ["urn:li:share:7390000000000000002",
                                                     "urn:li:ugcPost:7390000000000000001"]
    assert [(p.external_id, p.field) for p in page.problems] == [
        ("urn:li:share:7390000000000000003", "elements[0].publishedAt")]


def test_the_connect_flow_asks_for_organization_scopes_and_refreshes(make):
    client = make(token="", client_id="li-client", client_secret="li-secret")
    url = client.authorize_url("li-client", "http://127.0.0.1/cb", "state-1")
    query = parse_qs(urlsplit(url).query)
    assert url.startswith("https://www.linkedin.com/oauth/v2/authorization?")
    assert set(query["scope"][0].split()) == {"r_organization_social", "w_organization_social",
                                              "rw_organization_admin"}
    granted = client.exchange_code("good-code", "http://127.0.0.1/cb")
    assert (granted.token, granted.extra["refresh_token"]) == ("AQX_new", "AQR_new")
    assert client.refresh(granted).token == "AQX_new"
    with pytest.raises(AuthError, match="token request refused"):
        client.exchange_code("bad", "http://127.0.0.1/cb")


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("riverbend-health", "riverbend-health"), ("https://www.linkedin.com/company/Riverbend-Health/", "riverbend-health"),
     ("linkedin.com/school/lakeside-university", "lakeside-university"), ("company/lakeside-clinic", "lakeside-clinic")],
)
def test_it_normalizes_handles(typed, expected):
    assert LinkedInClient.normalize_handle(typed) == expected


@pytest.mark.parametrize("typed", ["", "a", "riverbend health", "https://www.linkedin.com/in/", "-leading-dash"])
def test_it_rejects_nonsense_handles(typed):
    with pytest.raises(ValueError, match="LinkedIn: .*vanity name"):
        LinkedInClient.normalize_handle(typed)


def _image(data: bytes = b"\x89PNG-bytes", mime: str = "image/png", alt: str = "A nurse at a vaccine clinic desk"):
    return MediaFile(data=data, mime_type=mime, alt_text=alt, filename="clinic.png", width=1080, height=1080)


def test_an_image_is_registered_uploaded_then_named_in_the_one_post(client, standin):
    sent = client.publish_media("riverbend-health", "Walk-in flu shots all week.", [_image()])
    calls = [(r.method, r.path) for r in standin.requests_to("linkedin") if r.method != "GET"]
    assert [c[0] for c in calls] == ["POST", "PUT", "POST"] and calls[2][1] == "/posts"
    init, put, create = [r for r in standin.requests_to("linkedin") if r.method != "GET"]
    assert init.query == {"action": "initializeUpload"}
    assert init.json() == {"initializeUploadRequest": {"owner": "urn:li:organization:10428571"}}
    assert put.body == b"\x89PNG-bytes" and put.headers["authorization"] == "Bearer AQX_test-token"
    [upload] = standin.posted[("linkedin", "uploads")]
    assert create.json()["content"] == {"media": {"id": upload["image"], "altText": "A nurse at a vaccine clinic desk"}}
    newest = client.posts("riverbend-health").items[0]
    assert (newest.external_id, newest.media_type) == (sent.external_id, "image")


def test_several_images_go_as_one_multi_image_post(client, standin):
    client.publish_media("riverbend-health", "Our new wing, room by room.",
                         [_image(bytes([n]) * 10, alt=f"Room {n}") for n in range(3)])
    uploads = standin.posted[("linkedin", "uploads")]
    create = [r for r in standin.requests_to("linkedin") if r.method == "POST"][-1].json()
    assert create["content"] == {"multiImage": {"images": [
        {"id": u["image"], "altText": f"Room {n}"} for n, u in enumerate(uploads)]}}
    assert [u["bytes"] for u in uploads] == [bytes([n]) * 10 for n in range(3)]


def test_an_image_type_linkedin_cannot_take_is_refused_before_any_call(client, standin):
    with pytest.raises(PermanentError, match="JPG, GIF and PNG"):
        client.publish_media("riverbend-health", "Text", [_image(mime="image/webp")])
    assert [r for r in standin.requests_to("linkedin") if r.method != "GET"] == []


def test_a_post_naming_an_image_never_uploaded_is_refused_by_the_standin_as_by_linkedin(client, standin):
    # The stand-in holds the client to the documented order: the bytes first.
    answer = client.http.request("POST", client.url("/images"), params={"action": "initializeUpload"},
                                 headers=client._headers(), idempotent=False,
                                 json_body={"initializeUploadRequest": {"owner": "urn:li:organization:10428571"}})
    urn = answer.json()["value"]["image"]
    with pytest.raises(PermanentError, match="not uploaded"):
        client._create_post("urn:li:organization:10428571", "Text", {"media": {"id": urn, "altText": "x"}})
