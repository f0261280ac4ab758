"""Issue 12, second pass: the rules that stopped holding ordinary text (advice
to anyone, a ranking read as a street, a staff member's second mention) and
the rule that now holds staff who still think of the reader. Each change has
rows it must match and rows it must not."""

from __future__ import annotations

import pytest

from bedside.guard import Context, scan
from bedside.guard.recognizers.address import AddressRecognizer
from bedside.guard.recognizers.base import Doc

REPLY = Context(kind="review_reply", replying_to="Long wait, rude front desk.")
POST = Context(kind="post")


def rule_findings(text: str, ctx: Context = REPLY) -> list[str]:
    return [f.rule for f in scan(text, ctx).findings if f.rule.startswith("relationship:")]


@pytest.mark.parametrize("text", [
    "If you ever feel crushing chest pain, call 911 right away.",
    "Always tell your dentist about any allergy to latex or penicillin.",
    "When a toddler has a fever that lasts three days, call the pediatrician.",
    "Never stop an antibiotic early, even when you feel better.",
    "You can ask for a copy of your records at any front desk.",
])
def test_advice_to_anyone_is_not_a_detail_of_the_readers_care(text: str) -> None:
    assert not {"relationship:adds_detail", "relationship:your_care"} & set(rule_findings(text)), text


@pytest.mark.parametrize("text", [
    "If your chest pain comes back after the stent, call us.",
    "When you came in with the fever, we did run a flu test.",
    "Remember your insulin before the Tuesday appointment.",
    "Your knee surgery went well and the swelling should settle.",
    "We treated your migraine as fast as we could.",
])
def test_the_readers_own_care_is_still_held(text: str) -> None:
    assert scan(text, REPLY).verdict in ("review", "block"), scan(text, REPLY).to_dict()


@pytest.mark.parametrize("text", [
    "The front office staff still ask about you.",
    "Our phlebotomists keep talking about your visits.",
    "Everyone here still remembers you.",
    "The night nurses haven't forgotten you.",
    "Our aides often think of you and your garden.",
])
def test_staff_who_still_think_of_the_reader_is_a_rule(text: str) -> None:
    # The strongest of overlapping findings is kept ("your visits" may be read as the reader's care).
    assert {"relationship:confirms_care", "relationship:your_care"} & set(rule_findings(text)), text


@pytest.mark.parametrize("text", [
    "We still miss our old building a little.",
    "Our team still talks about your feedback at every meeting.",
    "The nurses always ask about the parking changes first.",
    "Everyone here still remembers the day the new wing opened.",
    "Our staff keep mentioning your kind words, thank you.",
])
def test_staff_remembering_something_else_is_not_that_rule(text: str) -> None:
    assert "relationship:confirms_care" not in rule_findings(text), scan(text, REPLY).to_dict()


def _streets(text: str) -> list[str]:
    return [f.text for f in AddressRecognizer().analyze(Doc(text, POST))]


@pytest.mark.parametrize("text", [
    "4 West nurses took first place in the quality challenge.",
    "Our 3 runners finished in second place.",
    "2 of our teams came in third place at the regional games.",
])
def test_a_ranking_is_not_a_street(text: str) -> None:
    assert _streets(text) == [], text


@pytest.mark.parametrize("text", [
    "The clinic moved to 12 First Place downtown.",
    "Send it to 400 Oak Place, Suite 2.",
    "She lives at 9 Maple Place.",
])
def test_a_street_called_place_is_still_a_street(text: str) -> None:
    assert _streets(text), text


@pytest.mark.parametrize("post", [
    "Happy retirement to scheduler Ann Cole after 20 years! We'll miss you, Ann!",
    "Welcome to our sonographer Victor Hale. Glad you're here, Victor!",
])
def test_a_staff_members_second_mention_is_staff_too(post: str) -> None:
    assert scan(post, POST).verdict == "allow", scan(post, POST).to_dict()


@pytest.mark.parametrize("post", [
    "Our nurse Ann cared for Victor Hale after his stroke. Get well, Victor!",
    "Welcome home, baby Victor! Our sonographer Ann spotted him first.",
])
def test_a_patient_beside_a_staff_member_is_still_held(post: str) -> None:
    assert scan(post, POST).verdict in ("review", "block"), scan(post, POST).to_dict()


@pytest.mark.parametrize("text", [
    "Being one of our patients for so long, you know we try hard.",
    "It's patients like you who make the long days worth it.",
    "You've been a loyal patient of ours since 2015, thank you.",
    "We're proud to count you among our patients.",
    "Having you as a client has been a joy for our whole office.",
])
def test_the_reader_as_one_of_our_patients_is_held(text: str) -> None:
    assert scan(text, REPLY).verdict in ("review", "block"), scan(text, REPLY).to_dict()


@pytest.mark.parametrize("text", [
    "Being a patient in any hospital can be stressful, and we want to help.",
    "As a patient you can ask for a copy of any record we hold.",
    "Anyone can become one of our patients by calling the main line.",
    "We treat every patient like family, and we're sorry this fell short.",
    "Our clients can now book online any time.",
])
def test_patients_in_general_are_not_the_reader(text: str) -> None:
    assert not [f for f in scan(text, REPLY).findings if f.rule == "relationship:confirms_care"], text
