"""Sign-in lockout under parallel guessing: the limit holds however many
sign-ins arrive at once, on SQLite and on PostgreSQL (the suite runs on both)."""

from __future__ import annotations

import threading

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection
from django.test import Client

from bedside.workspace import people
from bedside.workspace.models import AuditEntry

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a sturdy sign-in passphrase 31"


class SlowEnoughHasher(PBKDF2PasswordHasher):
    """A real (if cheaper) key-derivation hash, so a password check takes the
    few milliseconds that let parallel sign-ins overlap as they do in production."""

    iterations = 30_000


def _sign_in_in_parallel(passwords: list[str]) -> list[int]:
    barrier = threading.Barrier(len(passwords))
    statuses: list[int] = [0] * len(passwords)

    def attempt(i: int, password: str) -> None:
        try:
            client = Client()
            barrier.wait()
            statuses[i] = client.post("/login/", {"username": "nina", "password": password}).status_code
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(i, p)) for i, p in enumerate(passwords)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses


def test_sixteen_parallel_wrong_passwords_check_no_more_than_the_limit(settings) -> None:
    settings.PASSWORD_HASHERS = ["tests.security.test_web_lockout.SlowEnoughHasher"]
    settings.LOGIN_LOCKOUT_ATTEMPTS = 5
    people.create_user("nina", PASSWORD, "viewer")

    statuses = _sign_in_in_parallel([f"wrong guess {i}" for i in range(16)])

    assert statuses == [200] * 16
    # Each password actually checked and refused is one audited failure.
    assert AuditEntry.objects.filter(action="login_failed").count() <= 5
    # And the account is now locked: the right password is refused too.
    response = Client().post("/login/", {"username": "nina", "password": PASSWORD})
    assert response.status_code == 200
    assert "Too many failed sign-ins" in response.content.decode()


def test_the_right_password_among_a_parallel_burst_cannot_get_past_a_spent_limit(settings) -> None:
    settings.PASSWORD_HASHERS = ["tests.security.test_web_lockout.SlowEnoughHasher"]
    settings.LOGIN_LOCKOUT_ATTEMPTS = 5
    people.create_user("nina", PASSWORD, "viewer")
    for i in range(5):
        Client().post("/login/", {"username": "nina", "password": f"guess {i}"})

    statuses = _sign_in_in_parallel([PASSWORD] * 4 + [f"more {i}" for i in range(8)])

    assert 302 not in statuses
    assert not AuditEntry.objects.filter(action="login").exists()
