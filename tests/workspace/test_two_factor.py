"""Two-factor sign-in: set up with an authenticator app, a code after the
password, each code once, and administrators made to set it up."""

from __future__ import annotations

import re
import time

import pyotp
import pytest
from django.test import Client

from bedside.workspace import people, twofactor
from bedside.workspace.models import AuditEntry, TwoFactor

pytestmark = pytest.mark.django_db
PASSWORD = "a long enough passphrase 7"


def _enrol(client: Client) -> str:
    page = client.get("/settings/two-factor/").content.decode()
    secret = re.search(r"Key: <code>([A-Z2-7]+)</code>", page).group(1)
    assert "<svg" in page and "QR code for your authenticator app" in page
    wrong = client.post("/settings/two-factor/", {"code": "000000"})
    assert wrong.status_code == 400 and b"does not match" in wrong.content
    done = client.post("/settings/two-factor/", {"code": pyotp.TOTP(secret).now()})
    assert done.status_code == 302
    return secret


def test_after_setting_it_up_sign_in_needs_the_password_then_a_fresh_code(db) -> None:
    people.create_user("rosa", PASSWORD, "responder")
    first = Client()
    first.post("/login/", {"username": "rosa", "password": PASSWORD})
    secret = _enrol(first)
    assert TwoFactor.objects.get().confirmed_at is not None

    client = Client()
    step_one = client.post("/login/", {"username": "rosa", "password": PASSWORD})
    assert step_one["Location"] == "/login/code/"
    assert client.get("/inbox/").status_code == 302  # not signed in yet
    code = pyotp.TOTP(secret).at(time.time() + 30)  # the next step's code: not used at enrolment
    assert client.post("/login/code/", {"code": "123456" if code != "123456" else "654321"}).status_code == 400
    good = client.post("/login/code/", {"code": code})
    assert good.status_code == 302 and client.get("/inbox/").status_code == 200
    # The same code cannot sign anyone in again.
    other = Client()
    other.post("/login/", {"username": "rosa", "password": PASSWORD})
    assert other.post("/login/code/", {"code": code}).status_code == 400
    assert AuditEntry.objects.filter(action="signed_in_with_two_factor").count() == 1


def test_wrong_codes_count_toward_the_lockout(db, settings) -> None:
    user = people.create_user("rosa", PASSWORD, "responder")
    twofactor.confirm(user, secret := twofactor.new_secret(), pyotp.TOTP(secret).now())
    client = Client()
    client.post("/login/", {"username": "rosa", "password": PASSWORD})
    for _ in range(settings.LOGIN_LOCKOUT_ATTEMPTS):
        client.post("/login/code/", {"code": "000000"})
    locked = client.post("/login/code/", {"code": pyotp.TOTP(secret).now()})
    assert b"Too many failed attempts" in locked.content


def test_an_administrator_must_set_it_up_before_anything_else(db, settings) -> None:
    settings.ADMIN_2FA = "REQUIRED"
    people.create_user("ada", PASSWORD, "admin")
    client = Client()
    assert client.post("/login/", {"username": "ada", "password": PASSWORD})["Location"] == "/settings/two-factor/"
    assert client.get("/inbox/")["Location"] == "/settings/two-factor/"
    assert b"Set it up to continue" in client.get("/settings/two-factor/").content
    _enrol(client)
    assert client.get("/inbox/").status_code == 200
    off = client.post("/settings/two-factor/", {"action": "disable", "code": "000000"}, follow=True)
    assert b"must keep two-factor sign-in on" in off.content and twofactor.enabled(people_admin("ada"))


def people_admin(name: str):  # type: ignore[no-untyped-def]
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username=name)


def test_a_code_from_the_step_before_or_after_is_accepted_once_and_others_are_not(db) -> None:
    user = people.create_user("rosa", PASSWORD, "responder")
    secret = twofactor.new_secret()
    totp = pyotp.TOTP(secret)
    at = 1_800_000_000.0
    twofactor.confirm(user, secret, totp.now())
    TwoFactor.objects.update(last_step=0)
    assert not twofactor.verify(user, totp.at(at - 90), at=at)  # three steps old
    assert twofactor.verify(user, totp.at(at - 30), at=at)
    assert not twofactor.verify(user, totp.at(at - 30), at=at)  # used
    assert not twofactor.verify(user, totp.at(at - 60), at=at)  # older than one used
    assert twofactor.verify(user, totp.at(at + 30), at=at)
    assert not twofactor.verify(user, "12 34", at=at)
