"""How the social-post model reads the marks of a post (handles, links,
hashtags, stretched words, emoticons), negation, and crisis messages
read without triage's help. Rows written for these tests."""

from __future__ import annotations

import importlib

import pytest

from bedside.inbox.triage.sentiment import sentiment

module = importlib.import_module("bedside.inbox.triage.sentiment")


def test_who_a_post_names_and_what_it_links_to_do_not_change_its_reading() -> None:
    # A handle or a link is a name, not a feeling: two posts that differ only there read the same.
    first = sentiment("@wardsix_nurse thanks for everything yesterday https://t.co/abc123", kind="comment")
    second = sentiment("@DrPatel thanks for everything yesterday http://bit.ly/xyz", kind="comment")
    assert first.probabilities == second.probabilities


def test_a_hashtag_reads_as_its_word_and_a_stretched_word_as_the_word() -> None:
    assert (sentiment("what a #brilliant physio team", kind="comment").probabilities
            == sentiment("what a brilliant physio team", kind="comment").probabilities)
    assert (sentiment("the new cafe is sooooo good", kind="comment").probabilities
            == sentiment("the new cafe is sooo good", kind="comment").probabilities)


@pytest.mark.parametrize(("smile", "frown"), [(":)", ":("), (":-)", ":-("), (";D", ":'("), ("=)", ":/")])
def test_an_emoticon_is_read_in_any_of_its_spellings(smile: str, frown: str) -> None:
    assert module.social_grams(f"results back today {smile}") == module.social_grams("results back today :)")
    assert module.social_grams(f"results back today {frown}") == module.social_grams("results back today :(")
    assert ":)" not in module.social_grams("clinic runs 9:30-12:30) on weekdays")


@pytest.mark.parametrize("text", [
    "got my discharge letter today",
    "finally home after the op",
    "my blood results came back",
    "appointment moved to next week",
    "the parking machine took my card",
])
def test_a_smile_lifts_a_post_and_a_frown_lowers_it(text: str) -> None:
    plain = sentiment(text, kind="comment").score
    for smile in (":)", ":-)", ";)"):
        assert sentiment(f"{text} {smile}", kind="comment").score > plain
    for frown in (":(", ":-(", ":/"):
        assert sentiment(f"{text} {frown}", kind="comment").score < plain


@pytest.mark.parametrize(("plain", "negated"), [
    ("the reception staff were helpful", "the reception staff were not helpful at all"),
    ("I would recommend this ward to anyone", "I would never recommend this ward to anyone"),
    ("the night nurse was kind to my mum", "the night nurse wasn't kind to my mum"),
])
def test_a_negation_turns_praise_into_complaint(plain: str, negated: str) -> None:
    assert sentiment(negated, kind="comment").label == "negative"
    for kind in ("comment", "review"):
        assert sentiment(plain, kind=kind).label == "positive"
        assert sentiment(negated, kind=kind).score < 0 < sentiment(plain, kind=kind).score


@pytest.mark.parametrize("text", [
    "love you all so much \u2764\ufe0f I've taken every pill I had, this is goodbye",
    "thanks for trying :) but I'm going to end my life tonight",
    "you were all so lovely to me, I won't be here tomorrow \U0001F60A",
])
def test_a_crisis_post_is_never_positive_even_when_it_smiles(text: str) -> None:
    for kind in ("comment", "mention", "message", "review"):
        result = sentiment(text, kind=kind)
        assert result.label == "negative" and result.score <= module.CRISIS_SCORE
