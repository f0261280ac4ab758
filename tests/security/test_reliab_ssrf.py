"""Server-side request forgery: Bedside never fetches from inside the
hospital's network unless an admin allowed the host, and never shows what
such a host answered.

Only IP literals and 'localhost' are used: no test resolves an outside name."""

from __future__ import annotations

import pytest

from bedside.channels.models import Channel
from bedside.networks import http
from bedside.networks.http import BlockedAddress, HttpTransport
from bedside.sync import engine
from bedside.sync.models import SyncRun
from bedside.workspace.models import Organization
from tests.standin.server import Request, Response, StandIn

INSIDE = [
    "http://127.0.0.1:{port}/feed.xml",
    "http://localhost:{port}/feed.xml",
    "http://[::1]:{port}/feed.xml",
    "http://[::ffff:127.0.0.1]:{port}/feed.xml",
    "http://0.0.0.0:{port}/feed.xml",
    "http://169.254.169.254/latest/meta-data/",
    "http://10.20.30.40/intranet",
    "http://192.168.1.1/admin",
    "http://172.16.0.9/",
    "http://100.64.0.1/",
    "http://[fd00::1]/",
    "http://[fe80::1]/",
    "http://240.0.0.1/",
]


def _port(standin: StandIn) -> int:
    assert standin._server is not None
    return int(standin._server.server_address[1])


@pytest.mark.parametrize("template", INSIDE)
def test_a_loopback_private_link_local_or_reserved_address_is_refused_before_any_request(
        standin: StandIn, template: str) -> None:
    standin.route("rss", "GET", "/", lambda r: Response(body="<rss/>"))
    transport = HttpTransport("rss", allowed_hosts=(), max_retries=0)
    url = template.format(port=_port(standin)).replace("/feed.xml", "/rss/feed.xml")
    with pytest.raises(BlockedAddress, match="BEDSIDE_ALLOWED_FETCH_HOSTS"):
        transport.request("GET", url)
    assert standin.requests_to("rss") == []


def test_an_allowed_host_is_fetched(standin: StandIn) -> None:
    standin.route("rss", "GET", "/", lambda r: Response(body="<rss/>"))
    transport = HttpTransport("rss", allowed_hosts=("127.0.0.1",))
    assert transport.request("GET", standin.base_url("rss") + "/feed.xml").text == "<rss/>"


def test_a_redirect_into_the_network_is_refused_too(standin: StandIn) -> None:
    """The first hop is allowed; the redirect it answers with points at a host
    that is not, so the second request is never made."""
    port = _port(standin)

    def hop(request: Request) -> Response:
        if request.path.startswith("/first"):
            return Response(302, b"", headers={"Location": f"http://localhost:{port}/rss/second"})
        return Response(body="<rss/>")

    standin.route("rss", "GET", "/", hop)
    transport = HttpTransport("rss", allowed_hosts=("127.0.0.1",), max_retries=0)
    with pytest.raises(BlockedAddress):
        transport.request("GET", standin.base_url("rss") + "/first")
    assert [r.path for r in standin.requests_to("rss")] == ["/first"]


@pytest.fixture
def feed_channel(db: None, standin: StandIn) -> Channel:
    ours = Organization.objects.create(name="Cedar Ridge Health", is_ours=True)
    return Channel.objects.create(organization=ours, network="rss", handle=standin.base_url("rss") + "/feed.xml")


def test_a_feed_channel_at_a_loopback_address_is_never_fetched_by_the_sync(
        feed_channel: Channel, standin: StandIn, monkeypatch: pytest.MonkeyPatch) -> None:
    standin.route("rss", "GET", "/", lambda r: Response(body="internal admin console", content_type="text/html"))
    monkeypatch.setattr(http, "_allowed_hosts", frozenset())  # a deployment that allows nothing inside

    run = engine.sync_channel(feed_channel)

    assert run.status == SyncRun.Status.FAILED
    assert "refused to fetch from 127.0.0.1" in run.errors[0]
    assert standin.requests_to("rss") == []


def test_what_a_failing_host_answered_is_never_shown_in_sync_errors(feed_channel: Channel, standin: StandIn) -> None:
    secret = "db_password=hunter2-internal"
    standin.route("rss", "GET", "/", lambda r: Response(403, f"<html><pre>{secret}</pre></html>",
                                                         content_type="text/html"))
    run = engine.sync_channel(feed_channel)

    shown = " ".join(run.errors) + Channel.objects.get(pk=feed_channel.pk).status_detail
    assert "HTTP 403" in shown and "Forbidden" in shown
    assert "hunter2" not in shown and "<pre>" not in shown
