"""Signed checkpoints of the audit chain's head, kept outside the database.

The keyed chain shows any entry changed or removed *before* the newest one,
but not the newest entries removed (the table just ends earlier). So every so
often the head — how many entries, the last id and its hash — is signed with
the audit key and appended as one JSON line to a file in the data directory,
and written to the log (which a deployment ships off the machine). `bedside
audit verify` then checks that the table still reaches the last checkpoint.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from bedside.workspace.models.audit import AuditEntry, AuditPrunePoint

logger = logging.getLogger("bedside.audit")


@dataclass(frozen=True)
class Problem:
    entry_id: int | None
    message: str


def _signature(key: bytes, at: str, count: int, last_id: int, head: str) -> str:
    return hmac.new(key, f"{at}|{count}|{last_id}|{head}".encode(), hashlib.sha256).hexdigest()


def _path() -> Path | None:
    return Path(settings.AUDIT_CHECKPOINT_FILE) if settings.AUDIT_CHECKPOINT_FILE else None


def write(key: bytes, every: int = 0) -> dict | None:
    """Append a checkpoint of the current head (unless one is younger than
    ``every`` seconds, judged by the file's modification time so that all
    processes share the pace). Returns what was written."""
    path = _path()
    if path is None:
        return None
    if every and path.exists() and time.time() - path.stat().st_mtime < every:
        return None
    head = AuditEntry.objects.order_by("-id").values("id", "hash").first()
    if head is None:
        return None
    # Entries pruned past retention still count: the checkpoint's count is of all ever written.
    count = AuditEntry.objects.filter(id__lte=head["id"]).count() + sum(
        AuditPrunePoint.objects.values_list("count", flat=True))
    at = timezone.now().isoformat()
    point = {"at": at, "count": count, "last_id": head["id"], "hash": head["hash"],
             "sig": _signature(key, at, count, head["id"], head["hash"])}
    path.parent.mkdir(parents=True, exist_ok=True)
    # O_APPEND: lines from several processes never interleave (one short write each).
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.write(fd, (json.dumps(point, sort_keys=True) + "\n").encode())
    finally:
        os.close(fd)
    logger.info("audit checkpoint count=%d last_id=%d hash=%s sig=%s", count, head["id"], head["hash"], point["sig"])
    return point


def verify(key: bytes, *, pruned_up_to: int = 0, pruned: int = 0) -> Iterator[Problem]:
    """Check the table still reaches the newest signed checkpoint. Entries up
    to ``pruned_up_to`` were pruned past retention (``pruned`` of them, as the
    signed prune points say): a checkpoint of a head since pruned is vouched
    for by the prune point instead, and a later one counts them as present."""
    path = _path()
    if path is None or not path.exists():
        return
    latest: dict | None = None
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            point = json.loads(line)
            valid = hmac.compare_digest(
                point["sig"], _signature(key, point["at"], int(point["count"]), int(point["last_id"]), point["hash"]))
        except (ValueError, KeyError, TypeError):
            valid = False
        if not valid:
            yield Problem(None, f"checkpoint line {number} of {path} is not signed by the audit key (the file was edited)")
            continue
        latest = point
    if latest is None or int(latest["last_id"]) <= pruned_up_to:
        return
    head = AuditEntry.objects.filter(pk=latest["last_id"]).values_list("hash", flat=True).first()
    count = AuditEntry.objects.filter(id__lte=latest["last_id"]).count() + pruned
    if head != latest["hash"] or count != latest["count"]:
        yield Problem(
            latest["last_id"],
            f"the log no longer matches the checkpoint of {latest['at']} ({latest['count']} entries up to id "
            f"{latest['last_id']}; the table now has {count} up to there{'' if head else ' and not that entry'}): "
            "entries were removed from its end",
        )
