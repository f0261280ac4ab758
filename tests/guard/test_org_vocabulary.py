"""The organization's own places and people (Context vocabulary): signatures,
addresses, units and campuses, staff. Tables of rows that must and must not
match, as Presidio writes its recognizer tests; every row written here."""

from __future__ import annotations

import pytest

from bedside.guard import Context, scan

OURS = {
    "org_names": ("Harborview Regional",),
    "org_addresses": ("123 Main St, Springfield, IL 62701", "900 Lakeshore Drive, Suite 200, Springfield, IL 62704"),
    "org_phones": ("(217) 555-0100",),
    "org_units": ("4 West", "5 North", "Birthing Center"),
    "org_campuses": ("the Elm Street clinic", "Northgate campus"),
    "org_service_lines": ("Cardiology",),
    "org_staff": ("Sarah Patel", "Michael Lee"),
    "org_signers": ("Dana Reyes",),
}


def verdict(text: str, kind: str = "post", **over: object) -> str:
    return scan(text, Context(kind=kind, **{**OURS, **over})).verdict  # type: ignore[arg-type]


# -- signatures --------------------------------------------------------------
@pytest.mark.parametrize("text", [
    "Thanks for letting us know, we are looking into it. — Carlos Mendes",
    "So sorry about the long wait! -- Priya Natarajan and her mom",
    "We appreciate you taking the time to write.\n- Tomasz Kowalski",
    "We hear you and we will do better. ~ Helen Okafor",
    "Sorry to hear this. Regards, Martin Blackwood",
])
def test_a_name_after_a_dash_is_not_a_signature_unless_configured(text: str) -> None:
    assert verdict(text, "review_reply") != "allow"


@pytest.mark.parametrize("text", [
    "Congrats to our residency class of the year! - Nadia Petrova and little Owen",
    "What a night at the gala!\n— Gregory Walsh",
    "Thank you, donors! -- Lucia Romero",
    "Proud of this team. ~ Ahmed Karimi",
    "Happy Nurses Week! Best, Fiona Gallagher",
])
def test_a_post_signed_with_a_name_nobody_configured_is_reviewed(text: str) -> None:
    assert verdict(text) != "allow"


@pytest.mark.parametrize("text", [
    "Thank you for the kind words, we will pass them on. - Dana Reyes",
    "We are sorry to hear this; please call us at (217) 555-0100. — Dana",
    "We would like to talk with you directly.\n-- Dana Reyes",
    "Thanks for sharing. Warmly, Dana",
    "Please reach out to our patient relations team. ~ Ms. Reyes",
])
def test_a_configured_signer_closing_a_reply_is_allowed(text: str) -> None:
    assert verdict(text, "review_reply") == "allow"


def test_a_signer_named_outside_the_signature_is_still_a_name() -> None:
    # The signer list lets a name close a reply; it does not make it vanish elsewhere.
    assert verdict("Dana Reyes remembers you from your last visit.", "review_reply") == "block"


# -- our own addresses --------------------------------------------------------
@pytest.mark.parametrize("text", [
    "Free flu shots this Saturday at 123 Main Street, no appointment needed!",
    "Our blood drive is at 123 Main St. from 9 to 3.",
    "Visit the new lobby at 123 MAIN STREET, Springfield.",
    "Parking is free at 123 Main St, Springfield, IL 62701.",
    "The cardiology suite has moved to 900 Lakeshore Dr, Suite 200.",
])
def test_our_own_address_in_a_post_is_allowed(text: str) -> None:
    assert verdict(text) == "allow"


@pytest.mark.parametrize("text", [
    "Free flu shots this Saturday at 45 Oak Avenue!",
    "Our blood drive is at 124 Main Street from 9 to 3.",
    "The fundraiser is at 900 Lakeshore Boulevard on Friday.",
    "He lives at 123 Main Street in Shelbyville.",
])
def test_an_address_that_is_not_ours_still_goes_to_review(text: str) -> None:
    assert verdict(text, org_addresses=OURS["org_addresses"] if "Shelbyville" not in text else ()) != "allow"


# -- units and campuses --------------------------------------------------------
@pytest.mark.parametrize("text", [
    "Shout out to Kevin in 4 West, who finally went home today!",
    "Ms. Alvarez was moved to 5 North overnight.",
    "The gentleman in room 12 on 4 West keeps asking for pudding.",
    "Say hi to Joanna on 4W if you stop by.",
    "Our patient on 5 North turned 100 today!",
    "The young mom in the Birthing Center had twins tonight.",
])
def test_a_person_on_one_of_our_units_is_phi(text: str) -> None:
    assert verdict(text) == "block"


@pytest.mark.parametrize("text", [
    "Congrats to the 4 West nurses on their nursing excellence award!",
    # Five more unit awards, not started from the one above.
    "The 5 North team was named the hospital's unit of the year.",
    "Hats off to our Birthing Center staff for earning a national safety award!",
    "4 West nurses took first place in the hospital's quality challenge.",
    "Our 5 North nursing team was honored by the state nurses association this week.",
    "The Elm Street clinic staff were recognized for the best service scores in the region.",
    "5 North reopens Monday after a full renovation.",
    "Dr. Michael Lee now rounds on 4 West every morning.",
    "Our 4 West team cared for more than 2,000 patients this year.",
    "Tour the new Elm Street clinic at our open house.",
    "The Birthing Center is hiring nurses for every shift.",
])
def test_a_unit_or_campus_alone_or_with_staff_is_allowed(text: str) -> None:
    assert verdict(text) == "allow"


def test_a_named_person_at_a_campus_goes_to_review() -> None:
    assert verdict("Rosa Jimenez stopped by the Northgate campus today.") != "allow"


def test_units_are_only_ours_when_configured() -> None:
    # Without a vocabulary "4 West" is just words: held for the name (and the reply-risk
    # model's reading of "went home"), but not placed in one of our units.
    result = scan("Kevin in 4 West went home today.", Context(kind="post", **{**OURS, "org_units": ()}))  # type: ignore[arg-type]
    assert result.verdict != "allow"
    assert not any(f.rule.startswith("placed_patient") for f in result.findings)


# -- staff -------------------------------------------------------------------
@pytest.mark.parametrize("text", [
    "Congratulations to Dr. Sarah Patel, our new chief of cardiology!",
    "Welcome Dr. Michael Lee to the heart team.",
    "Sarah Patel, MD, answers your questions about blood pressure on Friday.",
    "Meet Dr. Patel at the health fair this weekend.",
    "Michael Lee and Sarah Patel were named top doctors this year.",
])
def test_staff_the_organization_configured_may_be_named_in_a_post(text: str) -> None:
    assert verdict(text) == "allow"


@pytest.mark.parametrize("text", [
    "Dr. Lee's patient Marisol went home walking today!",
    "Sarah Patel's patient, Thomas, just rang the bell.",
    "A patient of Dr. Patel, Gloria Diaz, shared her story.",
    "Dr. Lee and Bernard Hughes after his knee surgery.",
    "Dr. Patel with Yusuf Ali on the day he left the ICU.",
])
def test_a_staff_name_never_hides_a_patient_beside_it(text: str) -> None:
    assert verdict(text) != "allow"


def test_a_doctor_nobody_configured_is_still_a_name_beside_a_patient() -> None:
    # Issue 12: a titled clinician's staff news is allowed even unconfigured (public-names
    # step); configuration matters where the name stands beside someone's care.
    assert verdict("Welcome Dr. Kimberly Novak to the team!", org_staff=()) == "allow"
    assert verdict("Dr. Kimberly Novak's patient Ruth went home today.", org_staff=()) != "allow"


@pytest.mark.parametrize("text", [
    "Michael went home from 4 West today!",
    "Mr. Lee in 5 North says thanks for the pudding.",
    "Sarah on 4 West is finally off oxygen.",
    "Patel in 5 North asked for his daughter.",
    "Mrs. Patel was moved to 4 West overnight.",
])
def test_a_staff_first_name_or_an_untitled_family_name_may_be_a_patient(text: str) -> None:
    # Staff are "Sarah Patel" or "Dr. Patel"; "Sarah" or "Mrs. Patel" alone could be anyone.
    assert verdict(text) == "block"


@pytest.mark.parametrize("text", [
    "Kevin was discharged from 4 West this morning.",
    "Lourdes went home from 5 North after three weeks!",
    "We brought Tobias back up to 4 West at noon.",
    "Grandpa Elias spent his birthday on 5 North.",
    "Nadine, who stayed two nights in the Birthing Center, sent cookies.",
])
def test_a_person_placed_a_few_words_before_a_unit_is_phi(text: str) -> None:
    assert verdict(text) == "block"


@pytest.mark.parametrize("text", [
    "Jenna Ruiz leads the 4 West team now.",
    "Thanks to Omar for the 4 West bake sale!",
    "Bianca organized 5 North's food drive.",
    "Shout out to Leon and the 4 West night crew.",
    "Priscilla Hwang joins 5 North as nurse manager.",
])
def test_a_person_named_with_a_unit_but_not_placed_there_is_only_reviewed(text: str) -> None:
    # A name alone is held as always; the unit does not make it a placed patient.
    result = scan(text, Context(kind="post", **OURS))  # type: ignore[arg-type]
    assert result.verdict != "allow"
    assert not any(f.rule.startswith("placed_patient") for f in result.findings)
