"""Replies are sent once however many people click at once.

A click queues the reply; the worker sends it (tests.inbox.conftest.run_sends
runs the queued tasks). Real threads, each with its own database connection and its own signed-in
browser session, click "Retry" or submit the same reply at the same moment;
the stand-in network counts what it was asked to post. Runs on SQLite and on
PostgreSQL (DATABASE_URL)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from bedside.inbox import replies, sending
from bedside.inbox.models import Message, Reply
from bedside.workspace.models import AuditEntry
from tests.standin.server import Request, Response, StandIn, fixture

pytestmark = pytest.mark.django_db(transaction=True)

# the inbox fixtures (personas, our organization, a stored message, the stand-in)
from tests.inbox.conftest import facebook, on_facebook_standin, ours, personas, run_sends, stored  # noqa: E402,F401

TEXT = "Thanks for telling us. Our patient relations team would like to hear more; please call the main desk."
CLICKS = 6


def _slow_posts(standin: StandIn) -> None:
    """Hold every post a moment, so that concurrent requests overlap at the network."""
    (prefix, post), = standin.routes[("facebook", "POST")]

    def slow(request: Request) -> Response:
        time.sleep(0.3)
        return post(request)

    standin.routes[("facebook", "POST")] = [(prefix, slow)]


def _posts(standin: StandIn) -> list[Request]:
    return [r for r in standin.requests_to("facebook") if r.method == "POST" and r.path.endswith("/comments")]


def _at_once(n: int, click: Callable[[int], Any]) -> list[Any]:
    barrier = threading.Barrier(n)
    results: list[Any] = [None] * n

    def run(i: int) -> None:
        try:
            barrier.wait()
            results[i] = click(i)
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return results


def _browser(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def failed_replies(stored, personas, on_facebook_standin) -> list[Reply]:  # noqa: F811 - fixtures
    ray = personas["responder"].user
    made = []
    for n in range(2):
        message = stored("Nobody returned my calls about the bill", external_id=f"1111_{7100 + n}")
        on_facebook_standin.fail_next("facebook", Response(400, fixture("facebook/errors.json")["expired"]))
        reply = replies.submit(replies.draft(message, ray, TEXT), ray)
        run_sends()
        reply.refresh_from_db()
        assert reply.state == Reply.State.FAILED
        made.append(reply)
    return made


def test_simultaneous_retry_clicks_post_each_failed_reply_once(failed_replies, personas, on_facebook_standin) -> None:  # noqa: F811 - fixtures
    _slow_posts(on_facebook_standin)
    before = len(_posts(on_facebook_standin))
    browsers = [_browser(personas["responder"].user) for _ in range(CLICKS)]

    for reply in failed_replies:
        url = reverse("inbox_reply_action", args=[reply.message_id, reply.pk])
        answers = _at_once(CLICKS, lambda i, url=url: browsers[i].post(url, {"action": "retry"}))
        assert all(getattr(a, "status_code", None) == 302 for a in answers), answers

    assert run_sends() == len(failed_replies), "each reply is queued once, however many clicks"
    assert len(_posts(on_facebook_standin)) - before == len(failed_replies)
    for reply in failed_replies:
        reply.refresh_from_db()
        assert (reply.state, reply.attempts) == (Reply.State.SENT, 2)
    assert AuditEntry.objects.filter(action="reply_sent").count() == len(failed_replies)


def test_the_same_retry_through_the_api_at_once_posts_once(failed_replies, personas, on_facebook_standin) -> None:  # noqa: F811 - fixtures
    _slow_posts(on_facebook_standin)
    reply = failed_replies[0]
    before = len(_posts(on_facebook_standin))
    outcomes = _at_once(CLICKS, lambda i: _send(reply))
    run_sends()
    assert len(_posts(on_facebook_standin)) - before == 1
    assert sum(isinstance(o, Reply) for o in outcomes) == 1
    assert all(isinstance(o, replies.ReplyError) for o in outcomes if not isinstance(o, Reply))


def _send(reply: Reply) -> Reply:
    return replies.send(Reply.objects.get(pk=reply.pk))


def test_a_double_submitted_reply_is_one_reply_posted_once(stored, personas, on_facebook_standin) -> None:  # noqa: F811 - fixtures
    _slow_posts(on_facebook_standin)
    message = stored("Waited two hours in the lobby tonight", external_id="1111_7200")
    browsers = [_browser(personas["responder"].user) for _ in range(2)]
    url = reverse("inbox_reply", args=[message.pk])

    answers = _at_once(2, lambda i: browsers[i].post(url, {"body": TEXT}))

    assert [getattr(a, "status_code", a) for a in answers] == [302, 302]
    run_sends()
    assert Reply.objects.filter(message=message).count() == 1
    assert len(_posts(on_facebook_standin)) == 1
    assert Reply.objects.get(message=message).state == Reply.State.SENT
    assert Message.objects.get(pk=message.pk).state == "replied"


def test_two_different_replies_to_one_message_are_both_kept(stored, personas, on_facebook_standin) -> None:  # noqa: F811 - fixtures
    message = stored("Where do I park for the clinic?", external_id="1111_7300")
    ray = personas["responder"].user
    first = replies.draft(message, ray, TEXT)
    second = replies.draft(message, ray, TEXT + " We are open until eight.")
    assert first.pk != second.pk
    assert replies.draft(message, ray, TEXT).pk == first.pk  # the same text again moments later


def test_a_reply_whose_sender_died_is_read_back_then_sent_once(failed_replies, on_facebook_standin) -> None:  # noqa: F811 - fixtures
    from datetime import timedelta

    from django.utils import timezone

    reply = failed_replies[0]
    before = len(_posts(on_facebook_standin))
    # As a sender killed between claiming the reply and hearing back leaves it:
    long_ago = timezone.now() - timedelta(hours=1)
    Reply.objects.filter(pk=reply.pk).update(state=Reply.State.SENDING, attempt_started_at=long_ago,
                                             attempt_by="another-host:4242", updated_at=long_ago)
    assert sending.deliver(reply.pk) == Reply.State.SENT  # not on Facebook (read back): sent now
    assert len(_posts(on_facebook_standin)) - before == 1
    assert AuditEntry.objects.filter(action="reply_reconciled", detail__found=False).exists()


def test_a_reply_being_sent_right_now_is_not_settled(failed_replies, on_facebook_standin) -> None:  # noqa: F811 - fixtures
    from django.utils import timezone

    from bedside.workspace import leases

    reply = failed_replies[0]
    Reply.objects.filter(pk=reply.pk).update(state=Reply.State.SENDING, attempt_started_at=timezone.now(),
                                             attempt_by=leases.worker_id())
    before = len(_posts(on_facebook_standin))
    assert sending.deliver(reply.pk) == Reply.State.SENDING
    assert len(_posts(on_facebook_standin)) == before
    with pytest.raises(replies.ReplyError, match="being sent right now"):
        replies.send(reply)
