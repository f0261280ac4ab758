"""Exactly once on the task queue: the attempt is recorded before the
network hears of it, an unknown outcome is settled by reading our replies
back from the network, and transient failures are retried with backoff."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from bedside.channels.models import Channel
from bedside.inbox import replies, sending
from bedside.inbox.intake import triage_stored
from bedside.inbox.models import Message, Reply, State
from bedside.workspace import leases
from bedside.workspace.models import AuditEntry
from tests.inbox.conftest import run_sends
from tests.inbox.test_ready_client import _comment, youtube  # noqa: F401 - fixture
from tests.standin import facebook as facebook_standin
from tests.standin.server import Request, Response

ROOT = Path(__file__).resolve().parents[2]
SAFE = "Thank you for reaching out. Please call our patient relations team so we can follow up privately."


def _posts(standin, slug: str = "facebook", path: str = "/1111_9001/comments") -> list[Request]:
    return [r for r in standin.requests_to(slug) if r.method == "POST" and r.path == path]


@pytest.fixture
def message(stored) -> Message:
    m = stored("The nurse was rude and nobody called me back", external_id="1111_9001")
    triage_stored([m.pk])
    return Message.objects.get(pk=m.pk)


def _now_due() -> None:
    """The backoff has passed (the scheduled retry and its task are due)."""
    Reply.objects.exclude(next_attempt_at=None).update(next_attempt_at=timezone.now())
    DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())


def _queued(message: Message, user, text: str = SAFE) -> Reply:
    reply = replies.submit(replies.draft(message, user, text), user)
    assert reply.state == Reply.State.APPROVED
    return reply


@pytest.mark.django_db
def test_a_timeout_after_the_network_accepted_is_read_back_not_posted_again(message, personas,
                                                                          on_facebook_standin) -> None:
    def accept_then_fail(request: Request) -> Response:
        facebook_standin.comment(on_facebook_standin, "1111_9001", request.form()["message"])
        return Response(504, {"error": {"message": "gateway timeout", "code": 2}})

    on_facebook_standin.route("facebook", "POST", "/1111_9001/comments", accept_then_fail)
    reply = _queued(message, personas["responder"].user)
    run_sends()
    reply.refresh_from_db()
    assert (reply.state, reply.external_id, reply.attempts) == ("sent", "1111_9001_reply", 1)
    assert len(_posts(on_facebook_standin)) == 1
    assert AuditEntry.objects.filter(action="reply_reconciled", detail__found=True).exists()
    assert Message.objects.get(pk=message.pk).state == State.REPLIED


@pytest.mark.django_db
def test_a_try_the_network_never_got_is_retried_later_and_posted_once(message, personas, on_facebook_standin) -> None:
    on_facebook_standin.fail_next("facebook", Response(503, {"error": {"message": "down", "code": 2}}))
    reply = _queued(message, personas["responder"].user)
    run_sends()
    reply.refresh_from_db()
    # Not on the network (read back): it waits for its retry, and the page can say when.
    assert reply.state == Reply.State.RETRYING and reply.attempts == 1
    assert Message.objects.get(pk=message.pk).state == State.SENDING
    assert AuditEntry.objects.filter(action="reply_reconciled", detail__found=False).exists()
    assert reply.next_attempt_at > timezone.now() + timedelta(seconds=20)  # the backoff
    _now_due()
    run_sends()
    reply.refresh_from_db()
    assert (reply.state, reply.attempts) == ("sent", 2)
    assert len(_posts(on_facebook_standin)) == 2 and len(on_facebook_standin.posted[("facebook", "1111_9001")]) == 1


@pytest.mark.django_db
def test_a_rate_limited_try_waits_with_backoff_and_gives_up_after_the_last(message, personas,
                                                                          on_facebook_standin) -> None:
    limited = Response(429, {"error": {"message": "limit", "code": 4}}, headers={"Retry-After": "0"})
    on_facebook_standin.fail_next("facebook", limited, times=50)
    reply = _queued(message, personas["responder"].user)
    run_sends()
    reply.refresh_from_db()
    assert reply.state == Reply.State.RETRYING and reply.next_attempt_at > timezone.now() + timedelta(seconds=20)
    for _ in range(sending.MAX_ATTEMPTS):
        _now_due()
        run_sends()
    reply.refresh_from_db()
    assert (reply.state, reply.attempts) == (Reply.State.FAILED, sending.MAX_ATTEMPTS)
    assert Message.objects.get(pk=message.pk).state == State.SEND_FAILED
    assert not on_facebook_standin.posted[("facebook", "1111_9001")]


@pytest.mark.django_db
def test_what_cannot_be_read_back_is_left_to_a_person_never_reposted(message, personas, on_facebook_standin) -> None:
    # A private message (a takedown notice): Facebook lists no one's private replies back.
    def accept_then_time_out(request: Request) -> Response:
        return Response(504, {"error": {"message": "gateway timeout", "code": 2}})

    on_facebook_standin.route("facebook", "POST", "/80553251208/messages", accept_then_time_out)
    ray = personas["responder"].user
    reply = replies.submit(replies.draft(message, ray, SAFE, private=True), ray)
    run_sends()
    reply.refresh_from_db()
    assert reply.state == Reply.State.FAILED and "look for it on facebook" in reply.error
    assert AuditEntry.objects.filter(action="reply_outcome_unknown").exists()
    assert Message.objects.get(pk=message.pk).state == State.SEND_FAILED
    assert run_sends() == 0  # never re-posted blindly
    posts = [r for r in on_facebook_standin.requests_to("facebook") if r.path == "/80553251208/messages"]
    assert len(posts) == 1


@pytest.mark.django_db
def test_youtube_replies_are_read_back_after_a_timeout(youtube, personas, standin) -> None:  # noqa: F811 - fixture
    [insert] = [handler for prefix, handler in standin.routes[("youtube", "POST")] if prefix == "/comments"]

    def accept_then_time_out(request: Request) -> Response:
        insert(request)
        return Response(504, {"error": {"code": 504}})

    standin.routes[("youtube", "POST")].insert(0, ("/comments", accept_then_time_out))
    reply = _queued(_comment(youtube, "UgzThread2"), personas["responder"].user)
    run_sends()
    reply.refresh_from_db()
    assert (reply.state, reply.external_id) == ("sent", "UgzThread2.reply1")
    assert len(standin.posted[("youtube", "UgzThread2")]) == 1


@pytest.mark.django_db
def test_mastodon_gets_the_recorded_attempt_key_and_a_retry_reads_back(ours, personas, standin, monkeypatch) -> None:
    standin.load("mastodon")
    monkeypatch.setenv("BEDSIDE_API_BASE_MASTODON", standin.base_url("mastodon"))
    channel = Channel.objects.create(organization=ours, network="mastodon", handle="mayoclinic@mastodon.social",
                                     credentials={"token": "test-token"})
    parent = "113250000000000101"  # a status the stand-in knows
    m = Message.objects.create(channel=channel, network="mastodon", external_id=parent, kind="mention",
                               author_handle="someone@example.social", body="When do you open?",
                               published_at=timezone.now())
    reply = _queued(m, personas["responder"].user)
    Reply.objects.filter(pk=reply.pk).update(state=Reply.State.SENDING, attempts=1, attempt_key="k-1",
                                             attempt_started_at=timezone.now(), attempt_by="gone-host:1")
    # The dead attempt had reached Mastodon: the read-back finds it.
    standin.posted[("mastodon", parent)].append({
        "id": "113250000000000555", "url": "https://mastodon.social/@mayoclinic/113250000000000555",
        "content": f"<p>{SAFE}</p>", "in_reply_to_id": parent, "account": {"acct": "mayoclinic"}})
    leases.beat("gone-host:1", timezone.now() - timedelta(hours=1))
    assert sending.deliver(reply.pk) == "sent"
    assert not [r for r in standin.requests_to("mastodon") if r.method == "POST"]
    # A fresh reply carries its attempt's key to Mastodon.
    second = _queued(m, personas["responder"].user, SAFE + " We open at nine.")
    assert sending.deliver(second.pk) == "sent"
    second.refresh_from_db()
    [post] = [r for r in standin.requests_to("mastodon") if r.method == "POST"]
    assert post.headers["idempotency-key"] == second.attempt_key != ""


@pytest.mark.django_db
def test_a_reply_being_sent_by_a_live_worker_is_left_alone(message, personas, on_facebook_standin) -> None:
    reply = _queued(message, personas["responder"].user)
    Reply.objects.filter(pk=reply.pk).update(state=Reply.State.SENDING, attempts=1,
                                             attempt_started_at=timezone.now(), attempt_by=leases.worker_id())
    assert sending.deliver(reply.pk) == "sending"
    assert not _posts(on_facebook_standin)
    with pytest.raises(replies.ReplyError, match="being sent right now"):
        replies.send(reply)


def _database_url() -> str:
    s = connection.settings_dict
    if connection.vendor == "postgresql":
        return f"postgres://{s['USER'] or 'postgres'}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"
    return f"sqlite:///{s['NAME']}"


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_after_the_network_accepted_does_not_post_twice(message, personas,
                                                                       on_facebook_standin) -> None:
    accepted, release = threading.Event(), threading.Event()

    def accept_and_hang(request: Request) -> Response:
        answer = facebook_standin.comment(on_facebook_standin, "1111_9001", request.form()["message"])
        accepted.set()
        release.wait(60)  # the worker is killed while waiting for this answer
        return answer

    on_facebook_standin.route("facebook", "POST", "/1111_9001/comments", accept_and_hang)
    reply = _queued(message, personas["responder"].user)
    env = {**os.environ, "DATABASE_URL": _database_url(),
           "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)])}
    worker = subprocess.Popen(
        [sys.executable, "-m", "bedside.cli", "worker", "--batch", "--interval", "0", "--no-schedule",
         "--queue", "publish"], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 60
        while not accepted.is_set():
            assert worker.poll() is None, worker.communicate()[0]
            assert time.monotonic() < deadline, "the worker never posted"
            time.sleep(0.02)
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=30)
    finally:
        release.set()
        if worker.poll() is None:
            worker.kill()
    reply.refresh_from_db()
    assert reply.state == Reply.State.SENDING and reply.attempts == 1  # accepted, but never saved as sent

    # Another worker takes the orphaned task back and runs it.
    assert leases.release_orphans().requeued
    assert run_sends() == 1
    reply.refresh_from_db()
    assert (reply.state, reply.external_id) == ("sent", "1111_9001_reply")
    assert len(_posts(on_facebook_standin)) == 1, "the retry must not post it twice"
    assert Message.objects.get(pk=message.pk).state == State.REPLIED


@pytest.mark.django_db
def test_the_message_page_shows_the_attempts_and_when_the_next_try_is(message, personas, on_facebook_standin) -> None:
    on_facebook_standin.fail_next("facebook", Response(503, {"error": {"message": "down", "code": 2}}))
    reply = _queued(message, personas["responder"].user)
    run_sends()
    reply.refresh_from_db()
    page = personas["responder"].client.get(f"/inbox/{message.pk}/").content.decode()
    assert "Waiting to retry" in page and "Attempt 1 did not go through" in page
    assert "next try at" in page and f'datetime="{reply.next_attempt_at.isoformat()}"' in page


@pytest.mark.django_db
def test_a_google_review_reply_after_a_timeout_is_simply_sent_again_it_replaces_itself(ours, personas, standin,
                                                                                      monkeypatch) -> None:
    standin.load("google")
    monkeypatch.setenv("BEDSIDE_API_BASE_GOOGLE", standin.base_url("google"))
    channel = Channel.objects.create(organization=ours, network="google", handle="accounts/1/locations/2",
                                     credentials={"token": "ya29.good-token"})
    review = Message.objects.create(channel=channel, network="google", external_id="r1", kind="review",
                                    body="Kind staff at the front desk", rating=5, published_at=timezone.now())
    # More 503s than the transport's own retries of a PUT: the try ends without an answer.
    standin.fail_next("google", Response(503, {"error": {"code": 503}}, headers={"Retry-After": "0"}), times=5)
    reply = _queued(review, personas["responder"].user, "Thank you for the kind words about our front desk!")
    run_sends()
    reply.refresh_from_db()
    assert reply.state == Reply.State.RETRYING  # updateReply is a PUT: repeating it cannot make a second reply
    _now_due()
    run_sends()
    reply.refresh_from_db()
    assert (reply.state, reply.attempts) == (Reply.State.SENT, 2)
    puts = [r for r in standin.requests_to("google") if r.method == "PUT"]
    assert len(puts) == 6 and {r.path for r in puts} == {"/v4/accounts/1/locations/2/reviews/r1/reply"}


@pytest.mark.django_db
def test_a_reply_whose_task_was_lost_is_queued_again_and_sent_once(message, personas, on_facebook_standin) -> None:
    reply = _queued(message, personas["responder"].user)
    DBTaskResult.objects.all().delete()  # the task is gone (failed after its workers kept dying)
    assert sending.resume_lost() == 0  # just queued: not lost yet
    later = timezone.now() + sending.LOST_AFTER + timedelta(seconds=1)
    assert sending.resume_lost(later) == 1
    assert run_sends() == 1
    reply.refresh_from_db()
    assert reply.state == Reply.State.SENT
    assert sending.resume_lost(later) == 0  # sent: nothing left to resume
    assert len(_posts(on_facebook_standin)) == 1


@pytest.mark.django_db
def test_two_workers_settling_one_lost_attempt_post_it_once(message, personas, on_facebook_standin) -> None:
    reply = _queued(message, personas["responder"].user)
    Reply.objects.filter(pk=reply.pk).update(state=Reply.State.SENDING, attempts=1, attempt_key="lost",
                                             attempt_started_at=timezone.now(), attempt_by="gone-host:7")
    leases.beat("gone-host:7", timezone.now() - timedelta(hours=1))
    slow = Reply.objects.select_related("message__channel").get(pk=reply.pk)  # what the slower worker read
    assert sending.deliver(reply.pk) == "sent"  # the first worker: not on Facebook, so it posts it
    # The slower worker's read-back found nothing (before the post landed); its write must lose.
    with pytest.raises(sending._Overtaken):
        sending.settle_unknown(slow)
    assert Reply.objects.get(pk=reply.pk).state == Reply.State.SENT
    assert len(_posts(on_facebook_standin)) == 1
