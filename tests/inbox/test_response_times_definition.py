"""One definition of "replied" and "first response time": the inbox's
response-times figures and the benchmark's reply rate agree on the same messages."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from bedside.benchmark.comparison import compare
from bedside.inbox.models import Message
from bedside.inbox.response_times import conversation_metrics, summary
from tests.benchmark.conftest import at, channel, organization

pytestmark = pytest.mark.django_db
END = date(2026, 6, 30)


def comment(ch, ext: str, author: str, when, **kw) -> Message:
    return Message.objects.create(channel=ch, network=ch.network, external_id=ext, kind="comment",
                                  author_handle=author, published_at=when, body="hi", **kw)


@pytest.fixture
def conversation():
    ours = organization("Harbor Point Health", ours=True)
    fb = channel(ours, "facebook", "HarborPoint")
    t = at(END - timedelta(days=5))
    comment(fb, "a", "pat", t, thread_id="a")
    comment(fb, "b", "sam", t, thread_id="b", first_replied_at=t + timedelta(hours=4))  # answered from Bedside
    comment(fb, "c", "lee", t, thread_id="c")
    comment(fb, "d", "bot_deals", t, thread_id="d", spam=True)  # spam waits for nobody
    comment(fb, "r", "HarborPoint", t + timedelta(hours=2), thread_id="a", in_reply_to="a")  # answered on the network
    comment(fb, "e", "kim", t + timedelta(hours=1), thread_id="c", in_reply_to="c")  # the public talking
    return ours


def test_the_inbox_and_the_benchmark_count_the_same_replies_and_times(conversation) -> None:
    since, until = at(END - timedelta(days=30), 0), at(END + timedelta(days=1), 0)
    inbox = conversation_metrics(since, organization_id=conversation.pk, until=until)
    assert (inbox["messages"], inbox["replied"]) == (3, 2)
    assert inbox["first_reply_median_minutes"] == pytest.approx(180)  # 2 h and 4 h

    bench = compare(as_of=END, start=END - timedelta(days=30)).row("Harbor Point Health")
    assert bench.values["reply_rate"] == pytest.approx(inbox["replied"] / inbox["messages"] * 100)
    assert bench.values["reply_hours"] * 60 == pytest.approx(inbox["first_reply_median_minutes"])


def test_our_own_messages_are_never_counted_as_waiting(conversation) -> None:
    [row] = summary(at(END - timedelta(days=30), 0), by=())
    assert row.messages == 3


def test_the_page_states_the_period_and_the_definition(conversation, personas) -> None:
    page = personas["manager"].client.get("/inbox/response-times/").content.decode()
    assert "messages published" in page and "Replied: our channel answered" in page


def test_a_peers_comments_are_not_in_our_response_times(conversation) -> None:
    peer = organization("Lakeside Medical Center")
    theirs = channel(peer, "facebook", "Lakeside")
    comment(theirs, "p1", "someone", at(END - timedelta(days=5)), thread_id="p1")
    [row] = summary(at(END - timedelta(days=30), 0), by=())
    assert row.messages == 3
