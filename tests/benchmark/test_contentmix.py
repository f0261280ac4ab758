"""The content-mix classifier: a table of posts, and its held-out accuracy."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bedside.benchmark.contentmix import CLASSES, classify, classify_posts, explain
from bedside.benchmark.models import Post
from tests.benchmark.conftest import channel, organization, posts

LABELLED = Path(__file__).resolve().parents[2] / "bench" / "data" / "contentmix.jsonl"


@pytest.mark.parametrize(
    "text, url, expected",
    [
        ("Meet Jo, who was diagnosed with lupus at 19 and just finished her first triathlon.", "", "patient_story"),
        ("Know the signs of a stroke and call 911 right away.", "", "health_advice"),
        ("Book an appointment online: same-day visits at our new clinic.", "", "promotion"),
        ("Join us Saturday, May 3 at 10am for a free health fair in the atrium.", "", "event"),
        ("Today we announced a partnership with the state university on cancer research.", "", "news"),
        ("Great read from the American Heart Association on blood pressure.", "https://www.heart.org/x", "curated"),
        ("Thanks for reading.", "https://riverbend.example/page", "news"),  # no cue: news, not a guess
    ],
)
def test_it_classifies_typical_hospital_posts(text: str, url: str, expected: str) -> None:
    assert classify(text, url, ["riverbend.example"]) == expected


def test_a_link_to_another_site_counts_towards_curated_but_our_own_does_not() -> None:
    text = "This is worth sharing."
    assert classify(text, "https://www.cdc.gov/flu", ["riverbend.example"]) == "curated"
    assert classify(text, "https://www.riverbend.example/flu", ["riverbend.example"]) != "curated"


def test_explain_names_the_cues_that_decided() -> None:
    verdict = explain("Save the date: our gala is October 18.")
    assert verdict.label == "event"
    assert any("save the date" in cue.lower() for cue in verdict.cues)


def test_held_out_accuracy_stays_above_the_floor() -> None:
    rows = [json.loads(line) for line in LABELLED.read_text().splitlines()]
    test = [r for r in rows if r["split"] == "test"]
    assert {r["label"] for r in rows} == set(CLASSES)
    assert len(rows) >= 120 and len(test) >= 60
    right = sum(classify(r["text"], r["url"], ["riverbend-health.example"]) == r["label"] for r in test)
    # Measured 0.57 (34/60) on the held-out third rewritten for issue 12, scored
    # once (BENCHMARKS.md); the 0.80 before it was inflated by cues written
    # against the old held-out posts. A change that loses more is a regression.
    assert right / len(test) >= 0.55


@pytest.mark.django_db
def test_classify_posts_fills_only_what_is_unclassified() -> None:
    ch = channel(organization("A", website="https://a.example"), "x")
    posts(ch, 2)
    Post.objects.filter(external_id=f"{ch.pk}-0").update(text="Join us Friday at 6pm for our open house!")
    Post.objects.filter(external_id=f"{ch.pk}-1").update(text="Tips to stay hydrated", content_type="news")
    assert classify_posts(Post.objects.select_related("channel__organization")) == 1
    assert dict(Post.objects.values_list("external_id", "content_type")) == {
        f"{ch.pk}-0": "event",
        f"{ch.pk}-1": "news",
    }
