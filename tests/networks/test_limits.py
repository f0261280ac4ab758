"""Length and attachment limits, counted as each network counts."""

from __future__ import annotations

from bedside.networks import limits


def test_x_counts_a_url_as_23_and_wide_characters_as_two() -> None:
    url = "https://riverbend.org/" + "a" * 80
    assert limits.measure("x", f"See {url}") == 4 + 23
    assert limits.measure("x", "病院") == 4
    assert limits.measure("x", "a" * 280) == 280 and limits.problems("x", "a" * 280) == []


def test_a_reply_too_long_for_x_says_by_how_much() -> None:
    [problem] = limits.problems("x", "b" * 420)
    assert problem.startswith("420 of 280") and "140 too many" in problem


def test_the_same_text_fits_where_the_network_allows_more() -> None:
    assert limits.problems("facebook", "b" * 420) == []
    assert limits.problems("mastodon", "b" * 420) == []


def test_bluesky_counts_a_family_emoji_as_one_character() -> None:
    family = "\U0001F468\u200d\U0001F469\u200d\U0001F467"
    assert limits.measure("bluesky", family * 3) == 3
    assert limits.problems("bluesky", family * 300) != []  # 300 graphemes, but over 3,000 bytes


def test_mastodon_counts_a_remote_mention_by_its_local_part_and_urls_as_23() -> None:
    assert limits.measure("mastodon", "@nurse@health.example hi") == len("@nurse hi")
    assert limits.measure("mastodon", "https://example.org/" + "x" * 100) == 23


def test_attachments_are_checked_per_network_and_kind() -> None:
    assert "at most 4" in limits.problems("x", "hello", images=5)[0]
    assert "not both" in limits.problems("x", "hello", images=1, videos=1, kind="post")[0]
    assert limits.problems("instagram", "hello", images=2, videos=1, kind="post") == []
    assert "no images" in limits.problems("youtube", "hello", images=1)[0]


def test_empty_text_and_control_characters_are_refused() -> None:
    assert limits.problems("facebook", "   ") == ["The text is empty."]
    assert "control characters" in limits.problems("facebook", "hi\x07there")[0]
    assert limits.problems("facebook", "line one\nline two\ttabbed") == []


def test_a_network_without_known_limits_refuses_nothing_but_empty_text() -> None:
    assert limits.problems("flickr", "x" * 100_000) == []
