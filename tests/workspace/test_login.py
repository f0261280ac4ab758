"""Signing in and out, lockout, password change and the idle timeout."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from bedside.workspace.models import AuditEntry, SignInCounter
from tests.workspace.conftest import PASSWORD


def _login(client: Client, username: str, password: str):
    return client.post("/login/", {"username": username, "password": password})


def test_it_signs_in_and_records_it(personas) -> None:
    client = Client()
    response = _login(client, "vic", PASSWORD)
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.get("/").status_code == 200
    entry = AuditEntry.objects.filter(action="login").first()
    assert entry.actor_name == "vic" and entry.ip == "127.0.0.1"


def test_it_rejects_a_wrong_password_and_records_it(personas) -> None:
    client = Client()
    response = _login(client, "vic", "not the password")
    assert response.status_code == 200
    assert "correct username and password" in response.content.decode()
    assert AuditEntry.objects.filter(action="login_failed", object_repr="vic").exists()


def test_it_locks_the_account_after_repeated_failures(personas, settings) -> None:
    settings.LOGIN_LOCKOUT_ATTEMPTS = 3
    client = Client()
    for _ in range(3):
        _login(client, "vic", "guess")
    # Even the right password is refused while locked.
    response = _login(client, "vic", PASSWORD)
    assert response.status_code == 200
    assert "Too many failed sign-ins" in response.content.decode()
    assert client.get("/").status_code == 302


def test_it_unlocks_once_the_window_has_passed(personas, settings) -> None:
    settings.LOGIN_LOCKOUT_ATTEMPTS = 2
    client = Client()
    for _ in range(2):
        _login(client, "vic", "guess")
    SignInCounter.objects.update(
        window_started_at=timezone.now() - timedelta(seconds=settings.LOGIN_LOCKOUT_SECONDS + 1)
    )
    assert _login(client, "vic", PASSWORD).status_code == 302


def test_a_lockout_counts_per_username_case_insensitively(personas, settings) -> None:
    settings.LOGIN_LOCKOUT_ATTEMPTS = 2
    _login(Client(), "VIC", "guess")
    _login(Client(), "Vic", "guess")
    assert "Too many failed" in _login(Client(), "vic", PASSWORD).content.decode()


def test_signing_out_needs_a_post_and_ends_the_session(personas) -> None:
    client = personas["viewer"].client
    assert client.get("/logout/").status_code == 405
    assert client.post("/logout/").status_code == 302
    assert client.get("/").status_code == 302
    assert AuditEntry.objects.filter(action="logout", actor_name="vic").exists()


def test_the_session_expires_after_the_idle_timeout(personas, settings) -> None:
    client = Client()
    _login(client, "vic", PASSWORD)
    session = client.session
    session.set_expiry(timezone.now() - timedelta(seconds=1))
    session.save()
    assert client.get("/").status_code == 302


def test_every_request_extends_the_session_to_the_full_idle_timeout(personas) -> None:
    # An idle timeout, not an absolute one: a session about to expire is
    # pushed back out to 30 minutes by the next request.
    from django.contrib.sessions.models import Session

    client = Client()
    _login(client, "vic", PASSWORD)
    key = client.session.session_key
    Session.objects.filter(session_key=key).update(expire_date=timezone.now() + timedelta(seconds=60))
    assert client.get("/").status_code == 200
    left = Session.objects.get(session_key=key).expire_date - timezone.now()
    assert timedelta(minutes=29) < left <= timedelta(minutes=30)


def test_it_changes_a_password_with_validation(personas) -> None:
    client = personas["viewer"].client
    weak = client.post(
        "/password/", {"old_password": PASSWORD, "new_password1": "123", "new_password2": "123"}
    )
    assert weak.status_code == 200 and "too short" in weak.content.decode()
    ok = client.post(
        "/password/",
        {"old_password": PASSWORD, "new_password1": "a much better passphrase 42", "new_password2": "a much better passphrase 42"},
    )
    assert ok.status_code == 302
    assert AuditEntry.objects.filter(action="password_changed", actor_name="vic").exists()
    assert _login(Client(), "vic", "a much better passphrase 42").status_code == 302


@pytest.mark.parametrize("next_url", ["https://evil.example/", "//evil.example/"])
def test_it_does_not_redirect_off_site_after_login(personas, next_url) -> None:
    response = Client().post("/login/", {"username": "vic", "password": PASSWORD, "next": next_url})
    assert response["Location"] == "/"
