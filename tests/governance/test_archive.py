"""Archive export: JSON lines, an EML per conversation and a manifest whose
SHA-256 hashes match the files; on a schedule to the archiver's folder."""

from __future__ import annotations

import email
import hashlib
import json
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from bedside.channels.models import Channel
from bedside.governance import archive
from bedside.inbox.models import Message, Reply
from bedside.workspace.models import AuditEntry, Organization

pytestmark = pytest.mark.django_db
DAY = date(2026, 10, 14)


@pytest.fixture
def stored(db: None) -> dict[str, Channel]:
    ours = Organization.objects.create(name="Cedar Ridge Health", is_ours=True)
    fb = Channel.objects.create(organization=ours, network="facebook", handle="CedarRidge")
    x = Channel.objects.create(organization=ours, network="x", handle="cedarridge")
    at = timezone.make_aware(datetime(2026, 10, 14, 15, 0))
    rows = [
        (fb, "t1", "a1", "jo", "Is the garage open on Sundays?", at),
        (fb, "t1", "a2", "CedarRidge", "Yes, from 6am.", at + timedelta(minutes=5)),
        (fb, "t2", "b1", "kim", "Thank you to the gift shop volunteers.", at + timedelta(hours=1)),
        (x, "", "c1", "lee", "Where do I park for the lab?", at),
        (fb, "t9", "z1", "old", "Outside the range.", at - timedelta(days=3)),
    ]
    for channel, thread, ext, author, body, when in rows:
        Message.objects.create(
            channel=channel,
            network=channel.network,
            external_id=ext,
            thread_id=thread,
            kind="comment",
            author_handle=author,
            body=body,
            published_at=when,
        )
    Reply.objects.create(
        message=Message.objects.get(external_id="b1"), body="We'll tell them, thank you!", state="sent"
    )
    return {"fb": fb, "x": x}


def test_an_export_holds_the_scope_as_json_lines_eml_and_a_verifiable_manifest(stored, tmp_path) -> None:
    written = archive.export(archive.Scope(start=DAY, end=DAY, channel_id=stored["fb"].pk), tmp_path)
    assert written.counts == {"messages": 3, "replies": 1, "posts": 0, "conversations": 2}
    lines = [json.loads(x) for x in (written.path / "messages.jsonl").read_text().splitlines()]
    assert [r["external_id"] for r in lines] == ["a1", "a2", "b1"]
    assert lines[2]["replies"][0]["body"] == "We'll tell them, thank you!"
    emls = sorted((written.path / "conversations").glob("*.eml"))
    assert len(emls) == 2
    mail = email.message_from_bytes(emls[0].read_bytes())
    text = mail.get_payload(decode=True).decode()
    assert "Is the garage open on Sundays?" in text and "Yes, from 6am." in text and mail["Subject"]
    manifest = json.loads((written.path / "manifest.json").read_text())
    assert manifest["scope"]["channel"] == stored["fb"].pk and manifest["counts"] == written.counts
    for entry in manifest["files"]:
        data = (written.path / entry["path"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == entry["sha256"] and len(data) == entry["bytes"]
    sums = (written.path / "SHA256SUMS").read_text()
    assert "messages.jsonl" in sums and "conversations/" in sums
    entry = AuditEntry.objects.get(action="archive_exported")
    assert entry.detail["counts"]["messages"] == 3 and "garage" not in json.dumps(entry.detail)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no half-written folder left


def test_a_person_scope_and_bad_ranges(stored, tmp_path) -> None:
    written = archive.export(
        archive.Scope(start=DAY - timedelta(days=5), end=DAY, author_handle="LEE"), tmp_path
    )
    assert written.counts["messages"] == 1
    with pytest.raises(archive.ArchiveError, match="ends"):
        archive.Scope(start=DAY, end=DAY - timedelta(days=1))
    with pytest.raises(archive.ArchiveError, match="never written over"):
        archive.export(archive.Scope(start=DAY, end=DAY), tmp_path, name=written.path.name)


def test_the_daily_export_lands_once_in_the_archivers_folder(stored, tmp_path, settings) -> None:
    settings.ARCHIVE_DIR = str(tmp_path / "collect")
    now = timezone.make_aware(datetime(2026, 10, 15, 2, 0))
    written = archive.scheduled(now)
    assert written is not None and written.path.name == "bedside-archive-daily-2026-10-14"
    assert written.counts["messages"] == 4
    assert archive.scheduled(now) is None  # a rerun the same day writes nothing twice
    settings.ARCHIVE_DIR = ""
    assert archive.scheduled(now) is None


def test_the_page_and_the_cli_export(stored, personas, settings, tmp_path) -> None:
    from click.testing import CliRunner

    from bedside.cli import main

    settings.ARCHIVE_DIR = str(tmp_path)
    client = personas["reviewer"].client
    bad = client.post("/governance/archive/", {"start": "2026-10-20", "end": "2026-10-01"})
    assert bad.status_code == 400 and "end date is before" in bad.content.decode()
    done = client.post("/governance/archive/", {"start": "2026-10-14", "end": "2026-10-14"}, follow=True)
    assert "Exported 4 messages" in done.content.decode()
    assert personas["responder"].client.get("/governance/archive/").status_code == 403
    out = tmp_path / "cli"
    result = CliRunner().invoke(
        main,
        [
            "archive",
            "export",
            "--from",
            "2026-10-14",
            "--to",
            "2026-10-14",
            "--channel",
            str(stored["x"].pk),
            "--into",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "1 messages" in result.output
    folder = next(Path(out).iterdir())
    assert (folder / "manifest.json").exists()
    bad_cli = CliRunner().invoke(main, ["archive", "export", "--from", "2026-10-14", "--to", "2026-10-01"])
    assert bad_cli.exit_code != 0 and "before it starts" in bad_cli.output
