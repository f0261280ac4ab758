"""The audit log: append-only, hash-chained, verifiable, browsable."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from django.db import connection, transaction
from django.db.utils import DatabaseError

from bedside.cli import main
from bedside.workspace import audit
from bedside.workspace.models import AuditEntry


def _three_entries(org) -> list[AuditEntry]:
    return [audit.record(f"action_{i}", org, actor="tester") for i in range(3)]


def test_each_entry_is_chained_to_the_previous(org) -> None:
    first, second, third = _three_entries(org)
    assert second.prev_hash == first.hash and third.prev_hash == second.hash
    assert list(audit.verify()) == []


def test_it_records_who_what_which_object_and_from_where(personas, org) -> None:
    personas["manager"].client.post(f"/organizations/{org.pk}/", {"network": "youtube", "handle": "@riverbend"})
    entry = AuditEntry.objects.get(action="channel_added")
    assert entry.actor_name == "mona"
    assert entry.object_type == "channels.channel"
    assert entry.object_repr == "YouTube @riverbend"
    assert entry.ip == "127.0.0.1"


def test_it_refuses_to_change_or_delete_entries_through_the_app(org) -> None:
    entry = _three_entries(org)[0]
    entry.action = "nothing_happened"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()


@pytest.fixture
def locked(settings):
    """The audit log as production has it (the suite runs in maintenance mode)."""
    settings.AUDIT_LOG_MAINTENANCE = False
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET bedside.audit_maintenance = 'off'")
    yield
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET bedside.audit_maintenance = 'on'")


STATEMENTS = ["UPDATE workspace_auditentry SET action = 'x'", "DELETE FROM workspace_auditentry"]


@pytest.mark.parametrize("statement", STATEMENTS)
def test_the_database_refuses_to_change_or_delete_entries(org, locked, statement) -> None:
    _three_entries(org)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement)
    assert AuditEntry.objects.count() == 3


def test_the_database_refuses_to_empty_the_log_on_postgresql(org, locked) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("TRUNCATE is PostgreSQL's")
    _three_entries(org)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("TRUNCATE workspace_auditentry")
    assert AuditEntry.objects.count() == 3


# The tampering below gets past the triggers because the suite runs in the
# audit log's maintenance mode: the same as someone who dropped the triggers.


def test_verify_detects_a_changed_entry(org) -> None:
    entries = _three_entries(org)
    AuditEntry.objects.filter(pk=entries[1].pk).update(actor_name="someone else")
    problems = list(audit.verify())
    assert [p.entry_id for p in problems] == [entries[1].pk]
    assert "changed" in problems[0].message


def test_verify_detects_a_removed_entry(org) -> None:
    entries = _three_entries(org)
    AuditEntry.objects.filter(pk=entries[1].pk)._raw_delete(connection.alias)
    problems = list(audit.verify())
    assert [p.entry_id for p in problems] == [entries[2].pk]
    assert "removed" in problems[0].message


def test_the_cli_verifies_the_chain(org) -> None:
    _three_entries(org)
    ok = CliRunner().invoke(main, ["audit", "verify"])
    assert ok.exit_code == 0 and "intact: 3 entries" in ok.output
    AuditEntry.objects.filter(action="action_0").update(action="tampered")
    broken = CliRunner().invoke(main, ["audit", "verify"])
    assert broken.exit_code == 1 and "BROKEN" in broken.output


def test_reviewers_filter_the_log_by_actor_and_action(personas, org) -> None:
    audit.record("channel_added", org, actor=personas["manager"].user)
    audit.record("organization_saved", org, actor=personas["admin"].user)
    page = personas["reviewer"].client.get("/audit/", {"actor": "mona", "action": "channel"})
    html = page.content.decode()
    assert page.status_code == 200
    assert "channel_added" in html and "organization_saved" not in html


def test_the_filter_rejects_a_backwards_date_range(personas) -> None:
    page = personas["reviewer"].client.get("/audit/", {"since": "2026-05-02", "until": "2026-05-01"})
    assert page.status_code == 400
    assert "must be on or after the start date" in page.content.decode()


def test_the_api_lists_entries_for_reviewers(personas, org) -> None:
    audit.record("organization_saved", org, actor=personas["admin"].user)
    response = personas["reviewer"].client.get("/api/audit", {"action": "organization_saved"})
    assert response.status_code == 200
    assert [e["actor_name"] for e in response.json()] == ["alice"]
