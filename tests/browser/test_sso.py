"""Signing in through the hospital's identity provider in a real browser:
OpenID Connect and SAML 2.0, each against a provider running on 127.0.0.1
(tests/standin/oidc_provider.py, tests/standin/saml_idp.py)."""

from __future__ import annotations

import httpx
import pytest
from django.contrib.auth import get_user_model

from bedside.workspace.models import AuditEntry
from bedside.workspace.permissions import role_of
from tests.standin.oidc_provider import OidcProvider
from tests.standin.saml_idp import SamlIdp

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def bedside_url(live_server) -> str:
    # The providers listen on 127.0.0.1: the same site as Bedside, so its
    # SameSite=Lax cookies travel with the provider's POST back (over HTTPS,
    # BEDSIDE_SECURE_COOKIES makes djangosaml2's cookie SameSite=None instead).
    return live_server.url.replace("localhost", "127.0.0.1")


def test_a_nurse_signs_in_with_openid_connect_and_lands_on_the_dashboard(
    page, live_server, standin, settings, output_dir
) -> None:
    provider = OidcProvider(
        standin,
        person={
            "sub": "00u7-imani",
            "preferred_username": "imani.clarke",
            "email": "imani.clarke@stmarys.example",
            "groups": ["bedside-responders"],
        },
    )
    provider.settings_for(settings)
    settings.OIDC_LABEL = "St Mary's account"
    settings.SSO_ROLE_MAP = "bedside-responders=responder"
    base = bedside_url(live_server)

    page.goto(f"{base}/inbox/")
    page.get_by_role("link", name="Sign in with St Mary's account").click()
    page.get_by_role("heading", name="Stand-in identity provider").wait_for()
    page.get_by_role("button", name="Continue as imani.clarke").click()
    page.wait_for_url(f"{base}/inbox/")
    page.screenshot(path=str(output_dir / "sso-oidc-signed-in.png"), full_page=True)

    user = get_user_model().objects.get(username="imani.clarke")
    assert role_of(user) == "responder"
    assert AuditEntry.objects.get(action="login").detail == {"via": "oidc"}


def test_a_refused_openid_connect_sign_in_says_why_on_the_sign_in_page(
    page, live_server, standin, settings
) -> None:
    provider = OidcProvider(
        standin,
        person={"sub": "00u7-imani", "preferred_username": "imani.clarke"},
        id_token_changes={"aud": "another-application"},
    )
    provider.settings_for(settings)
    base = bedside_url(live_server)
    page.goto(f"{base}/login/")
    page.get_by_role("link", name="Sign in with single sign-on").click()
    page.get_by_role("button", name="Continue as imani.clarke").click()
    page.wait_for_url(f"{base}/login/")
    assert "The ID token was issued for another application" in page.get_by_role("status").inner_text()
    assert not get_user_model().objects.exists()


def test_a_manager_signs_in_with_saml_through_adfs_style_groups(
    page, live_server, standin, settings, output_dir
) -> None:
    group = "http://schemas.xmlsoap.org/claims/Group"
    idp = SamlIdp(
        standin,
        person={
            "name_id": "darnell.pike",
            "email": ["darnell.pike@harborpoint.example"],
            group: ["CN=Social Team,OU=Groups,DC=harborpoint,DC=org"],
        },
    )
    idp.settings_for(settings)
    settings.SAML_GROUPS_ATTRIBUTE = group
    settings.SAML_LABEL = "Harbor Point ADFS"
    settings.SSO_ROLE_MAP = "CN=Social Team,OU=Groups,DC=harborpoint,DC=org=social_manager"
    base = bedside_url(live_server)
    idp.sp_metadata = httpx.get(f"{base}/saml2/metadata/").text

    page.goto(f"{base}/publishing/")
    page.get_by_role("link", name="Sign in with Harbor Point ADFS").click()
    page.get_by_role("heading", name="Stand-in SAML identity provider").wait_for()
    page.get_by_role("button", name="Continue as darnell.pike").click()
    page.get_by_role("button", name="Continue to the application").click()
    page.wait_for_url(f"{base}/publishing/")
    page.screenshot(path=str(output_dir / "sso-saml-signed-in.png"), full_page=True)

    user = get_user_model().objects.get(username="darnell.pike")
    assert role_of(user) == "social_manager"
    assert AuditEntry.objects.get(action="login").detail == {"via": "saml"}


def test_a_wrongly_signed_saml_answer_is_refused_in_the_browser(page, live_server, standin, settings) -> None:
    idp = SamlIdp(standin, person={"name_id": "darnell.pike"}, sign_with_unpublished_key=True)
    idp.settings_for(settings)
    base = bedside_url(live_server)
    idp.sp_metadata = httpx.get(f"{base}/saml2/metadata/").text
    page.goto(f"{base}/login/")
    page.get_by_role("link", name="Sign in with SAML single sign-on").click()
    page.get_by_role("button", name="Continue as darnell.pike").click()
    page.get_by_role("button", name="Continue to the application").click()
    page.get_by_role("heading", name="Sign-in refused").wait_for()
    assert "signature on this sign-in did not verify" in page.get_by_role("alert").inner_text()
    assert not get_user_model().objects.exists()
