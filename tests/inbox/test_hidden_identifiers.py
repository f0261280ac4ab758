"""Issue 17, first High item: a reply that hides a phone number, record number
or birth date with zero-width, joiner, soft-hyphen, no-break or NUL characters
between its digits is held for approval, through the inbox page, the reply API
and the guard API, and never reaches the network."""

from __future__ import annotations

import pytest

from bedside.inbox.intake import triage_stored
from bedside.inbox.models import Message, Reply
from bedside.workspace.models import ApiToken

pytestmark = pytest.mark.django_db

HIDDEN = [
    pytest.param("Sure, text me on 857\u200b555\u200b0194 and we can sort it out", "857\u200b555\u200b0194",
                 id="zero-width-space-phone"),
    pytest.param("Call back on 617\u2060555\u20600128 please", "617\u2060555\u20600128", id="word-joiner-phone"),
    pytest.param("The number to use is 508-555\u00ad-0173", "508-555\u00ad-0173", id="soft-hyphen-phone"),
    pytest.param("Ring 413\u00a0555\u00a00112 any time", "413\u00a0555\u00a00112", id="no-break-space-phone"),
    pytest.param("MRN 6\x0070\x0041\x00882 is the one we have", "6\x0070\x0041\x00882", id="nul-mrn"),
    pytest.param("Her date of birth is 07/\u200b19/\u200b1958", "07/\u200b19/\u200b1958", id="zero-width-dob"),
]


@pytest.fixture
def message(stored) -> Message:
    m = stored("Who do I talk to about the parking garage?", external_id="1111_7301")
    triage_stored([m.pk])
    return Message.objects.get(pk=m.pk)


def _posts(standin) -> list:
    return [r for r in standin.requests_to("facebook") if r.method == "POST"]


def _bearer(persona) -> dict[str, str]:
    _, raw = ApiToken.issue(persona.user, "test")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


@pytest.mark.parametrize("body, hidden", HIDDEN)
def test_the_inbox_page_holds_the_reply_for_approval(message, personas, on_facebook_standin, body: str,
                                                    hidden: str) -> None:
    ray = personas["responder"]
    response = ray.client.post(f"/inbox/{message.pk}/replies/", {"body": body, "action": "send"})
    assert response.status_code == 302
    reply = Reply.objects.get(message=message)
    assert reply.state == Reply.State.AWAITING_APPROVAL and reply.verdict in ("review", "block")
    # The finding covers the identifier as written, hidden characters and all.
    assert any(body[f["start"] : f["end"]] == hidden for f in reply.guard_detail["findings"]), reply.guard_detail
    assert _posts(on_facebook_standin) == []


@pytest.mark.parametrize("body, hidden", HIDDEN)
def test_the_reply_api_holds_the_reply_for_approval(message, personas, on_facebook_standin, body: str,
                                                   hidden: str) -> None:
    ray = personas["responder"]
    auth = _bearer(ray)
    checked = ray.client.post(f"/api/inbox/messages/{message.pk}/check", {"body": body},
                              content_type="application/json", **auth)
    if "\x00" in body:
        # The API refuses NUL characters outright (422): nothing stored, nothing sent.
        assert checked.status_code == 422
        created = ray.client.post(f"/api/inbox/messages/{message.pk}/replies", {"body": body},
                                  content_type="application/json", **auth)
        assert created.status_code == 422
        assert not Reply.objects.filter(message=message).exists() and _posts(on_facebook_standin) == []
        return
    assert checked.json()["verdict"] in ("review", "block")
    created = ray.client.post(f"/api/inbox/messages/{message.pk}/replies", {"body": body},
                              content_type="application/json", **auth)
    assert created.status_code == 201, created.content
    assert created.json()["state"] == "awaiting_approval"
    retried = ray.client.post(f"/api/inbox/replies/{created.json()['id']}/retry", **auth)
    assert retried.status_code >= 400  # an unapproved reply cannot be pushed out by a retry either
    assert _posts(on_facebook_standin) == []


@pytest.mark.parametrize("body, hidden", HIDDEN)
def test_the_guard_api_flags_the_hidden_identifier_at_its_offsets(personas, body: str, hidden: str) -> None:
    client = personas["responder"].client
    answer = client.post("/api/guard/check", {"text": body, "context": {"kind": "comment"}},
                         content_type="application/json", **_bearer(personas["responder"]))
    if "\x00" in body:
        assert answer.status_code == 422  # refused whole; the guard itself finds it (tests/guard)
        return
    result = answer.json()
    assert result["verdict"] in ("review", "block"), result
    assert any(f["text"] == hidden and body[f["start"] : f["end"]] == hidden for f in result["findings"]), result
