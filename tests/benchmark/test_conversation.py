"""Reply rate, time to first reply and share of voice, from stored messages."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bedside.benchmark.comparison import compare
from bedside.inbox.models import Message
from tests.benchmark.conftest import END, at

pytestmark = pytest.mark.django_db


def message(ch, ext: str, kind: str, author: str, when, *, thread: str = "", to: str = "") -> Message:
    return Message.objects.create(
        channel=ch, network=ch.network, external_id=ext, kind=kind, author_handle=author,
        published_at=when, body="hello", thread_id=thread, in_reply_to=to,
    )


def test_replies_by_our_channel_count_towards_reply_rate_and_time(peer_set) -> None:
    fb = peer_set["ours"].channels.get(network="facebook")
    t = at(END - timedelta(days=10))
    message(fb, "c1", "comment", "pat", t, thread="c1")
    message(fb, "c2", "comment", "sam", t, thread="c2")
    message(fb, "c3", "comment", "lee", t, thread="c3")
    message(fb, "c4", "comment", "kim", t, thread="c4")
    message(fb, "r1", "comment", "@Riverbend", t + timedelta(hours=2), thread="c1", to="c1")
    message(fb, "r1b", "comment", "Riverbend", t + timedelta(hours=5), thread="c1", to="c1")  # a second reply
    # Answered in the thread without naming the comment.
    message(fb, "r2", "comment", "riverbend", t + timedelta(hours=4), thread="c2")
    # Someone else answering does not count as us.
    message(fb, "x3", "comment", "helpful_stranger", t + timedelta(hours=1), thread="c3", to="c3")
    row = compare().row("Riverbend Health")
    assert row.values["reply_rate"] == pytest.approx(50.0)
    assert row.values["reply_hours"] == pytest.approx(3.0)  # median of 2 h and 4 h


def test_without_comments_conversation_is_no_data(peer_set) -> None:
    row = compare().row("Mayo Clinic")
    assert row.values["reply_rate"] is None
    assert row.values["reply_hours"] is None


def test_comments_never_answered_give_a_zero_rate_and_no_time(peer_set) -> None:
    fb = peer_set["ours"].channels.get(network="facebook")
    message(fb, "c1", "comment", "pat", at(END - timedelta(days=3)), thread="c1")
    row = compare().row("Riverbend Health")
    assert row.values["reply_rate"] == 0
    assert row.values["reply_hours"] is None


def test_share_of_voice_counts_mentions_only_where_we_listen(peer_set) -> None:
    ours_x = peer_set["ours"].channels.get(network="x")
    mayo_x = peer_set["leader"].channels.get(network="x")
    for i in range(3):
        message(ours_x, f"m{i}", "mention", f"u{i}", at(END - timedelta(days=i)))
    for i in range(9):
        message(mayo_x, f"n{i}", "mention", f"v{i}", at(END - timedelta(days=i)))
    c = compare()
    assert c.row("Riverbend Health").values["share_of_voice"] == pytest.approx(25.0)
    assert c.row("Mayo Clinic").values["share_of_voice"] == pytest.approx(75.0)
    # Patchy was never listened for: no data rather than 0%.
    assert c.row("Patchy Medical").values["share_of_voice"] is None
