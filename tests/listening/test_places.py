"""Place filters in saved searches: what a place: names, how a mention is in
it (its text, or the place its source reported, or its author's profile
location), clear errors, bounded cost; X and Mastodon through stand-ins."""

from __future__ import annotations

from typing import Any

import pytest

from bedside.guard.lexicons import term_list
from bedside.listening import collect
from bedside.listening.models import Mention, SavedSearch
from bedside.listening.places import US_STATE_CODES, parse_place
from bedside.listening.query import MAX_PLACES, QueryError, Text, parse
from bedside.workspace.models import Organization


@pytest.mark.parametrize(("written", "name", "region"), [
    ("Boston", "boston", ""),
    ("Cambridge MA", "cambridge", "massachusetts"),
    ("Cambridge, Massachusetts", "cambridge", "massachusetts"),
    ("Suffolk County", "suffolk county", ""),
    ("Kansas City MO", "kansas city", "missouri"),
    ("Massachusetts", "", "massachusetts"),
    ("MA", "", "massachusetts"),
    ("Halifax, Nova Scotia", "halifax", "nova scotia"),
])
def test_a_place_is_a_name_with_an_optional_state_from_the_guards_list(written, name, region) -> None:
    place = parse_place(written)
    assert (place.name, place.region) == (name, region)


def test_state_codes_name_the_states_the_guard_knows() -> None:
    known = set(term_list("places.txt"))
    assert {n for n in US_STATE_CODES.values() if n not in known} <= {"district of columbia", "puerto rico"}


def test_the_helper_says_a_bare_name_matches_every_place_of_that_name() -> None:
    query = parse('riverbend place:Springfield place:"Cambridge MA"')
    said = query.explain_places()
    assert "in Springfield (any place of that name, in any state or country" in said
    assert "in Cambridge, Massachusetts" in said and "any place" not in said.split(" or ")[1]
    assert query.explain().startswith("the word riverbend, in Springfield")
    assert query.search_terms() == ["riverbend"]  # the place is checked here, not sent to the source


@pytest.mark.parametrize(("text", "where", "expected"), [
    ("Riverbend ER in Cambridge, MA was quick", (), True),
    ("Riverbend's Cambridge clinic, best in Massachusetts", (), True),
    ("Riverbend opened a clinic in Cambridge", (), False),  # which Cambridge? not said
    ("Riverbend in cambridge ma", (), True),
    ("Riverbend was quick", ("Cambridge, MA",), True),  # the post's reported place
    ("Riverbend was quick", ("East Cambridge, Massachusetts",), True),
    ("Riverbend was quick", ("Cambridge, England",), False),
    ("Riverbend was quick", ("Living in Cambridge",), False),
    ("Riverbend was quick", ("Boston, MA",), False),
    ("Riverbend was quick", (), False),
])
def test_a_named_state_keeps_one_place_of_a_common_name(text, where, expected) -> None:
    assert parse('riverbend place:"Cambridge MA"').matches(Text.of(text, where=where)) is expected


@pytest.mark.parametrize(("text", "where", "expected"), [
    ("Riverbend Massachusetts nurses rock", (), True),
    ("Riverbend nurses rock", ("Worcester, Massachusetts",), True),
    ("Riverbend nurses rock", ("Worcester, MA",), True),
    # A code alone is too often a word: "ma" (mother), "in", "me", "or".
    ("Riverbend nurses rock, thanks ma", (), False),
    ("Riverbend nurses rock", ("me and ma",), False),
])
def test_a_state_alone_is_named_not_guessed_from_a_two_letter_word(text, where, expected) -> None:
    assert parse("riverbend place:MA").matches(Text.of(text, where=where)) is expected


def test_places_are_alternatives_and_the_words_must_still_match() -> None:
    query = parse('(riverbend OR lakeside) place:Boston place:"Suffolk County"')
    assert query.matches("Lakeside in Suffolk County is hiring")
    assert query.matches(Text.of("Riverbend is hiring", where=("", "Boston")))
    assert not query.matches("Suffolk County news, Boston weather")  # no riverbend, no lakeside
    assert not query.matches("Riverbend in Worcester")


@pytest.mark.parametrize(("query", "column", "says"), [
    ("riverbend place:", 11, "place: needs a name"),
    ('riverbend place:"Cambridge MA', 17, "a quote is not closed"),
    ('riverbend place:""', 11, "place: needs a name"),
    ("riverbend -place:Boston", 11, "NOT cannot apply to place:"),
    ("place:Boston", 1, "lang: and place: alone match everything"),
    ('riverbend place:"!!! ???"', 11, "place: needs a name"),
    ('riverbend place:"a b c d e f g h i"', 11, "at most 8 words"),
])
def test_a_malformed_place_says_what_is_wrong_and_where(query, column, says) -> None:
    with pytest.raises(QueryError) as caught:
        parse(query)
    assert caught.value.position == column and says in caught.value.message, str(caught.value)


def test_places_are_capped_and_the_costliest_place_query_reads_a_long_text_once() -> None:
    with pytest.raises(QueryError, match="places"):
        parse("riverbend " + " ".join(f"place:town{i}" for i in range(MAX_PLACES + 1)))
    query = parse("aaaa " + " ".join(f'place:"zz{i} yy{i} county MA"' for i in range(MAX_PLACES)))
    long_where = ("ma, " * 50_000,)  # cut to 200 characters when read
    assert query.matches(Text.of("aaaa " * 40_000, where=long_where)) is False


# -- sources ---------------------------------------------------------------



@pytest.fixture
def ours(db: None) -> Organization:
    return Organization.objects.create(name="Riverbend Health", is_ours=True)


@pytest.mark.django_db
def test_x_reports_the_posts_place_and_the_authors_location(ours, standin: Any, monkeypatch) -> None:
    standin.load("x")
    monkeypatch.setenv("BEDSIDE_API_BASE_X", standin.base_url("x"))
    monkeypatch.setenv("BEDSIDE_X_TOKEN", "test-token")
    by_place = SavedSearch.objects.create(organization=ours, name="Cambridge", query='riverbend place:"Cambridge MA"',
                                          sources=["x"])
    outcome = collect.run(by_place)
    assert outcome.errors == [] and outcome.read == 2 and outcome.stored == 1
    call = standin.requests_to("x")[-1]
    assert "geo.place_id" in call.query["expansions"] and "location" in call.query["user.fields"]
    stored = Mention.objects.get()
    assert stored.author_handle == "nightowl" and stored.place == "Cambridge, MA"  # its text names no place
    by_profile = SavedSearch.objects.create(organization=ours, name="Boston", query="riverbend place:Boston",
                                            sources=["x"])
    assert collect.run(by_profile).stored == 1
    assert Mention.objects.get(author_handle="jobsbot").author_location == "Boston, MA"


@pytest.mark.django_db
def test_mastodon_gives_a_profile_location_field_and_bluesky_nothing(ours, standin: Any, monkeypatch) -> None:
    standin.load("mastodon", "bluesky")
    for slug in ("mastodon", "bluesky"):
        monkeypatch.setenv(f"BEDSIDE_API_BASE_{slug.upper()}", standin.base_url(slug))
    search = SavedSearch.objects.create(organization=ours, name="Worcester", query="#riverbendcares place:Worcester",
                                        sources=["mastodon:mastodon.social"])
    assert collect.run(search).stored == 1
    stored = Mention.objects.get()
    assert stored.author_handle == "skeptic" and stored.author_location == "Worcester, Massachusetts"
    assert not stored.place  # an instance's locality is not where its people are
    bluesky = SavedSearch.objects.create(organization=ours, name="Sky", query="riverbend place:Worcester",
                                         sources=["bluesky"])
    assert collect.run(bluesky).stored == 0  # Bluesky reports no place; its texts name none


@pytest.mark.django_db
def test_the_preview_shows_the_place_part_and_matches_stored_mentions_by_their_reported_place(ours, personas) -> None:
    from datetime import timedelta

    from django.utils import timezone

    from bedside.listening.sources import Found

    search = SavedSearch.objects.create(organization=ours, name="Brand", query="riverbend", sources=["x"])
    now = timezone.now()
    found = [Found("x", "1", "a", "", "Riverbend valet was quick", "", "en", now - timedelta(hours=1),
                   place="Cambridge, MA"),
             Found("x", "2", "b", "", "Riverbend valet was slow", "", "en", now - timedelta(hours=2),
                   author_location="Cambridge, England"),
             Found("x", "3", "c", "", "Riverbend valet in Cambridge, MA", "", "en", now - timedelta(hours=3))]
    collect.store(search, search.parsed(), found, collect.Outcome())
    page = personas["manager"].client.post("/listening/new/", {
        "name": "Valet", "organization": ours.pk, "query": 'valet place:"Cambridge MA"', "sources_text": "x",
        "preview": "1"})
    html = page.content.decode()
    assert 'id="preview-places">Place: in Cambridge, Massachusetts.' in html
    assert "matches <strong>2</strong>" in html  # the reported place and the text; not Cambridge, England
    assert "valet was quick" not in html  # the preview shows counts, never bodies
