"""Signing in through SAML 2.0, against a pysaml2 identity provider on
127.0.0.1 (tests/standin/saml_idp.py) that signs its assertions with
Debian's xmlsec1: people made just in time with their groups' role, and
unsigned, wrongly signed, misaddressed, expired and replayed answers refused
with a sentence saying which."""

from __future__ import annotations

import httpx
import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from bedside.workspace import lifecycle, people
from bedside.workspace.models import AuditEntry, SsoIdentity
from bedside.workspace.permissions import role_of
from tests.standin.saml_idp import SamlIdp, _field

pytestmark = pytest.mark.django_db

ADFS_GROUP = "http://schemas.xmlsoap.org/claims/Group"


@pytest.fixture
def idp(standin, settings) -> SamlIdp:
    found = SamlIdp(
        standin,
        auto_approve=True,
        person={
            "name_id": "tomas.reyes",
            "email": ["tomas.reyes@harborpoint.example"],
            ADFS_GROUP: ["Domain Users"],
        },
    )
    found.settings_for(settings)
    settings.SAML_GROUPS_ATTRIBUTE = ADFS_GROUP
    settings.SSO_ROLE_MAP = ""
    found.sp_metadata = Client().get("/saml2/metadata/").content.decode()
    return found


def answer(client: Client, idp: SamlIdp, **extra) -> dict[str, str]:
    """Bedside's AuthnRequest to the provider, and the provider's signed answer."""
    start = client.get("/saml2/login/", extra)
    assert start.status_code == 302, start.content
    page = httpx.get(start["Location"]).text
    return {k: _field(page, k) for k in ("SAMLResponse", "RelayState")}


def sign_in(client: Client, idp: SamlIdp, **extra):
    return client.post("/saml2/acs/", answer(client, idp, **extra))


def signed_in_as(client: Client) -> str | None:
    response = client.get("/")
    return response.wsgi_request.user.get_username() if response.status_code == 200 else None


def test_a_first_sign_in_makes_the_person_and_maps_the_adfs_group(idp, settings) -> None:
    settings.SSO_ROLE_MAP = "CN=Bedside Compliance,OU=Groups,DC=harborpoint,DC=org=compliance"
    idp.person[ADFS_GROUP] = ["Domain Users", "CN=Bedside Compliance,OU=Groups,DC=harborpoint,DC=org"]
    client = Client()
    response = sign_in(client, idp, next="/audit/")
    assert response.status_code == 302 and response["Location"] == "/audit/"
    user = get_user_model().objects.get(username="tomas.reyes")
    assert role_of(user) == "compliance" and user.email == "tomas.reyes@harborpoint.example"
    identity = SsoIdentity.objects.get(user=user)
    assert (
        identity.protocol == "saml" and identity.issuer == idp.entity_id and identity.subject == "tomas.reyes"
    )
    assert signed_in_as(client) == "tomas.reyes"
    assert AuditEntry.objects.get(action="login").detail == {"via": "saml"}
    assert AuditEntry.objects.get(action="user_created").detail == {"role": "compliance"}


def test_unmapped_people_start_least_privileged(idp) -> None:
    sign_in(Client(), idp)
    assert role_of(get_user_model().objects.get(username="tomas.reyes")) == "viewer"


def test_the_username_can_come_from_an_attribute(idp, settings) -> None:
    upn = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn"
    settings.SAML_USERNAME_ATTRIBUTE = upn
    idp.person[upn] = ["treyes@harborpoint.example"]
    sign_in(Client(), idp)
    assert get_user_model().objects.filter(username="treyes@harborpoint.example").exists()

    del idp.person[upn]
    idp.person["name_id"] = "someone.else"
    response = sign_in(Client(), idp)
    assert response.status_code == 403
    assert "sent no username for you" in response.content.decode()
    assert upn in AuditEntry.objects.get(action="login_failed").detail["reason"]


def test_a_deactivated_person_is_refused(idp) -> None:
    sign_in(Client(), idp)
    people.create_user("root", "a long enough passphrase 7", "admin")
    lifecycle.deactivate(get_user_model().objects.get(username="tomas.reyes"))
    client = Client()
    response = sign_in(client, idp)
    assert response.status_code == 403
    assert "Your Bedside account is deactivated" in response.content.decode()
    assert signed_in_as(client) is None
    failed = AuditEntry.objects.get(action="login_failed")
    assert failed.actor_name == "tomas.reyes" and failed.detail == {
        "via": "saml",
        "reason": "account deactivated",
    }


@pytest.mark.parametrize(
    ("misbehave", "said", "reason"),
    [
        ({"unsigned": True}, "signature on this sign-in did not verify", "signature invalid or missing"),
        (
            {"sign_with_unpublished_key": True},
            "signature on this sign-in did not verify",
            "signature invalid or missing",
        ),
        (
            {"audience": "https://another-app.harborpoint.example/sp"},
            "issued for another application",
            "audience is not Bedside's entity id",
        ),
    ],
)
def test_a_wrong_assertion_is_refused_with_a_sentence_saying_why(idp, misbehave, said, reason) -> None:
    for name, value in misbehave.items():
        setattr(idp, name, value)
    client = Client()
    response = sign_in(client, idp)
    assert response.status_code == 403
    assert said in response.content.decode()
    assert signed_in_as(client) is None
    assert not get_user_model().objects.exists()
    assert AuditEntry.objects.get(action="login_failed").detail == {"via": "saml", "reason": reason}


@pytest.mark.parametrize(
    ("late_by", "said", "reason"),
    [
        (10 * 60, "This sign-in has expired", "assertion expired"),  # valid 5 minutes, read 10 later
        (-10 * 60, "not valid yet", "assertion not yet valid"),  # Bedside's clock 10 minutes behind
    ],
)
def test_an_assertion_outside_its_validity_window_is_refused(idp, monkeypatch, late_by, said, reason) -> None:
    from saml2 import time_util

    client = Client()
    fields = answer(client, idp)
    made_at = time_util.utc_now()
    # Bedside reads the answer late_by seconds after the provider made it.
    monkeypatch.setattr(time_util, "utc_now", lambda: made_at + late_by)
    response = client.post("/saml2/acs/", fields)
    assert response.status_code == 403 and said in response.content.decode()
    assert AuditEntry.objects.get(action="login_failed").detail == {"via": "saml", "reason": reason}


def test_an_answer_cannot_be_replayed(idp) -> None:
    client = Client()
    fields = answer(client, idp)
    assert client.post("/saml2/acs/", fields).status_code == 302
    client.post("/logout/")
    again = client.post("/saml2/acs/", fields)
    assert again.status_code == 403
    assert "did not ask for this sign-in, or it was used already" in again.content.decode()
    assert signed_in_as(client) is None


def test_an_answer_nobody_asked_for_is_refused(idp) -> None:
    fields = answer(Client(), idp)
    stranger = Client()  # another browser: it never sent the request
    assert stranger.post("/saml2/acs/", fields).status_code == 403
    assert signed_in_as(stranger) is None


def test_the_sign_in_page_offers_saml_only_when_set_up(idp, settings) -> None:
    settings.SAML_LABEL = "Harbor Point ADFS"
    assert "Sign in with Harbor Point ADFS" in Client().get("/login/").content.decode()
    settings.SAML_IDP_METADATA_URL = ""
    assert "Sign in with" not in Client().get("/login/").content.decode()
    assert Client().get("/saml2/login/").status_code == 404
    assert Client().get("/saml2/metadata/").status_code == 404
