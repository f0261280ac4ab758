"""Pruning the audit log past retention: a signed prune point first, then
the oldest entries, through the one path the database allows; verification
starts from the point and still catches tampering with what remains."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.db.utils import DatabaseError
from django.utils import timezone

from bedside.governance import retention
from bedside.governance.models import Retention
from bedside.workspace import audit, audit_prune
from bedside.workspace.audit_key import audit_key
from bedside.workspace.models import AuditEntry, AuditPrunePoint
from bedside.workspace.models.audit import GENESIS, KEYED
from tests.workspace.test_audit import locked  # noqa: F401 - fixture

SEVEN_YEARS = timedelta(days=7 * 365)


def _old_entries(n: int) -> list[AuditEntry]:
    """Entries as the chain wrote them seven years ago."""
    made = []
    start = timezone.now() - SEVEN_YEARS
    for i in range(n):
        last = AuditEntry.objects.order_by("-id").values_list("hash", flat=True).first()
        entry = AuditEntry(at=start + timedelta(hours=i), actor_name="old", action=f"long_ago_{i}",
                           prev_hash=last or GENESIS, chain_version=KEYED)
        entry.hash = entry.compute_hash(audit_key())
        entry.save()
        made.append(entry)
    return made


def _log(old: int = 5, recent: int = 2) -> tuple[list[AuditEntry], list[AuditEntry]]:
    return _old_entries(old), [audit.record(f"lately_{i}", actor="tester") for i in range(recent)]


def test_pruning_keeps_the_rest_of_the_chain_verifiable(db: None, locked) -> None:  # noqa: F811
    old, recent = _log()
    pruned = audit_prune.prune(audit_prune.earliest_cutoff(), batch=2)
    assert (pruned.deleted, pruned.points) == (5, 3)
    assert list(AuditEntry.objects.order_by("id").values_list("pk", flat=True)) == [e.pk for e in recent]
    point = AuditPrunePoint.objects.order_by("-last_id").first()
    assert point is not None and (point.last_id, point.last_hash) == (old[-1].pk, old[-1].hash)
    assert [p.count for p in AuditPrunePoint.objects.order_by("last_id")] == [2, 2, 1]
    assert list(audit.verify()) == []


def test_verification_still_catches_a_remaining_entry_altered(db: None, locked, settings) -> None:  # noqa: F811
    _, recent = _log()
    audit_prune.prune(audit_prune.earliest_cutoff())
    settings.AUDIT_LOG_MAINTENANCE = True  # as someone who dropped the triggers
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET bedside.audit_maintenance = 'on'")
        cursor.execute("UPDATE workspace_auditentry SET actor_name = 'someone else' WHERE id = %s", [recent[0].pk])
    problems = list(audit.verify())
    assert [p.entry_id for p in problems] == [recent[0].pk] and "changed" in problems[0].message


def test_a_forged_prune_point_does_not_hide_removed_entries(db: None, locked, settings) -> None:  # noqa: F811
    _, recent = _log(old=2, recent=3)
    audit_prune.prune(audit_prune.earliest_cutoff())
    # Someone without the key removes a recent entry and writes a point claiming it was pruned.
    settings.AUDIT_LOG_MAINTENANCE = True
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET bedside.audit_maintenance = 'on'")
    AuditEntry.objects.filter(pk=recent[0].pk)._raw_delete(connection.alias)
    AuditPrunePoint(at=timezone.now(), last_id=recent[0].pk, last_hash=recent[0].hash, count=1,
                    first_at=recent[0].at, last_at=recent[0].at, sig="0" * 64).save()
    messages = [p.message for p in audit.verify()]
    assert any("not signed by the audit key" in m for m in messages)
    assert any("does not follow the entry before it" in m for m in messages)


def test_a_prune_point_altered_after_the_fact_fails_its_signature(db: None, locked, settings) -> None:  # noqa: F811
    _log(old=3, recent=1)
    audit_prune.prune(audit_prune.earliest_cutoff())
    settings.AUDIT_LOG_MAINTENANCE = True
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET bedside.audit_maintenance = 'on'")
        cursor.execute("UPDATE workspace_auditprunepoint SET count = 1")
    assert any("not signed by the audit key" in p.message for p in audit.verify())


def test_plain_delete_is_still_refused_and_so_are_prune_points_changed(db: None, locked) -> None:  # noqa: F811
    _log(old=3, recent=1)
    audit_prune.prune(audit_prune.earliest_cutoff())
    for statement in ("DELETE FROM workspace_auditentry", "UPDATE workspace_auditprunepoint SET count = 9",
                      "DELETE FROM workspace_auditprunepoint"):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement)
    assert (AuditEntry.objects.count(), AuditPrunePoint.objects.count()) == (1, 1)


def test_nothing_within_six_years_is_ever_pruned(db: None, locked) -> None:  # noqa: F811
    _, recent = _log(old=1, recent=2)
    with pytest.raises(audit_prune.PruneError, match="six years"):
        audit_prune.prune(timezone.now())
    assert AuditEntry.objects.count() == 3
    if connection.vendor != "postgresql":
        return
    # The database refuses too, even given a prune point for young entries.
    AuditPrunePoint(at=timezone.now(), last_id=recent[0].pk, last_hash=recent[0].hash, count=2,
                    first_at=recent[0].at, last_at=recent[0].at, sig="x").save()
    with pytest.raises(DatabaseError, match="six years"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT bedside_audit_prune(%s)", [recent[0].pk])
    assert AuditEntry.objects.count() == 3


def test_the_database_refuses_pruning_without_a_prune_point(db: None, locked) -> None:  # noqa: F811
    if connection.vendor != "postgresql":
        pytest.skip("the SECURITY DEFINER path is PostgreSQL's; on SQLite only Bedside's connections can prune")
    old, _ = _log(old=2, recent=1)
    with pytest.raises(DatabaseError, match="no signed prune point"), transaction.atomic(), \
            connection.cursor() as cursor:
        cursor.execute("SELECT bedside_audit_prune(%s)", [old[-1].pk])
    assert AuditEntry.objects.count() == 3


def test_the_daily_retention_prunes_the_log_and_records_how_many(db: None, locked) -> None:  # noqa: F811
    _log(old=4, recent=1)
    Retention.objects.create(kind="audit", days=365)  # below the minimum, as if written past the form
    outcomes = {o.kind: o for o in retention.apply_all(batch=3)}
    assert outcomes["audit"].deleted == 4
    entry = AuditEntry.objects.filter(action="retention_applied", object_type="workspace.auditentry").get()
    assert entry.detail["deleted"] == 4 and entry.detail["prune_points"] == 2
    assert AuditEntry.objects.count() == 2  # the recent one and the record of the pruning
    assert list(audit.verify()) == []


@pytest.mark.django_db(transaction=True)
def test_the_apps_own_role_prunes_only_through_the_one_path(locked) -> None:  # noqa: F811
    if connection.vendor != "postgresql":
        pytest.skip("database roles are PostgreSQL's")
    _log(old=3, recent=1)
    role = "bedside_govern_probe_role"
    with connection.cursor() as cursor:
        cursor.execute(f"DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{role}') "
                       f"THEN CREATE ROLE {role} NOLOGIN; END IF; END $$")
        cursor.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON workspace_auditentry, workspace_auditprunepoint "
                       f"TO {role}")
        cursor.execute(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {role}")
    try:
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"SET LOCAL ROLE {role}")
            cursor.execute("SET LOCAL bedside.audit_prune = '999999999'")  # the switch alone opens nothing
            cursor.execute("DELETE FROM workspace_auditentry")
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(f"SET LOCAL ROLE {role}")
            pruned = audit_prune.prune(audit_prune.earliest_cutoff())
        assert pruned.deleted == 3 and AuditEntry.objects.count() == 1
        assert list(audit.verify()) == []
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"REVOKE ALL ON workspace_auditentry, workspace_auditprunepoint FROM {role}")
            cursor.execute(f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM {role}")
