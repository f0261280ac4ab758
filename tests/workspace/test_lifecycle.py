"""People's lifecycle: deactivate, reactivate, unlock, one-time password links,
and never locking everyone out."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from bedside.workspace import lifecycle, lockout
from bedside.workspace.models import ApiToken, AuditEntry

pytestmark = pytest.mark.django_db
PASSWORD = "a long enough passphrase 7"


def test_deactivating_someone_ends_their_sessions_and_tokens_at_once_and_keeps_their_history(personas) -> None:
    ray = personas["responder"]
    _, raw = ApiToken.issue(ray.user, "script")
    api = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert ray.client.get("/inbox/").status_code == 200 and api.get("/api/inbox/queues").status_code == 200

    page = personas["admin"].client.post(f"/settings/users/{ray.user.pk}/deactivate/", follow=True)
    assert "Deactivated ray: 1 session(s) ended, 1 API token(s) revoked" in page.content.decode()
    assert ray.client.get("/inbox/").status_code == 302  # signed out, now
    answer = api.get("/api/inbox/queues")
    assert answer.status_code == 401 and "revoked" in answer.json()["detail"]
    assert get_user_model().objects.filter(username="ray").exists()
    assert AuditEntry.objects.filter(action="user_deactivated", object_id=str(ray.user.pk)).count() == 1

    personas["admin"].client.post(f"/settings/users/{ray.user.pk}/reactivate/")
    ray.user.refresh_from_db()
    assert ray.user.is_active and ApiToken.objects.get().revoked_at is not None  # old tokens stay revoked


def test_the_last_active_admin_cannot_be_deactivated_or_demoted_and_nobody_deactivates_themselves(personas) -> None:
    alice = personas["admin"].user
    with pytest.raises(lifecycle.LifecycleError, match="yourself"):
        lifecycle.deactivate(alice, by=alice)
    with pytest.raises(lifecycle.LifecycleError, match="last active administrator"):
        lifecycle.deactivate(alice, by=personas["manager"].user)
    with pytest.raises(lifecycle.LifecycleError, match="last administrator"):
        lifecycle.set_role(alice, "viewer")
    lifecycle.set_role(personas["manager"].user, "admin")
    lifecycle.deactivate(alice, by=personas["manager"].user)  # another admin remains now
    with pytest.raises(lifecycle.LifecycleError, match="last active administrator"):
        lifecycle.deactivate(personas["manager"].user, by=None)


def test_an_admin_sees_who_is_locked_out_and_unlocks_them(personas, settings) -> None:
    for _ in range(settings.LOGIN_LOCKOUT_ATTEMPTS):
        Client().post("/login/", {"username": "vic", "password": "wrong guess"})
    assert lockout.is_locked("vic")
    page = personas["admin"].client.get("/settings/").content.decode()
    assert "Unlock vic" in page
    personas["admin"].client.post("/settings/unlock/", {"username": "vic"})
    assert not lockout.is_locked("vic") and lifecycle.locked_out() == []
    assert AuditEntry.objects.filter(action="user_unlocked").count() == 1
    with pytest.raises(lifecycle.LifecycleError, match="not locked"):
        lifecycle.unlock("vic")


def test_a_password_link_works_once(personas) -> None:
    vic = personas["viewer"].user
    page = personas["admin"].client.post(f"/settings/users/{vic.pk}/reset-link/").content.decode()
    link = re.search(r"<code>(?:https?://[^/]+)?(/password/reset/[^<]+)</code>", page).group(1)
    anonymous = Client()
    form = anonymous.get(link, follow=True)
    assert b"Set a new password" in form.content
    done = anonymous.post(form.redirect_chain[-1][0] if form.redirect_chain else link,
                          {"new_password1": "another fine passphrase 9", "new_password2": "another fine passphrase 9"})
    assert done.status_code == 302 and done["Location"] == "/login/"
    assert Client().login(username="vic", password="another fine passphrase 9")
    again = Client().get(link, follow=True)
    assert b"This link no longer works" in again.content
    assert AuditEntry.objects.filter(action__in=["password_reset_link_made", "password_reset_done"]).count() == 2


def test_a_new_person_starts_with_the_least_privileged_role(personas) -> None:
    page = personas["admin"].client.get("/settings/").content.decode()
    assert re.search(r'<option value="viewer" selected>', page)


def test_the_cli_lists_deactivates_unlocks_and_sets_roles(personas, settings) -> None:
    from click.testing import CliRunner

    from bedside.cli import main

    runner = CliRunner()
    for _ in range(settings.LOGIN_LOCKOUT_ATTEMPTS):
        Client().post("/login/", {"username": "ray", "password": "wrong guess"})
    listed = runner.invoke(main, ["user", "list"])
    assert "ray  responder  active, locked out" in listed.output
    assert runner.invoke(main, ["user", "unlock", "ray"]).exit_code == 0 and not lockout.is_locked("ray")
    gone = runner.invoke(main, ["user", "deactivate", "ray", "--reason", "left the hospital"])
    assert gone.exit_code == 0 and "Deactivated ray" in gone.output
    assert "ray  responder  deactivated" in runner.invoke(main, ["user", "list"]).output
    last = runner.invoke(main, ["user", "set-role", "alice", "viewer"])
    assert last.exit_code == 1 and "last administrator" in last.output
    link = runner.invoke(main, ["user", "reset-link", "vic"])
    assert link.exit_code == 0 and "/password/reset/" in link.output
    nobody = runner.invoke(main, ["user", "deactivate", "nobody"])
    assert nobody.exit_code == 1 and "no person named 'nobody'" in nobody.output
    assert AuditEntry.objects.get(action="user_deactivated").actor_name == "cli"


def test_an_off_boarding_script_deactivates_through_the_api(personas) -> None:
    _, raw = ApiToken.issue(personas["admin"].user, "hr")
    api = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    people = {p["username"]: p for p in api.get("/api/users").json()}
    assert people["ray"]["active"] and people["ray"]["role"] == "responder"
    gone = api.post(f"/api/users/{people['ray']['id']}/deactivate", {"reason": "left"}, content_type="application/json")
    assert gone.status_code == 200 and gone.json()["active"] is False
    refused = api.post(f"/api/users/{people['alice']['id']}/role", {"role": "viewer"}, content_type="application/json")
    assert refused.status_code == 409 and "last administrator" in refused.json()["detail"]
