"""Retention per kind of record: unsent replies, unpublished and published
posts, listening's mentions (under its own period) — each deleted once past
its time unless a legal hold covers it; the audit log is kept six years and
never deleted."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from bedside.channels.models import Channel
from bedside.governance import retention
from bedside.governance.models import SIX_YEARS, LegalHold, Retention
from bedside.inbox.models import Message, Reply
from bedside.listening.models import ListeningSettings, Mention
from bedside.listening.tasks import purge
from bedside.publishing.models import Post, Variant
from bedside.workspace.models import AuditEntry, Organization

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(db: None) -> dict[str, Channel]:
    ours = Organization.objects.create(name="Cedar Ridge Health", is_ours=True)
    fb = Channel.objects.create(organization=ours, network="facebook", handle="CedarRidge")
    x = Channel.objects.create(organization=ours, network="x", handle="cedarridge")
    now = timezone.now()
    message = Message.objects.create(
        channel=fb,
        network="facebook",
        external_id="m1",
        kind="comment",
        author_handle="jo",
        body="Where is the lab?",
        published_at=now,
    )
    for n, (state, days) in enumerate([("draft", 200), ("rejected", 200), ("sent", 200), ("draft", 5)]):
        reply = Reply.objects.create(message=message, body=f"reply {n}", state=state)
        Reply.objects.filter(pk=reply.pk).update(updated_at=now - timedelta(days=days))
    for n, (state, channel, days, published) in enumerate(
        [
            ("draft", fb, 200, False),
            ("rejected", x, 200, False),
            ("approved", fb, 200, True),
            ("approved", x, 200, True),
            ("draft", fb, 5, False),
        ]
    ):
        post = Post.objects.create(title=f"post {n}", state=state)
        Variant.objects.create(
            post=post,
            channel=channel,
            network=channel.network,
            body=f"text {n}",
            published_at=now - timedelta(days=days) if published else None,
        )
        Post.objects.filter(pk=post.pk).update(updated_at=now - timedelta(days=days))
    # An approved post still scheduled for one channel is never deleted before it goes out.
    waiting = Post.objects.create(title="scheduled far ahead", state="approved")
    Variant.objects.create(
        post=waiting,
        channel=fb,
        network="facebook",
        body="later",
        state="scheduled",
        scheduled_at=now + timedelta(days=60),
    )
    Post.objects.filter(pk=waiting.pk).update(updated_at=now - timedelta(days=200))
    for kind in ("replies", "drafts", "posts"):
        Retention.objects.create(kind=kind, days=90)
    return {"fb": fb, "x": x}


def test_unsent_replies_and_unpublished_posts_go_sent_ones_stay_with_their_message(records) -> None:
    outcomes = {o.kind: o for o in retention.apply_all()}
    assert (
        outcomes["replies"].deleted == 2
        and outcomes["drafts"].deleted == 2
        and outcomes["posts"].deleted == 2
    )
    assert sorted(Reply.objects.values_list("body", flat=True)) == ["reply 2", "reply 3"]
    assert set(Post.objects.values_list("title", flat=True)) == {"post 4", "scheduled far ahead"}
    assert {e.detail["kind"] for e in AuditEntry.objects.filter(action="retention_applied")} == {
        "replies",
        "drafts",
        "posts",
    }


def test_a_hold_on_a_channel_keeps_its_posts_and_drafts(records) -> None:
    LegalHold.objects.create(name="X account review", reason="counsel", channel=records["x"])
    outcomes = {o.kind: o for o in retention.apply_all()}
    assert (outcomes["drafts"].deleted, outcomes["drafts"].held) == (1, 1)
    assert (outcomes["posts"].deleted, outcomes["posts"].held) == (1, 1)
    assert set(Post.objects.values_list("title", flat=True)) == {
        "post 1",
        "post 3",
        "post 4",
        "scheduled far ahead",
    }


def test_listening_keeps_mentions_a_hold_covers(db: None) -> None:
    settings_row = ListeningSettings.current()
    settings_row.retention_days = 30
    settings_row.save()
    old = timezone.now() - timedelta(days=60)
    for n, author in enumerate(["dana", "eli", "fay"]):
        m = Mention.objects.create(
            source="x", external_id=f"x{n}", author_handle=author, body="a post", published_at=old
        )
        Mention.objects.filter(pk=m.pk).update(fetched_at=old)
    LegalHold.objects.create(name="Eli's claim", reason="claim", author_handle="ELI")
    _, due, held = retention.expired("mentions")
    assert (due.count(), held) == (2, 1)  # shown on the page; listening deletes them on its own schedule
    assert purge() == 2
    assert list(Mention.objects.values_list("author_handle", flat=True)) == ["eli"]


def test_the_audit_log_is_kept_at_least_six_years_and_never_deleted(db: None, personas) -> None:
    with pytest.raises(ValidationError, match="six years"):
        Retention(kind="audit", days=365).full_clean()
    Retention(kind="audit", days=SIX_YEARS).full_clean()
    outcomes = {o.kind: o.deleted for o in retention.apply_all()}
    assert outcomes["audit"] == 0  # nothing is six years old (pruning: tests/workspace/test_audit_prune.py)
    short = personas["admin"].client.post("/governance/retention/", {"kind": "audit", "days": "400"})
    assert short.status_code == 400 and "six years" in short.content.decode()
    personas["admin"].client.post("/governance/retention/", {"kind": "drafts", "days": "120"})
    assert Retention.days_for("drafts") == 120
    page = personas["admin"].client.get("/governance/").content.decode()
    assert "Posts never published" in page and "never within six years" in page
