"""Security headers: HSTS once cookies are secure, no-store on every page
that can show PHI or a secret, and a strict Content-Security-Policy (the
browser check that pages honour it is tests/browser/test_web_csp.py)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.test import Client

from bedside.workspace.models import ApiToken


def _settings_value(name: str, **env: str) -> str:
    code = f"import bedside.settings as s; print(s.{name})"
    environ = {**os.environ, "BEDSIDE_SECRET_KEY": "x" * 40, **env}
    return subprocess.run([sys.executable, "-c", code], env=environ, capture_output=True, text=True,
                           check=True).stdout.strip()


def test_hsts_is_configured_exactly_when_cookies_are_secure() -> None:
    assert _settings_value("SECURE_HSTS_SECONDS", BEDSIDE_SECURE_COOKIES="true") == str(365 * 24 * 3600)
    assert _settings_value("SECURE_HSTS_SECONDS", BEDSIDE_SECURE_COOKIES="false") == "0"


def test_hsts_is_sent_with_secure_cookies(personas, settings) -> None:
    client = personas["viewer"].client
    assert "Strict-Transport-Security" not in client.get("/")
    settings.SESSION_COOKIE_SECURE = True
    settings.SECURE_HSTS_SECONDS = 31536000
    assert client.get("/")["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert Client().get("/login/")["Strict-Transport-Security"].startswith("max-age=31536000")


@pytest.mark.parametrize("url", ["/", "/inbox/", "/settings/", "/audit/", "/organizations/", "/reports/",
                                 "/benchmark/", "/reports/benchmark/?format=csv"])
def test_pages_are_never_cached(personas, url) -> None:
    response = personas["admin"].client.get(url)
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"


def test_api_answers_and_the_sign_in_page_are_never_cached(personas) -> None:
    _, raw = ApiToken.issue(personas["viewer"].user, "script")
    assert Client().get("/api/organizations", HTTP_AUTHORIZATION=f"Bearer {raw}")["Cache-Control"] == "no-store"
    assert Client().get("/login/")["Cache-Control"] == "no-store"


def test_static_files_stay_cacheable(db) -> None:
    response = Client().get("/static/bedside/bedside.css")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")


def test_every_page_gets_a_strict_content_security_policy(personas) -> None:
    policy = personas["viewer"].client.get("/")["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'" and directives["object-src"] == "'none'"
    assert "unsafe" not in policy


def test_the_executive_report_allows_only_its_own_style_block(personas) -> None:
    response = personas["viewer"].client.get("/reports/benchmark/", {"format": "html"})
    policy = response["Content-Security-Policy"]
    assert "'sha256-" in policy and "unsafe" not in policy
