"""The demo's sandbox network: in the demo, replies, hides and deletions go
to the demo network Bedside serves itself (on 127.0.0.1), finish, and show
where they went; outside the demo it is off, and real networks never see it."""

from __future__ import annotations

import re

import pytest

from bedside.channels.models import Channel
from bedside.inbox import sample, takedown
from bedside.inbox.models import Message, Reply, State
from bedside.networks.errors import NotSupported
from bedside.networks.registry import make_client
from bedside.workspace import demo_network, people
from bedside.workspace.models import Organization
from tests.inbox.conftest import run_sends

SAFE = "Thank you for writing to us. Please call our patient relations team so we can help."


@pytest.fixture
def sandbox(live_server, monkeypatch, tmp_path):
    """The demo network switched on, as `bedside demo` does, served by the live server."""
    monkeypatch.setenv("BEDSIDE_API_BASE_DEMO", f"{live_server.url}/demo-network/api")
    monkeypatch.setattr(demo_network, "_file", lambda: tmp_path / "demo-network.json")
    return live_server


@pytest.fixture
def demo_inbox(transactional_db, personas):
    people.create_user("reviewer", "a long enough passphrase 7", "compliance")
    ours = Organization.objects.create(name="Riverbend Health (sample)", is_ours=True, is_sample=True)
    channel = Channel.objects.create(organization=ours, network="demo", handle="riverbend-health",
                                     credentials={"token": demo_network.TOKEN})
    Channel.objects.create(organization=ours, network="facebook", handle="RiverbendHealth")  # no token: a real one
    assert sample.load() == {"messages": len(sample.SAMPLES)}
    return channel


def test_the_demo_samples_arrive_on_the_demo_network(demo_inbox) -> None:
    assert set(Message.objects.values_list("network", flat=True)) == {"demo"}
    assert set(Message.objects.values_list("channel", flat=True)) == {demo_inbox.pk}


def test_a_demo_reply_is_sent_to_the_demo_network_and_shows_where_it_went(sandbox, demo_inbox, personas) -> None:
    message = next(m for m in Message.objects.filter(crisis=False, phi=False, spam=False) if m.body)
    ray = personas["responder"]
    ray.client.post(f"/inbox/{message.pk}/replies/", {"body": SAFE, "action": "send"})
    assert run_sends() == 1
    reply = Reply.objects.get()
    assert reply.state == Reply.State.SENT, reply.error
    assert reply.url.startswith("/demo-network/#reply-")
    page = ray.client.get(f"/inbox/{message.pk}/").content.decode()
    assert "Sent to Demo network" in page and f'href="{reply.url}"' in page
    assert "Comment on Demo network" in page or "on Demo network" in page
    shown = ray.client.get("/demo-network/").content.decode()
    assert SAFE in shown and "not a real social network" in shown
    assert Message.objects.get(pk=message.pk).state == State.REPLIED


def test_a_demo_takedown_hides_deletes_and_sends_its_notice(sandbox, demo_inbox, personas) -> None:
    phi = Message.objects.filter(phi=True).first()
    ray = personas["responder"]
    page = ray.client.get(f"/inbox/{phi.pk}/").content.decode()
    assert 'value="delete"' in page and "cannot send private messages" not in page
    ray.client.post(f"/inbox/{phi.pk}/actions/", {"action": "hide", "notify": "on", "confirmed": "yes"})
    assert Message.objects.get(pk=phi.pk).state == State.HIDDEN
    run_sends()
    notice = Reply.objects.get(message=phi)
    assert notice.private and notice.state == Reply.State.SENT, notice.error
    done = takedown.take_down(Message.objects.get(pk=phi.pk), personas["responder"].user, action="delete",
                              notify=False)
    assert done.status == "done", done.error
    kinds = [e["kind"] for e in demo_network.activity()]
    assert sorted(kinds) == ["delete", "hide", "private"]


def test_a_retry_after_a_lost_answer_reads_the_demo_network_back(sandbox, demo_inbox, personas) -> None:
    message = next(m for m in Message.objects.filter(crisis=False, phi=False) if m.body)
    client = make_client("demo", credentials=None)
    client.credentials = type(client.credentials)(token=demo_network.TOKEN)
    first = client.reply("riverbend-health", message.external_id, SAFE, idempotency_key="attempt-1")
    again = client.reply("riverbend-health", message.external_id, SAFE, idempotency_key="attempt-1")
    assert first.external_id == again.external_id  # the same attempt is one reply
    [ours] = client.our_replies("riverbend-health", message.external_id)
    assert (ours.external_id, ours.text) == (first.external_id, SAFE)


def test_outside_the_demo_the_demo_network_is_off(transactional_db, personas, monkeypatch) -> None:
    monkeypatch.delenv("BEDSIDE_API_BASE_DEMO", raising=False)
    assert personas["responder"].client.get("/demo-network/").status_code == 404
    assert personas["responder"].client.post("/demo-network/api/items/1/replies").status_code == 404
    with pytest.raises(NotSupported, match="only inside `bedside demo`"):
        make_client("demo").reply("riverbend-health", "1", SAFE)


def test_the_demo_network_refuses_a_wrong_token(sandbox, transactional_db) -> None:
    import httpx

    answer = httpx.post(f"{sandbox.url}/demo-network/api/items/1/replies", json={"text": "x"},
                        headers={"Authorization": "Bearer nope"})
    assert answer.status_code == 401 and re.search("access token", answer.text)


def test_the_demo_client_may_reach_its_own_server_past_the_private_address_guard() -> None:
    from bedside.networks.demo import DemoClient
    from bedside.networks.http import HttpTransport

    # As sync's factory builds it: a shared transport that allows no private host.
    client = DemoClient(base_url="http://127.0.0.1:8765/demo-network/api",
                        transport=HttpTransport("demo", allowed_hosts=frozenset()))
    assert {"127.0.0.1", "localhost"} <= client.http.allowed_hosts
    assert "10.0.0.5" not in client.http.allowed_hosts
