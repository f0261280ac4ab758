"""What a published post did: the channel's sync stores its counts (keyed by
network and external id) and the post page, the API and the campaign table
show them against the variant that published it."""

from __future__ import annotations

import pytest
from django.utils import timezone

from bedside.benchmark.models import Post as SyncedPost
from bedside.publishing import approval, metrics, sending
from bedside.publishing.approval import VariantInput
from bedside.publishing.models import Campaign
from bedside.sync import engine

pytestmark = pytest.mark.django_db


def test_the_sync_brings_each_published_posts_counts_to_its_page_and_campaign(personas, mastodon, timeline) -> None:
    mona = personas["manager"].user
    flu = Campaign.objects.create(name="Flu season", slug="flu-season")
    post = approval.submit(approval.save(mona, title="Flu clinic", campaign=flu, variants=[
        VariantInput(mastodon, "Walk-in flu shots all week at the main campus.", timezone.now())]), mona)
    assert sending.publish_due()
    variant = post.variants.get()
    assert metrics.for_variants([variant]) == {}  # nothing synced yet
    page = personas["manager"].client.get(f"/publishing/posts/{post.pk}/").content.decode()
    assert "after the next sync" in page

    engine.sync_channel(mastodon, trigger="test")
    synced = SyncedPost.objects.get(network="mastodon", external_id=variant.external_id)
    assert (synced.likes, synced.shares, synced.comments) == (17, 3, 2)  # what the stand-in's status reports

    page = personas["manager"].client.get(f"/publishing/posts/{post.pk}/").content.decode()
    assert "17 likes · 2 comments · 3 shares" in page and "link clicks not reported by Mastodon" in page
    [(name, flu_total)] = metrics.by_campaign()
    assert (name, flu_total.posts, flu_total.likes, flu_total.interactions) == ("Flu season", 1, 17, 22)
    calendar = personas["manager"].client.get("/publishing/calendar/").content.decode()
    assert "<th scope=\"row\">Flu season</th><td>1</td><td>17</td>" in calendar


def test_link_clicks_show_where_the_network_reports_them(personas, mastodon) -> None:
    from bedside.publishing.models import Post, Variant

    post = Post.objects.create(title="x", author=personas["manager"].user, state=Post.State.APPROVED)
    variant = Variant.objects.create(post=post, channel=mastodon, network="x", body="b", state="published",
                                     external_id="1850000000000000001")
    SyncedPost.objects.create(channel=mastodon, network="x", external_id="1850000000000000001",
                              published_at=timezone.now(), likes=4, extra={"url_link_clicks": 31})
    other = Variant.objects.create(post=Post.objects.create(title="y", state="approved"), channel=mastodon,
                                   network="x", body="c", state="published", external_id="1850000000000000002")
    measured = metrics.for_variants([variant, other])
    assert measured[variant.pk].link_clicks == 31 and other.pk not in measured
    total = metrics.total(measured.values())
    assert (total.likes, total.comments, total.link_clicks) == (4, None, 31)  # None: no post reports comments
    # The campaign table sums the same counts in SQL: the post with no synced
    # numbers counts as a post, and reports nothing.
    [(name, by_campaign)] = metrics.by_campaign()
    assert (name, by_campaign.posts, by_campaign.likes, by_campaign.comments, by_campaign.link_clicks) == (
        "No campaign", 2, 4, None, 31)


def test_the_campaign_table_sums_many_posts_in_one_query(personas, mastodon, django_assert_max_num_queries) -> None:
    from bedside.publishing.models import Campaign, Post, Variant

    flu = Campaign.objects.create(name="Flu season", slug="flu-season")
    posts = Post.objects.bulk_create([Post(title=f"p{n}", state="approved", campaign=flu) for n in range(1500)])
    Variant.objects.bulk_create([Variant(post=p, channel=mastodon, network="mastodon", body="b", state="published",
                                         external_id=f"11{n}", published_at=timezone.now())
                                 for n, p in enumerate(posts)])
    SyncedPost.objects.bulk_create([SyncedPost(channel=mastodon, network="mastodon", external_id=f"11{n}",
                                               published_at=timezone.now(), likes=2, shares=1)
                                    for n in range(0, 1500, 2)])
    with django_assert_max_num_queries(1):
        [(name, flu_total)] = metrics.by_campaign()
    assert (name, flu_total.posts, flu_total.likes, flu_total.shares, flu_total.views) == ("Flu season", 1500,
                                                                                            1500, 750, None)
