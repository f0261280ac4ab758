"""The triage classifiers on their own: plain Python, no database."""

from __future__ import annotations

import pytest

from bedside.guard.crisis import find as crisis_hits
from bedside.inbox.triage import fingerprint, triage
from bedside.inbox.triage.misinformation import is_misinformation
from bedside.inbox.triage.phrases import Phrases
from bedside.inbox.triage.priority import HIGH, LOW, URGENT
from bedside.inbox.triage.sentiment import sentiment
from bedside.inbox.triage.spam import is_spam


@pytest.mark.parametrize("text", [
    "i just want to die, nothing helps",
    "I took all my pills an hour ago",
    "Thinking about suicide again tonight",
    "honestly everyone would be better off without me",
    "I don't want to be alive anymore",
    "my husband is unresponsive and not breathing",
])
def test_it_escalates_crisis_language(text: str) -> None:
    result = triage(text)
    assert result.crisis and result.priority == URGENT and result.intent == "crisis"


def test_an_awareness_post_names_the_topic_and_pages_nobody_but_a_person_at_risk_does() -> None:
    # Crisis words need their context: the walk is the hospital's work, the second text is a person.
    assert not triage("Great suicide prevention walk on Saturday, thank you to all who came").crisis
    assert triage("I walked in the suicide prevention walk but honestly I feel suicidal myself").crisis


@pytest.mark.parametrize("text", [
    "What time does the pharmacy open on Sunday?",
    "The new parking garage is so much better",
    "Kill the lights when you leave the waiting room, it's so bright",
])
def test_it_does_not_escalate_everyday_messages(text: str) -> None:
    assert not triage(text).crisis


def test_it_flags_phi_someone_posted_about_a_person() -> None:
    result = triage("My mother Jane Doe was in room 412 with pneumonia and her MRN is 00417733")
    assert result.phi and result.priority <= HIGH
    assert {"PERSON"} <= set(result.labels)
    assert all({"label", "start", "end", "explanation"} <= set(f) for f in result.findings)


@pytest.mark.parametrize(("text", "rating", "intent"), [
    ("How do I book an appointment with cardiology?", None, "appointment"),
    ("The nurse was rude and we waited six hours, absolutely terrible", None, "complaint"),
    ("Why was I charged twice on my bill? My insurance already paid", None, "billing"),
    ("Is it normal to have a fever after the flu vaccine? Should I take ibuprofen?", None, "medical_question"),
    ("Thank you to the amazing nurses on the maternity ward, you were wonderful", None, "praise"),
    ("check out my channel and subscribe for free gift cards www.example.com", None, "spam"),
    ("The jab puts a microchip in you, wake up, it is all a plandemic", None, "misinformation"),
    ("It was fine.", 1.0, "complaint"),
    ("What a place.", 5.0, "praise"),
])
def test_it_names_the_intent(text: str, rating: float | None, intent: str) -> None:
    assert triage(text, rating=rating).intent == intent


def test_it_keeps_every_intent_a_message_carries() -> None:
    result = triage("Terrible service, and I still can't book an appointment. Nobody answers the phone.")
    assert result.intents[:2] == ["complaint", "appointment"]


@pytest.mark.parametrize(("text", "label"), [
    ("I love this hospital, the staff are wonderful :)", "positive"),
    ("This is the worst, most disgusting service I have ever had", "negative"),
    ("The clinic is on Main Street.", "neutral"),
    ("", "neutral"),
])
def test_it_reads_sentiment(text: str, label: str) -> None:
    assert sentiment(text).label == label


def test_it_marks_praise_and_spam_low_priority() -> None:
    assert triage("Thank you, wonderful nurses!").priority == LOW
    assert triage("subscribe to my channel www.example.com").priority == LOW


@pytest.mark.parametrize(("text", "expected"), [
    ("Subscribe to my channel!!", True),
    ("see it at https://example.com/promo", True),
    ("The ER staff were kind to my dad", False),
])
def test_it_finds_spam(text: str, expected: bool) -> None:
    assert is_spam(text) is expected


@pytest.mark.parametrize(("text", "expected"), [
    ("garlic cures coronavirus", True),
    ("5G towers spread the virus", True),
    ("Where can I get a flu shot this week?", False),
    ("Does the hospital sell garlic bread in the cafe?", False),
])
def test_it_flags_misinformation_only_with_a_claim(text: str, expected: bool) -> None:
    assert is_misinformation(text) is expected


def test_it_matches_whole_words_and_prefixes_only() -> None:
    phrases = Phrases([("die", "x"), ("suicid*", "y")])
    assert phrases.tags("the diet is fine") == set()
    assert phrases.tags("studied hard") == set()
    assert phrases.tags("feeling suicidal") == {"y"}
    assert [h.end for h in phrases.find("i could die.")] == [11]


def test_crisis_spans_point_at_the_words() -> None:
    text = "honestly I want to die tonight"
    hits = crisis_hits(text)
    assert [text[h.start : h.end] for h in hits] == ["want to die"]


def test_a_message_with_no_text_is_triaged_not_dropped() -> None:
    result = triage("", problem=True)
    assert (result.intent, result.verdict, result.crisis) == ("other", "allow", False)


def test_fingerprints_ignore_case_links_and_mentions_and_need_the_key() -> None:
    a = fingerprint("Your ER is GREAT!! https://x.co/1 @Riverbend", b"k1")
    assert a == fingerprint("your er is great https://x.co/2", b"k1")
    assert a != fingerprint("your er is great", b"k2")
    assert fingerprint("  ...  ", b"k1") == ""


def test_the_shipped_model_reads_dissatisfaction_that_has_no_angry_words() -> None:
    from bedside.inbox.triage.intent import COMPLAINT_AT
    from bedside.inbox.triage.sentiment import dissatisfaction

    late = "Waited four hours for the ambulance and nobody called to say why"
    kind = "Lovely staff, thank you for looking after us"
    assert dissatisfaction(late) > COMPLAINT_AT > dissatisfaction(kind)
    assert triage(late).intent == "complaint"
