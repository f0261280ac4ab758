"""Passwords switched off for everyone but the one break-glass administrator,
and the role map read from BEDSIDE_SSO_ROLE_MAP."""

from __future__ import annotations

import pytest
from django.test import Client

from bedside.workspace import people
from bedside.workspace.models import AuditEntry
from bedside.workspace.sso import mapping
from bedside.workspace.sso.mapping import Role, RoleMapError, parse_role_map, role_for
from bedside.workspace.sso.provision import Assertion, SignInRefused, sign_in

PASSWORD = "a long enough passphrase 7"


@pytest.fixture
def passwords_off(db, settings) -> None:
    settings.LOCAL_SIGN_IN = False
    settings.BREAK_GLASS_ADMIN = "glass"
    people.create_user("glass", PASSWORD, "admin")
    people.create_user("priya", PASSWORD, "responder")


def test_with_passwords_off_a_person_cannot_sign_in_with_one(passwords_off) -> None:
    client = Client()
    response = client.post("/login/", {"username": "priya", "password": PASSWORD})
    assert response.status_code == 200
    assert "Signing in with a password is turned off here" in response.content.decode()
    assert client.get("/").status_code == 302
    failed = AuditEntry.objects.get(action="login_failed")
    assert failed.actor_name == "priya" and failed.detail == {
        "via": "password",
        "reason": "password sign-in is off",
    }


def test_a_refused_name_that_is_no_account_is_not_written_down(passwords_off) -> None:
    Client().post("/login/", {"username": "my secret password", "password": "x"})
    failed = AuditEntry.objects.get(action="login_failed")
    assert failed.actor_name == "unknown user" and "my secret" not in str(failed.detail)


def test_the_break_glass_administrator_still_signs_in_and_it_stands_out(passwords_off) -> None:
    client = Client()
    response = client.post("/login/", {"username": "glass", "password": PASSWORD})
    assert response.status_code == 302 and client.get("/").status_code == 200
    assert AuditEntry.objects.get(action="login").detail == {"via": "password", "break_glass": True}


def test_the_break_glass_administrator_still_needs_the_right_password(passwords_off) -> None:
    response = Client().post("/login/", {"username": "glass", "password": "not it at all"})
    assert "correct username and password" in response.content.decode()


def test_the_sign_in_page_hides_the_password_form_behind_break_glass(passwords_off) -> None:
    page = Client().get("/login/").content.decode()
    assert "<summary>Break-glass administrator</summary>" in page


def test_with_passwords_on_nothing_changes(db, settings) -> None:
    people.create_user("priya", PASSWORD, "responder")
    assert Client().post("/login/", {"username": "priya", "password": PASSWORD}).status_code == 302
    assert AuditEntry.objects.get(action="login").detail == {"via": "password"}
    assert "Break-glass" not in Client().get("/login/").content.decode()


def test_the_break_glass_account_cannot_be_taken_through_single_sign_on(passwords_off) -> None:
    with pytest.raises(SignInRefused, match="break-glass administrator signs in with its password only"):
        sign_in(Assertion("oidc", "https://idp.example", "subject-1", "Glass"))
    assert AuditEntry.objects.get(action="login_failed").detail["reason"] == "break-glass account"


def test_a_sign_in_without_a_subject_or_username_is_refused(db) -> None:
    with pytest.raises(SignInRefused, match="no subject"):
        sign_in(Assertion("saml", "https://idp.example", "", "someone"))
    with pytest.raises(SignInRefused, match="sent no username"):
        sign_in(Assertion("saml", "https://idp.example", "subject-2", "  "))


def test_a_person_without_a_role_gets_the_least_privileged_one_on_linking(db) -> None:
    from django.contrib.auth import get_user_model

    from bedside.workspace.permissions import role_of

    get_user_model().objects.create_user(username="walt", password=PASSWORD)  # made with Django's tools
    user = sign_in(Assertion("oidc", "https://idp.example", "s-walt", "walt"))
    assert role_of(user) == "viewer"


# -- the role map --------------------------------------------------------------


def test_a_role_map_reads_groups_with_equals_signs_and_commas() -> None:
    found = parse_role_map(
        "CN=Bedside Admins,OU=Groups,DC=example,DC=org = admin ;\n  Social Team=Social_Manager\n"
    )
    assert found == {
        "cn=bedside admins,ou=groups,dc=example,dc=org": Role.ADMIN,
        "social team": Role.SOCIAL_MANAGER,
    }


def test_the_highest_mapped_role_wins_and_unmapped_groups_are_ignored() -> None:
    roles = parse_role_map("responders=responder;compliance=compliance;everyone=viewer")
    assert role_for(["Everyone", "RESPONDERS", "compliance"], roles) == Role.COMPLIANCE
    assert role_for(["marketing"], roles) is None
    assert role_for([], {}) is None


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("admins", "entry 1 ('admins') is not GROUP=role"),
        (
            "a=admin; b=superuser",
            "entry 2 ('b=superuser') names the role 'superuser'; expected one of admin,",
        ),
        ("=admin", "entry 1 ('=admin') is not GROUP=role"),
        ("team=viewer;TEAM=admin", "entry 2 maps the group 'TEAM' a second time"),
    ],
)
def test_a_bad_role_map_says_which_entry_and_why(text, said) -> None:
    with pytest.raises(RoleMapError) as error:
        parse_role_map(text)
    assert said in str(error.value) and str(error.value).startswith("BEDSIDE_SSO_ROLE_MAP: ")


@pytest.mark.parametrize(
    ("value", "groups"),
    [(None, ()), ("one-group", ("one-group",)), (["a", "", None, "b"], ("a", "b")), ("", ())],
)
def test_a_groups_claim_is_a_list_or_one_string(value, groups) -> None:
    assert mapping.as_groups(value) == groups


# -- start-up checks -----------------------------------------------------------


def _ids(settings_changes: dict, settings) -> set[str]:
    from bedside.workspace.checks import check_single_sign_on

    for name, value in settings_changes.items():
        setattr(settings, name, value)
    return {p.id for p in check_single_sign_on()}


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        ({"SSO_ROLE_MAP": "admins"}, "bedside.E050"),
        ({"OIDC_ISSUER": "https://login.example/tenant", "OIDC_RP_CLIENT_ID": ""}, "bedside.E051"),
        ({"SAML_IDP_METADATA_FILE": "/nonexistent/federationmetadata.xml"}, "bedside.E052"),
        ({"SAML_SP_KEY_FILE": "/etc/bedside/sp.key", "SAML_SP_CERT_FILE": ""}, "bedside.E053"),
        ({"LOCAL_SIGN_IN": False, "BREAK_GLASS_ADMIN": "glass"}, "bedside.E055"),
        (
            {
                "LOCAL_SIGN_IN": False,
                "BREAK_GLASS_ADMIN": "",
                "SAML_IDP_METADATA_URL": "https://adfs.example/md",
            },
            "bedside.W050",
        ),
    ],
)
def test_settings_that_cannot_work_are_caught_at_start_up(settings, changes, problem) -> None:
    assert _ids({}, settings) == set()
    assert problem in _ids(changes, settings)


def test_the_break_glass_account_must_be_an_active_administrator(db, settings) -> None:
    from bedside.workspace.checks import check_break_glass_account

    settings.BREAK_GLASS_ADMIN = "glass"
    assert [p.id for p in check_break_glass_account()] == ["bedside.W051"]
    people.create_user("glass", PASSWORD, "responder")
    assert [p.id for p in check_break_glass_account()] == ["bedside.W051"]
    people.create_user("root", PASSWORD, "admin")
    from django.contrib.auth import get_user_model

    from bedside.workspace import lifecycle

    lifecycle.set_role(get_user_model().objects.get(username="glass"), "admin")
    assert check_break_glass_account() == []


def test_no_password_link_is_made_while_passwords_are_off(passwords_off) -> None:
    from django.contrib.auth import get_user_model

    from bedside.workspace import lifecycle

    with pytest.raises(lifecycle.LifecycleError, match="Passwords are turned off here"):
        lifecycle.reset_link(get_user_model().objects.get(username="priya"))
    assert "/password/reset/" in lifecycle.reset_link(get_user_model().objects.get(username="glass"))


def test_two_factor_is_required_only_of_administrators_who_have_a_password(db, settings) -> None:
    from bedside.workspace import twofactor
    from bedside.workspace.sso.provision import Assertion, sign_in

    settings.ADMIN_2FA = "REQUIRED"
    settings.SSO_ROLE_MAP = "admins=admin"
    by_password = people.create_user("root", PASSWORD, "admin")
    by_provider = sign_in(Assertion("oidc", "https://idp.example", "s-ada", "ada", groups=("admins",)))
    assert twofactor.required(by_password) and not twofactor.required(by_provider)


def test_the_cli_lists_how_each_person_signs_in(db) -> None:
    from click.testing import CliRunner

    from bedside.cli import main

    people.create_user("root", PASSWORD, "admin")
    sign_in(Assertion("saml", "https://adfs.example/adfs/services/trust", "s-lena", "lena"))
    listed = CliRunner().invoke(main, ["user", "list"]).output
    assert "lena  viewer  active  last sign-in never  signs in with saml" in listed
    assert "root  admin  active  last sign-in never  signs in with password" in listed
