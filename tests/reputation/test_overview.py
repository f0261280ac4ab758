"""Per-provider figures: stars from the inbox's reviews, answers, standing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from bedside.channels.models import Channel
from bedside.inbox.models import Message
from bedside.reputation import overview
from bedside.reputation.models import Listing


@pytest.fixture
def listed(okafor):
    google = Channel.objects.create(organization=okafor.organization, network="google",
                                    handle="accounts/1/locations/2")
    listing = Listing.objects.create(channel=google, network="google", external_id="accounts/1/locations/2",
                                     name="Dr. Amara Okafor", rating=3.0, review_count=40, provider=okafor,
                                     status=Listing.Status.CONFIRMED)
    now = timezone.now()

    def review(n, stars, *, replied_after=None, owner_reply="", parent="accounts/1/locations/2"):
        return Message.objects.create(
            channel=google, network="google", external_id=f"r{n}", kind=Message.Kind.REVIEW,
            body="made-up review text", rating=stars, published_at=now - timedelta(days=n), in_reply_to=parent,
            first_replied_at=(now - timedelta(days=n) + replied_after) if replied_after else None,
            owner_reply=owner_reply)

    review(1, 1.0)
    review(2, 5.0, replied_after=timedelta(hours=3))
    review(3, 4.0, replied_after=timedelta(hours=9))
    review(4, 2.0, owner_reply="Thank you, please call our office.")
    review(5, 5.0, parent="accounts/1/locations/999")  # another location's review: not hers
    return listing


def test_stars_and_answers_come_from_the_reviews_of_her_listings(listed):
    [row] = overview.provider_rows()
    assert row.stars == [1, 1, 0, 1, 1]
    assert row.reviews == 4 and row.unanswered == 1
    assert row.response_rate == 0.75 and row.median_reply_hours == 6.0
    assert [m.external_id for m in overview.reviews_of(listed.provider)] == ["r1", "r2", "r3", "r4"]


def test_four_reviews_are_too_few_to_call_her_below_the_baseline(listed):
    [row] = overview.provider_rows()
    assert row.standing is not None and not row.standing.below_baseline
    assert row.standing.positive is not None and row.standing.positive[0] == 0.5


def test_the_provider_page_shows_the_response_rate(personas, listed):
    page = personas["viewer"].client.get("/reputation/providers/1234567893/").content.decode()
    assert "Of 4 reviews: 75% answered, in 6.0 hours at the median; 1 unanswered." in page


def test_the_executive_report_has_a_reputation_section_without_review_text(personas, listed):
    html = personas["viewer"].client.get("/reports/benchmark/?format=html").content.decode()
    assert 'id="reputation"' in html and "Physician reputation" in html
    assert "1 active provider, 1 listing on review sites; 5 provider and site pairs with no listing." in html
    assert "made-up review text" not in html and "please call our office" not in html


def test_response_rate_and_time_are_shown_per_site_on_the_provider_page_and_the_overview(personas, listed):
    [row] = overview.provider_rows()
    google = row.by_site["google"]
    assert (google.reviews, google.answered, google.rate, google.median_hours) == (4, 3, 0.75, 6.0)
    assert overview.summary().answers_by_site["google"].answered == 3
    for url in ("/reputation/providers/1234567893/", "/reputation/"):
        page = personas["viewer"].client.get(url).content.decode()
        cells = page.split('id="answers"', 1)[1].split("</table>", 1)[0]
        assert "Google Business Profile" in cells and "75%" in cells and "6.0 h" in cells


def test_a_reply_posted_by_hand_counts_as_an_answer_with_its_time(personas, listed):
    from bedside.inbox import by_hand, replies

    yelp = Channel.objects.create(organization=listed.provider.organization, network="yelp", handle="riverbend")
    Listing.objects.create(channel=yelp, network="yelp", external_id="dr-okafor-columbus", name="Amara Okafor MD",
                           rating=4.0, review_count=3, provider=listed.provider, status=Listing.Status.CONFIRMED)
    review = Message.objects.create(channel=yelp, network="yelp", external_id="y1", kind=Message.Kind.REVIEW,
                                    body="made-up review", rating=5.0, in_reply_to="dr-okafor-columbus",
                                    published_at=timezone.now() - timedelta(hours=10))
    ray = personas["responder"].user
    reply = replies.submit(replies.draft(review, ray, "Thank you for your kind words about our team."), ray)
    [row] = overview.provider_rows()
    assert (row.by_site["yelp"].reviews, row.by_site["yelp"].answered) == (1, 0)
    by_hand.mark_posted(reply, ray)
    [row] = overview.provider_rows()
    assert row.by_site["yelp"].answered == 1 and 9.9 < row.by_site["yelp"].median_hours < 10.1


def test_the_overview_lists_the_worst_few_and_counts_them_all(personas, okafor):
    from bedside.reputation import views

    google = Channel.objects.create(organization=okafor.organization, network="google", handle="accounts/1")
    made = []
    for n in range(views.ACT_ON_SHOWN + 3):
        npi = okafor.npi if n == 0 else None
        provider = okafor if npi else okafor.__class__.objects.create(
            organization=okafor.organization, npi=f"{n:010d}", first_name=f"Pat{n}", last_name=f"Low{n:02d}")
        Listing.objects.create(channel=google, network="google", external_id=f"loc/{n}", name=f"Dr. {n}",
                               rating=2.0 + n / 100, review_count=80, provider=provider,
                               status=Listing.Status.CONFIRMED)
        made.append(provider)
    found = overview.summary()
    assert len(found.below) == views.ACT_ON_SHOWN + 3
    page = personas["viewer"].client.get("/reputation/").content.decode()
    assert f"{views.ACT_ON_SHOWN + 3} below baseline</a> ({views.ACT_ON_SHOWN} lowest shown)" in page
    table = page.split("<caption>Below baseline or at risk</caption>", 1)[1].split("</table>", 1)[0]
    assert table.count("below baseline") == views.ACT_ON_SHOWN
    assert "Amara Okafor, MD" in table and "Pat22 Low22" not in table  # the lowest rated first
