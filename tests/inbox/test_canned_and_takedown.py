"""Canned responses with versions and approval; the takedown protocol."""

from __future__ import annotations

import pytest

from bedside.channels.models import Channel
from bedside.guard import scan
from bedside.inbox import canned, takedown
from bedside.inbox.defaults import CANNED
from bedside.inbox.models import CannedResponse, CannedVersion, Message, Reply, State, Takedown
from bedside.workspace.models import AuditEntry, Location
from tests.inbox.conftest import run_sends
from tests.standin.server import fixture

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("slug", "body"), [(c[0], c[4]) for c in CANNED])
def test_every_shipped_template_passes_the_guard_as_a_reply(ours, slug: str, body: str) -> None:
    text = body.format(organization="Riverbend Health", phone="(555) 010-0000", website="https://riverbend.example")
    context = {"direction": "outbound", "kind": "reply", "org_names": ["Riverbend Health"],
               "org_phones": ["(555) 010-0000"], "org_websites": ["https://riverbend.example"]}
    assert scan(text, context).verdict == "allow", slug


def test_a_template_is_usable_only_once_another_person_approves_it(ours, personas) -> None:
    assert canned.usable() == []  # shipped versions wait for the hospital's own reviewer
    template = CannedResponse.objects.get(slug="thanks")
    rita = personas["reviewer"].user
    version = canned.propose(template, "Thanks so much! - {organization}", rita)
    with pytest.raises(canned.CannedError, match="its own author"):
        canned.review(version, rita, approve=True)
    with pytest.raises(canned.CannedError, match="compliance reviewer"):
        canned.review(version, personas["responder"].user, approve=True)
    canned.review(version, personas["admin"].user, approve=True)
    [(found, latest)] = canned.usable()
    assert (found, latest.number) == (template, 2)
    assert canned.render(latest) == "Thanks so much! - Riverbend Health"
    assert AuditEntry.objects.filter(action="canned_approved", actor_name="alice").exists()


@pytest.mark.parametrize(("body", "error"), [
    ("Hi {first_name}!", "Unknown placeholder"),
    ("Hi {organization", "braces"),
    ("   ", "needs some text"),
])
def test_it_refuses_bad_templates(ours, personas, body: str, error: str) -> None:
    with pytest.raises(canned.CannedError, match=error):
        canned.propose(CannedResponse.objects.get(slug="thanks"), body, personas["responder"].user)
    assert CannedVersion.objects.filter(canned__slug="thanks").count() == 1


def _approve_notice(personas) -> None:
    version = CannedVersion.objects.get(canned__slug="takedown-notice")
    canned.review(version, personas["reviewer"].user, approve=True)


def _steps(*wanted: str) -> list[str]:
    actions = AuditEntry.objects.order_by("id").values_list("action", flat=True)
    return [a for a in actions if a in wanted]


def test_a_phi_comment_is_hidden_with_a_private_notice_each_step_audited(stored, personas, on_facebook_standin) -> None:
    _approve_notice(personas)
    message = stored("My son Tom Fakename (MRN 00417733) had chemo on 4 West", external_id="1111_9002")
    done = takedown.take_down(message, personas["responder"].user)
    assert done.status == Takedown.Status.DONE
    run_sends()
    done.notice.refresh_from_db()
    hide, notice_request = [r for r in on_facebook_standin.requests_to("facebook") if r.method == "POST"]
    assert hide.path == "/1111_9002" and "is_hidden=true" in hide.body.decode()
    # The notice goes to the comment's author as a Messenger private reply, with the comment as recipient.
    assert (notice_request.path, notice_request.json()["recipient"]) == ("/80553251208/messages", {"comment_id": "1111_9002"})
    stored_message = Message.objects.get(pk=message.pk)
    assert stored_message.state == State.HIDDEN and stored_message.first_replied_at is not None
    notice = done.notice
    assert notice.private and "personal health information" in notice.body
    assert notice_request.json()["message"] == {"text": notice.body}
    assert (notice.state, notice.external_id) == (Reply.State.SENT, fixture("facebook/takedown.json")["private_reply_sent"]["message_id"])
    steps = ["takedown_requested", "takedown_done", "reply_drafted", "reply_submitted", "reply_queued",
             "reply_sending", "reply_sent"]
    assert _steps(*steps, "reply_failed") == steps


def test_a_phi_comment_is_deleted_and_its_author_told_why_each_step_in_order(stored, personas, on_facebook_standin) -> None:
    _approve_notice(personas)
    message = stored("Dr. Fakename told me my biopsy (MRN 00417733) was positive", external_id="1111_9004")
    done = takedown.take_down(message, personas["responder"].user, action=Takedown.Action.DELETE)
    assert (done.action, done.status, done.error) == (Takedown.Action.DELETE, Takedown.Status.DONE, "")
    run_sends()
    done.notice.refresh_from_db()
    calls = [(r.method, r.path) for r in on_facebook_standin.requests_to("facebook")]
    assert calls == [("DELETE", "/1111_9004"), ("GET", "/MayoClinic"), ("POST", "/80553251208/messages")]
    assert Message.objects.get(pk=message.pk).state == State.HIDDEN
    assert done.notice.state == Reply.State.SENT
    steps = ["takedown_requested", "takedown_done", "reply_drafted", "reply_submitted", "reply_queued",
             "reply_sending", "reply_sent"]
    assert _steps(*steps, "reply_failed") == steps
    entry = AuditEntry.objects.get(action="takedown_done")
    assert entry.detail["action"] == "delete"


def test_a_second_notice_for_one_comment_fails_with_facebooks_reason(stored, personas, on_facebook_standin) -> None:
    _approve_notice(personas)
    message = stored("Tom Fakename (MRN 00417733) is on 4 West", external_id="1111_9005")
    takedown.take_down(message, personas["responder"].user)
    run_sends()
    again = takedown.take_down(message, personas["responder"].user, action=Takedown.Action.DELETE)
    assert again.status == Takedown.Status.DONE
    run_sends()
    again.notice.refresh_from_db()
    assert again.notice.state == Reply.State.FAILED and "one private reply per comment" in again.notice.error
    assert Message.objects.get(pk=message.pk).state == State.HIDDEN


def test_a_network_without_private_messages_keeps_the_notice_to_send_by_hand(
        ours, stored, personas, standin, monkeypatch) -> None:
    standin.load("youtube")
    monkeypatch.setenv("BEDSIDE_API_BASE_YOUTUBE", standin.base_url("youtube"))
    _approve_notice(personas)
    channel = Channel.objects.create(organization=ours, network="youtube", handle="@mayoclinic",
                                     credentials={"token": "ya29.test-token"})
    message = Message.objects.create(channel=channel, network="youtube", external_id="UgzThread2", kind="comment",
                                     published_at=stored("x").published_at, author_handle="UCviewer",
                                     body="My mother Jane Fakename (MRN 00417733) is in room 12")
    done = takedown.take_down(message, personas["responder"].user, action=Takedown.Action.DELETE)
    assert done.status == Takedown.Status.DONE
    run_sends()
    done.notice.refresh_from_db()
    (reject,) = standin.requests_to("youtube")
    assert reject.query == {"id": "UgzThread2", "moderationStatus": "rejected"}
    assert done.notice.state == Reply.State.FAILED and "YouTube has no private messages" in done.notice.error
    assert Message.objects.get(pk=message.pk).state == State.HIDDEN
    steps = ["takedown_requested", "takedown_done", "reply_drafted", "reply_submitted", "reply_queued",
             "reply_sending", "reply_failed"]
    assert _steps(*steps, "reply_sent") == steps


def test_a_network_that_cannot_hide_says_so_and_nothing_changes(stored, personas, ours) -> None:
    google = Channel.objects.create(organization=ours, network="google", handle="accounts/1/locations/2")
    message = Message.objects.create(channel=google, network="google", external_id="g1", kind="review",
                                     published_at=stored("x").published_at, body="Dr. Fakename treated my cancer")
    done = takedown.take_down(message, personas["responder"].user, notify=False)
    assert done.status == Takedown.Status.NOT_SUPPORTED and "not allowed" in done.error
    assert Message.objects.get(pk=message.pk).state == State.NEW
    assert AuditEntry.objects.filter(action="takedown_not_supported").exists()


def test_a_direct_message_is_not_public_so_nothing_is_taken_down(stored, personas) -> None:
    with pytest.raises(takedown.TakedownError):
        takedown.take_down(stored("hi", kind="message"), personas["responder"].user)
    assert not Takedown.objects.exists()


def test_without_an_approved_notice_the_skip_is_audited(stored, personas, on_facebook_standin) -> None:
    done = takedown.take_down(stored("Tom Fakename had chemo", external_id="1111_9003"), personas["admin"].user)
    assert done.status == Takedown.Status.DONE and done.notice is None
    assert AuditEntry.objects.filter(action="takedown_notice_skipped").exists()


# -- the guard reads templates -------------------------------------------------------------

PHI_TEMPLATE = "Hi, your CT scan results from Dr. Alvarez came back and you can pick them up in suite 2C - {organization}"


@pytest.mark.parametrize(("slug", "body"), [(c[0], c[4]) for c in CANNED])
def test_every_shipped_template_passes_the_template_check_with_or_without_our_values(ours, slug: str, body: str) -> None:
    # Placeholders are our own name, phone and website, or the words they fall back to: never a person.
    assert canned.check(body).verdict == "allow", (slug, canned.check(body).reasons)
    Location.objects.create(organization=ours, name="Main campus", phone="617-555-0100")
    assert canned.check(body).verdict == "allow", (slug, canned.check(body).reasons)


def test_a_template_with_phi_is_flagged_as_typed_and_when_saved(ours, personas) -> None:
    client = personas["responder"].client
    fragment = client.post("/inbox/canned/check/", {"body": PHI_TEMPLATE, "guard_id": "guard-new"}).content.decode()
    assert 'id="guard-new"' in fragment
    assert "Guard verdict: <strong>block</strong>" in fragment
    assert "Alvarez" in fragment and "before approving the template" in fragment
    assert "{organization}" not in fragment  # the author sees the text as it will go out
    saved = client.post("/inbox/canned/", {"name": "Results ready", "intent": "", "body": PHI_TEMPLATE}, follow=True)
    page = saved.content.decode()
    assert "the HIPAA guard says block" in page
    # The reviewer's list shows the findings beside the version waiting for approval.
    reviewer_page = personas["reviewer"].client.get("/inbox/canned/").content.decode()
    assert "Guard: <strong>block</strong>" in reviewer_page
    assert 'name="note"' in reviewer_page


def test_approving_a_blocked_template_needs_a_written_reason(ours, personas) -> None:
    template = CannedResponse.objects.create(name="Results ready", slug="results-ready")
    version = canned.propose(template, PHI_TEMPLATE, personas["responder"].user)
    with pytest.raises(canned.CannedError, match="write why in the note"):
        canned.review(version, personas["reviewer"].user, approve=True)
    version.refresh_from_db()
    assert version.state == CannedVersion.State.PENDING
    canned.review(version, personas["reviewer"].user, approve=True, note="Used only in private messages to the patient")
    entry = AuditEntry.objects.get(action="canned_approved")
    assert entry.detail["guard"] == "block"
    assert entry.detail["justification"] == "Used only in private messages to the patient"
    # Rejecting needs no reason.
    other = canned.propose(template, PHI_TEMPLATE + " today", personas["responder"].user)
    canned.review(other, personas["reviewer"].user, approve=False)


@pytest.mark.parametrize("body", [
    "Thanks for the kind words! - {organization}",
    "Please call {phone} or visit {website} so we can help. {organization}",
    "{organization} would like to hear more: call {phone}.",
    "We're glad you reached out. Call {phone}; our team at {organization} is here for you.",
    "Hello from {organization}! Details are on {website}.",
])
def test_placeholders_are_not_names_or_numbers_to_flag(ours, body: str) -> None:
    Location.objects.create(organization=ours, name="Main campus", phone="(555) 010-0199")
    assert canned.check(body).verdict == "allow", canned.check(body).reasons


def test_a_placeholder_without_a_value_is_said_where_the_template_is_used(stored, personas) -> None:
    template = CannedResponse.objects.get(slug="billing")
    canned.review(template.versions.get(), personas["reviewer"].user, approve=True)
    message = stored("Why was I billed twice?", intent="billing")
    version = template.versions.get()
    page = personas["responder"].client.get(f"/inbox/{message.pk}/?canned={version.pk}").content.decode()
    assert "<code>{phone}</code> reads “our main number”" in page
    assert f'href="/organizations/{message.channel.organization_id}/"' in page
    Location.objects.create(organization=message.channel.organization, name="Main", phone="617-555-0100")
    page = personas["responder"].client.get(f"/inbox/{message.pk}/?canned={version.pk}").content.decode()
    assert "reads “our main number”" not in page


def test_templates_are_offered_by_the_message_intent_crisis_first(stored, personas) -> None:
    for version in CannedVersion.objects.filter(canned__private=False):
        canned.review(version, personas["reviewer"].user, approve=True)
    crisis_message = stored("I can't do this anymore, I want to end it all")
    Message.objects.filter(pk=crisis_message.pk).update(crisis=True, intent="complaint", intents=["complaint"])
    page = personas["responder"].client.get(f"/inbox/{crisis_message.pk}/").content.decode()
    select = page[page.index('id="canned"'):page.index("</select>", page.index('id="canned"'))]
    assert select.index("Crisis resources (988)") < select.index("Sorry, let&#x27;s talk privately") \
        < select.index("Billing questions offline")
    billing = stored("Question about an invoice", intent="billing")
    Message.objects.filter(pk=billing.pk).update(intents=["billing"])
    page = personas["responder"].client.get(f"/inbox/{billing.pk}/").content.decode()
    select = page[page.index('id="canned"'):page.index("</select>", page.index('id="canned"'))]
    assert select.index("Billing questions offline") < select.index("Crisis resources (988)")
