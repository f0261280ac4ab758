"""The composer, a post's page, the approval queue and the calendar, through
Django's test client, as each role uses them."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from bedside.publishing.models import Post, Variant
from bedside.workspace.models import AuditEntry

pytestmark = pytest.mark.django_db

SAFE = "Our flu clinic is open late all week at the Riverbend main campus. #FluFree"
FLAGGED = "Happy birthday to our patient John Fakesmith in room 412, home after his bypass surgery!"


def _form(channel, body=SAFE, *, when="", action="save", **extra):
    today = date.today()
    signed = {"authorization_form": "HIPAA-2026-0114", "authorization_signed": str(today - timedelta(days=30)),
              "authorization_expires": str(today + timedelta(days=365)), "authorization_networks": ["mastodon"]}
    return {**signed, "title": "Flu clinic", "body": "", "link": "https://riverbend.example/flu", "campaign": "",
            "new_campaign": "Flu season", "content_type": "", "channel": [str(channel.pk)],
            f"body_{channel.pk}": body, f"when_{channel.pk}": when, "action": action, **extra}


def test_the_composer_is_for_people_who_publish(personas, mastodon) -> None:
    page = personas["manager"].client.get("/publishing/new/")
    assert page.status_code == 200 and "riverbend@mastodon.social" in page.content.decode()
    for who in ("responder", "viewer", "reviewer"):
        assert personas[who].client.get("/publishing/new/").status_code == 403


def test_the_preview_counts_as_the_network_does_and_shows_the_tracked_link_and_the_guard(personas, mastodon) -> None:
    html = personas["manager"].client.post("/publishing/preview/", _form(mastodon, FLAGGED)).content.decode()
    assert "utm_source=mastodon&amp;utm_medium=social&amp;utm_campaign=flu-season" in html
    assert " of 500 characters, links count 23" in html
    assert "Guard verdict: <strong>review</strong>" in html or "Guard verdict: <strong>block</strong>" in html
    assert '<mark class="finding' in html
    assert "Content type the classifier suggests" in html


def test_submitting_from_the_composer_saves_the_post_and_asks_for_approval(personas, mastodon) -> None:
    when = (timezone.localtime() + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    answer = personas["manager"].client.post("/publishing/new/", _form(mastodon, FLAGGED, when=when, action="submit"))
    post = Post.objects.get()
    assert answer.status_code == 302 and answer["Location"] == f"/publishing/posts/{post.pk}/"
    assert post.state == Post.State.AWAITING_APPROVAL and post.campaign.slug == "flu-season"
    assert post.content_type  # filled in by the classifier
    variant = post.variants.get()
    assert timezone.localtime(variant.scheduled_at).strftime("%Y-%m-%dT%H:%M") == when


def test_the_composer_refuses_bad_input_and_stores_nothing(personas, mastodon) -> None:
    form = _form(mastodon, "word " * 200, when="next tuesday", link="riverbend.example/flu")
    page = personas["manager"].client.post("/publishing/new/", form)
    html = page.content.decode()
    assert page.status_code == 200 and 'role="alert"' in html
    assert "is not a date and time" in html
    assert not Post.objects.exists()
    from bedside.publishing.models import Campaign
    assert not Campaign.objects.exists()  # the new campaign goes with the post that named it


def test_a_reviewer_approves_on_the_post_page_and_the_author_cannot(personas, mastodon, timeline) -> None:
    mona, rita = personas["manager"], personas["reviewer"]
    mona.client.post("/publishing/new/", _form(mastodon, FLAGGED, action="submit"))
    post = Post.objects.get()
    page = rita.client.get(f"/publishing/posts/{post.pk}/")
    assert page.status_code == 200 and "Approval: Compliance" in page.content.decode()
    assert AuditEntry.objects.filter(action="post_read", actor_name="rita").exists()
    assert "another reviewer must approve" in mona.client.get(f"/publishing/posts/{post.pk}/").content.decode()
    refused = mona.client.post(f"/publishing/posts/{post.pk}/review/", {"decision": "approve"}, follow=True)
    assert "cannot be approved or rejected by its own author" in refused.content.decode()
    assert Post.objects.get().state == Post.State.AWAITING_APPROVAL
    assert personas["viewer"].client.post(f"/publishing/posts/{post.pk}/review/",
                                          {"decision": "approve"}).status_code == 403
    queue = rita.client.get("/publishing/approvals/").content.decode()
    assert "Flu clinic" in queue
    justification = "Signed authorization on file, form 2026-114, scope covers Mastodon."
    rita.client.post(f"/publishing/posts/{post.pk}/review/", {"decision": "approve", "justification": justification})
    post.refresh_from_db()
    assert post.state == Post.State.APPROVED and post.reviewer == rita.user


def test_publish_now_and_a_failure_shown_with_the_networks_words(personas, mastodon, timeline) -> None:
    from tests.standin.server import Response

    mona = personas["manager"]
    mona.client.post("/publishing/new/", _form(mastodon, action="submit"))
    variant = Variant.objects.get()
    timeline.server.fail_next("mastodon", Response(422, {"error": "Validation failed: Text is a duplicate"}))
    mona.client.post(f"/publishing/variants/{variant.pk}/publish/")
    page = mona.client.get(f"/publishing/posts/{variant.post_id}/").content.decode()
    assert "Text is a duplicate" in page and "Retry now" in page
    mona.client.post(f"/publishing/variants/{variant.pk}/publish/")
    variant.refresh_from_db()
    assert variant.state == Variant.State.PUBLISHED and variant.attempts == 2


def test_the_calendar_shows_each_variant_on_its_day_in_the_workspace_time_zone(personas, mastodon, settings) -> None:
    mona = personas["manager"]
    when = timezone.localtime() + timedelta(days=3)
    mona.client.post("/publishing/new/", _form(mastodon, when=when.strftime("%Y-%m-%dT%H:%M"), action="submit"))
    html = mona.client.get(f"/publishing/calendar/?month={when:%Y-%m}").content.decode()
    assert f"{when:%A} {when.day} {when:%B}" in html and f"{when:%H:%M}" in html and "Flu clinic" in html
    assert "Scheduled" in html and settings.TIME_ZONE in html
    assert personas["viewer"].client.get("/publishing/calendar/").status_code == 403
    failed = mona.client.get(f"/publishing/calendar/?month={when:%Y-%m}&state=failed").content.decode()
    assert "Flu clinic" not in failed


def test_rescheduling_from_the_post_page(personas, mastodon) -> None:
    mona = personas["manager"]
    mona.client.post("/publishing/new/", _form(mastodon, action="submit"))
    variant = Variant.objects.get()
    later = timezone.localtime() + timedelta(days=5)
    mona.client.post(f"/publishing/variants/{variant.pk}/schedule/", {"when": later.strftime("%Y-%m-%dT%H:%M")})
    variant.refresh_from_db()
    assert variant.state == Variant.State.SCHEDULED
    assert timezone.localtime(variant.scheduled_at).strftime("%Y-%m-%d %H:%M") == later.strftime("%Y-%m-%d %H:%M")
