"""The role matrix, walked through every page and API call with personas."""

from __future__ import annotations

import pytest

ALL = {"admin", "manager", "responder", "reviewer", "viewer"}

# (method, url, roles allowed) — url may use {org} and {peer} placeholders.
PAGES = [
    ("get", "/", ALL),
    ("get", "/benchmark/", ALL),
    ("get", "/inbox/", {"admin", "manager", "responder", "reviewer"}),
    ("get", "/publishing/", {"admin", "manager", "responder"}),
    ("get", "/reputation/", ALL),
    ("get", "/reports/", ALL),
    ("get", "/organizations/", ALL),
    ("get", "/organizations/{org}/", ALL),
    ("get", "/organizations/new/", {"admin", "manager"}),
    ("get", "/organizations/from-cms/", {"admin", "manager"}),
    ("get", "/organizations/{org}/edit/", {"admin", "manager"}),
    ("post", "/organizations/{peer}/delete/", {"admin", "manager"}),
    ("get", "/audit/", {"admin", "reviewer"}),
    ("get", "/settings/", ALL),
    ("get", "/settings/users/{user}/role/", {"admin"}),
    ("post", "/settings/users/new/", {"admin"}),
]

#: What to post to pages that take a form.
FORMS = {
    "/settings/users/new/": {"username": "newcomer", "role": "viewer", "password": "a long enough pass phrase 42"},
}

API = [
    ("get", "/api/organizations", ALL),
    ("get", "/api/organizations/{org}", ALL),
    ("get", "/api/hospitals?q=mayo", ALL),
    ("get", "/api/audit", {"admin", "reviewer"}),
    ("post", "/api/organizations", {"admin", "manager"}),
    ("post", "/api/organizations/{org}/channels", {"admin", "manager"}),
    ("delete", "/api/organizations/{peer}", {"admin", "manager"}),
]


def _url(template: str, org, peer, personas) -> str:
    return template.format(org=org.pk, peer=peer.pk, user=personas["viewer"].user.pk)


@pytest.mark.parametrize("method,url,allowed", PAGES, ids=[f"{m} {u}" for m, u, _ in PAGES])
@pytest.mark.parametrize("who", sorted(ALL | {"outsider"}))
def test_pages_follow_the_role_matrix(personas, org, peer, who, method, url, allowed) -> None:
    # A valid form where one is posted, so an allowed role gets the page's success, never a 400.
    data = FORMS.get(url, {})
    response = getattr(personas[who].client, method)(_url(url, org, peer, personas), data)
    if who in allowed:
        assert response.status_code in (200, 302), response.status_code
    else:
        assert response.status_code == 403


@pytest.mark.parametrize("method,url,allowed", API, ids=[f"{m} {u}" for m, u, _ in API])
@pytest.mark.parametrize("who", sorted(ALL))
def test_api_follows_the_same_matrix(personas, org, peer, who, method, url, allowed) -> None:
    from bedside.workspace.models import ApiToken

    _, raw = ApiToken.issue(personas[who].user, "test")
    from django.test import Client

    client = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    body = {"name": f"New org by {who}", "network": "x", "handle": f"@{who}_handle"}
    kwargs = {"data": body, "content_type": "application/json"} if method == "post" else {}
    response = getattr(client, method)(_url(url, org, peer, personas), **kwargs)
    if who in allowed:
        assert response.status_code in (200, 201, 204), response.content
    else:
        assert response.status_code == 403


@pytest.mark.parametrize("url", ["/", "/organizations/", "/audit/", "/settings/"])
def test_it_sends_anonymous_visitors_to_the_login_page(client, db, url) -> None:
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/login/?next=")


def test_it_rejects_api_calls_without_a_token(client, db) -> None:
    assert client.get("/api/organizations").status_code == 401


def test_it_rejects_a_revoked_or_made_up_token(client, personas) -> None:
    from bedside.workspace.models import ApiToken

    token, raw = ApiToken.issue(personas["admin"].user, "script")
    token.delete()
    assert client.get("/api/organizations", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401
    assert client.get("/api/organizations", HTTP_AUTHORIZATION="Bearer bsd_madeup").status_code == 401


def test_navigation_shows_only_what_the_role_may_open(personas) -> None:
    viewer_page = personas["viewer"].client.get("/").content.decode()
    admin_page = personas["admin"].client.get("/").content.decode()
    assert 'href="/audit/"' not in viewer_page
    assert 'href="/audit/"' in admin_page
