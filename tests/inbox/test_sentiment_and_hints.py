"""Bedside's own sentiment model (crisis-aware) and misinformation as a weak
hint. Rows written for these tests."""

from __future__ import annotations

import pytest

from bedside.inbox.triage import triage
from bedside.inbox.triage.misinformation import is_misinformation
from bedside.inbox.triage.priority import HIGH, NORMAL
from bedside.inbox.triage.sentiment import sentiment


@pytest.mark.parametrize(("text", "label"), [
    ("Brilliant care from the night team, thank you so much", "positive"),
    ("so happy with how quickly the clinic sorted my scan :)", "positive"),
    ("Absolutely awful, rude receptionist and a three hour wait", "negative"),
    ("the app keeps crashing and nobody answers the phone, useless", "negative"),
    ("The flu clinic is open on Saturday from 9 to 1", "neutral"),
    ("The match kicks off at 8 tonight on channel 5", "neutral"),
])
def test_it_reads_sentiment_in_and_out_of_health_care(text: str, label: str) -> None:
    assert sentiment(text).label == label


@pytest.mark.parametrize("text", [
    "what's the point of going on, everyone would be better off without me",
    "I've saved up enough of my meds to never wake up, thank you all for everything",
    "I already said goodbye to everyone, this is the last thing I'll post. love you all",
    "thank you for being kind to me, i won't be here tomorrow",
])
def test_a_crisis_message_is_never_shown_as_positive(text: str) -> None:
    for kind in ("comment", "review"):
        result = triage(text, kind=kind)
        assert result.crisis
        assert result.sentiment == "negative" and result.sentiment_score <= -0.5


@pytest.mark.parametrize(("text", "label"), [
    ("Lovely midwives and a calm birth, we can't thank you enough", "positive"),
    ("Four hours on hold and then the line went dead. Disgraceful", "negative"),
    ("Our new MRI scanner opens to patients in the west wing on 3 March", "neutral"),
])
def test_a_post_and_a_review_about_care_are_both_read(text: str, label: str) -> None:
    assert sentiment(text, kind="comment").label == label
    assert sentiment(text, kind="review").label == label or label == "neutral"


@pytest.mark.parametrize(("text", "label"), [
    ("the new bus route stops right outside the hospital now, so handy", "positive"),
    ("honestly sick of this rain, third cancelled match in a row", "negative"),
    ("The away match kicks off at 3pm on Saturday", "neutral"),
])
def test_a_post_about_anything_else_is_read_as_a_post(text: str, label: str) -> None:
    assert sentiment(text, kind="comment").label == label


def test_a_review_is_read_by_the_feedback_model_and_a_post_by_the_social_one() -> None:
    import importlib

    module = importlib.import_module("bedside.inbox.triage.sentiment")
    text = "saw the consultant this morning"
    review = module.sentiment(text, kind="review").probabilities
    post = module.sentiment(text, kind="comment").probabilities
    assert review == module.feedback(text) and post != review


def test_it_needs_no_vader_at_run_time() -> None:
    import importlib

    module = importlib.import_module("bedside.inbox.triage.sentiment")

    assert "vader" not in module.__dict__ and "SentimentIntensityAnalyzer" not in module.__dict__
    for path in (module.MODEL_PATH, module.SOCIAL_PATH):
        assert path.exists() and path.stat().st_size < 2_000_000


MISINFORMATION = [
    "garlic cures covid, my gran swears by it",
    "Hot water kills the virus, drink it every hour",
    "5G towers are spreading the virus",
    "Vitamin C prevents coronavirus so skip the jab",
    "The vaccine causes autism, everyone knows it",
]
NOT_MISINFORMATION = [
    "Thanks to the nurses who treated my dad, and for the cup of tea at 3am!",
    "Thank you to the team who treated my mum, and for the biscuits and tea",
    "The physio who treated my knee also made me a cup of tea, lovely",
    "Does the flu shot protect against the new strain?",
    "Will the flu vaccine protect my baby as well?",
    "can the flu jab stop me getting covid too?",
    "Is it true that honey helps a sore throat?",
    "Where can I get a flu shot this week?",
]


@pytest.mark.parametrize("text", MISINFORMATION)
def test_it_hints_at_a_claim_fact_checkers_have_debunked(text: str) -> None:
    assert is_misinformation(text)


@pytest.mark.parametrize("text", NOT_MISINFORMATION)
def test_thanks_and_questions_are_not_misinformation(text: str) -> None:
    assert not is_misinformation(text)


def test_a_misinformation_hint_never_outranks_a_complaint() -> None:
    complaint = triage("Waited five hours in A&E, absolutely disgusting and rude staff")
    hint = triage("garlic cures covid, my gran swears by it")
    assert "misinformation" in hint.intents
    assert hint.priority >= NORMAL > HIGH
    assert complaint.priority <= hint.priority
    both = triage("Rude staff and a five hour wait, and garlic cures covid anyway")
    assert both.intent == "complaint" and both.intents.index("complaint") < both.intents.index("misinformation")
