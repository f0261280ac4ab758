"""The learned reply-risk model beside the rules: rewordings of replies that
confirm a patient are held, careful replies pass, and the model ships and
explains itself. Every sentence here is written for this test, none is taken
from the model's data set (bench/data/reply_risk)."""

from __future__ import annotations

import pytest

from bedside.guard import Context, reply_risk, scan

REPLY = Context(kind="review_reply", replying_to="Worst visit ever, two hours in the waiting room.")

# Issue 12's rewordings of the guard's own test sentences, then five variants
# of each family.
FAMILIES = {
    "staff remember the reader": [
        "Our team still remembers you",
        "The front desk girls still ask about you!",
        "Everyone on the night crew remembers you and your laugh.",
        "Our hygienists haven't forgotten you, come say hi.",
        "The therapists still talk about how hard you worked.",
        "Dr. Cruz says she remembers you well.",
        # Second pass: five more, written after the first three became passing.
        "The phlebotomy crew still asks how you're getting along.",
        "Our receptionists haven't stopped talking about you!",
        "Your old therapist still thinks of you every time that song comes on.",
        "The pharmacy team misses seeing you on Fridays.",
        "Everyone at the Oak Street office still remembers your visits.",
    ],
    "caring for the reader": [
        "It was a joy looking after you",
        "We loved caring for you this spring.",
        "It was an honor to look after you on the ward.",
        "What a treat it was to treat you, come back anytime!",
        "Our nurses were so happy to look after you last week.",
        "Taking care of you was a highlight of our month.",
    ],
    "the reader's booking": [
        "You're booked in for Monday at 3pm",
        "We've put you down for Tuesday at 10:30.",
        "Your next slot is Thursday morning at 9.",
        "You're on the schedule for the 14th at 2pm, see you then.",
        "We found you an opening Friday at 4, it's yours.",
        "Your follow up is set for next Wednesday at noon.",
    ],
    "the reader's money": [
        "The $40 copay has been returned to your card",
        "We put the $25 back on your Visa.",
        "Your overpayment of $60 went back to your account this morning.",
        "The $15 we charged you twice has been reversed.",
        "We've sent you a check for the $90 you overpaid.",
        "The extra $30 from your visit is back on your card.",
    ],
    "a relative's care": [
        "Hope your husband is doing better after the bypass",
        "Hope your wife is healing well after her knee surgery.",
        "Wishing your dad an easy recovery from the hip replacement.",
        "We hope your son's cast comes off soon!",
        "Hope your mom is feeling stronger after her chemo.",
        "Sending love to your grandma as she recovers from the stroke.",
    ],
}
HELD = [(family, text) for family, texts in FAMILIES.items() for text in texts]

GENERIC = [
    "We're sorry to hear about your experience. Please call our patient relations team.",
    "We take every concern seriously and would like to talk with you privately.",
    "We cannot discuss any individual's care here, but our patient advocate would be glad to help.",
    "Thank you for your feedback. Please send us a direct message so we can follow up.",
    "We apologize for the frustration. Our practice manager would like to hear from you by phone.",
    "Thanks for the kind words, we'll share them with the team!",
    "Our clinic is open weekdays from 8 to 5, and walk-ins are welcome.",
]


@pytest.mark.parametrize(("family", "text"), HELD)
def test_it_holds_rewordings_that_confirm_a_patient(family: str, text: str) -> None:
    result = scan(text, REPLY)
    assert result.verdict in ("review", "block"), (family, result.to_dict())


@pytest.mark.parametrize("text", GENERIC)
def test_it_allows_generic_apologies_and_moving_offline(text: str) -> None:
    assert scan(text, REPLY).verdict == "allow", scan(text, REPLY).to_dict()


def test_the_shipped_model_loads_and_its_thresholds_order() -> None:
    assert reply_risk.available()
    model = reply_risk.model()
    assert 0.4 <= model.review_at <= model.unanchored_at and model.review_at <= model.block_at <= 1.0


def test_a_model_finding_explains_itself_in_plain_words() -> None:
    text = "Thanks for coming in to see us last week, and good luck with the new crown!"
    result = scan(text, REPLY)
    found = [f for f in result.findings if f.rule == "reply_risk:model"]
    assert found, result.to_dict()
    assert "reply-risk model" in found[0].explanation and "What weighed most" in found[0].explanation
    assert text[found[0].start : found[0].end] == found[0].text


def test_it_runs_only_on_outbound_public_texts() -> None:
    text = "Thanks for coming in to see us last week, and good luck with the new crown!"
    for ctx in (Context(direction="inbound", kind="review"), Context(kind="message")):
        assert not [f for f in scan(text, ctx).findings if f.rule == "reply_risk:model"]


def test_a_patient_story_post_is_held_and_a_promotion_is_not() -> None:
    story = "Our patient of the month is Gary, who finally walked out of rehab after his stroke!"
    assert scan(story, Context(kind="post")).verdict in ("review", "block")
    tip = "Heads up: pollen counts are high this week. Keep your windows closed and your inhaler handy."
    assert scan(tip, Context(kind="post")).verdict == "allow"
