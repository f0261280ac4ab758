"""The audit log against someone with database access: a keyed chain, signed
checkpoints of its head outside the database, a trigger the app's own role
cannot switch off, and a deploy check that says when it could."""

from __future__ import annotations

import hashlib
import json

import pytest
from click.testing import CliRunner
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from bedside.cli import main
from bedside.workspace import audit, checks
from bedside.workspace.models import AuditEntry
from bedside.workspace.models.audit import GENESIS


@pytest.fixture
def checkpoints(settings, tmp_path):
    """Checkpoints on, after every commit."""
    settings.AUDIT_CHECKPOINT_FILE = str(tmp_path / "audit-checkpoints.log")
    settings.AUDIT_CHECKPOINT_SECONDS = 0
    return tmp_path / "audit-checkpoints.log"


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Entries recorded as if committed: the test's transaction never commits,
    so the commit hooks record() sets (the checkpoint) are run here."""

    def make(n: int) -> list[AuditEntry]:
        with django_capture_on_commit_callbacks(execute=True):
            return _entries(n)

    return make


def _entries(n: int) -> list[AuditEntry]:
    return [audit.record(f"action_{i}", actor="tester", object_repr=f"thing {i}") for i in range(n)]


def _rechain_without_the_key(start_after: int) -> None:
    """What someone with a database shell but no audit key can do: recompute
    every later hash with the (public) SHA-256 recipe so the links line up."""
    previous = AuditEntry.objects.filter(id__lte=start_after).order_by("-id").values_list("hash", flat=True).first()
    for entry in AuditEntry.objects.filter(id__gt=start_after).order_by("id"):
        entry.prev_hash = previous or GENESIS
        forged = hashlib.sha256(entry.canonical()).hexdigest()
        AuditEntry.objects.filter(pk=entry.pk).update(prev_hash=entry.prev_hash, hash=forged)
        previous = forged


def test_removing_a_middle_entry_and_recomputing_the_hashes_is_caught(db) -> None:
    entries = _entries(5)
    AuditEntry.objects.filter(pk=entries[2].pk)._raw_delete(connection.alias)
    _rechain_without_the_key(entries[1].pk)
    problems = list(audit.verify())
    assert problems and {p.entry_id for p in problems} >= {entries[3].pk, entries[4].pk}


def test_rewriting_the_whole_log_as_unkeyed_entries_is_caught_by_the_checkpoint(db, checkpoints, committed) -> None:
    committed(4)
    entries = list(AuditEntry.objects.order_by("id"))
    AuditEntry.objects.filter(pk=entries[1].pk)._raw_delete(connection.alias)
    AuditEntry.objects.update(chain_version=None)
    _rechain_without_the_key(0)
    problems = list(audit.verify())
    assert any("checkpoint" in p.message for p in problems)


@pytest.mark.parametrize("removed", [1, 3])
def test_removing_the_newest_entries_is_caught(db, checkpoints, committed, removed) -> None:
    entries = committed(6)
    assert list(audit.verify()) == []
    for entry in entries[-removed:]:
        AuditEntry.objects.filter(pk=entry.pk)._raw_delete(connection.alias)
    problems = list(audit.verify())
    assert len(problems) == 1 and "removed from its end" in problems[0].message
    result = CliRunner().invoke(main, ["audit", "verify"])
    assert result.exit_code == 1 and "BROKEN" in result.output


def test_checkpoints_are_signed_lines_in_the_data_directory_and_the_log(db, checkpoints, committed, caplog) -> None:
    with caplog.at_level("INFO", logger="bedside.audit"):
        committed(2)
    lines = [json.loads(line) for line in checkpoints.read_text().splitlines()]
    point = lines[-1]
    assert point["count"] == 2 and point["hash"] == AuditEntry.objects.order_by("-id").first().hash
    assert f"sig={point['sig']}" in caplog.text
    # Editing the file (to hide removed entries) breaks its signature.
    lines[-1]["count"] = 1
    checkpoints.write_text("\n".join(json.dumps(line) for line in lines) + "\n")
    assert any("not signed by the audit key" in p.message for p in audit.verify())


def test_entries_from_before_the_key_still_verify_and_are_sealed_by_the_first_keyed_one(db) -> None:
    # An entry as written before migration 0004 (plain SHA-256, no chain_version).
    legacy = AuditEntry(at=timezone.now(), actor_name="old", action="before_the_key", prev_hash=GENESIS)
    legacy.hash = hashlib.sha256(legacy.canonical()).hexdigest()
    legacy.save()
    keyed = audit.record("after_the_key", actor="tester")
    assert keyed.prev_hash == legacy.hash and keyed.chain_version == 2
    assert list(audit.verify()) == []
    AuditEntry.objects.filter(pk=legacy.pk).update(action="something else")
    _rechain_without_the_key(0)
    assert [p.entry_id for p in audit.verify()] == [keyed.pk]


@pytest.mark.django_db(transaction=True)
def test_the_apps_own_role_cannot_switch_the_trigger_off(settings) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("database roles are PostgreSQL's")
    _entries(2)
    role = "bedside_web_probe_role"
    with connection.cursor() as cursor:
        cursor.execute(f"DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{role}') "
                       f"THEN CREATE ROLE {role} NOLOGIN; END IF; END $$")
        cursor.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON workspace_auditentry TO {role}")
    try:
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"SET LOCAL ROLE {role}")
            cursor.execute("SET LOCAL bedside.audit_maintenance = 'on'")
            cursor.execute("DELETE FROM workspace_auditentry")
        assert AuditEntry.objects.count() == 2
        # And the deploy check is content with such a role, not with the owner.
        assert [m.id for m in checks.check_audit_log_role()] == ["bedside.W040"]
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"SET LOCAL ROLE {role}")
            assert checks.check_audit_log_role() == []
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"REVOKE ALL ON workspace_auditentry FROM {role}")


def test_the_deploy_check_speaks_up_about_the_database_role(db) -> None:
    result = CliRunner().invoke(main, ["deploy-check"])
    expected = "bedside.W040" if connection.vendor == "postgresql" else "bedside.I040"
    assert expected in result.output
    # Django's own deployment checks run too (the suite runs with DEBUG off but no HTTPS settings).
    assert "security.W" in result.output
    assert result.exit_code == 1
