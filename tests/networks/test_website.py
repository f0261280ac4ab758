from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from bedside.networks.errors import TransientError
from bedside.networks.http import HttpTransport
from bedside.networks.registry import slugs
from bedside.networks.website import RobotsDisallowed, WebsiteClient, classify, is_icon, placement
from tests.standin.server import Response, StandIn


@pytest.fixture
def standin(standin: StandIn) -> StandIn:
    return standin.load("website")


@pytest.fixture
def client(standin, waits) -> WebsiteClient:
    return WebsiteClient(base_url=standin.base_url("website"), transport=HttpTransport("website", sleep=waits.append))


@pytest.fixture
def home(standin) -> str:
    return standin.base_url("website") + "/"


def by_network(crawl, page_url):
    """The first link to each network on the page."""
    found = {}
    for link in crawl:
        if link.page_url == page_url:
            found.setdefault(link.network, link)
    return found


def test_it_finds_social_profile_links_with_placement_and_icons(client, home):
    crawl = client.links(home)
    found = by_network(crawl, home)
    assert set(found) == {
        "facebook", "x", "instagram", "youtube", "linkedin", "tiktok",
        "bluesky", "mastodon", "pinterest", "flickr", "reddit",
    }
    assert (found["facebook"].handle, found["facebook"].placement, found["facebook"].has_icon) == (
        "RiversideHealth", "header", True,
    )
    assert (found["x"].handle, found["x"].has_icon) == ("RiversideHealth", True)  # aria-label only
    assert (found["instagram"].handle, found["instagram"].has_icon) == ("riversidehealth", True)
    assert (found["youtube"].handle, found["youtube"].placement, found["youtube"].has_icon) == (
        "@RiversideHealth", "body", False,
    )
    assert found["linkedin"].placement == "footer"  # <div id="footer"> counts as a footer
    assert found["linkedin"].handle == "company/riverside-health"
    assert found["tiktok"].has_icon is True
    assert found["mastodon"].handle == "@RiversideHealth@mastodon.social"
    assert found["bluesky"].handle == "riversidehealth.org"
    assert found["pinterest"].handle == "riversidehealth"
    assert found["flickr"].handle == "riversidehealth"
    assert found["reddit"].handle == "r/RiversideHealth"


def test_it_leaves_out_share_buttons_and_foreign_mastodon_links(client, home):
    targets = {link.target_url for link in client.links(home)}
    assert not any("intent/tweet" in t or "sharer" in t or "someoneelse" in t for t in targets)


def test_it_reads_a_few_linked_pages(client, home, standin):
    crawl = client.links(home)
    about = standin.base_url("website") + "/about"
    assert crawl.pages == [home, about, standin.base_url("website") + "/contact-us"]
    found = by_network(crawl, about)
    assert found["youtube"].handle == "channel/UC1234567890abcdef"
    assert found["facebook"].placement == "footer" and found["facebook"].has_icon
    assert found["instagram"].placement == "body"


def test_it_honours_robots_txt_disallow(client, home, standin):
    crawl = client.links(home)
    assert crawl.skipped == [standin.base_url("website") + "/private/social-wall"]
    paths = [r.path for r in standin.requests_to("website")]
    assert paths[0] == "/robots.txt"
    assert not any(p.startswith("/private/") for p in paths)
    assert "/news.pdf" not in paths


def test_it_waits_the_crawl_delay_between_requests(client, home, waits):
    client.links(home)
    # robots.txt, then three pages: each request after the first waits 2 s (Crawl-delay)
    assert waits == [2.0, 2.0, 2.0]


def test_it_refuses_a_homepage_robots_txt_disallows(client, standin):
    with pytest.raises(RobotsDisallowed):
        client.links(standin.base_url("website") + "/private/index.html")
    assert [r.path for r in standin.requests_to("website")] == ["/robots.txt"]


def test_it_reads_everything_when_there_is_no_robots_txt(client, home, standin):
    standin.fail_next("website", Response(404, "no robots", content_type="text/plain"))
    crawl = client.links(home)
    assert crawl.skipped == []
    assert any(r.path.startswith("/private/") for r in standin.requests_to("website"))


def test_it_flags_a_cut_off_page_as_partial(client, home, standin):
    crawl = client.links(home)
    assert crawl.partial == [standin.base_url("website") + "/contact-us"]


def test_it_retries_a_server_error_on_a_page(client, home, standin, waits):
    standin.fail_next("website", Response(200, "User-agent: *\nDisallow:\n", content_type="text/plain"))
    standin.fail_next("website", Response(500, "oops", content_type="text/plain"))
    crawl = client.links(home)
    assert crawl.pages[0] == home
    assert 0.5 in waits


def test_it_gives_up_when_robots_txt_keeps_failing(client, home, standin):
    standin.fail_next("website", Response(503, "down", content_type="text/plain"), times=10)
    with pytest.raises(TransientError):
        client.links(home)
    assert all(r.path == "/robots.txt" for r in standin.requests_to("website"))


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://x.com/RiversideHealth", ("x", "RiversideHealth")),
        ("https://mobile.twitter.com/RiversideHealth", ("x", "RiversideHealth")),
        ("https://m.facebook.com/profile.php?id=1000123", ("facebook", "1000123")),
        ("https://youtu.be/dQw4w9WgXcQ", None),
        ("https://www.youtube.com/watch?v=dQw4w9WgXcQ", None),
        ("https://www.youtube.com/user/RiversideTV", ("youtube", "user/RiversideTV")),
        ("https://www.instagram.com/p/C3xYz/", None),
        ("https://www.reddit.com/user/riverside_pr", ("reddit", "user/riverside_pr")),
        ("https://www.linkedin.com/shareArticle?url=x", None),
        ("https://www.threads.net/@riversidehealth", ("threads", "riversidehealth")),
        ("https://example.org/@someone", None),
        ("mailto:info@riverside.example", None),
    ],
)
def test_it_classifies_profile_urls(url, expected):
    assert classify(url) == expected


def test_it_recognises_a_host_for_every_bedside_social_network():
    examples = {
        "x": "https://x.com/a", "facebook": "https://facebook.com/a", "instagram": "https://instagram.com/a",
        "youtube": "https://youtube.com/@a", "pinterest": "https://pinterest.com/a", "flickr": "https://flickr.com/photos/a",
        "bluesky": "https://bsky.app/profile/a.bsky.social", "reddit": "https://reddit.com/r/a",
    }
    for slug, url in examples.items():
        assert slug in slugs()
        assert classify(url) is not None and classify(url)[0] == slug
    assert classify("https://hachyderm.io/@a", rel_me=True) == ("mastodon", "@a@hachyderm.io")


def test_a_nav_on_its_own_counts_as_header_and_a_plain_link_as_text():
    soup = BeautifulSoup(
        '<nav><a id="n" href="https://x.com/a">X</a></nav><section role="contentinfo"><a id="f" href="#">f</a></section>'
        '<p><a id="t" href="https://x.com/a" class="button">Follow us</a></p>',
        "html.parser",
    )
    assert placement(soup.find(id="n")) == "header"
    assert placement(soup.find(id="f")) == "footer"
    assert is_icon(soup.find(id="t")) is False


def test_it_accepts_a_homepage_typed_without_a_scheme():
    from bedside.networks.website import homepage_url

    assert homepage_url("riverside-health.example") == "https://riverside-health.example/"
    assert homepage_url("https://riverside-health.example/home") == "https://riverside-health.example/home"


def test_a_hero_banner_is_body_and_a_text_link_with_a_social_class_is_no_icon():
    soup = BeautifulSoup(
        '<div class="hero-banner"><a id="a" class="social-link" href="https://x.com/a">Follow us on X</a></div>',
        "html.parser",
    )
    assert placement(soup.find(id="a")) == "body"
    assert is_icon(soup.find(id="a")) is False


def test_it_reports_one_profile_in_header_and_footer_as_two_placements(client, home):
    facebook = [(link.placement, link.has_icon) for link in client.links(home)
                if link.page_url == home and link.network == "facebook"]
    assert facebook == [("header", True), ("footer", False)]
