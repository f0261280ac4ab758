"""API tokens: hashed, shown once, expiring, revoked with the password or the
person, revocable by administrators; the API answers a bad token with 401."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from bedside.workspace.models import ApiToken, AuditEntry
from tests.workspace.conftest import PASSWORD


def _make_token_on_the_page(client: Client, name: str = "reporting script") -> str:
    response = client.post("/settings/tokens/new/", {"name": name})
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    return re.search(r'<code id="new-token">([^<]+)</code>', response.content.decode()).group(1)


def test_the_raw_token_is_shown_once_and_kept_nowhere(personas) -> None:
    client = personas["viewer"].client
    raw = _make_token_on_the_page(client)
    assert raw.startswith("bsd_")
    # Not in the database (only its hash) and not in any stored session.
    token = ApiToken.objects.get()
    assert token.digest == ApiToken.digest_of(raw) and raw not in (token.prefix, token.digest)
    for session in Session.objects.all():
        assert raw not in str(session.get_decoded())
    assert raw not in client.get("/settings/").content.decode()
    assert Client().get("/api/organizations", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 200


def test_a_token_expires(personas) -> None:
    token, raw = ApiToken.issue(personas["viewer"].user, "script")
    assert token.expires_at > timezone.now() + timedelta(days=80)
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    response = Client().get("/api/organizations", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 401
    assert "expired" in response.json()["detail"]


def test_a_password_change_revokes_the_persons_tokens(personas) -> None:
    _, raw = ApiToken.issue(personas["viewer"].user, "script")
    changed = personas["viewer"].client.post(
        "/password/", {"old_password": PASSWORD, "new_password1": "a new sturdy passphrase 77",
                       "new_password2": "a new sturdy passphrase 77"})
    assert changed.status_code == 302
    response = Client().get("/api/organizations", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 401 and "revoked" in response.json()["detail"]


def test_deactivating_a_person_revokes_their_tokens(personas) -> None:
    user = personas["viewer"].user
    token, raw = ApiToken.issue(user, "script")
    user.is_active = False
    user.save()
    user.is_active = True
    user.save()
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert Client().get("/api/organizations", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401


def test_an_admin_sees_and_revokes_another_persons_token(personas) -> None:
    token, raw = ApiToken.issue(personas["manager"].user, "leaked script")
    page = personas["admin"].client.get("/settings/").content.decode()
    assert "leaked script" in page and "mona" in page
    assert personas["admin"].client.post(f"/settings/tokens/{token.pk}/revoke/").status_code == 302
    assert Client().get("/api/organizations", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401
    entry = AuditEntry.objects.get(action="api_token_revoked")
    assert entry.actor_name == "alice" and entry.detail["owner"] == "mona"


def test_nobody_else_can_revoke_someone_elses_token(personas) -> None:
    token, raw = ApiToken.issue(personas["manager"].user, "nightly export")
    assert personas["viewer"].client.post(f"/settings/tokens/{token.pk}/revoke/").status_code == 404
    assert Client().get("/api/organizations", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 200
    assert "nightly export" not in personas["viewer"].client.get("/settings/").content.decode()


@pytest.mark.parametrize("method", ["get", "post", "delete"])
@pytest.mark.parametrize("header,says", [
    (None, "no API token"),
    ("Bearer bsd_not_a_real_token", "unknown"),
    ("Token abc", "Bearer"),
])
def test_a_missing_or_bad_token_gets_401_with_a_bearer_challenge(personas, org, method, header, says) -> None:
    client = Client(**({"HTTP_AUTHORIZATION": header} if header else {}))
    response = getattr(client, method)(f"/api/organizations/{org.pk}" if method == "delete" else "/api/organizations",
                                       **({"data": {"name": "x"}, "content_type": "application/json"}
                                          if method == "post" else {}))
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert says in response.json()["detail"]
    assert "CSRF" not in response.content.decode()
