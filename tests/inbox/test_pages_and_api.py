"""The inbox pages and API: roles, audited reads, live guard checks."""

from __future__ import annotations

import pytest
from django.core import mail
from django.utils import timezone

from bedside.channels.models import Channel
from bedside.inbox import replies
from bedside.inbox.intake import triage_stored
from bedside.inbox.models import AlertRule, Message, Reply
from bedside.inbox.response_times import alert_overdue, conversation_metrics, summary
from bedside.workspace.models import ApiToken, AuditEntry
from tests.inbox.conftest import on_call, run_sends

pytestmark = pytest.mark.django_db


@pytest.fixture
def triaged(stored) -> list[Message]:
    made = [stored("I want to kill myself"), stored("My son Tom Fakename (MRN 00417733) had chemo"),
            stored("How do I book an appointment?"), stored("Thank you, wonderful nurses!"), stored("")]
    triage_stored([m.pk for m in made])
    return [Message.objects.get(pk=m.pk) for m in made]


@pytest.mark.parametrize(("who", "status"), [("admin", 200), ("manager", 200), ("responder", 200),
                                             ("reviewer", 200), ("viewer", 403), ("outsider", 403)])
def test_the_inbox_is_for_people_who_read_messages(personas, triaged, who: str, status: int) -> None:
    assert personas[who].client.get("/inbox/").status_code == status


def test_the_list_puts_crisis_first_and_shows_no_bodies(personas, triaged) -> None:
    page = personas["responder"].client.get("/inbox/").content.decode()
    assert page.index(f"/inbox/{triaged[0].pk}/") < page.index(f"/inbox/{triaged[2].pk}/")
    assert "Fakename" not in page and "kill" not in page
    assert "Compliance" in page and "Bad input" in page
    assert not AuditEntry.objects.filter(action="message_read").exists()


def test_the_list_counts_open_messages_by_state_in_words(personas, triaged) -> None:
    Message.objects.filter(pk=triaged[2].pk).update(state="awaiting_approval")
    page = personas["responder"].client.get("/inbox/").content.decode()
    assert "Awaiting approval: <strong>1</strong>" in page
    assert "New: <strong>4</strong>" in page
    assert "awaiting_approval:" not in page.lower()


@pytest.mark.parametrize(("query", "expected"), [
    ("flag=crisis", [0]), ("flag=phi", [1]), ("intent=appointment", [2]), ("queue=access-center", [2]),
    ("flag=problem", [4]), ("state=closed", []),
])
def test_the_list_filters(personas, triaged, query: str, expected: list[int]) -> None:
    page = personas["responder"].client.get(f"/inbox/?{query}").content.decode()
    for i, m in enumerate(triaged):
        assert (f"/inbox/{m.pk}/" in page) is (i in expected), (query, i)


def test_opening_a_message_is_an_audited_read_with_phi_highlighted(personas, triaged) -> None:
    message = triaged[1]
    page = personas["responder"].client.get(f"/inbox/{message.pk}/").content.decode()
    assert '<mark class="finding person"' in page and "Fakename" in page
    entry = AuditEntry.objects.get(action="message_read")
    assert (entry.actor_name, entry.object_id) == ("ray", str(message.pk))
    assert "Fakename" not in str(entry.detail) + entry.object_repr


def test_a_crisis_message_offers_crisis_resources(personas, triaged) -> None:
    client = personas["responder"].client
    assert "988" in client.get(f"/inbox/{triaged[0].pk}/").content.decode()
    assert "call or text 988" in client.get(f"/inbox/{triaged[0].pk}/?crisis=1").content.decode()


def test_the_composer_checks_the_draft_as_it_is_typed(personas, triaged) -> None:
    response = personas["responder"].client.post(
        f"/inbox/{triaged[1].pk}/check/", {"body": "Tom, we saw your chart from your stay"})
    html = response.content.decode()
    assert response.status_code == 200 and "Guard verdict" in html and "<mark" in html
    assert "block" in html or "review" in html
    assert personas["viewer"].client.post(f"/inbox/{triaged[1].pk}/check/", {"body": "x"}).status_code == 403


def test_the_approval_page_lets_a_reviewer_approve_but_not_an_author(personas, triaged, on_facebook_standin) -> None:
    ray, rita = personas["responder"], personas["reviewer"]
    ray.client.post(f"/inbox/{triaged[1].pk}/replies/", {"body": "Tom, we saw your chart", "action": "send"})
    reply = Reply.objects.get()
    assert reply.state == Reply.State.AWAITING_APPROVAL
    assert ray.client.get("/inbox/approvals/").status_code == 403
    assert "Approve and send" in rita.client.get("/inbox/approvals/").content.decode()
    rita.client.post(f"/inbox/approvals/{reply.pk}/", {"decision": "approve", "note": "fine",
                                                      "justification": "Checked with legal: the name is public."})
    assert Reply.objects.get().state == Reply.State.APPROVED  # queued; the page says so
    page = ray.client.get(f"/inbox/{triaged[1].pk}/").content.decode()
    assert "Queued: a worker sends it next." in page and ">Sending<" in page
    run_sends()
    assert Reply.objects.get().state == Reply.State.SENT


def test_approving_a_blocked_reply_needs_a_written_justification_shown_later(personas, triaged,
                                                                            on_facebook_standin) -> None:
    ray, rita = personas["responder"], personas["reviewer"]
    message = triaged[1]
    ray.client.post(f"/inbox/{message.pk}/replies/", {"body": "Tom Fakename, MRN 00417733, your chemo is on 4 West",
                                                      "action": "send"})
    reply = Reply.objects.get()
    assert (reply.state, reply.verdict) == (Reply.State.AWAITING_APPROVAL, "block")
    assert "required to approve" in rita.client.get("/inbox/approvals/").content.decode()
    for weak in ("", "ok", "   fine by me    "):
        page = rita.client.post(f"/inbox/approvals/{reply.pk}/", {"decision": "approve", "justification": weak},
                                follow=True).content.decode()
        assert "needs a written justification" in page
        assert Reply.objects.get().state == Reply.State.AWAITING_APPROVAL
    why = "The patient asked us in writing to confirm the ward publicly."
    rita.client.post(f"/inbox/approvals/{reply.pk}/", {"decision": "approve", "justification": why})
    reply.refresh_from_db()
    assert reply.state == Reply.State.APPROVED and reply.justification == why
    assert AuditEntry.objects.get(action="reply_approved").detail["justification"] == why
    later = personas["admin"].client.get(f"/inbox/{message.pk}/").content.decode()
    assert f"rita's justification: {why}" in later and "Approved although the guard blocked it" in later


def test_only_admins_change_routing_and_alerts(personas) -> None:
    assert personas["manager"].client.get("/inbox/settings/").status_code == 403
    admin = personas["admin"].client
    assert admin.get("/inbox/settings/").status_code == 200
    response = admin.post("/inbox/settings/", {"kind": "alert", "alert-name": "Slack", "alert-trigger": "crisis",
                                               "alert-email_to": "not-an-address", "alert-enabled": "on"})
    assert "is not an email address" in response.content.decode()
    admin.post("/inbox/settings/", {"kind": "alert", "alert-name": "Desk", "alert-trigger": "crisis",
                                    "alert-email_to": "desk@riverbend.example", "alert-enabled": "on"})
    assert AlertRule.objects.filter(name="Desk").exists()
    assert AuditEntry.objects.filter(action="inbox_alert_added", actor_name="alice").exists()


def _bearer(persona) -> dict[str, str]:
    _, raw = ApiToken.issue(persona.user, "test")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def test_the_api_lists_reads_and_replies(personas, triaged, on_facebook_standin) -> None:
    client = personas["responder"].client
    auth = _bearer(personas["responder"])
    listed = client.get("/api/inbox/messages?flag=phi", **auth).json()
    assert [m["id"] for m in listed] == [triaged[1].pk] and "body" not in listed[0]
    detail = client.get(f"/api/inbox/messages/{triaged[1].pk}", **auth).json()
    assert "Fakename" in detail["body"] and detail["findings"]
    assert AuditEntry.objects.filter(action="message_read", detail__via="api").exists()
    checked = client.post(f"/api/inbox/messages/{triaged[2].pk}/check", {"body": "Please call us."},
                          content_type="application/json", **auth).json()
    assert checked["verdict"] == "allow"
    # The same rule the composer shows and the worker enforces: Facebook counts characters, up to 8,000.
    assert (checked["length"], checked["max_length"], checked["network_problems"]) == (15, 8000, [])
    created = client.post(f"/api/inbox/messages/{triaged[2].pk}/replies", {"body": "Please call us."},
                          content_type="application/json", **auth)
    assert created.status_code == 201 and created.json()["state"] == "approved"  # queued for the worker
    run_sends()
    assert Reply.objects.get(pk=created.json()["id"]).state == "sent"
    bad = client.post(f"/api/inbox/messages/{triaged[2].pk}/replies", {"body": " "},
                      content_type="application/json", **auth)
    assert bad.status_code == 422 and "empty" in bad.json()["errors"]["body"][0]
    assert client.get("/api/inbox/queues", **auth).json()[0]["slug"] == "compliance"
    assert personas["viewer"].client.get("/api/inbox/messages", **_bearer(personas["viewer"])).status_code == 403


def test_response_times_per_queue_and_network(personas, stored, on_facebook_standin) -> None:
    m = stored("How do I book an appointment?", minutes_ago=90)
    triage_stored([m.pk])
    reply = replies.submit(replies.draft(Message.objects.get(pk=m.pk), personas["responder"].user,
                                         "Please call us to book."), personas["responder"].user)
    run_sends()
    reply.refresh_from_db()
    assert reply.state == "sent"
    [row] = [r for r in summary() if r.queue == "Access center"]
    assert row.network == "facebook" and row.replied == 1 and 89 <= row.first_reply_median <= 91
    assert conversation_metrics()["replied"] == 1
    assert "Access center" in personas["responder"].client.get("/inbox/response-times/").content.decode()


def test_overdue_messages_alert_once(personas, stored, settings) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    on_call(personas["manager"], "mona@riverbend.example")
    late = stored("How do I book an appointment?", minutes_ago=500)
    fresh = stored("How do I book an appointment please?", minutes_ago=5)
    old = stored("How do I book an appointment, anyone?", minutes_ago=60 * 24 * 30)
    triage_stored([late.pk, fresh.pk, old.pk], alert=False)
    assert alert_overdue() == 1 and alert_overdue() == 0
    [email] = [e for e in mail.outbox if "Response-time target missed" in e.subject]
    assert f"/inbox/{late.pk}/" in email.body


def test_a_peers_messages_never_show_in_our_inbox(personas, triaged, peer) -> None:
    from bedside.channels.models import Channel

    theirs = Channel.objects.create(organization=peer, network="x", handle="LakesideMed")
    other = Message.objects.create(channel=theirs, network="x", external_id="peer-1", kind="mention",
                                   published_at=timezone.now(), body="Great care at Lakeside")
    page = personas["responder"].client.get("/inbox/?state=all").content.decode()
    assert f"/inbox/{other.pk}/" not in page and f"/inbox/{triaged[2].pk}/" in page


def test_the_list_says_how_many_messages_share_a_thread(personas, stored) -> None:
    for n in range(3):
        stored(f"reply number {n} in the same conversation", thread_id="t-1")
    triage_stored(list(Message.objects.values_list("pk", flat=True)))
    assert "3 in thread" in personas["responder"].client.get("/inbox/").content.decode()


@pytest.mark.parametrize(("network", "handle", "delete", "by_hand"), [
    ("facebook", "MayoClinic", True, False),  # deletes, and sends the notice as a private reply
    ("x", "MayoClinic", False, False),  # hides replies, DMs the author, cannot delete others' posts
    ("youtube", "@mayoclinic", True, True),  # deletes (rejects), has no private messages
])
def test_the_takedown_offers_only_what_the_network_allows(personas, ours, stored, network: str, handle: str,
                                                          delete: bool, by_hand: bool) -> None:
    channel, _ = Channel.objects.get_or_create(organization=ours, network=network, handle=handle)
    message = stored("My son Tom Fakename (MRN 00417733) had chemo")
    Message.objects.filter(pk=message.pk).update(channel=channel, network=network)
    page = personas["responder"].client.get(f"/inbox/{message.pk}/").content.decode()
    assert 'value="hide"' in page
    assert ('value="delete"' in page) is delete
    assert ("cannot send private messages through its API" in page) is by_hand
    confirm = personas["responder"].client.get(f"/inbox/{message.pk}/takedown/?action=delete")
    assert (confirm.status_code == 200) is delete  # a network that cannot delete gets no confirmation page


def test_delete_from_the_message_page_asks_to_confirm_then_takes_the_comment_down(personas, stored,
                                                                                on_facebook_standin) -> None:
    message = stored("My son Tom Fakename (MRN 00417733) had chemo", external_id="1111_9006")
    client = personas["responder"].client
    # One click only leads to the confirmation page: nothing reaches the network.
    response = client.post(f"/inbox/{message.pk}/actions/", {"action": "delete", "notify": "on"})
    assert response.status_code == 302 and response["Location"] == f"/inbox/{message.pk}/takedown/?action=delete&notify=on"
    assert on_facebook_standin.requests_to("facebook") == []
    confirm = client.get(response["Location"]).content.decode()
    assert "Yes, delete it on Facebook" in confirm and "cannot be undone" in confirm and "No, go back" in confirm
    assert Message.objects.get(pk=message.pk).state == "new"
    response = client.post(f"/inbox/{message.pk}/actions/", {"action": "delete", "confirmed": "yes"})
    assert response.status_code == 302
    assert [(r.method, r.path) for r in on_facebook_standin.requests_to("facebook")] == [("DELETE", "/1111_9006")]
    message.refresh_from_db()
    assert message.state == "hidden" and message.takedowns.get().action == "delete"


def test_closed_history_reads_newest_first_by_the_date_shown(personas, stored) -> None:
    # A first sync fetches old comments after new ones: the order must follow when each
    # was published (the date the list shows), not when Bedside happened to store it.
    made = [stored(f"closed thread {n}", minutes_ago=minutes, state="closed")
            for n, minutes in enumerate([5, 3000, 60, 90000])]
    page = personas["responder"].client.get("/inbox/?state=closed").content.decode()
    positions = {m.pk: page.index(f"/inbox/{m.pk}/") for m in made}
    newest_first = [m.pk for m in sorted(made, key=lambda m: m.published_at, reverse=True)]
    assert sorted(positions, key=positions.get) == newest_first
    assert "Newest first, by when it was published." in page
    assert "Most urgent first" not in page
