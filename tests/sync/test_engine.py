"""Syncing one channel against the stand-in: idempotent upserts, cursors
saved with their batch, and faults sorted into retry, reconnect and stop."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from bedside.benchmark.models import Post, Snapshot
from bedside.channels.models import Channel
from bedside.inbox.models import Message
from bedside.sync import engine
from bedside.sync.models import Cursor, SyncRun
from tests.standin.server import Response
from tests.sync.conftest import quick_client, youtube_channel


def comment_pages(standin) -> list[str]:
    return [r.query.get("pageToken", "") for r in standin.requests_to("youtube") if r.path == "/commentThreads"]


def test_it_stores_the_profile_posts_and_comments_of_our_channel(ours, feed) -> None:
    channel = youtube_channel(ours)
    run = engine.sync_channel(channel, trigger="test")

    assert run.status == SyncRun.Status.OK, run.errors
    assert Snapshot.objects.get(channel=channel).followers == 5000
    assert Post.objects.filter(channel=channel).count() == 60
    assert Message.objects.filter(channel=channel, kind="comment").count() == 250
    assert run.counts["messages"] == 250 and run.counts["messages_new"] == 250 and run.counts["posts"] == 60
    assert set(run.timings) == {"profile", "posts", "messages"}
    assert run.finished_at is not None and run.seconds is not None
    channel.refresh_from_db()
    assert channel.status == Channel.Status.OK and channel.status_detail == ""
    assert Cursor.objects.get(channel=channel, stream="messages").value == ""  # done: start afresh next time


def test_a_comment_keeps_its_text_encrypted_and_readable(ours, feed) -> None:
    channel = youtube_channel(ours)
    engine.sync_channel(channel)
    message = Message.objects.get(external_id="Ug0000c0000007")
    assert message.body.startswith("Comment 7 on video") and message.author_name == "@viewer7"
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT body FROM inbox_message WHERE external_id = %s", ["Ug0000c0000007"])
        assert "Comment 7" not in cursor.fetchone()[0]


def test_syncing_twice_stores_no_duplicates_and_updates_changed_counts_in_place(ours, feed) -> None:
    channel = youtube_channel(ours)
    engine.sync_channel(channel)
    post = Post.objects.get(external_id="v0000x00003")
    assert post.likes == 13

    feed.bump = 100  # every count on the network changes
    second = engine.sync_channel(channel)

    assert second.status == SyncRun.Status.OK
    assert Post.objects.count() == 60 and Message.objects.count() == 250
    assert Post.objects.get(external_id="v0000x00003").likes == 113
    assert Post.objects.get(external_id="v0000x00003").pk == post.pk
    assert Snapshot.objects.get(channel=channel).followers == 5100  # same day: one snapshot, updated
    assert second.counts["posts_new"] == 0 and second.counts["posts"] == 60


def test_a_second_sync_stops_reading_comments_at_the_first_page_it_already_has(ours, feed, standin) -> None:
    channel = youtube_channel(ours)
    engine.sync_channel(channel)
    assert comment_pages(standin) == ["", "p100", "p200"]
    engine.sync_channel(channel)
    assert comment_pages(standin) == ["", "p100", "p200", ""]


def test_a_peer_channel_syncs_profile_and_posts_but_never_comments(peer, feed) -> None:
    channel = youtube_channel(peer)
    run = engine.sync_channel(channel)
    assert run.status == SyncRun.Status.OK
    assert Post.objects.filter(channel=channel).count() == 60
    assert not Message.objects.exists()
    assert "messages" not in run.counts


def test_it_waits_as_long_as_retry_after_says_on_a_429(ours, feed, standin) -> None:
    channel = youtube_channel(ours)
    standin.fail_next("youtube", Response(429, {"error": {"code": 429, "message": "rateLimitExceeded"}},
                                          headers={"Retry-After": "7"}))
    waits: list[float] = []
    run = engine.sync_channel(channel, client=quick_client(channel, waits))
    assert run.status == SyncRun.Status.OK
    assert waits == [7.0]
    assert Message.objects.count() == 250


def test_it_backs_off_on_server_errors_and_then_succeeds(ours, feed, standin) -> None:
    channel = youtube_channel(ours)
    standin.fail_next("youtube", Response(503, {"error": {"code": 503, "message": "backendError"}}), times=1)
    standin.fail_next("youtube", Response(500, {"error": {"code": 500, "message": "backendError"}}), times=2)
    waits: list[float] = []
    run = engine.sync_channel(channel, client=quick_client(channel, waits))
    assert run.status == SyncRun.Status.OK
    assert waits == [0.5, 1.0, 2.0]  # doubling each time


def test_a_rate_limit_longer_than_a_sync_can_wait_fails_the_run_until_retry_after(ours, feed, standin) -> None:
    channel = youtube_channel(ours)
    standin.fail_next("youtube", Response(429, {"error": {"code": 429, "message": "rateLimitExceeded"}},
                                          headers={"Retry-After": "3600"}), times=10)
    before = timezone.now()
    run = engine.sync_channel(channel, client=quick_client(channel))
    assert run.status == SyncRun.Status.FAILED and not run.permanent
    assert "rate limited (HTTP 429)" in run.errors[0]
    assert run.retry_at >= before + timedelta(seconds=3600)
    channel.refresh_from_db()
    assert channel.status == Channel.Status.ERROR and "Retrying after" in channel.status_detail


def test_an_expired_token_asks_a_person_to_reconnect(ours, feed) -> None:
    channel = youtube_channel(ours, token="AIzaExpiredKey")
    run = engine.sync_channel(channel)
    assert run.status == SyncRun.Status.FAILED and run.permanent
    assert run.timings.keys() == {"profile"}  # stopped at once: the same token serves every stream
    channel.refresh_from_db()
    assert channel.status == Channel.Status.RECONNECT
    assert "YouTube no longer accepts this channel's credentials" in channel.status_detail
    assert "Reconnect the account or enter a new token" in channel.status_detail


def test_a_channel_without_credentials_asks_for_them_instead_of_failing_silently(ours, feed) -> None:
    channel = youtube_channel(ours, token="")
    engine.sync_channel(channel)
    channel.refresh_from_db()
    assert channel.status == Channel.Status.RECONNECT and "BEDSIDE_YOUTUBE_TOKEN" in channel.status_detail


def test_a_malformed_item_costs_only_itself_and_is_recorded_on_the_run(ours, feed) -> None:
    channel = youtube_channel(ours)
    feed.break_page = {0: 2}  # one comment of the third page of comments
    run = engine.sync_channel(channel)

    assert run.status == SyncRun.Status.OK and run.errors == []
    assert Message.objects.count() == 249  # every other comment, the pages after it included
    assert not Message.objects.filter(external_id="Ug0000c0000225").exists()
    assert run.problem_count == 1
    assert run.problems == [{
        "stream": "messages", "network": "youtube", "external_id": "Ug0000c0000225",
        "field": "items[25].snippet.topLevelComment.snippet.publishedAt", "reason": "not a timestamp: 'last Tuesday'",
    }]
    run.refresh_from_db()
    assert run.problem_count == 1 and run.problems[0]["external_id"] == "Ug0000c0000225"  # saved, not just in memory
    assert Cursor.objects.get(channel=channel, stream="messages").value == ""
    channel.refresh_from_db()
    assert channel.status == Channel.Status.OK

    # The channel is not stuck on it: the next sync runs as any other.
    again = engine.sync_channel(channel)
    assert again.status == SyncRun.Status.OK and again.errors == []


def test_a_broken_envelope_fails_the_stream_and_keeps_what_was_stored(ours, feed) -> None:
    channel = youtube_channel(ours)
    feed.break_envelope = {0: 2}  # the third page of comments is not a page at all
    run = engine.sync_channel(channel)

    assert run.status == SyncRun.Status.PARTIAL  # profile and posts went fine
    [error] = run.errors
    assert error.startswith("messages: youtube: items: expected a list")
    assert Message.objects.count() == 200  # the two good pages, whole
    assert Cursor.objects.get(channel=channel, stream="messages").value == "p200"
    channel.refresh_from_db()
    assert channel.status == Channel.Status.OK and channel.status_detail.startswith("Last sync partly failed")


def test_after_a_failure_the_next_sync_resumes_from_the_stored_cursor(ours, feed, standin) -> None:
    channel = youtube_channel(ours)
    feed.break_envelope = {0: 2}
    engine.sync_channel(channel)
    feed.break_envelope = {}
    run = engine.sync_channel(channel)
    assert run.status == SyncRun.Status.OK
    assert comment_pages(standin) == ["", "p100", "p200", "p200"]
    assert Message.objects.count() == 250 and run.counts["messages_new"] == 50


def test_a_deleted_account_is_a_permanent_failure(ours, feed) -> None:
    channel = youtube_channel(ours, index=7)  # no such channel on the network
    run = engine.sync_channel(channel)
    assert run.status == SyncRun.Status.FAILED and run.permanent
    assert "no channel '@gen0007'" in run.errors[0]
    assert run.retry_at > timezone.now() + timedelta(hours=12)


def test_a_run_whose_process_died_is_marked_interrupted_and_does_not_block_the_next(ours, feed) -> None:
    channel = youtube_channel(ours)
    dead = SyncRun.objects.create(channel=channel, started_at=timezone.now(), worker="nowhere-host:1")
    dead.worker = f"{engine.worker_id().rpartition(':')[0]}:999999999"
    dead.save()
    run = engine.sync_channel(channel)
    assert run.status == SyncRun.Status.OK
    dead.refresh_from_db()
    assert dead.status == SyncRun.Status.FAILED and "interrupted" in dead.errors[0]


def test_a_live_run_is_not_started_twice(ours, feed) -> None:
    channel = youtube_channel(ours)
    SyncRun.objects.create(channel=channel, started_at=timezone.now(), worker=engine.worker_id())
    with pytest.raises(engine.AlreadyRunning):
        engine.sync_channel(channel)
    assert SyncRun.objects.count() == 1


def test_an_expired_oauth_token_is_refreshed_before_reading(ours, feed, standin) -> None:
    from tests.standin.server import Request
    from tests.sync.feeds import API_KEY

    def token(request: Request) -> Response:
        assert request.form()["refresh_token"] == "refresh-1"
        return Response(200, {"access_token": API_KEY, "expires_in": 3599, "token_type": "Bearer"})

    standin.route("youtube", "POST", "/token", token)
    channel = youtube_channel(ours, token="ya29.expired")
    channel.credentials = {"token": "ya29.expired", "client_id": "cid", "client_secret": "secret",
                           "extra": {"refresh_token": "refresh-1",
                                     "expires_at": (timezone.now() - timedelta(minutes=1)).isoformat()}}
    channel.save()
    run = engine.sync_channel(channel)
    assert run.status == SyncRun.Status.OK, run.errors
    channel.refresh_from_db()
    assert channel.credentials["token"] == API_KEY
    assert channel.credentials["extra"]["refresh_token"] == "refresh-1"


def test_new_comments_are_queued_for_triage_once_committed(ours, feed, django_capture_on_commit_callbacks) -> None:
    from django_tasks_db.models import DBTaskResult

    channel = youtube_channel(ours)
    with django_capture_on_commit_callbacks(execute=True):
        engine.sync_channel(channel)
    queued = DBTaskResult.objects.filter(task_path="bedside.inbox.tasks.triage_messages")
    ids = sorted(i for task in queued for i in task.args_kwargs["kwargs"]["message_ids"])
    assert ids == sorted(Message.objects.values_list("pk", flat=True)) and len(ids) == 250

    queued.delete()
    with django_capture_on_commit_callbacks(execute=True):
        engine.sync_channel(channel)  # nothing new: nothing to triage
    assert not DBTaskResult.objects.filter(task_path="bedside.inbox.tasks.triage_messages").exists()


def test_a_website_channel_stores_its_crawl_for_the_cross_promotion_audit(ours, standin) -> None:
    from bedside.benchmark.models import SiteCrawl

    standin.load("website")
    home = standin.base_url("website") + "/"
    channel = Channel.objects.create(organization=ours, network="website", handle=home)
    run = engine.sync_channel(channel, client=quick_client(channel))
    assert run.status == SyncRun.Status.OK, run.errors
    crawl = SiteCrawl.objects.get(channel=channel)
    assert crawl.links == run.counts["links"] > 0
    assert {link.network for link in crawl.found.all()} >= {"facebook", "x"}


def test_the_profile_is_kept_for_the_brand_consistency_audit(ours, feed) -> None:
    from bedside.benchmark.models import ProfileLook

    channel = youtube_channel(ours)
    engine.sync_channel(channel)
    engine.sync_channel(channel)
    look = ProfileLook.objects.get(channel=channel)  # unchanged the second time: one row
    assert look.name == "Generated 0"


def test_a_sync_logs_its_run_and_never_a_comment_body(ours, feed, caplog) -> None:
    channel = youtube_channel(ours)
    with caplog.at_level("DEBUG"):
        run = engine.sync_channel(channel, trigger="test")
    [finished] = [r for r in caplog.records if getattr(r, "event", "") == "sync.finished"]
    assert finished.fields["channel"] == channel.pk and finished.fields["run"] == run.pk
    assert finished.fields["status"] == "ok" and "messages:250" in finished.getMessage()
    bodies = list(Message.objects.filter(channel=channel).values_list("body", flat=True))
    assert len(bodies) == 250
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert not [b for b in bodies if b in logged]
