"""`bedside org`, `channel`, `sync`, `export snapshots` and `import`."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from bedside.benchmark.models import Post, Snapshot
from bedside.channels.models import Channel
from bedside.cli import main
from bedside.inbox.models import Message
from bedside.sync.models import SyncRun
from bedside.workspace.models import AuditEntry, Organization
from tests.sync.conftest import youtube_channel
from tests.sync.feeds import API_KEY

SAMPLES = Path(__file__).resolve().parents[1] / "networks" / "samples"


def bedside(*args: str, stdin: str = "") -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), input=stdin, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def riverside(db) -> Organization:
    org = Organization.objects.create(name="Riverside Health", is_ours=True)
    for network, handle in (("facebook", "RiversideHealth"), ("x", "RiversideHealth"), ("youtube", "@RiversideHealth")):
        Channel.objects.create(organization=org, network=network, handle=handle)
    mayo = Organization.objects.create(name="Mayo Clinic")
    Channel.objects.create(organization=mayo, network="instagram", handle="mayoclinic")
    return org


@pytest.mark.parametrize("command", ["org", "channel", "sync", "export", "import"])
def test_every_sync_command_has_help(command: str) -> None:
    code, out, _ = bedside(command, "--help")
    assert code == 0 and "Usage:" in out


def test_org_add_makes_our_organization_then_peers(db) -> None:
    assert bedside("org", "add", "Riverbend Health", "--website", "https://riverbend.example")[0] == 0
    code, out, _ = bedside("org", "add", "Lakeside Medical Center", "--peer")
    assert code == 0 and "peer" in out
    assert Organization.objects.get(is_ours=True).name == "Riverbend Health"
    assert AuditEntry.objects.filter(action="organization_added", actor_name="cli").count() == 2
    code, out, _ = bedside("org", "list")
    assert "Riverbend Health" in out and "Our organization" in out and "Lakeside Medical Center" in out


@pytest.mark.parametrize(("args", "message"), [
    (["org", "add", "Second Ours"], "Riverbend Health is already our organization; add 'Second Ours' with --peer"),
    (["org", "add", "riverbend health", "--peer"], "an organization named 'riverbend health' already exists"),
    (["org", "add", "Web", "--peer", "--website", "not a url"], "--website: 'not a url' is not a web address"),
])
def test_org_add_refuses_with_one_line_saying_why(db, args: list[str], message: str) -> None:
    Organization.objects.create(name="Riverbend Health", is_ours=True)
    code, _, err = bedside(*args)
    assert code == 1 and message in err and "Traceback" not in err


def test_channel_add_normalises_the_handle_and_refuses_duplicates_and_bad_handles(db) -> None:
    Organization.objects.create(name="Riverbend Health", is_ours=True)
    code, out, _ = bedside("channel", "add", "riverbend health", "mastodon", "@Riverbend@Mastodon.Social")
    assert code == 0 and "Added channel" in out
    assert Channel.objects.get().handle == "Riverbend@mastodon.social"
    code, _, err = bedside("channel", "add", "Riverbend Health", "mastodon", "Riverbend@mastodon.social")
    assert code == 1 and "already has the mastodon channel" in err
    code, _, err = bedside("channel", "add", "Riverbend Health", "bluesky", "not a handle!")
    assert code == 1 and "HANDLE: Bluesky: 'not a handle!' is not a Bluesky handle" in err
    code, _, err = bedside("channel", "add", "Nobody", "x", "someone")
    assert code == 1 and "no organization named, numbered or containing 'Nobody'" in err
    code, out, _ = bedside("channel", "list")
    assert "Riverbend@mastodon.social" in out and "never" in out


def test_channel_credentials_are_stored_encrypted_and_never_echoed_or_audited(ours) -> None:
    youtube_channel(ours, token="")
    code, out, _ = bedside("channel", "credentials", "Riverbend Health", "youtube", "gen0000", "--token-stdin",
                           stdin="AIzaSecretValue123\n")
    assert code == 0 and "AIzaSecretValue123" not in out and "encrypted" in out
    channel = Channel.objects.get()
    assert channel.credentials == {"token": "AIzaSecretValue123"}
    entry = AuditEntry.objects.get(action="channel_credentials_saved")
    assert "AIzaSecretValue123" not in json.dumps(entry.detail) and entry.detail["parts"] == ["token"]
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT credentials FROM workspace_channel")
        assert "AIzaSecretValue123" not in cursor.fetchone()[0]
    code, _, err = bedside("channel", "credentials", "Riverbend Health", "youtube", "gen0000", "--token-stdin")
    assert code == 1 and "standard input held no token" in err


def test_sync_shows_a_summary_table_and_exits_0_when_all_went_well(ours, feed) -> None:
    first, second = youtube_channel(ours, 0), youtube_channel(ours, 1)
    code, out, err = bedside("sync", "--network", "youtube")
    assert code == 0, out + err
    lines = out.splitlines()
    assert lines[0].split() == ["id", "organization", "network", "handle", "status", "stored", "new", "skipped",
                                "seconds", "errors"]
    assert any(line.split()[:1] == [str(first.pk)] and " ok " in line and " 311 " in line for line in lines)
    assert any(line.split()[:1] == [str(second.pk)] for line in lines)
    assert Message.objects.count() == 500


def test_sync_exits_1_and_names_the_failure_when_a_channel_fails(ours, feed) -> None:
    good = youtube_channel(ours, 0)
    bad = youtube_channel(ours, 1, token="AIzaRevoked")
    code, out, _ = bedside("sync", "--org", "Riverbend Health")
    assert code == 1
    row = next(line for line in out.splitlines() if line.split()[:1] == [str(bad.pk)])
    assert "failed" in row and "token rejected (HTTP 401)" in row
    assert Message.objects.filter(channel=good).count() == 250


def test_sync_leaves_the_demos_sample_organizations_out_unless_named(ours, feed) -> None:
    real = youtube_channel(ours, 0)
    sample = youtube_channel(Organization.objects.create(name="Mayo Clinic", is_sample=True), 1)
    code, out, err = bedside("sync")
    assert code == 0, out + err
    synced = {int(line.split()[0]) for line in out.splitlines()[1:] if line.split()[:1] and line.split()[0].isdigit()}
    assert synced == {real.pk}
    code, out, err = bedside("sync", "--channel", str(sample.pk))
    assert code == 0, out + err
    assert SyncRun.objects.get(channel=sample).status == "ok"


def test_sync_refuses_unknown_channels(db) -> None:
    code, _, err = bedside("sync", "--channel", "999")
    assert code == 1 and "--channel: no channel with id 999" in err


def test_import_stores_a_good_snapshot_file(riverside) -> None:
    code, out, err = bedside("import", str(SAMPLES / "snapshots.csv"))
    assert code == 0, err
    assert "4 snapshot(s) (4 new)" in out
    facebook = Snapshot.objects.get(channel__network="facebook")
    assert facebook.followers == 48210 and facebook.extra == {"likes": 47980, "talking_about": 1204}
    assert facebook.source == "import" and str(facebook.date) == "2024-03-01"
    assert AuditEntry.objects.get(action="data_imported").detail["snapshots"] == 4


def test_import_of_a_file_with_bad_rows_stores_nothing_and_names_every_row_and_column(riverside, tmp_path) -> None:
    path = tmp_path / "snapshots-with-errors.csv"
    shutil.copy(SAMPLES / "snapshots-with-errors.csv", path)
    code, _, err = bedside("import", str(path))
    assert code == 1
    assert f"{path}, row 3, date: is empty" in err
    assert f"{path}, row 5, followers: '12.5k' is not a whole number" in err
    assert "nothing was stored" in err
    assert not Snapshot.objects.exists()


def test_import_names_the_row_of_an_unknown_organization_or_channel_and_stores_nothing(db, tmp_path) -> None:
    Organization.objects.create(name="Riverside Health", is_ours=True)
    path = tmp_path / "snapshots.csv"
    shutil.copy(SAMPLES / "snapshots.csv", path)
    code, _, err = bedside("import", str(path))
    assert code == 1
    assert f"{path}, row 2, handle: Riverside Health has no facebook channel 'RiversideHealth'" in err
    assert f"{path}, row 4, handle: Riverside Health has no youtube channel '@RiversideHealth'" in err
    assert f"{path}, row 5, organization: no organization named 'Mayo Clinic' in Bedside" in err
    assert not Snapshot.objects.exists() and not Channel.objects.exists()


def test_import_with_create_makes_the_missing_organizations_and_channels(db, tmp_path) -> None:
    code, out, err = bedside("import", str(SAMPLES / "snapshots.csv"), "--create")
    assert code == 0, err
    assert "created organization Mayo Clinic" in out and "created channel Riverside Health: x RiversideHealth" in out
    assert not Organization.objects.filter(is_ours=True).exists()  # created as peers
    assert Channel.objects.get(network="youtube").handle == "@RiversideHealth"
    assert Snapshot.objects.count() == 4


def test_import_of_an_x_export_stores_posts_on_the_channel_its_permalinks_name(riverside) -> None:
    path = SAMPLES / "tweet_activity_metrics_RiversideHealth_20240301_20240331_en.csv"
    code, out, err = bedside("import", str(path))
    assert code == 0, err
    post = Post.objects.get(external_id="1765432109876543210")
    assert post.channel.organization == riverside and post.views == 12840 and post.likes == 187
    assert bedside("import", str(path))[0] == 0  # twice: updated in place
    assert Post.objects.filter(external_id="1765432109876543210").count() == 1


def test_export_then_import_round_trips_the_snapshots(riverside, tmp_path) -> None:
    assert bedside("import", str(SAMPLES / "snapshots.csv"))[0] == 0
    youtube = Snapshot.objects.get(channel__network="youtube")
    youtube.extra = {"viewCount": 1203344, "ratio": 0.5}
    youtube.save()
    out_file = tmp_path / "export.csv"
    code, _, err = bedside("export", "snapshots", "--out", str(out_file))
    assert code == 0 and "Wrote 4 snapshot(s)" in err and "1 value(s) that are not whole counts" in err
    exported = out_file.read_text()
    rows = list(csv.DictReader(io.StringIO(exported)))
    assert rows[0].keys() >= {"organization", "network", "handle", "date", "followers", "view_count", "likes"}
    before = {(s.channel_id, s.date): (s.followers, s.following, s.posts) for s in Snapshot.objects.all()}

    Snapshot.objects.all().delete()
    code, _, err = bedside("import", str(out_file))
    assert code == 0, err
    after = {(s.channel_id, s.date): (s.followers, s.following, s.posts) for s in Snapshot.objects.all()}
    assert after == before
    assert Snapshot.objects.get(channel__network="youtube").extra == {"view_count": 1203344}
    code, again, _ = bedside("export", "snapshots")
    assert again == exported  # and the file comes out the same


def test_export_as_json_and_for_one_organization(riverside) -> None:
    assert bedside("import", str(SAMPLES / "snapshots.csv"))[0] == 0
    code, out, _ = bedside("export", "snapshots", "--org", "Mayo Clinic", "--format", "json")
    assert code == 0
    [only] = json.loads(out)
    assert only["handle"] == "mayoclinic" and only["followers"] == 1200000 and only["following"] == 150
    code, out, _ = bedside("export", "snapshots", "--format", "json", "--org", "Nobody")
    assert code == 1


def test_the_env_token_is_used_when_a_channel_has_none(ours, feed, monkeypatch) -> None:
    monkeypatch.setenv("BEDSIDE_YOUTUBE_TOKEN", API_KEY)
    youtube_channel(ours, token="")
    code, out, _ = bedside("sync")
    assert code == 0, out


def test_org_add_with_a_website_adds_the_website_channel_that_sync_crawls(db) -> None:
    from bedside.sync.engine import streams_for

    code, out, _ = bedside("org", "add", "Harbor Point Hospital", "--peer", "--website", "https://harborpoint.example/")
    assert code == 0 and "website channel" in out
    site = Channel.objects.get(organization__name="Harbor Point Hospital", network="website")
    assert site.handle == "https://harborpoint.example/"
    assert "links" in streams_for(site)  # the cross-promotion audit's crawl
    assert AuditEntry.objects.filter(action="channel_added", actor_name="cli").count() == 1


def test_org_add_without_a_website_adds_no_channel(db) -> None:
    assert bedside("org", "add", "Quiet Valley Clinic", "--peer")[0] == 0
    assert not Channel.objects.filter(organization__name="Quiet Valley Clinic").exists()
