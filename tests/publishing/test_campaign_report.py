"""A campaign's report: planned against published, each post with the
networks' counts, as a page and as CSV (formulas escaped)."""

from __future__ import annotations

import csv
import io

import pytest
from django.utils import timezone

from bedside.benchmark.models import Post as SyncedPost
from bedside.publishing.models import Campaign, Post, Variant
from bedside.workspace.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_the_report_shows_plan_and_outcome_per_post(personas, mastodon) -> None:
    flu = Campaign.objects.create(name="Flu season", slug="flu-season", goal="Book 500 flu shots")
    now = timezone.now()
    for n, state in enumerate(("published", "published", "scheduled", "failed")):
        post = Post.objects.create(title="=HYPERLINK(1)" if n == 1 else f"Flu {n}", campaign=flu, state="approved")
        Variant.objects.create(post=post, channel=mastodon, network="mastodon", body="b", state=state,
                               scheduled_at=now, published_at=now if state == "published" else None,
                               external_id=f"11{n}" if state == "published" else "")
    SyncedPost.objects.create(channel=mastodon, network="mastodon", external_id="110", published_at=now, likes=30,
                              comments=2, shares=4)
    mona = personas["manager"].client
    page = mona.get("/publishing/campaigns/flu-season/").content.decode()
    assert "Planned 4 posts across its channels; published 2, failed 1." in page and "Book 500 flu shots" in page
    assert "<tbody><tr><td>2</td><td>30</td><td>2</td><td>4</td><td>–</td><td>–</td></tr></tbody>" in page
    assert 'href="/publishing/campaigns/flu-season/"' in mona.get("/publishing/calendar/").content.decode()
    exported = mona.get("/publishing/campaigns/flu-season/?format=csv")
    rows = list(csv.DictReader(io.StringIO(exported.content.decode())))
    assert [r["state"] for r in rows] == ["published", "published", "scheduled", "failed"]
    assert rows[0]["likes"] == "30" and rows[1]["likes"] == "" and rows[1]["title"].startswith("'=")
    assert personas["viewer"].client.get("/publishing/campaigns/flu-season/").status_code == 403


def test_the_pdf_is_the_same_report_printed(personas, mastodon) -> None:
    # The PDF is read back with a PDF library: it must open, and its text must
    # carry the campaign's name, the plan against the outcome and the counts.
    from pypdf import PdfReader

    drive = Campaign.objects.create(name="Newsletter drive", slug="newsletter-drive", goal="800 sign-ups")
    now = timezone.now()
    for n, state in enumerate(("published", "scheduled", "scheduled")):
        post = Post.objects.create(title=f"Sign up {n}", campaign=drive, state="approved")
        Variant.objects.create(post=post, channel=mastodon, network="mastodon", body="b", state=state,
                               scheduled_at=now, published_at=now if state == "published" else None,
                               external_id="5150" if state == "published" else "")
    SyncedPost.objects.create(channel=mastodon, network="mastodon", external_id="5150", published_at=now, likes=47,
                              comments=9, shares=13)
    answer = personas["manager"].client.get("/publishing/campaigns/newsletter-drive/?format=pdf")
    assert answer["Content-Type"] == "application/pdf"
    assert 'filename="campaign-newsletter-drive.pdf"' in answer["Content-Disposition"]
    reader = PdfReader(io.BytesIO(answer.content))
    text = " ".join((page.extract_text() or "") for page in reader.pages)
    assert "Campaign report: Newsletter drive" in text and "800 sign-ups" in text
    assert "Planned 3 posts across its channels; published 1." in " ".join(text.split())
    assert all(figure in text.split() for figure in ("47", "9", "13"))
    assert "Sign up 2" in text
    assert AuditEntry.objects.filter(action="campaign_report_exported", detail__format="pdf").count() == 1
    assert personas["viewer"].client.get("/publishing/campaigns/newsletter-drive/?format=pdf").status_code == 403
