"""The dashboard: open work by queue with overdue, crisis and failed sends,
sync health, where we stand against peers, what changed, alerts that need
someone, activity in words, and only what each role may open."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from bedside.channels.models import Channel
from bedside.inbox import defaults
from bedside.inbox.models import AlertRule, Message, Queue, Reply, State
from bedside.workspace import audit
from bedside.workspace.models import Organization

pytestmark = pytest.mark.django_db


@pytest.fixture
def workspace(peer_set):
    defaults.ensure()
    ours = peer_set["ours"]
    fb = ours.channels.get(network="facebook")
    queue = Queue.objects.get(is_default=True)
    queue.response_target_minutes = 60
    queue.save()
    now = timezone.now()

    def msg(ext: str, minutes_ago: int, **kw) -> Message:
        return Message.objects.create(channel=fb, network="facebook", external_id=ext, kind="comment",
                                      author_handle="someone", body="hello", queue=queue,
                                      published_at=now - timedelta(minutes=minutes_ago), **kw)

    msg("fresh", 5)
    msg("late", 300)  # past the 60-minute target
    msg("crisis", 10, crisis=True, state=State.ASSIGNED)
    done = msg("answered", 600, state=State.REPLIED)
    Reply.objects.create(message=done, body="Thanks", state=Reply.State.FAILED, error="network said no")
    Channel.objects.filter(pk=ours.channels.get(network="x").pk).update(
        status=Channel.Status.RECONNECT, status_detail="X no longer accepts this channel's credentials")
    AlertRule.objects.filter(trigger="crisis").update(email_on_call=True, enabled=True)
    audit.record("canned_approved", actor="rita", object_repr="Billing questions")
    return {"ours": ours, "queue": queue}


def test_a_responder_sees_open_work_by_queue_with_overdue_crisis_and_failed_sends(personas, workspace) -> None:
    page = personas["responder"].client.get("/").content.decode()
    work = page[page.index('id="inbox-work"'):page.index("</section>", page.index('id="inbox-work"'))]
    row = work[work.index(f">{workspace['queue'].name} <small>"):].split("</tr>")[0]
    cells = [re.sub(r"<[^>]+>", "", c) for c in re.findall(r'<td class="num">(.*?)</td>', row)]
    assert cells[:3] == ["3", "1", "1"]  # open, overdue, crisis
    assert "Overdue</h3><p class=\"big\">1<" in work
    assert "Crisis</h3><p class=\"big\">1<" in work
    assert "Failed sends</h3><p class=\"big\">1<" in work and "1 reply" in work
    assert "messages published" in work  # the response-time figures say their period
    assert 'id="crisis"' in work and "/inbox/" in work


def test_it_says_what_needs_someone(personas, workspace) -> None:
    page = personas["manager"].client.get("/").content.decode()
    needs = page[page.index('id="needs-someone"'):]
    assert "1 channel to reconnect" in needs
    assert "Nobody is on call" in needs


def test_it_shows_where_we_stand_against_peers_with_trends(personas, workspace) -> None:
    page = personas["viewer"].client.get("/").content.decode()
    peers = page[page.index('id="against-peers"'):]
    assert "Audience: 4,100, rank 3 of 3" in peers
    assert peers.count("<polyline") == 2  # us and the leader
    assert 'id="changes"' in page and 'id="sync-health"' in page


def test_a_viewer_sees_no_inbox_counts_and_no_activity(personas, workspace) -> None:
    page = personas["viewer"].client.get("/").content.decode()
    assert 'id="inbox-work"' not in page and 'id="crisis"' not in page
    assert 'id="activity"' not in page and "Messages received" not in page


def test_activity_reads_in_words(personas, workspace) -> None:
    page = personas["admin"].client.get("/").content.decode()
    activity = page[page.index('id="activity"'):]
    assert "rita approved a canned response: Billing questions" in activity
    assert "canned_approved" not in activity


def test_an_empty_workspace_still_opens(personas) -> None:
    assert Organization.objects.count() == 0
    page = personas["admin"].client.get("/").content.decode()
    assert "Dashboard" in page and "No listings on review sites yet" in page


def test_credentials_that_expire_soon_and_cannot_renew_need_someone(personas, workspace) -> None:
    soon = (timezone.now() + timedelta(days=2)).isoformat()
    fb = workspace["ours"].channels.get(network="facebook")
    fb.credentials = {"token": "page-token", "extra": {"expires_at": soon}}
    fb.save()
    needs = personas["manager"].client.get("/").content.decode().split('id="needs-someone"')[1]
    assert f"Facebook {fb.handle}: credentials expire" in needs and "reconnect the account" in needs
    fb.credentials = {"token": "page-token", "extra": {"expires_at": soon, "refresh_token": "r"}}
    fb.save()  # renews itself: nothing to do
    assert "credentials expire" not in personas["manager"].client.get("/").content.decode()
