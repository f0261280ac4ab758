"""Intents stored on mentions (list filter, counts per intent) and exports of
a search's mentions: CSV and JSON Lines, range and filters as on the page,
retention and legal holds, audited, role-checked; page, API and CLI."""

from __future__ import annotations

import csv
import io
import json
from datetime import timedelta
from typing import Any

import pytest
from click.testing import CliRunner
from django.test import Client
from django.utils import timezone

from bedside.cli import main
from bedside.governance.models import LegalHold
from bedside.listening import collect
from bedside.listening.models import ListeningSettings, Mention, SavedSearch
from bedside.listening.sources import Found
from bedside.workspace.models import ApiToken, AuditEntry, Organization

pytestmark = pytest.mark.django_db

TEXTS = {
    "complaint": "Riverbend kept my dad waiting six hours and the front desk was rude",
    "appointment": "How can I book an appointment with a Riverbend dermatologist?",
    "praise": "The Riverbend maternity nurses were wonderful, thank you all",
    # A body that a spreadsheet would run as a formula.
    "billing": '=HYPERLINK("http://evil.example") Riverbend charged me twice on my invoice',
}


@pytest.fixture
def search(db: None) -> SavedSearch:
    ours = Organization.objects.create(name="Riverbend Health", is_ours=True)
    search = SavedSearch.objects.create(organization=ours, name="Brand", query="riverbend", sources=["bluesky"])
    now = timezone.now()
    found = [Found("bluesky", f"at://m/{key}", f"{key}.bsky.social", key.title(), text, "", "en",
                   now - timedelta(days=1, hours=i)) for i, (key, text) in enumerate(TEXTS.items())]
    found.append(Found("reddit", "t3_old", "olduser", "", "Riverbend cafeteria menu changed", "", "en",
                       now - timedelta(days=40)))
    collect.store(search, search.parsed(), found, collect.Outcome())
    return search


def _mention(key: str) -> Mention:
    return Mention.objects.get(external_id=f"at://m/{key}")


def test_each_mention_keeps_the_intents_triage_found_at_ingest_and_triage_runs_once_per_text(
        db: None, monkeypatch) -> None:
    calls: list[str] = []
    real = collect.triage

    def counting(text: str, **kwargs: Any) -> Any:
        calls.append(text)
        return real(text, **kwargs)

    monkeypatch.setattr(collect, "triage", counting)
    ours = Organization.objects.create(name="Riverbend Health", is_ours=True)
    search = SavedSearch.objects.create(organization=ours, name="Brand", query="riverbend", sources=["bluesky"])
    now = timezone.now()
    found = [Found("bluesky", f"at://m/{key}", key, "", text, "", "en", now) for key, text in TEXTS.items()]
    collect.store(search, search.parsed(), found, collect.Outcome())
    assert len(calls) == len(TEXTS)
    for key in TEXTS:
        stored = _mention(key)
        assert stored.intent == key and key in stored.intents
    assert "complaint" in _mention("billing").intents  # every intent kept, the deciding one first in rank


def test_the_search_page_filters_by_intent_and_counts_each_intent(personas, search) -> None:
    page = personas["viewer"].client.get(f"/listening/{search.pk}/")
    html = page.content.decode()
    assert "Appointment or access request" in html and 'href="?intent=complaint#mentions"' in html
    filtered = personas["viewer"].client.get(f"/listening/{search.pk}/?intent=praise").content.decode()
    filtered = filtered[filtered.index('id="mentions"'):]  # the list, not the top authors above it
    assert "praise.bsky.social" in filtered and "complaint.bsky.social" not in filtered
    wrong = personas["viewer"].client.get(f"/listening/{search.pk}/?intent=gossip", follow=True).content.decode()
    assert "intent=&#x27;gossip&#x27; is not an intent" in wrong
    assert "complaint.bsky.social" in wrong[wrong.index('id="mentions"'):]
    # A viewer sees no export form: exports carry bodies.
    assert "Export mentions" not in html


def test_a_csv_export_has_the_range_and_filters_escapes_formulas_and_is_an_audited_read(personas, search) -> None:
    mona = personas["manager"].client
    assert "Export mentions" in mona.get(f"/listening/{search.pk}/").content.decode()
    today = timezone.now().date()
    answer = mona.get(f"/listening/{search.pk}/export/?since={today - timedelta(days=7)}&until={today}&format=csv")
    assert answer.status_code == 200 and answer["Content-Type"].startswith("text/csv")
    assert answer["Content-Disposition"].startswith('attachment; filename="mentions-brand-')
    rows = list(csv.DictReader(io.StringIO(b"".join(answer.streaming_content).decode())))
    assert {r["intent"] for r in rows} == set(TEXTS)  # the 40-day-old one is outside the range
    billing = next(r for r in rows if r["intent"] == "billing")
    assert billing["body"].startswith("'=HYPERLINK(")  # shown as text, never run
    entry = AuditEntry.objects.get(action="mentions_exported")
    assert entry.actor_name == "mona" and entry.detail["mentions"] == 4 and entry.detail["format"] == "csv"
    assert "Riverbend" not in json.dumps(entry.detail)  # counts and range, never a body

    only = mona.get(f"/listening/{search.pk}/export/?since={today - timedelta(days=7)}&intent=complaint")
    assert [r["intent"] for r in csv.DictReader(io.StringIO(b"".join(only.streaming_content).decode()))] == [
        "complaint"]


def test_who_may_export_and_clear_errors(personas, search) -> None:
    url = f"/listening/{search.pk}/export/"
    assert personas["viewer"].client.get(url).status_code == 403
    assert personas["responder"].client.get(url).status_code == 403  # opens mentions one at a time only
    assert personas["reviewer"].client.get(url).status_code == 200
    bad = personas["admin"].client.get(url + "?since=2026-13-01", follow=True).content.decode()
    assert "since=&#x27;2026-13-01&#x27; is not a date; write it as YYYY-MM-DD" in bad
    backwards = personas["admin"].client.get(url + "?since=2026-05-02&until=2026-05-01", follow=True)
    assert "since (2026-05-02) is after until (2026-05-01)" in backwards.content.decode()
    assert not AuditEntry.objects.filter(action="mentions_exported", actor_name="alice").exists()


def test_an_export_leaves_out_what_retention_gave_up_and_keeps_what_a_legal_hold_holds(personas, search) -> None:
    ListeningSettings.objects.update_or_create(pk=1, defaults={"retention_days": 10})
    long_ago = timezone.now() - timedelta(days=30)
    Mention.objects.filter(external_id__in=["at://m/praise", "at://m/complaint"]).update(fetched_at=long_ago)
    LegalHold.objects.create(name="Complaint matter", reason="counsel asked", author_handle="complaint.bsky.social")
    today = timezone.now().date()
    answer = personas["manager"].client.get(f"/listening/{search.pk}/export/?since={today - timedelta(days=7)}"
                                            f"&format=jsonl")
    rows = [json.loads(line) for line in b"".join(answer.streaming_content).decode().splitlines()]
    by_intent = {r["intent"]: r for r in rows}
    assert "praise" not in by_intent  # past retention, not yet purged: not handed out
    assert by_intent["complaint"]["legal_hold"] is True and by_intent["appointment"]["legal_hold"] is False
    assert by_intent["billing"]["body"].startswith("=HYPERLINK(")  # JSON keeps the text as it is


def _api(user: Any) -> Client:
    _, raw = ApiToken.issue(user, "export")
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


def test_the_api_lists_by_intent_and_exports_json_lines(personas, search) -> None:
    mona = _api(personas["manager"].user)
    counts = _api(personas["viewer"].user).get(f"/api/listening/searches/{search.pk}/intents?days=7").json()
    assert sorted((c["intent"], c["mentions"]) for c in counts) == [(k, 1) for k in sorted(TEXTS)]
    listed = mona.get(f"/api/listening/searches/{search.pk}/mentions?intent=appointment").json()
    assert [m["intent"] for m in listed] == ["appointment"] and "body" not in listed[0]
    wrong = mona.get(f"/api/listening/searches/{search.pk}/export?format=xls&until=someday")
    assert wrong.status_code == 422
    errors = wrong.json()["errors"]
    assert "format='xls' is not one of csv, jsonl" in errors["format"][0] and "until" in errors
    answer = mona.get(f"/api/listening/searches/{search.pk}/export?format=jsonl")
    assert answer.status_code == 200 and answer["Content-Type"].startswith("application/x-ndjson")
    rows = [json.loads(line) for line in b"".join(answer.streaming_content).decode().splitlines()]
    assert len(rows) == 4 and all(r["body"] for r in rows)
    assert AuditEntry.objects.get(action="mentions_exported").detail["via"] == "api"
    assert _api(personas["responder"].user).get(f"/api/listening/searches/{search.pk}/export").status_code == 403


def test_the_cli_exports_to_a_file_with_the_person_in_the_audit_log(personas, search, tmp_path) -> None:
    out = tmp_path / "brand.csv"
    runner = CliRunner()
    today = timezone.now().date()
    bad = runner.invoke(main, ["mentions", "export", "--search", "Brand", "--since", "yesterday",
                               "--output", str(out)])
    assert bad.exit_code == 2 and "since='yesterday' is not a date" in bad.output
    refused = runner.invoke(main, ["mentions", "export", "--search", "Brand", "--output", str(out), "--by", "vic"])
    assert refused.exit_code == 1 and "may not export" in refused.output and not out.exists()
    done = runner.invoke(main, ["mentions", "export", "--search", "brand", "--since", str(today - timedelta(days=60)),
                                "--until", str(today), "--format", "csv", "--output", str(out), "--by", "rita"])
    assert done.exit_code == 0, done.output
    assert "Wrote 5 mentions of Brand" in done.output and "Riverbend" not in done.output
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert len(rows) == 5 and {r["source"] for r in rows} == {"bluesky", "reddit"}
    entry = AuditEntry.objects.get(action="mentions_exported")
    assert entry.actor_name == "rita" and entry.detail["via"] == "cli"


def test_counts_per_intent_come_from_daily_counts_and_a_mention_found_again_counts_once(search) -> None:
    from bedside.listening import analytics
    from bedside.listening.models import SearchDayIntent

    now = timezone.now()
    counted = dict(analytics.intent_counts(search, now - timedelta(days=30), now))
    assert counted == {"complaint": 1, "appointment": 1, "praise": 1, "billing": 1}
    # The same posts found again by the next run: stored and counted once.
    again = [Found("bluesky", f"at://m/{key}", f"{key}.bsky.social", key.title(), text, "", "en",
                   now - timedelta(days=1, hours=i)) for i, (key, text) in enumerate(TEXTS.items())]
    collect.store(search, search.parsed(), again, collect.Outcome())
    assert dict(analytics.intent_counts(search, now - timedelta(days=30), now)) == counted
    # The page reads the daily rows, not the mentions: they outlive retention.
    Mention.objects.all().delete()
    assert dict(analytics.intent_counts(search, now - timedelta(days=30), now)) == counted
    assert SearchDayIntent.objects.filter(search=search).count() >= 4
