"""The role matrix, walked through every page and API call with personas."""

from __future__ import annotations

import pytest

ALL = {"admin", "manager", "responder", "reviewer", "viewer"}

# (method, url, roles allowed) — url may use {org} and {peer} placeholders.
PAGES = [
    ("get", "/", ALL),
    ("get", "/benchmark/", ALL),
    ("get", "/inbox/", {"admin", "manager", "responder", "reviewer"}),
    ("get", "/publishing/", {"admin", "manager", "responder", "reviewer"}),
    ("get", "/reputation/", ALL),
    ("get", "/reports/", ALL),
    ("get", "/organizations/", ALL),
    ("get", "/organizations/{org}/", ALL),
    ("get", "/organizations/new/", {"admin", "manager"}),
    ("get", "/organizations/from-cms/", {"admin", "manager"}),
    ("get", "/organizations/{org}/edit/", {"admin", "manager"}),
    ("post", "/organizations/{peer}/delete/", {"admin"}),
    ("get", "/audit/", {"admin", "reviewer"}),
    ("get", "/settings/", ALL),
    ("get", "/settings/users/{user}/role/", {"admin"}),
    ("post", "/settings/users/new/", {"admin"}),
]

#: What to post to pages that take a form.
FORMS = {
    "/settings/users/new/": {"username": "newcomer", "role": "viewer", "password": "a long enough pass phrase 42"},
    # Deleting asks for the organization's name (the peer fixture's).
    "/organizations/{peer}/delete/": {"confirm": "Lakeside Medical Center"},
}

API = [
    ("get", "/api/organizations", ALL),
    ("get", "/api/organizations/{org}", ALL),
    ("get", "/api/hospitals?q=mayo", ALL),
    ("get", "/api/audit", {"admin", "reviewer"}),
    ("post", "/api/organizations", {"admin", "manager"}),
    ("post", "/api/organizations/{org}/channels", {"admin", "manager"}),
    ("delete", "/api/organizations/{peer}?confirm=Lakeside%20Medical%20Center", {"admin"}),
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


def test_no_page_links_a_role_to_a_page_it_cannot_open(personas) -> None:
    # Every link on the dashboard (navigation and sections) must open for the one who sees it.
    import re

    for name, persona in personas.items():
        if name == "outsider":
            continue
        html = persona.client.get("/").content.decode()
        for href in set(re.findall(r'href="(/[^"#?]*)"', html)):
            if href.startswith("/static/"):
                continue
            status = persona.client.get(href).status_code
            assert status == 200, f"{name} sees a link to {href}, which answers {status}"


def test_the_api_refuses_in_words(personas) -> None:
    from bedside.workspace.models import ApiToken

    _token, raw = ApiToken.issue(personas["viewer"].user, "script")
    answer = personas["viewer"].client.post("/api/guard/check", {"text": "hello"}, content_type="application/json",
                                           HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert answer.status_code == 403
    assert "does not allow you to write replies and drafts or approve replies and posts" in answer.json()["detail"]


def test_a_server_error_is_a_styled_page_and_is_logged(personas, caplog) -> None:
    from django.test import Client
    from django.urls import path

    from bedside import urls

    def broken(request):  # noqa: ARG001
        raise RuntimeError("chart engine fell over")

    broken.required_capabilities = ()  # reached only through this test's own URL
    urls.urlpatterns.append(path("test-broken/", broken))
    try:
        client = Client(raise_request_exception=False)
        client.force_login(personas["viewer"].user)
        response = client.get("/test-broken/")
    finally:
        urls.urlpatterns.pop()
    html = response.content.decode()
    assert response.status_code == 500
    assert "Something went wrong" in html and "bedside.css" in html
    assert "chart engine fell over" not in html
    assert any("chart engine fell over" in str(r.exc_info) for r in caplog.records if r.exc_info)
