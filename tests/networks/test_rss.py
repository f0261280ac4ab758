from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bedside.networks.errors import PayloadError, TransientError
from bedside.networks.http import HttpTransport
from bedside.networks.rss import FeedClient
from tests.standin.server import Response, StandIn


@pytest.fixture
def standin(standin: StandIn) -> StandIn:
    return standin.load("rss")


@pytest.fixture
def client(standin, waits) -> FeedClient:
    return FeedClient(base_url=standin.base_url("rss"), transport=HttpTransport("rss", sleep=waits.append))


def test_it_reads_podcast_episodes(standin, client):
    page = client.posts(standin.base_url("rss") + "/podcast.xml")
    first, second = page.items
    assert first.external_id == "riverside-heart-012"
    assert first.media_type == "audio"
    assert first.published_at == datetime(2024, 3, 5, 10, 0, tzinfo=UTC)
    assert first.text.startswith("Ep. 12: What your blood pressure numbers mean")
    assert "<b>" not in first.text
    assert first.url == "https://www.riverside-health.example/podcast/12"
    assert first.extra == {"enclosure_bytes": 24986239, "duration_seconds": 2052, "episode": 12, "season": 2}
    assert second.extra["duration_seconds"] == 1712
    assert second.published_at == datetime(2024, 2, 20, 15, 0, tzinfo=UTC)
    assert page.next_cursor is None


def test_it_reports_unknown_counts_as_none(standin, client):
    post = client.posts(standin.base_url("rss") + "/podcast.xml").items[0]
    assert post.likes is None and post.comments is None and post.views is None


def test_it_reads_the_feed_as_a_profile(standin, client):
    url = standin.base_url("rss") + "/podcast.xml"
    profile = client.profile(url)
    assert profile.name == "Heart to Heart: The Riverside Cardiology Podcast"
    assert profile.handle == url
    assert profile.avatar_url == "https://www.riverside-health.example/podcast/cover.jpg"
    assert profile.posts is None
    assert profile.followers is None
    assert profile.extra == {"items_in_feed": 2}


def test_it_follows_atom_paging_links(standin, client):
    url = standin.base_url("rss") + "/blog.xml"
    first = client.posts(url)
    assert [p.external_id for p in first.items] == [
        "tag:riverside-health.example,2024:news-301",
        "tag:riverside-health.example,2024:news-300",
    ]
    assert first.items[0].media_type == "text"
    # an entry with only <updated> is dated by it
    assert first.items[1].published_at == datetime(2024, 3, 1, 14, 0, tzinfo=UTC)
    assert first.next_cursor == standin.base_url("rss") + "/blog-page2.xml"
    second = client.posts(url, cursor=first.next_cursor)
    assert [p.text.split("\n")[0] for p in second.items] == ["Meet our new chief nursing officer"]
    assert all(p.author_handle == url for p in second.items)
    assert second.next_cursor is None


def test_it_refuses_a_truncated_feed_naming_the_url(standin, client):
    url = standin.base_url("rss") + "/truncated.xml"
    with pytest.raises(PayloadError) as caught:
        client.posts(url)
    assert caught.value.network == "rss"
    assert url in str(caught.value)
    assert "truncated" in str(caught.value)


def test_it_refuses_a_page_that_is_not_a_feed(standin, client):
    with pytest.raises(PayloadError, match="not an RSS or Atom feed"):
        client.posts(standin.base_url("rss") + "/index.html")


def test_it_retries_after_a_server_error(standin, client, waits):
    standin.fail_next("rss", Response(500, "oops", content_type="text/plain"))
    page = client.posts(standin.base_url("rss") + "/podcast.xml")
    assert len(page.items) == 2
    assert waits == [0.5]


def test_it_waits_as_long_as_retry_after_says(standin, client, waits):
    standin.fail_next("rss", Response(429, "slow down", headers={"Retry-After": "7"}, content_type="text/plain"))
    client.posts(standin.base_url("rss") + "/podcast.xml")
    assert waits == [7.0]


def test_it_gives_up_after_repeated_server_errors(standin, client):
    standin.fail_next("rss", Response(503, "down", content_type="text/plain"), times=10)
    with pytest.raises(TransientError):
        client.posts(standin.base_url("rss") + "/podcast.xml")


def test_it_wants_a_feed_url_as_handle(standin, client):
    from bedside.networks.errors import PermanentError

    with pytest.raises(PermanentError, match="feed's URL"):
        client.posts("Riverside blog")
    assert standin.requests_to("rss") == []


@pytest.mark.parametrize("slug", ["rss", "website", "google", "yelp", "healthgrades", "vitals"])
def test_every_client_of_this_group_is_registered(slug):
    from bedside.networks.registry import client_class

    cls = client_class(slug)
    assert cls.slug == slug
    assert cls.capabilities


def test_it_reads_a_complete_feed_with_a_stray_html_entity(standin, client):
    page = client.posts(standin.base_url("rss") + "/sloppy.xml")
    assert [p.external_id for p in page.items] == ["n-1"]
