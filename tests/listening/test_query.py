"""The saved-search query language: what it matches, and clear errors saying where."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bedside.listening.query import MAX_DEPTH, MAX_TERMS, QueryError, Text, parse


@pytest.mark.parametrize(("query", "text", "expected"), [
    ("riverbend", "Visited Riverbend today", True),
    ("riverbend", "Visited Riverbendville today", False),  # whole words only
    ('"cancer center"', "the new Cancer Center opened", True),
    ('"cancer center"', "cancer research center", False),
    ("cardio*", "great cardiologist", True),
    ("cardio*", "my #cardiology visit", True),
    ("#flushot", "got my #FluShot", True),
    ("#flushot", "got my flushot", False),  # a hashtag query wants the hashtag
    ("flushot", "got my #flushot", True),  # a plain word also finds it as a hashtag
    ("@riverbend", "thanks @Riverbend!", True),
    ("riverbend -job", "Riverbend job fair", False),
    ("riverbend NOT job", "Riverbend parking", True),
    ("(riverbend OR lakeside) AND er", "Lakeside ER wait", True),
    ("riverbend lakeside", "Riverbend only", False),  # a space is AND
    ("o'neil", "Dr. O’Neil is great", True),  # curly and straight apostrophes are one
    ("covid-19", "covid-19 vaccine clinic", True),
])
def test_a_query_matches_whole_words_phrases_tags_and_boolean_combinations(query, text, expected) -> None:
    assert parse(query).matches(text) is expected


def test_a_language_filter_keeps_one_language_but_not_unknown_ones() -> None:
    query = parse("riverbend lang:en")
    assert query.matches("Riverbend", "en-US") and not query.matches("Riverbend", "es")
    assert query.matches("Riverbend", "")  # a post that declares no language is kept


def test_sources_are_asked_only_for_terms_that_can_match() -> None:
    query = parse('("Riverbend Health" OR #riverbendcares) -job -"job fair"')
    assert query.search_terms() == ['"riverbend health"', "#riverbendcares"]
    assert query.hashtags() == ["riverbendcares"]
    assert "not the word job" in query.explain()


@pytest.mark.parametrize(("query", "column", "says"), [
    ("(riverbend OR lakeside", 1, "not closed"),
    ("riverbend OR", 11, "OR needs something"),
    ('riverbend "cancer center', 11, "quote is not closed"),
    ("riverbend)", 10, "unexpected ')'"),
    ("AND riverbend", 1, "both sides"),
    ("NOT riverbend", 1, "only NOT"),
    ("riverbend ()", 11, "empty parentheses"),
    ("ab*", 1, "three letters"),
    ("", 1, "empty"),
    ("lang:en", 1, "alone"),
    ("riverbend lang:en lang:fr", 19, "one lang"),
    ("!!! riverbend", 1, "no letters"),
])
def test_a_malformed_query_says_what_is_wrong_and_at_which_column(query, column, says) -> None:
    with pytest.raises(QueryError) as caught:
        parse(query)
    assert caught.value.position == column and says in caught.value.message, str(caught.value)
    assert str(caught.value).startswith(f"column {column}:")


def test_no_query_can_grow_without_bound() -> None:
    with pytest.raises(QueryError, match="nest deeper"):
        parse("(" * (MAX_DEPTH + 1) + "a1b" + ")" * (MAX_DEPTH + 1))
    with pytest.raises(QueryError, match="terms"):
        parse(" OR ".join(f"word{i}" for i in range(MAX_TERMS + 1)))
    with pytest.raises(QueryError, match="at most"):
        parse("riverbend " * 200)


def test_the_most_expensive_query_allowed_still_reads_a_long_text_once() -> None:
    # 60 prefix terms against a 200,000-character text: each term scans the
    # word list once, so this is linear (the bench measures it; here it must finish).
    query = parse(" OR ".join(f"zz{i:02d}*" for i in range(MAX_TERMS)))
    assert query.matches("aaaa " * 40_000) is False


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_any_text_is_either_a_query_or_a_clear_error(text) -> None:
    try:
        query = parse(text)
    except QueryError as exc:
        assert 1 <= exc.position <= len(text) + 1
    else:
        query.matches(text)


@pytest.mark.parametrize("text", ["Riverbend's ER was quick", "at Riverbend’s new clinic", "RIVERBEND'S parking, again",
                                  "so proud of riverbend's nurses.", "(Riverbend's) maternity ward",
                                  "thanks @riverbend's team"])
def test_a_possessive_is_about_its_owner(text: str) -> None:
    assert parse("riverbend").matches(Text.of(text))
    # NOT leaves it out alike: each text has one of these words and would match without the NOT.
    others = parse("er OR clinic OR parking OR nurses OR maternity OR team")
    assert others.matches(Text.of(text))
    assert not parse("(er OR clinic OR parking OR nurses OR maternity OR team) -riverbend").matches(Text.of(text))


@pytest.mark.parametrize("text", ["Riverbendville's fair", "riverbends cafe", "river bend's bridge"])
def test_a_possessive_of_another_word_is_not_the_owner(text: str) -> None:
    assert not parse("riverbend").matches(Text.of(text))
