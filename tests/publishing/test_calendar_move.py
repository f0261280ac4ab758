"""Moving a post to another day from the calendar, through the plain form
every movable post carries (what drag and drop and the keyboard submit too):
the rules of rescheduling, in the workspace's time zone, never into the
past, never once published, audited with where it came from."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from bedside.publishing import approval
from bedside.publishing.approval import VariantInput
from bedside.publishing.models import Post, Variant
from bedside.workspace.models import AuditEntry

pytestmark = pytest.mark.django_db

SAFE = "Our flu clinic is open late all week at the Riverbend main campus. #FluFree"


def _approved(person, channel, when) -> Variant:
    post = approval.save(person, title="Flu clinic", variants=[VariantInput(channel, SAFE, when)])
    post = approval.submit(post, person)
    assert post.state == Post.State.APPROVED
    return post.variants.get()


def _later(days: int):
    return (timezone.localtime() + timedelta(days=days)).replace(hour=9, minute=30, second=0, microsecond=0)


def test_a_post_moved_to_another_day_keeps_its_time_of_day_and_its_approval(personas, mastodon) -> None:
    mona = personas["manager"]
    variant = _approved(mona.user, mastodon, _later(3))
    target = _later(5).date()
    answer = mona.client.post(f"/publishing/variants/{variant.pk}/move/",
                              {"day": target.isoformat(), "time": "", "next": f"month={target:%Y-%m}"})
    assert answer.status_code == 302 and answer["Location"] == f"/publishing/calendar/?month={target:%Y-%m}"
    variant.refresh_from_db()
    moved = timezone.localtime(variant.scheduled_at)
    assert (moved.date(), moved.hour, moved.minute) == (target, 9, 30)
    assert variant.state == Variant.State.SCHEDULED and variant.post.state == Post.State.APPROVED
    entry = AuditEntry.objects.filter(action="post_scheduled").latest("at")
    assert entry.actor_name == "mona" and entry.detail["from"] == _later(3).isoformat()
    assert entry.detail["at"] == moved.isoformat()
    page = mona.client.get(answer["Location"]).content.decode()
    assert "Moved “Flu clinic” on Mastodon to" in page
    # The post's page tells its history, the move included.
    history = mona.client.get(f"/publishing/posts/{variant.post_id}/").content.decode()
    assert (f"mona moved it on Mastodon from {_later(3):%a %d %b %Y, %H:%M} to {moved:%a %d %b %Y, %H:%M}"
            in history)
    assert "mona approved it" in history or "mona submitted it" in history


def test_the_form_can_set_a_new_time_read_in_the_workspace_time_zone(personas, mastodon, settings) -> None:
    settings.TIME_ZONE = "America/Chicago"
    mona = personas["manager"]
    variant = _approved(mona.user, mastodon, _later(2))
    target = _later(4).date()
    mona.client.post(f"/publishing/variants/{variant.pk}/move/", {"day": target.isoformat(), "time": "16:45"})
    variant.refresh_from_db()
    with timezone.override("America/Chicago"):
        moved = timezone.localtime(variant.scheduled_at)
    assert (moved.date(), moved.hour, moved.minute) == (target, 16, 45)


@pytest.mark.parametrize(("day", "time", "says"), [
    ("past", "", "has passed"),
    ("soon", "not-a-time", "is not a time of day (HH:MM)"),
    ("12/24/2026", "", "is not a day (YYYY-MM-DD)"),
])
def test_a_move_into_the_past_or_with_bad_input_changes_nothing_and_says_why(personas, mastodon, day, time,
                                                                              says) -> None:
    mona = personas["manager"]
    variant = _approved(mona.user, mastodon, _later(3))
    raw = {"past": (timezone.localdate() - timedelta(days=1)).isoformat(),
           "soon": _later(6).date().isoformat()}.get(day, day)
    answer = mona.client.post(f"/publishing/variants/{variant.pk}/move/", {"day": raw, "time": time}, follow=True)
    assert "Not moved: " in answer.content.decode() and says in answer.content.decode()
    before = variant.scheduled_at
    variant.refresh_from_db()
    assert variant.scheduled_at == before and not AuditEntry.objects.filter(action="post_scheduled").exists()


def test_a_published_post_cannot_be_moved(personas, mastodon) -> None:
    mona = personas["manager"]
    variant = _approved(mona.user, mastodon, _later(1))
    Variant.objects.filter(pk=variant.pk).update(state=Variant.State.PUBLISHED, published_at=timezone.now())
    answer = mona.client.post(f"/publishing/variants/{variant.pk}/move/", {"day": _later(4).date().isoformat()},
                              follow=True)
    assert "it cannot be moved" in answer.content.decode()
    variant.refresh_from_db()
    assert timezone.localtime(variant.scheduled_at) == _later(1)


def test_only_people_who_publish_move_posts_and_only_with_the_csrf_token(personas, mastodon) -> None:
    variant = _approved(personas["manager"].user, mastodon, _later(3))
    form = {"day": _later(6).date().isoformat()}
    for who in ("reviewer", "viewer", "responder"):
        assert personas[who].client.post(f"/publishing/variants/{variant.pk}/move/", form).status_code == 403
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(personas["manager"].user)
    assert strict.post(f"/publishing/variants/{variant.pk}/move/", form).status_code == 403
    assert personas["manager"].client.get(f"/publishing/variants/{variant.pk}/move/").status_code == 405
    variant.refresh_from_db()
    assert timezone.localtime(variant.scheduled_at) == _later(3)


def test_the_move_returns_only_to_the_calendar(personas, mastodon) -> None:
    variant = _approved(personas["manager"].user, mastodon, _later(3))
    answer = personas["manager"].client.post(f"/publishing/variants/{variant.pk}/move/", {
        "day": _later(4).date().isoformat(), "next": "month=2026-12&next=https://elsewhere.example/"})
    assert answer["Location"] == "/publishing/calendar/?month=2026-12"


def test_the_calendar_offers_the_move_form_for_posts_not_yet_sent_to_people_who_publish(personas, mastodon) -> None:
    mona = personas["manager"]
    waiting = _approved(mona.user, mastodon, _later(2))
    sent = _approved(mona.user, mastodon, _later(2) + timedelta(hours=1))
    Variant.objects.filter(pk=sent.pk).update(state=Variant.State.PUBLISHED, published_at=_later(2))
    month = f"month={_later(2):%Y-%m}"
    page = mona.client.get(f"/publishing/calendar/?{month}").content.decode()
    assert f'action="/publishing/variants/{waiting.pk}/move/"' in page
    assert f'action="/publishing/variants/{sent.pk}/move/"' not in page
    assert page.count('class="chip"') == 1 and f'name="next" value="{month}"' in page
    # every day of the month is listed, somewhere to drop a post
    assert f'data-day="{_later(2):%Y-%m}-01"' in page
    reviewer = personas["reviewer"].client.get(f"/publishing/calendar/?{month}").content.decode()
    assert "/move/" not in reviewer and "Flu clinic" in reviewer
