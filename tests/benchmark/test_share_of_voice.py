"""The benchmark's share of voice comes from listening (mentions of each
organization anywhere, from its saved searches) when at least two compared
organizations have a search, with the period and sources said beside it; the
older figure (mentions of each organization's own channels) stays only as a
fallback that says so."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bedside.benchmark.comparison import compare
from bedside.benchmark.overview import as_json, build
from bedside.inbox.models import Message
from bedside.listening import collect
from bedside.listening.models import SavedSearch
from bedside.listening.sources import Found
from bedside.reports import executive
from tests.benchmark.conftest import END, at

pytestmark = pytest.mark.django_db


def _inbox_mentions(ch, n: int, tag: str) -> None:
    for i in range(n):
        Message.objects.create(
            channel=ch,
            network=ch.network,
            external_id=f"{tag}{i}",
            kind="mention",
            author_handle=f"u{i}",
            published_at=at(END - timedelta(days=i)),
            body="hello",
        )


def _heard(org, query: str, texts: list[tuple[str, int]], *sources: str) -> SavedSearch:
    """A saved search for ``org`` that stored each (text, days before END)."""
    search = SavedSearch.objects.create(
        organization=org, name=f"{org.name} brand", query=query, sources=list(sources) or ["bluesky"]
    )
    found = [
        Found(
            "bluesky",
            f"{org.pk}-{i}",
            f"writer{i}.example",
            "",
            text,
            "",
            "en",
            at(END - timedelta(days=back)),
        )
        for i, (text, back) in enumerate(texts)
    ]
    collect.store(search, search.parsed(), found, collect.Outcome())
    return search


def _old_figure(peer_set) -> None:
    # Inbox mentions of the channels: 3 of ours, 9 of Mayo's (the older figure: 25% / 75%).
    _inbox_mentions(peer_set["ours"].channels.get(network="x"), 3, "m")
    _inbox_mentions(peer_set["leader"].channels.get(network="x"), 9, "n")


def test_listening_replaces_the_older_figure_when_we_and_a_peer_have_searches(peer_set) -> None:
    _old_figure(peer_set)
    _heard(
        peer_set["ours"],
        "riverbend",
        [
            ("Riverbend parking again", 1),
            ("Riverbend night nurses", 2),
            ("Riverbend on the news", 40),
            ("Riverbend gift shop", 500),
        ],
        "bluesky",
        "reddit",
    )
    _heard(
        peer_set["leader"],
        "mayo",
        [
            ("Mayo in the paper", 3),
            ("A Mayo visit", 4),
            ("Mayo study", 5),
            ("Mayo again", 6),
            ("Mayo job fair", 7),
            ("Mayo lab", 8),
        ],
    )
    c = compare()
    # In the 12-month window: 3 of ours (the 500-day-old one is outside), 6 of Mayo's.
    assert c.row("Riverbend Health").values["share_of_voice"] == pytest.approx(100 * 3 / 9)
    assert c.row("Mayo Clinic").values["share_of_voice"] == pytest.approx(100 * 6 / 9)
    assert c.row("Patchy Medical").values["share_of_voice"] is None  # no search: no data, not 0
    assert c.row("Riverbend Health").rank["share_of_voice"] == 2
    assert c.voice is not None and c.voice.listening
    assert c.voice.sources == ["Bluesky search", "Reddit search"]
    assert (c.voice.start, c.voice.end) == (END - timedelta(days=365), END)
    assert (
        "posted 30 Jun 2025 to 30 Jun 2026, found by 2 saved searches on Bluesky search, Reddit search"
        in c.voice.text
    )

    said = as_json(build())["share_of_voice_source"]
    assert said["listening"] is True and said["sources"] == ["Bluesky search", "Reddit search"]
    html = executive.render_html(build())
    assert (
        "Share of voice from listening: mentions of each organization posted 30 Jun 2025 to 30 Jun 2026"
        in html
    )


def test_the_older_figure_stays_only_as_a_fallback_that_says_so(peer_set, personas) -> None:
    _old_figure(peer_set)
    _heard(peer_set["ours"], "riverbend", [("Riverbend parking again", 1)])  # ours alone: always 100%
    c = compare()
    assert c.row("Riverbend Health").values["share_of_voice"] == pytest.approx(25.0)
    assert c.row("Mayo Clinic").values["share_of_voice"] == pytest.approx(75.0)
    assert c.voice is not None and not c.voice.listening
    html = personas["viewer"].client.get("/benchmark/").content.decode()
    assert (
        "Share of voice here is the older figure (mentions of each organization&#x27;s own channels stored in "
        "the inbox, 30 Jun 2025 to 30 Jun 2026): 1 of the compared organizations has a listening search"
    ) in html
