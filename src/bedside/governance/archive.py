"""Archive export for e-discovery and compliance archivers.

Everything within a scope (an organization, a channel, a person's messages,
or everything) and a date range: inbox messages with their replies and the
posts published on those channels, as JSON lines, plus one EML file per
conversation, and a manifest of every file's SHA-256 (``manifest.json`` and a
``SHA256SUMS`` an archiver checks with ``sha256sum -c``). The export is
written into a hidden folder and renamed into place whole, so a collector
never picks up half of one. It holds message bodies: who exported what is in
the audit log (never the bodies)."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.text import slugify

from bedside.governance.models import LegalHold
from bedside.inbox.models import Message, Reply
from bedside.publishing.models import Variant
from bedside.workspace import audit

FORMAT = "bedside-archive/1"


class ArchiveError(Exception):
    pass


@dataclass(frozen=True)
class Scope:
    start: date
    end: date
    organization_id: int | None = None
    channel_id: int | None = None
    author_handle: str = ""

    def __post_init__(self) -> None:
        if self.start > self.end:
            raise ArchiveError(f"The range ends ({self.end}) before it starts ({self.start}).")

    def describe(self) -> dict[str, Any]:
        return {
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "organization": self.organization_id,
            "channel": self.channel_id,
            "author_handle": self.author_handle,
        }

    def _as_hold(self) -> LegalHold:
        # A hold and an export scope are the same shape: one rule for both.
        return LegalHold(
            organization_id=self.organization_id,
            channel_id=self.channel_id,
            author_handle=self.author_handle,
            start=self.start,
            end=self.end,
        )

    def messages(self) -> Any:
        return Message.all_objects.filter(self._as_hold().message_filter()).select_related("channel")

    def variants(self) -> Any:
        if self.author_handle:  # a person's messages: our posts are not theirs
            return Variant.objects.none()
        q = self._as_hold().covering(
            organization="channel__organization_id", channel="channel_id", author=None, date="published_at"
        )
        return Variant.objects.filter(q, published_at__isnull=False).select_related("post", "channel")


@dataclass
class Written:
    path: Path
    counts: dict[str, int] = field(default_factory=dict)


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def _message_row(m: Message, replies: list[Reply]) -> dict[str, Any]:
    return {
        "type": "message",
        "id": m.pk,
        "network": m.network,
        "channel": m.channel.handle,
        "organization_id": m.channel.organization_id,
        "external_id": m.external_id,
        "kind": m.kind,
        "thread_id": m.thread_id,
        "in_reply_to": m.in_reply_to,
        "author_handle": m.author_handle,
        "author_name": m.author_name,
        "published_at": _iso(m.published_at),
        "received_at": _iso(m.received_at),
        "url": m.url,
        "body": m.body,
        "rating": m.rating,
        "state": m.state,
        "phi": m.phi,
        "crisis": m.crisis,
        "deleted_at": _iso(getattr(m, "deleted_at", None)),
        "replies": [
            {
                "id": r.pk,
                "state": r.state,
                "author": r.author.get_username() if r.author else None,
                "body": r.body,
                "verdict": r.verdict,
                "private": r.private,
                "created_at": _iso(r.created_at),
                "sent_at": _iso(r.sent_at),
            }
            for r in replies
        ],
    }


def _variant_row(v: Variant) -> dict[str, Any]:
    return {
        "type": "post",
        "post_id": v.post_id,
        "variant_id": v.pk,
        "title": v.post.title,
        "network": v.network,
        "channel": v.channel.handle,
        "text": v.body,
        "published_at": _iso(v.published_at),
        "external_id": v.external_id,
        "url": v.url,
    }


def _eml(key: str, rows: list[dict[str, Any]]) -> bytes:
    """One conversation as an e-mail: each message and reply in order, quoted
    whole, with who said it and when."""
    first = rows[0]
    mail = EmailMessage()
    mail["Subject"] = f"{first['network']} conversation on {first['channel']} ({key})"
    mail["From"] = f"{first['author_handle'] or 'unknown'} <archive@bedside.invalid>"
    mail["To"] = f"{first['channel']} <archive@bedside.invalid>"
    mail["Date"] = format_datetime(datetime.fromisoformat(first["published_at"]))
    mail["Message-ID"] = make_msgid(domain="bedside.invalid")
    mail["X-Bedside-Conversation"] = key
    lines = []
    for row in rows:
        lines.append(
            f"--- {row['published_at']} {row['author_handle']} ({row['kind']}, {row['external_id']})"
        )
        lines.append(row["body"])
        for reply in row["replies"]:
            lines.append(f"--- reply {reply['state']} by {reply['author'] or 'system'} {reply['created_at']}")
            lines.append(reply["body"])
        lines.append("")
    mail.set_content("\n".join(lines), charset="utf-8")
    return bytes(mail)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def export(scope: Scope, into: Path, *, actor: Any = None, request: Any = None, name: str = "") -> Written:
    """Write one export folder under ``into``; returns its path and counts."""
    into.mkdir(parents=True, exist_ok=True)
    name = name or f"bedside-archive-{timezone.now():%Y%m%dT%H%M%S}-{scope.start}-{scope.end}"
    final = into / name
    if final.exists():
        raise ArchiveError(f"{final} exists already: an export is never written over.")
    work = Path(tempfile.mkdtemp(dir=into, prefix=f".{name}-"))
    try:
        counts = _write(scope, work)
        os.replace(work, final)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    audit.record(
        "archive_exported",
        None,
        request=request,
        actor=actor,
        object_type="governance.archive",
        detail={"scope": scope.describe(), "counts": counts, "folder": final.name},
    )
    return Written(final, counts)


def _write(scope: Scope, work: Path) -> dict[str, int]:
    by_conversation: dict[str, list[dict[str, Any]]] = defaultdict(list)
    replies: dict[int, list[Reply]] = defaultdict(list)
    messages = scope.messages().order_by("published_at", "pk")
    for reply in (
        Reply.objects.filter(message__in=messages.values("pk")).select_related("author").order_by("pk")
    ):
        replies[reply.message_id].append(reply)
    counts = {"messages": 0, "replies": 0, "posts": 0, "conversations": 0}
    with (work / "messages.jsonl").open("w", encoding="utf-8") as out:
        for m in messages.iterator(chunk_size=2000):
            row = _message_row(m, replies.get(m.pk, []))
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
            counts["messages"] += 1
            counts["replies"] += len(row["replies"])
            by_conversation[f"{m.channel_id}-{m.thread_id or m.external_id}"].append(row)
    with (work / "posts.jsonl").open("w", encoding="utf-8") as out:
        for v in scope.variants().order_by("published_at", "pk").iterator(chunk_size=2000):
            out.write(json.dumps(_variant_row(v), ensure_ascii=False) + "\n")
            counts["posts"] += 1
    conversations = work / "conversations"
    conversations.mkdir()
    for key, rows in by_conversation.items():
        (conversations / f"{slugify(key)[:120] or 'conversation'}.eml").write_bytes(_eml(key, rows))
    counts["conversations"] = len(by_conversation)
    files = sorted(p for p in work.rglob("*") if p.is_file())
    listing = [
        {"path": p.relative_to(work).as_posix(), "bytes": p.stat().st_size, "sha256": _sha256(p)}
        for p in files
    ]
    (work / "SHA256SUMS").write_text(
        "".join(f"{f['sha256']}  {f['path']}\n" for f in listing), encoding="utf-8"
    )
    manifest = {
        "format": FORMAT,
        "created_at": timezone.now().isoformat(),
        "scope": scope.describe(),
        "counts": counts,
        "files": listing,
    }
    (work / "manifest.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    return counts


def scheduled(now: datetime | None = None) -> Written | None:
    """The daily export to the archiver's folder (settings.ARCHIVE_DIR):
    yesterday, everything, under a name that makes a rerun a no-op."""
    if not settings.ARCHIVE_DIR:
        return None
    day = timezone.localdate(now or timezone.now()) - timedelta(days=1)
    name = f"bedside-archive-daily-{day.isoformat()}"
    into = Path(settings.ARCHIVE_DIR)
    if (into / name).exists():
        return None
    return export(Scope(start=day, end=day), into, actor="archive", name=name)
