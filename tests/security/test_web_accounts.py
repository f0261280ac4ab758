"""Accounts: password rules, what a failed sign-in records, the API docs
behind sign-in, drafts sent only by their author, the last administrator,
403s in one log line, and who may set channel credentials."""

from __future__ import annotations

import logging

import pytest
from django.test import Client

from bedside.channels.models import Channel
from bedside.inbox.models import Reply
from bedside.workspace.models import AuditEntry, Member


@pytest.mark.parametrize("password,says", [
    (" " * 14, "only spaces"),
    ("aaaaaaaaaaaa", "too few characters"),
    ("abcabcabcabc", "too few characters"),
    ("short pass1", "too short"),
    ("password1234", "too common"),
    ("alicealice123", "too similar"),
])
def test_weak_passwords_are_refused(personas, password, says) -> None:
    response = personas["admin"].client.post("/settings/users/new/", {
        "username": "alicealice", "email": "", "role": "viewer", "password": password})
    assert response.status_code == 400
    assert says in response.content.decode()


def test_a_twelve_character_passphrase_is_accepted(personas) -> None:
    response = personas["admin"].client.post("/settings/users/new/", {
        "username": "newcomer", "email": "", "role": "viewer", "password": "tidal kestrel"})
    assert response.status_code == 302


def test_a_failed_sign_in_for_an_unknown_name_does_not_keep_the_typed_name(personas) -> None:
    typed = "MyPassw0rd!Typed-In-The-Wrong-Box"
    Client().post("/login/", {"username": typed, "password": "whatever it was"})
    entry = AuditEntry.objects.get(action="login_failed")
    assert typed not in str(entry.__dict__)
    assert entry.actor_name == "unknown user"


def test_a_failed_sign_in_for_a_real_account_names_it(personas) -> None:
    Client().post("/login/", {"username": "VIC", "password": "not it at all"})
    entry = AuditEntry.objects.get(action="login_failed")
    assert entry.actor_name == "vic" and entry.object_repr == "vic"


@pytest.mark.parametrize("url", ["/api/docs", "/api/schema"])
def test_the_api_docs_and_schema_need_a_signed_in_person_or_a_token(personas, url) -> None:
    anonymous = Client().get(url)
    assert anonymous.status_code in (302, 401)
    assert b"openapi" not in anonymous.content and b"swagger" not in anonymous.content.lower()
    assert personas["viewer"].client.get(url).status_code == 200
    assert personas["outsider"].client.get(url).status_code in (302, 401)
    from bedside.workspace.models import ApiToken

    _, raw = ApiToken.issue(personas["viewer"].user, "docs")
    assert Client(HTTP_AUTHORIZATION=f"Bearer {raw}").get(url).status_code == 200


def test_only_its_author_sends_a_saved_draft(personas, org) -> None:
    from django.utils import timezone

    from bedside.inbox import replies
    from bedside.inbox.models import Message

    channel = Channel.objects.get(organization=org)
    message = Message.objects.create(channel=channel, network="x", external_id="m-1", kind="comment",
                                     author_handle="someone", body="When do you open on Sunday?",
                                     published_at=timezone.now())
    draft = replies.draft(message, personas["responder"].user, "We open at nine on Sundays.")
    for who in ("manager", "admin"):
        response = personas[who].client.post(f"/inbox/{message.pk}/replies/{draft.pk}/",
                                             {"action": "submit"})
        assert response.status_code == 302
        draft.refresh_from_db()
        assert draft.state == Reply.State.DRAFT
    with pytest.raises(replies.ReplyError, match="author"):
        replies.submit(draft, personas["manager"].user)


def test_the_last_administrator_cannot_demote_themselves(personas) -> None:
    admin = personas["admin"]
    response = admin.client.post(f"/settings/users/{admin.user.pk}/role/", {"role": "viewer"})
    assert response.status_code == 400
    assert "last administrator" in response.content.decode()
    assert Member.objects.get(user=admin.user).role == "admin"
    # With a second administrator, stepping down is fine.
    other = personas["manager"]
    admin.client.post(f"/settings/users/{other.user.pk}/role/", {"role": "admin"})
    assert admin.client.post(f"/settings/users/{admin.user.pk}/role/", {"role": "viewer"}).status_code == 302


def test_a_403_is_logged_in_one_line(personas, caplog) -> None:
    with caplog.at_level(logging.WARNING, logger="django.request"):
        assert personas["viewer"].client.get("/audit/").status_code == 403
    records = [r for r in caplog.records if r.name == "django.request"]
    assert len(records) == 1
    assert records[0].exc_info is None
    assert "Forbidden" in records[0].getMessage()


@pytest.mark.parametrize("who,allowed", [("admin", True), ("manager", True), ("responder", False),
                                         ("reviewer", False), ("viewer", False)])
def test_admins_and_social_managers_set_channel_credentials(personas, org, who, allowed) -> None:
    channel = Channel.objects.get(organization=org)
    response = personas[who].client.post(f"/channels/{channel.pk}/credentials/", {"token": "tok-123456"})
    assert response.status_code == (302 if allowed else 403)
    assert AuditEntry.objects.filter(object_id=str(channel.pk), action="channel_credentials_saved").exists() is allowed
