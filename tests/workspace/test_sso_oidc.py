"""Signing in through OpenID Connect, against a real provider on 127.0.0.1
(tests/standin/oidc_provider.py): the code flow with PKCE end to end, people
made just in time, groups mapped to roles, and each way a token can be wrong
refused with a sentence that says which."""

from __future__ import annotations

import time

import httpx
import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from bedside.workspace import lifecycle, people, twofactor
from bedside.workspace.models import AuditEntry, SsoIdentity
from bedside.workspace.permissions import role_of
from tests.standin.oidc_provider import OidcProvider

pytestmark = pytest.mark.django_db

NURSE = {
    "sub": "00u1-nadia",
    "preferred_username": "nadia.okafor@stmarys.example",
    "email": "nadia.okafor@stmarys.example",
    "name": "Nadia Okafor",
}


@pytest.fixture
def provider(standin, settings) -> OidcProvider:
    found = OidcProvider(standin, auto_approve=True, person=dict(NURSE))
    found.settings_for(settings)
    settings.SSO_ROLE_MAP = ""
    return found


def sign_in(client: Client, **extra):
    """The browser's part of the flow: Bedside, the provider, back to Bedside."""
    start = client.get("/oidc/authenticate/", extra)
    assert start.status_code == 302, start
    at_provider = httpx.get(start["Location"], follow_redirects=False)
    assert at_provider.status_code == 302, at_provider.text
    back = at_provider.headers["location"].removeprefix("http://testserver")
    return client.get(back, follow=True)


def signed_in_as(client: Client) -> str | None:
    response = client.get("/")
    return response.wsgi_request.user.get_username() if response.status_code == 200 else None


def refusal(response) -> str:
    return " ".join(str(m) for m in response.context["messages"])


def test_a_first_sign_in_makes_the_person_with_the_least_privileged_role(provider) -> None:
    client = Client()
    response = sign_in(client)
    assert response.redirect_chain[-1][0] == "/"
    user = get_user_model().objects.get(username="nadia.okafor@stmarys.example")
    assert role_of(user) == "viewer" and user.email == NURSE["email"]
    assert not user.has_usable_password()
    assert SsoIdentity.objects.get(user=user).subject == NURSE["sub"]
    assert signed_in_as(client) == user.username
    created = AuditEntry.objects.get(action="user_created")
    assert created.actor_name == "single sign-on (oidc)" and created.detail == {"role": "viewer"}
    login = AuditEntry.objects.get(action="login")
    assert login.actor_name == user.username and login.detail == {"via": "oidc"}


def test_the_token_request_carries_the_pkce_verifier_and_the_code_once(provider) -> None:
    sign_in(Client())
    (sent,) = provider.token_requests
    assert len(sent["code_verifier"]) >= 43 and sent["grant_type"] == "authorization_code"


def test_groups_in_the_id_token_map_to_a_role_at_every_sign_in(provider, settings) -> None:
    settings.SSO_ROLE_MAP = "CN=Bedside Admins,OU=Groups,DC=stmarys,DC=org=admin; social-team=social_manager"
    people.create_user("root", "a long enough passphrase 7", "admin")  # so demotion is allowed
    provider.person["groups"] = ["all-staff", "cn=bedside admins,ou=groups,dc=stmarys,dc=org", "social-team"]
    sign_in(Client())
    user = get_user_model().objects.get(username=NURSE["preferred_username"])
    assert role_of(user) == "admin"  # the higher of the two mapped roles

    provider.person["groups"] = ["social-team"]
    sign_in(Client())
    user.refresh_from_db()
    assert role_of(get_user_model().objects.get(pk=user.pk)) == "social_manager"
    change = AuditEntry.objects.get(action="role_changed")
    assert change.actor_name == "single sign-on (oidc)" and change.detail == {"role": "social_manager"}

    provider.person["groups"] = ["all-staff"]  # in no mapped group: least privileged
    sign_in(Client())
    assert role_of(get_user_model().objects.get(pk=user.pk)) == "viewer"


def test_the_last_administrator_keeps_the_role_when_the_group_is_gone(provider, settings) -> None:
    settings.SSO_ROLE_MAP = "bedside-admins=admin"
    provider.person["groups"] = ["bedside-admins"]
    sign_in(Client())
    provider.person["groups"] = []
    client = Client()
    sign_in(client)
    assert role_of(get_user_model().objects.get(username=NURSE["preferred_username"])) == "admin"
    assert signed_in_as(client) == NURSE["preferred_username"]


def test_without_a_role_map_roles_are_kept_as_set_in_bedside(provider) -> None:
    sign_in(Client())
    user = get_user_model().objects.get(username=NURSE["preferred_username"])
    people.create_user("root", "a long enough passphrase 7", "admin")
    lifecycle.set_role(user, "responder")
    provider.person["groups"] = ["anything"]
    sign_in(Client())
    assert role_of(get_user_model().objects.get(pk=user.pk)) == "responder"


def test_someone_outside_every_mapped_group_is_refused_when_required(provider, settings) -> None:
    settings.SSO_ROLE_MAP = "bedside-users=responder"
    settings.SSO_REQUIRE_MAPPED_GROUP = True
    provider.person["groups"] = ["all-staff"]
    client = Client()
    response = sign_in(client)
    assert "not in a group that may use Bedside" in refusal(response)
    assert signed_in_as(client) is None
    assert not get_user_model().objects.filter(username=NURSE["preferred_username"]).exists()
    entry = AuditEntry.objects.get(action="login_failed")
    assert entry.detail["via"] == "oidc" and entry.detail["reason"] == "in no mapped group"


def test_an_existing_local_account_with_the_same_name_is_linked_not_duplicated(provider) -> None:
    local = people.create_user(NURSE["preferred_username"], "a long enough passphrase 7", "responder")
    client = Client()
    sign_in(client)
    assert get_user_model().objects.count() == 1
    assert SsoIdentity.objects.get().user == local and role_of(local) == "responder"
    assert AuditEntry.objects.filter(action="sso_identity_linked", object_id=str(local.pk)).exists()
    assert signed_in_as(client) == local.username


def test_a_name_the_provider_gave_someone_else_before_is_not_handed_over(provider) -> None:
    sign_in(Client())
    provider.person = {**NURSE, "sub": "00u9-another-person"}
    client = Client()
    response = sign_in(client)
    assert "belongs to another person" in refusal(response)
    assert signed_in_as(client) is None


def test_a_deactivated_person_is_refused_and_it_is_audited(provider) -> None:
    sign_in(Client())
    user = get_user_model().objects.get(username=NURSE["preferred_username"])
    people.create_user("root", "a long enough passphrase 7", "admin")
    lifecycle.deactivate(user)
    client = Client()
    response = sign_in(client)
    assert "Your Bedside account is deactivated" in refusal(response)
    assert signed_in_as(client) is None
    failed = AuditEntry.objects.get(action="login_failed")
    assert failed.actor_name == user.username and failed.detail["reason"] == "account deactivated"


def test_deactivating_ends_a_single_sign_on_session_at_once(provider) -> None:
    client = Client()
    sign_in(client)
    user = get_user_model().objects.get(username=NURSE["preferred_username"])
    people.create_user("root", "a long enough passphrase 7", "admin")
    lifecycle.deactivate(user)
    assert client.get("/").status_code == 302


@pytest.mark.parametrize(
    ("change", "said"),
    [
        ({"aud": "some-other-application"}, "issued for another application"),
        ({"exp": int(time.time()) - 600, "iat": int(time.time()) - 900}, "Your sign-in has expired"),
        ({"iss": "https://login.elsewhere.example/tenant"}, "comes from another identity provider"),
        ({"iat": int(time.time()) + 3600}, "not valid yet"),
        ({"nonce": "a-nonce-bedside-never-sent"}, "could not be verified"),
    ],
)
def test_a_wrong_id_token_is_refused_with_a_sentence_saying_why(provider, change, said) -> None:
    provider.id_token_changes = change
    client = Client()
    response = sign_in(client)
    assert said in refusal(response)
    assert signed_in_as(client) is None
    assert not get_user_model().objects.exists()
    assert AuditEntry.objects.get(action="login_failed").detail["via"] == "oidc"


def test_an_id_token_signed_with_a_key_the_provider_does_not_publish_is_refused(provider) -> None:
    provider.sign_with_unpublished_key = True
    client = Client()
    response = sign_in(client)
    assert "signature does not match" in refusal(response)
    assert signed_in_as(client) is None
    assert AuditEntry.objects.get(action="login_failed").detail["reason"] == "ID token signature invalid"


def test_the_same_answer_cannot_be_used_twice(provider) -> None:
    client = Client()
    start = client.get("/oidc/authenticate/")
    back = (
        httpx.get(start["Location"], follow_redirects=False)
        .headers["location"]
        .removeprefix("http://testserver")
    )
    client.get(back)
    client.post("/logout/")
    response = client.get(back, follow=True)
    assert "already used" in refusal(response)
    assert signed_in_as(client) is None


def test_the_provider_saying_no_is_shown(provider) -> None:
    client = Client()
    start = client.get("/oidc/authenticate/")
    state = httpx.URL(start["Location"]).params["state"]
    response = client.get(
        "/oidc/callback/",
        {"error": "access_denied", "error_description": "The user cancelled", "state": state},
        follow=True,
    )
    assert "Your identity provider did not sign you in: The user cancelled" in refusal(response)


def test_an_unreachable_provider_is_said_plainly(settings) -> None:
    settings.OIDC_ISSUER = "http://127.0.0.1:9"  # nothing listens on the discard port
    settings.OIDC_RP_CLIENT_ID = "bedside"
    response = Client().get("/oidc/authenticate/", follow=True)
    assert "could not reach your identity provider" in refusal(response)


def test_an_administrator_signing_in_through_the_provider_is_not_asked_for_a_code(provider, settings) -> None:
    settings.ADMIN_2FA = "REQUIRED"
    settings.SSO_ROLE_MAP = "bedside-admins=admin"
    provider.person["groups"] = ["bedside-admins"]
    client = Client()
    response = sign_in(client)
    assert response.redirect_chain[-1][0] == "/"  # not the two-factor set-up page
    user = get_user_model().objects.get(username=NURSE["preferred_username"])
    assert role_of(user) == "admin" and not twofactor.enabled(user)
    assert client.get("/settings/").status_code == 200


def test_the_sign_in_page_offers_the_provider_only_when_set_up(provider, settings) -> None:
    settings.OIDC_LABEL = "St Mary's account"
    assert "Sign in with St Mary&#x27;s account" in Client().get("/login/").content.decode()
    settings.OIDC_ISSUER = ""
    assert "Sign in with" not in Client().get("/login/").content.decode()
    assert Client().get("/oidc/authenticate/").status_code == 404


def test_behind_a_tls_proxy_the_redirect_uri_is_the_public_address(provider, settings) -> None:
    settings.PUBLIC_URL = "https://bedside.stmarys.example"
    start = Client().get("/oidc/authenticate/")
    assert (
        httpx.URL(start["Location"]).params["redirect_uri"]
        == "https://bedside.stmarys.example/oidc/callback/"
    )
    client = Client()
    assert sign_in(client).redirect_chain[-1][0] == "/"
    assert provider.token_requests[-1]["redirect_uri"] == "https://bedside.stmarys.example/oidc/callback/"


def test_an_id_token_signed_with_another_algorithm_is_refused(provider) -> None:
    provider.algorithm = "HS256"  # signed with the client secret: anyone holding it could forge one
    client = Client()
    response = sign_in(client)
    assert "signed with 'HS256', not RS256" in refusal(response)
    assert signed_in_as(client) is None


def test_userinfo_about_someone_else_is_refused(provider) -> None:
    provider.userinfo_only = {"sub": "00u2-someone-else"}
    client = Client()
    response = sign_in(client)
    assert "described someone else" in refusal(response)
    assert signed_in_as(client) is None
    assert not get_user_model().objects.exists()


def test_signing_out_ends_the_providers_session_too(provider) -> None:
    """A shared workstation: the next person must not be signed straight back
    in by the provider's still-open session."""
    client = Client()
    sign_in(client)
    out = client.post("/logout/")
    assert out.status_code == 302 and out["Location"].startswith(f"{provider.issuer}/logout?")
    assert signed_in_as(client) is None  # Bedside's session ended first, whatever the provider does
    back = httpx.get(out["Location"], follow_redirects=False)
    assert back.status_code == 302 and back.headers["location"] == "http://testserver/login/"
    assert provider.logged_out == [NURSE["sub"]]
    assert AuditEntry.objects.filter(action="logout", actor_name=NURSE["preferred_username"]).exists()


def test_without_an_end_session_endpoint_signing_out_stays_local(provider) -> None:
    provider.offers_logout = False
    client = Client()
    sign_in(client)
    from bedside.workspace.sso import oidc

    oidc._discovered.clear()  # the provider's document changed; Bedside reads it at most hourly
    out = client.post("/logout/")
    assert not out.get("Location", "").startswith(provider.issuer)
    assert signed_in_as(client) is None and provider.logged_out == []


def test_a_password_sign_in_signs_out_locally_even_where_oidc_is_set_up(provider) -> None:
    people.create_user("pat", "a long local passphrase 42", "viewer")
    client = Client()
    assert client.login(username="pat", password="a long local passphrase 42")
    out = client.post("/logout/")
    assert not out.get("Location", "").startswith(provider.issuer)
    assert signed_in_as(client) is None and provider.logged_out == []
