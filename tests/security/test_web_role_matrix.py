"""The role matrix, written out: every page and every API operation against
every role, allowed or refused. A new page or operation fails
`test_the_matrix_names_every_page_and_operation` until someone decides here
who may use it."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from bedside.workspace.models import ApiToken

A, M, R, C, V = "admin", "manager", "responder", "reviewer", "viewer"
EVERYONE = {A, M, R, C, V}
ORGS = {A, M}
ADMIN = {A}
MESSAGES = {A, M, R, C}
REPLY = {A, M, R}
APPROVE = {A, C}
PUBLISH = {A, M}
NONE = 999_999  # an object that does not exist: a refusal must come before the lookup

# url name -> (method, path, roles allowed). Pages for signed-in people only.
PAGES: dict[str, tuple[str, str, set[str]]] = {
    "dashboard": ("get", "/", EVERYONE),
    "password_change": ("get", "/password/", EVERYONE),
    "password_change_done": ("get", "/password/done/", EVERYONE),
    "benchmark": ("get", "/benchmark/", EVERYONE),
    "owned_media": ("get", "/benchmark/organizations/{org}/media/", EVERYONE),
    "owned_media_delete": ("post", f"/benchmark/media/{NONE}/delete/", ORGS),
    "inbox": ("get", "/inbox/", MESSAGES),
    "inbox_message": ("get", f"/inbox/{NONE}/", MESSAGES),
    "inbox_check": ("post", f"/inbox/{NONE}/check/", REPLY),
    "inbox_reply": ("post", f"/inbox/{NONE}/replies/", REPLY),
    "inbox_reply_action": ("post", f"/inbox/{NONE}/replies/{NONE}/", REPLY),
    "inbox_message_action": ("post", f"/inbox/{NONE}/actions/", REPLY),
    "inbox_takedown_confirm": ("get", f"/inbox/{NONE}/takedown/", REPLY),
    "demo_network": ("get", "/demo-network/", MESSAGES),
    "inbox_approvals": ("get", "/inbox/approvals/", APPROVE),
    "inbox_review": ("post", f"/inbox/approvals/{NONE}/", APPROVE),
    "inbox_canned": ("get", "/inbox/canned/", MESSAGES),
    "inbox_canned_propose": ("post", f"/inbox/canned/{NONE}/versions/", REPLY),
    "inbox_canned_check": ("post", "/inbox/canned/check/", REPLY | APPROVE),
    "inbox_canned_review": ("post", f"/inbox/canned/versions/{NONE}/review/", APPROVE),
    "inbox_settings": ("get", "/inbox/settings/", {A}),
    "inbox_settings_delete": ("post", f"/inbox/settings/rule/{NONE}/delete/", {A}),
    "inbox_times": ("get", "/inbox/response-times/", MESSAGES),
    "inbox_acknowledge": ("post", f"/inbox/{NONE}/acknowledge/", REPLY),
    "inbox_test_alert": ("post", f"/inbox/settings/alert/{NONE}/test/", {A}),
    "inbox_on_call": ("get", "/inbox/on-call/", MESSAGES),
    "inbox_on_call_delete": ("post", f"/inbox/on-call/{NONE}/delete/", {A}),
    "publishing": ("get", "/publishing/", REPLY | APPROVE),
    "publishing_check": ("post", "/publishing/check/", REPLY | APPROVE),
    "publishing_compose": ("get", "/publishing/new/", PUBLISH),
    "publishing_preview": ("post", "/publishing/preview/", PUBLISH),
    "publishing_calendar": ("get", "/publishing/calendar/", PUBLISH | APPROVE),
    # Social managers open the approvals too: which chain step a person may decide is
    # the chain's rule (workspace.approvals), checked when they decide.
    "publishing_approvals": ("get", "/publishing/approvals/", PUBLISH | APPROVE),
    "publishing_best_time": ("get", "/publishing/best-times/", PUBLISH | APPROVE),
    "publishing_campaign": ("get", "/publishing/campaigns/no-such-campaign/", PUBLISH | APPROVE),
    "publishing_post": ("get", f"/publishing/posts/{NONE}/", PUBLISH | APPROVE),
    "publishing_edit": ("get", f"/publishing/posts/{NONE}/edit/", PUBLISH),
    "publishing_submit": ("post", f"/publishing/posts/{NONE}/submit/", PUBLISH),
    "publishing_review": ("post", f"/publishing/posts/{NONE}/review/", PUBLISH | APPROVE),
    "publishing_publish": ("post", f"/publishing/variants/{NONE}/publish/", PUBLISH),
    "publishing_schedule": ("post", f"/publishing/variants/{NONE}/schedule/", PUBLISH),
    "publishing_move": ("post", f"/publishing/variants/{NONE}/move/", PUBLISH),
    "publishing_upload": ("post", f"/publishing/posts/{NONE}/images/", PUBLISH),
    "publishing_image": ("get", f"/publishing/images/{NONE}/", PUBLISH | APPROVE),
    "publishing_upload_video": ("post", f"/publishing/posts/{NONE}/video/", PUBLISH),
    "publishing_video": ("get", f"/publishing/videos/{NONE}/", PUBLISH | APPROVE),
    "publishing_series": ("get", "/publishing/series/", PUBLISH | APPROVE),
    "publishing_series_new": ("get", "/publishing/series/new/", PUBLISH),
    "publishing_series_detail": ("get", f"/publishing/series/{NONE}/", PUBLISH | APPROVE),
    "publishing_series_edit": ("get", f"/publishing/series/{NONE}/edit/", PUBLISH),
    "publishing_series_state": ("post", f"/publishing/series/{NONE}/state/", PUBLISH),
    "publishing_queues": ("get", "/publishing/queues/", PUBLISH | APPROVE),
    "publishing_queue_new": ("get", "/publishing/queues/new/", PUBLISH),
    "publishing_queue": ("get", f"/publishing/queues/{NONE}/", PUBLISH | APPROVE),
    "publishing_queue_edit": ("get", f"/publishing/queues/{NONE}/edit/", PUBLISH),
    "publishing_queue_add": ("post", f"/publishing/queues/{NONE}/posts/", PUBLISH),
    "publishing_queue_entry": ("post", f"/publishing/queues/{NONE}/entries/{NONE}/", PUBLISH),
    "publishing_queue_pause": ("post", f"/publishing/queues/{NONE}/pause/", PUBLISH),
    "reputation": ("get", "/reputation/", EVERYONE),
    "listening": ("get", "/listening/", EVERYONE),
    "listening_new": ("get", "/listening/new/", ORGS),
    "listening_search": ("get", f"/listening/{NONE}/", EVERYONE),
    "listening_run": ("post", f"/listening/{NONE}/run/", ORGS),
    # Bodies in bulk: those who run searches and compliance, not responders (one at a time).
    "listening_export": ("get", f"/listening/{NONE}/export/", ORGS | APPROVE),
    "listening_mention": ("get", f"/listening/mentions/{NONE}/", MESSAGES),
    "listening_reviewed": ("post", f"/listening/mentions/{NONE}/reviewed/", APPROVE),
    "listening_staff": ("get", "/listening/staff/", {A, C}),
    "listening_staff_post": ("get", f"/listening/staff/posts/{NONE}/", MESSAGES),
    "listening_staff_reviewed": ("post", f"/listening/staff/posts/{NONE}/reviewed/", APPROVE),
    "reputation_providers": ("get", "/reputation/providers/", EVERYONE),
    "reputation_import": ("post", "/reputation/providers/import/", ORGS),
    "reputation_add": ("post", "/reputation/providers/add/", ORGS),
    "reputation_provider": ("get", f"/reputation/providers/{NONE}/", EVERYONE),
    "reputation_attach": ("post", f"/reputation/providers/{NONE}/listings/", ORGS),
    "reputation_find": ("post", f"/reputation/providers/{NONE}/candidates/", ORGS),
    "reputation_decide": ("post", f"/reputation/providers/{NONE}/candidates/{NONE}/", ORGS),
    "reputation_locations": ("get", "/reputation/locations/", EVERYONE),
    "reputation_nearby": ("get", "/reputation/nearby/", EVERYONE),
    "reputation_fixes": ("get", "/reputation/fixes/yelp.csv", EVERYONE),
    "reputation_leaders": ("get", "/reputation/departments/", EVERYONE),
    "reputation_leaders_set": ("post", "/reputation/departments/leader/", ORGS),
    "reputation_stars": ("get", "/reputation/stars/", EVERYONE),
    "reputation_stars_import": ("post", "/reputation/stars/import/", ORGS),
    "reputation_stars_review": ("post", f"/reputation/stars/comments/{NONE}/", APPROVE),
    "reputation_stars_publish": ("post", "/reputation/stars/publish/", ORGS),
    "reports": ("get", "/reports/", EVERYONE),
    "report_benchmark": ("get", "/reports/benchmark/?format=json", EVERYONE),
    "channel_detail": ("get", "/channels/{channel}/", EVERYONE),
    "channel_sync": ("post", f"/channels/{NONE}/sync/", ORGS),
    "channel_credentials": ("post", f"/channels/{NONE}/credentials/", ORGS),
    "channel_connect": ("post", f"/channels/{NONE}/connect/", ORGS),
    "oauth_callback": ("get", "/oauth/callback/x/", ORGS),
    "organizations": ("get", "/organizations/", EVERYONE),
    "organization_new": ("get", "/organizations/new/", ORGS),
    "peer_from_cms": ("get", "/organizations/from-cms/", ORGS),
    "organization_detail": ("get", "/organizations/{org}/", EVERYONE),
    "organization_edit": ("get", "/organizations/{org}/edit/", ORGS),
    "organization_delete": ("post", f"/organizations/{NONE}/delete/", ADMIN),
    "organization_restore": ("post", f"/organizations/{NONE}/restore/", ADMIN),
    "channel_delete": ("post", f"/channels/{NONE}/delete/", ORGS),
    "audit": ("get", "/audit/", {A, C}),
    "settings": ("get", "/settings/", EVERYONE),
    "vocabulary": ("get", "/settings/vocabulary/", EVERYONE),
    "vocabulary_add": ("post", "/settings/vocabulary/add/", {A, C}),
    "vocabulary_remove": ("post", f"/settings/vocabulary/{NONE}/remove/", {A, C}),
    "user_create": ("post", "/settings/users/new/", {A}),
    "user_role": ("get", "/settings/users/{user}/role/", {A}),
    "user_deactivate": ("post", f"/settings/users/{NONE}/deactivate/", {A}),
    "user_reactivate": ("post", f"/settings/users/{NONE}/reactivate/", {A}),
    "user_reset_link": ("post", f"/settings/users/{NONE}/reset-link/", {A}),
    "user_unlock": ("post", "/settings/unlock/", {A}),
    "two_factor": ("get", "/settings/two-factor/", EVERYONE),
    "governance": ("get", "/governance/", {A, C}),
    "governance_retention": ("post", "/governance/retention/", {A}),
    "governance_hold": ("post", "/governance/holds/", {A, C}),
    "governance_lift": ("post", f"/governance/holds/{NONE}/lift/", {A, C}),
    "governance_policies": ("get", "/governance/policies/", {A, C}),
    "governance_policy_propose": ("post", "/governance/policies/community/propose/", {A, C}),
    "governance_policy_review": ("post", f"/governance/policies/versions/{NONE}/review/", APPROVE),
    "governance_employee_policy": ("get", "/governance/policies/employee/", MESSAGES),
    "governance_policy_accept": ("post", f"/governance/policies/versions/{NONE}/accept/", MESSAGES),
    "governance_training": ("get", "/governance/training/", MESSAGES),
    "governance_training_take": ("post", "/governance/training/take/", MESSAGES),
    "governance_scenario_add": ("post", "/governance/training/scenarios/", APPROVE),
    "governance_scenario_toggle": ("post", f"/governance/training/scenarios/{NONE}/toggle/", APPROVE),
    "governance_training_requirements": ("post", "/governance/training/requirements/", {A}),
    "governance_matrix": ("get", "/governance/matrix/", EVERYONE),
    "governance_matrix_save": ("post", f"/governance/matrix/{NONE}/", {A}),
    "governance_archive": ("get", "/governance/archive/", {A, C}),
    "token_create": ("post", "/settings/tokens/new/", EVERYONE),
    "token_revoke": ("post", f"/settings/tokens/{NONE}/revoke/", EVERYONE),
}
# Open to anyone: signing in and out, and the health check.
# demo_network_api: the demo's sandbox network, authenticated by its own bearer token like a network's API.
# Single sign-on: starting it, the identity provider's answers and Bedside's SAML metadata (workspace/sso/).
# publishing_public_media: a signed, expiring address the networks fetch an approved image from.
PUBLIC = {"login", "logout", "healthz", "password_reset_confirm", "login_code", "demo_network_api", "publishing_public_media",
          "oidc_start", "oidc_callback", "saml2_login", "saml2_acs", "saml2_metadata"}

# (method, schema path) -> (path to call, JSON body, roles allowed)
API: dict[tuple[str, str], tuple[str, dict | None, set[str]]] = {
    ("get", "/api/organizations"): ("/api/organizations", None, EVERYONE),
    ("post", "/api/organizations"): ("/api/organizations", {"name": "Matrix Health"}, ORGS),
    ("get", "/api/organizations/{org_id}"): (f"/api/organizations/{NONE}", None, EVERYONE),
    ("delete", "/api/organizations/{org_id}"): (f"/api/organizations/{NONE}", None, ADMIN),
    ("get", "/api/organizations/{org_id}/deletion"): (f"/api/organizations/{NONE}/deletion", None, ADMIN),
    ("post", "/api/organizations/{org_id}/restore"): (f"/api/organizations/{NONE}/restore", None, ADMIN),
    ("post", "/api/peers/from-cms"): ("/api/peers/from-cms", {"facility_id": "000000"}, ORGS),
    ("post", "/api/organizations/{org_id}/channels"): (
        f"/api/organizations/{NONE}/channels", {"network": "x", "handle": "matrix"}, ORGS),
    ("get", "/api/hospitals"): ("/api/hospitals?q=mayo", None, EVERYONE),
    ("get", "/api/audit"): ("/api/audit", None, {A, C}),
    ("get", "/api/benchmark"): ("/api/benchmark", None, EVERYONE),
    ("get", "/api/channels/{channel_id}/sync-runs"): (f"/api/channels/{NONE}/sync-runs", None, EVERYONE),
    ("get", "/api/sync-runs"): ("/api/sync-runs", None, EVERYONE),
    ("post", "/api/channels/{channel_id}/sync"): (f"/api/channels/{NONE}/sync", None, ORGS),
    ("get", "/api/inbox/messages"): ("/api/inbox/messages", None, MESSAGES),
    ("get", "/api/inbox/messages/{message_id}"): (f"/api/inbox/messages/{NONE}", None, MESSAGES),
    ("get", "/api/inbox/queues"): ("/api/inbox/queues", None, MESSAGES),
    ("post", "/api/inbox/messages/{message_id}/check"): (
        f"/api/inbox/messages/{NONE}/check", {"body": "Thanks for writing."}, REPLY),
    ("post", "/api/inbox/messages/{message_id}/replies"): (
        f"/api/inbox/messages/{NONE}/replies", {"body": "Thanks for writing.", "send": False}, REPLY),
    ("post", "/api/inbox/replies/{reply_id}/approve"): (f"/api/inbox/replies/{NONE}/approve", {"note": ""}, APPROVE),
    ("post", "/api/inbox/replies/{reply_id}/reject"): (f"/api/inbox/replies/{NONE}/reject", {"note": ""}, APPROVE),
    ("post", "/api/inbox/replies/{reply_id}/retry"): (f"/api/inbox/replies/{NONE}/retry", None, REPLY),
    ("post", "/api/inbox/messages/{message_id}/takedown"): (
        f"/api/inbox/messages/{NONE}/takedown", {"action": "hide"}, REPLY),
    ("get", "/api/inbox/response-times"): ("/api/inbox/response-times", None, MESSAGES),
    ("get", "/api/listening/searches"): ("/api/listening/searches", None, EVERYONE),
    ("post", "/api/listening/searches"): (
        "/api/listening/searches", {"name": "Matrix", "organization_id": NONE, "query": "matrix",
                                    "sources": ["bluesky"]}, ORGS),
    ("post", "/api/listening/searches/{search_id}/run"): (f"/api/listening/searches/{NONE}/run", None, ORGS),
    ("get", "/api/listening/searches/{search_id}/mentions"): (
        f"/api/listening/searches/{NONE}/mentions", None, EVERYONE),
    ("get", "/api/listening/mentions/{mention_id}"): (f"/api/listening/mentions/{NONE}", None, MESSAGES),
    ("get", "/api/listening/searches/{search_id}/intents"): (
        f"/api/listening/searches/{NONE}/intents", None, EVERYONE),
    ("get", "/api/listening/searches/{search_id}/export"): (
        f"/api/listening/searches/{NONE}/export", None, ORGS | APPROVE),
    ("get", "/api/users"): ("/api/users", None, {A}),
    ("post", "/api/users/{user_id}/deactivate"): (f"/api/users/{NONE}/deactivate", {"reason": ""}, {A}),
    ("post", "/api/users/{user_id}/reactivate"): (f"/api/users/{NONE}/reactivate", None, {A}),
    ("post", "/api/users/{user_id}/role"): (f"/api/users/{NONE}/role", {"role": "viewer"}, {A}),
    ("post", "/api/users/{user_id}/reset-link"): (f"/api/users/{NONE}/reset-link", None, {A}),
    ("post", "/api/users/unlock"): ("/api/users/unlock", {"username": "nobody"}, {A}),
    ("get", "/api/governance/acknowledgements"): ("/api/governance/acknowledgements", None, APPROVE),
    ("post", "/api/governance/acknowledgements"): ("/api/governance/acknowledgements", None, MESSAGES),
    ("get", "/api/governance/training"): ("/api/governance/training", None, EVERYONE),
    ("get", "/api/governance/matrix"): ("/api/governance/matrix", None, EVERYONE),
    ("get", "/api/inbox/messages/{message_id}/alerts"): (f"/api/inbox/messages/{NONE}/alerts", None, MESSAGES),
    ("post", "/api/inbox/messages/{message_id}/acknowledge"): (
        f"/api/inbox/messages/{NONE}/acknowledge", None, REPLY),
    ("get", "/api/publishing/posts"): ("/api/publishing/posts", None, PUBLISH | APPROVE),
    ("get", "/api/publishing/series"): ("/api/publishing/series", None, PUBLISH | APPROVE),
    ("post", "/api/publishing/series"): ("/api/publishing/series", {
        "name": "x", "time": "10:00", "starts_on": "2026-01-01", "title": "x", "text": "x", "channel_ids": []},
        PUBLISH),
    ("get", "/api/publishing/series/{series_id}"): (f"/api/publishing/series/{NONE}", None, PUBLISH | APPROVE),
    ("put", "/api/publishing/series/{series_id}"): (
        f"/api/publishing/series/{NONE}", {"name": "x", "time": "10:00", "starts_on": "2026-01-01"}, PUBLISH),
    ("post", "/api/publishing/series/{series_id}/state"): (
        f"/api/publishing/series/{NONE}/state", {"state": "paused"}, PUBLISH),
    ("get", "/api/publishing/queues"): ("/api/publishing/queues", None, PUBLISH | APPROVE),
    ("post", "/api/publishing/queues"): ("/api/publishing/queues", {"name": "", "channel_ids": [], "slots": ""},
                                         PUBLISH),
    ("get", "/api/publishing/queues/{queue_id}"): (f"/api/publishing/queues/{NONE}", None, PUBLISH | APPROVE),
    ("put", "/api/publishing/queues/{queue_id}"): (
        f"/api/publishing/queues/{NONE}", {"name": "x", "channel_ids": [], "slots": ""}, PUBLISH),
    ("post", "/api/publishing/queues/{queue_id}/pause"): (
        f"/api/publishing/queues/{NONE}/pause", {"paused": True}, PUBLISH),
    ("post", "/api/publishing/queues/{queue_id}/entries"): (
        f"/api/publishing/queues/{NONE}/entries", {"title": "x", "text": "x"}, PUBLISH),
    ("delete", "/api/publishing/queues/{queue_id}/entries/{entry_id}"): (
        f"/api/publishing/queues/{NONE}/entries/{NONE}", None, PUBLISH),
    ("post", "/api/publishing/queues/{queue_id}/order"): (
        f"/api/publishing/queues/{NONE}/order", {"entry_ids": []}, PUBLISH),
    ("post", "/api/publishing/posts"): ("/api/publishing/posts", {"title": "x", "variants": []}, PUBLISH),
    ("get", "/api/publishing/posts/{post_id}"): (f"/api/publishing/posts/{NONE}", None, PUBLISH | APPROVE),
    ("post", "/api/publishing/posts/{post_id}/submit"): (f"/api/publishing/posts/{NONE}/submit", None, PUBLISH),
    ("post", "/api/publishing/posts/{post_id}/approve"): (
        f"/api/publishing/posts/{NONE}/approve", {"note": ""}, APPROVE),
    ("post", "/api/publishing/posts/{post_id}/reject"): (
        f"/api/publishing/posts/{NONE}/reject", {"note": ""}, APPROVE),
    ("post", "/api/publishing/variants/{variant_id}/schedule"): (
        f"/api/publishing/variants/{NONE}/schedule", {"scheduled_at": None}, PUBLISH),
    ("post", "/api/publishing/variants/{variant_id}/publish"): (
        f"/api/publishing/variants/{NONE}/publish", None, PUBLISH),
    ("post", "/api/publishing/preview"): ("/api/publishing/preview", {"network": "x", "text": "Hello"}, PUBLISH),
    ("get", "/api/publishing/campaigns"): ("/api/publishing/campaigns", None, EVERYONE),
    ("post", "/api/publishing/campaigns"): ("/api/publishing/campaigns", {"name": "Matrix month"}, PUBLISH),
    ("get", "/api/vocabulary"): ("/api/vocabulary", None, EVERYONE),
    ("post", "/api/vocabulary"): ("/api/vocabulary", {"kind": "unit", "name": "7 East"}, {A, C}),
    ("delete", "/api/vocabulary/{term_id}"): (f"/api/vocabulary/{NONE}", None, {A, C}),
    ("get", "/api/patient-index"): ("/api/patient-index", None, {A}),
    ("post", "/api/guard/check"): ("/api/guard/check", {"text": "See you Tuesday."}, REPLY | APPROVE),
    # The roster and its listings: changing them is MANAGE_ROSTER (admins and social managers).
    ("get", "/api/providers"): ("/api/providers", None, EVERYONE),
    ("post", "/api/providers"): ("/api/providers", {"npi": "1234567890"}, ORGS),
    ("post", "/api/providers/import"): ("/api/providers/import", None, ORGS),
    ("get", "/api/providers/{npi}"): (f"/api/providers/{NONE}", None, EVERYONE),
    ("post", "/api/providers/{npi}/listings"): (
        f"/api/providers/{NONE}/listings", {"site": "yelp", "handle": "matrix"}, ORGS),
    ("post", "/api/providers/{npi}/candidates"): (f"/api/providers/{NONE}/candidates", None, ORGS),
    ("post", "/api/providers/{npi}/candidates/{listing_id}"): (
        f"/api/providers/{NONE}/candidates/{NONE}", {"confirm": True}, ORGS),
    ("get", "/api/reputation/overview"): ("/api/reputation/overview", None, EVERYONE),
    ("get", "/api/reputation/fixes/{site}"): ("/api/reputation/fixes/yelp", None, EVERYONE),
    ("get", "/api/reputation/nearby"): ("/api/reputation/nearby?zip=43215", None, EVERYONE),
    ("get", "/api/reputation/stars"): ("/api/reputation/stars", None, EVERYONE),
}


def _url_names(patterns, prefix: str = "") -> set[str]:
    names: set[str] = set()
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if not str(pattern.pattern).startswith("api/"):
                names |= _url_names(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(pattern.name)
    return names


def test_the_matrix_names_every_page_and_operation(personas) -> None:
    assert _url_names(get_resolver().url_patterns) - PUBLIC == set(PAGES)
    schema = personas["viewer"].client.get("/api/schema").json()
    operations = {(method, path) for path, ops in schema["paths"].items() for method in ops}
    assert operations == set(API)


@pytest.mark.parametrize("name", sorted(PAGES))
def test_pages_follow_the_matrix(personas, org, name) -> None:
    method, template, allowed = PAGES[name]
    channel = org.channels.first()
    path = template.format(org=org.pk, channel=channel.pk, user=personas["viewer"].user.pk)
    for who in sorted(EVERYONE | {"outsider"}):
        response = getattr(personas[who].client, method)(path)
        if who in allowed:
            assert response.status_code != 403, (who, name, response.status_code)
            assert not response.get("Location", "").startswith("/login/"), (who, name)
        else:
            assert response.status_code == 403, (who, name, response.status_code)
    anonymous = getattr(Client(), method)(path)
    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/login/"), name


@pytest.mark.parametrize("key", sorted(API), ids=[f"{m} {p}" for m, p in sorted(API)])
def test_api_operations_follow_the_matrix(personas, key) -> None:
    path, body, allowed = API[key]
    method = key[0]
    for who in sorted(EVERYONE | {"outsider"}):
        _, raw = ApiToken.issue(personas[who].user, "matrix")
        client = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
        kwargs = {"data": body, "content_type": "application/json"} if body is not None else {}
        response = getattr(client, method)(path, **kwargs)
        if who in allowed:
            assert response.status_code not in (401, 403), (who, key, response.status_code, response.content)
        else:
            assert response.status_code == 403, (who, key, response.status_code)
    assert getattr(Client(), method)(path).status_code == 401
