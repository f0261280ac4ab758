"""What the composer shows before saving: the tracked link, the length as
each network counts it, hashtags, mentions and the suggested content type."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from bedside.publishing import compose


def test_a_link_gets_the_network_social_and_the_campaign_as_utm_parameters() -> None:
    tracked = compose.tracked_link("https://riverbend.example/flu?lang=en", "bluesky", "flu-season-2026")
    query = parse_qs(urlsplit(tracked).query)
    assert query == {"lang": ["en"], "utm_source": ["bluesky"], "utm_medium": ["social"],
                     "utm_campaign": ["flu-season-2026"]}


def test_parameters_someone_set_by_hand_are_kept() -> None:
    tracked = compose.tracked_link("https://riverbend.example/?utm_source=newsletter", "x", "")
    assert parse_qs(urlsplit(tracked).query) == {"utm_source": ["newsletter"], "utm_medium": ["social"]}


@pytest.mark.parametrize("bad", ["riverbend.example/flu", "javascript:alert(1)", "ftp://riverbend.example/a",
                                 "https://"])
def test_it_refuses_a_link_that_is_not_a_web_address(bad: str) -> None:
    with pytest.raises(compose.ComposeError, match="web address"):
        compose.tracked_link(bad, "x")


def test_the_published_text_ends_with_the_tracked_link_once() -> None:
    text = compose.final_text("Get your flu shot this week.", "https://riverbend.example/flu", "mastodon", "flu")
    assert text.startswith("Get your flu shot this week.\n\nhttps://riverbend.example/flu?utm_source=mastodon")
    assert compose.final_text(text, "https://riverbend.example/flu", "mastodon", "flu") == text


def test_x_counts_a_long_tracked_link_as_23_and_emoji_as_two() -> None:
    body = "Flu shots 🩺"  # 10 characters and one emoji that X weighs 2
    # twitter-text knows a link by its top-level domain: .org, not .example
    link = "https://riverbendhealth.org/" + "very-long-path/" * 10
    preview = compose.preview("x", body, link, "flu")
    assert preview.length == 10 + 2 + 2 + 23  # text, emoji, the blank line, the link
    assert preview.max_length == 280 and preview.fits
    assert compose.preview("facebook", body, link, "flu").length > 100  # counted as characters there


def test_a_text_too_long_for_one_network_is_said_for_that_network_only() -> None:
    body = "Sleep well. " * 30  # 360 characters
    assert compose.preview("x", body).problems and "too many" in compose.preview("x", body).problems[0]
    assert compose.preview("mastodon", body).fits


def test_hashtags_and_mentions_are_found_but_not_numbers_or_emails() -> None:
    text = "Join #FluFree week with @RiverbendKids and @news@mastodon.social! Room #3, write to info@riverbend.example"
    assert compose.hashtags(text) == ["FluFree"]
    assert compose.mentions(text) == ["RiverbendKids", "news@mastodon.social"]


def test_the_content_type_is_suggested_from_the_words() -> None:
    assert compose.suggest_type("Five tips to lower your risk of heart disease: talk to your doctor.") == "health_advice"
    assert compose.suggest_type("Now open: same-day appointments at our new urgent care.") == "promotion"
