"""Contact details given back to their owner block; everyday public names
(staff news, the display name of someone thanked for watching) do not go to
compliance (issue 12)."""

from __future__ import annotations

import pytest

from bedside.guard import Context, scan

OUR_PHONE = "617-555-0100"
OURS = Context(kind="reply", org_phones=(OUR_PHONE,), org_emails=("help@example-hospital.org",))


@pytest.mark.parametrize("reply", [
    # "your <detail> is <it>"
    "We will call you back, your number is 617-555-0143",
    "Thanks for waiting. Your cell on file is 857 555 0192.",
    "Your email is maria.g@example.com",
    "Just confirming your e-mail: jo.kim88@example.net",
    "We have your mobile as (617) 555-0110 and will text you shortly",
    "your home phone we have is 508.555.0166",
    # "your <detail> <it> is on file"
    "your phone 617-555-0143 is on file",
    "Your contact number 774-555-0139 is in our system",
    # "we will reach you at <it>"
    "Thanks Dana, we'll ring you back on 857-555-0192 this afternoon.",
    "Our scheduler emailed you at t.wong@example.org yesterday",
    "We'll reach you at rkeller@example.com with an update",
    "A nurse will text you at 413 555 0127 tonight",
    # "<it> is your ...", "the <detail> we have for you is <it>"
    "617-555-0123 is your number on file, correct?",
    "The cell we have for you is 617 555 0177, is that still right?",
    "The email we have on file for you is b.ortiz@example.com",
    # record numbers and birth dates given back
    "Your date of birth is 04/22/1975 per our records",
    "Your MRN 00482913 is linked to that account",
])
def test_a_reply_that_gives_back_the_persons_own_details_blocks(reply: str) -> None:
    result = scan(reply, OURS)
    assert result.verdict == "block", result.to_dict()
    assert any(f.rule.endswith(":theirs") for f in result.findings)


@pytest.mark.parametrize("reply", [
    "Please call us at 617-555-0100 so we can help.",
    "Our number is 617-555-0100 and our email is help@example-hospital.org",
    "Leave your number with our front desk. Our line is 617-555-0100.",
    "Your feedback matters; reach our patient relations team at 617-555-0100",
    "Thank you for your kind words! Call our office at 617-555-0100 anytime.",
    "Send your questions to help@example-hospital.org and we will answer within a day.",
])
def test_our_own_contact_points_stay_allowed(reply: str) -> None:
    result = scan(reply, OURS)
    assert result.verdict == "allow", result.to_dict()


@pytest.mark.parametrize("reply", [
    "Your email is a.moss@example.com",
    "your number is 978-555-0111",
    "Your phone: 978-555-0111",
])
def test_your_is_never_read_as_our(reply: str) -> None:
    # Without any organization context the own-contact rule is the only thing
    # that could drop these; it must match whole words.
    assert scan(reply, Context(kind="reply")).verdict == "block"


STAFF_NEWS = [
    "Congratulations to Dr. Sarah Patel on being named chief of cardiology!",
    "Please welcome Dr. Luis Ortega, our new head of orthopedics.",
    "Congrats to Maya Brooks, RN, on her 20 years of service!",
    "Join us in celebrating Dr. Kim on her retirement after 30 years.",
    # Five more of each kind (anniversary, retirement), not started from the two above.
    "Happy 15th work anniversary to our surgical coordinator, Nia Grant!",
    "Ten years on our team today for sonographer Eli Foster. Thank you, Eli!",
    "Celebrating lab manager Rosa Diaz, who marks 25 years with us this month.",
    "Please congratulate Owen Reed, BSN, on a decade of service to our ICU.",
    "Our optometrist Dr. Jane Cho hits 12 years with the practice this week.",
    "After 35 wonderful years, unit clerk Barbara Lin is retiring. We'll miss you, Barbara!",
    "Wishing pharmacist Paul Young a happy retirement after 28 years at our counter.",
    "Dr. Henry Moss retires Friday after four decades of delivering babies in our community.",
    "Join us Thursday in the cafeteria to celebrate the retirement of nurse educator Lisa Park.",
    "Respiratory therapist Dan Wolfe is retiring after 22 years. Enjoy the fishing, Dan!",
    "Meet Nurse Practitioner Alan Chu, now seeing families at our Westside clinic.",
    "Grace Liu has been appointed president of the medical staff.",
]


@pytest.mark.parametrize("post", STAFF_NEWS)
def test_staff_news_posts_are_allowed(post: str) -> None:
    assert scan(post).verdict == "allow", scan(post).to_dict()


@pytest.mark.parametrize("post", [
    "Dr. Patel treated Maria Lopez for a stroke last week.",
    "Huge thanks to Tom Reyes, who beat leukemia in our cancer center!",
    "Welcome to the world, baby Liam Carter!",
    "Congrats to our NICU grad Ava Brooks, home at last!",
])
def test_a_patient_named_in_a_post_still_goes_to_a_person(post: str) -> None:
    assert scan(post).verdict in ("review", "block"), scan(post).to_dict()


@pytest.mark.parametrize("reply, original", [
    ("Thank you so much for watching, Pat!", "Great video, thank you!"),
    ("Thanks for watching, Jordan!", "Loved this one"),
    ("Glad you enjoyed the video, Sam :)", "so fun"),
    ("Hi Maria, the full recipe is on our blog.", "Where can I find the recipe?"),
    ("Thanks Priya! See you at the 5K.", "Signed up for the run!"),
    ("Appreciate the shout-out, Marcus.", "Best team in the city"),
])
def test_thanking_a_commenter_by_their_display_name_is_allowed(reply: str, original: str) -> None:
    result = scan(reply, Context(kind="comment", replying_to=original))
    assert result.verdict == "allow", result.to_dict()


@pytest.mark.parametrize("reply, kind, original", [
    ("Thank you so much for your review, Pat!", "review_reply", "Great care, thank you!"),
    ("Thanks for the stars, Jordan!", "review_reply", "Five stars"),
    ("Thank you, Pat!", "reply", "My mom was in your ICU last week, thank you"),
    ("Thanks Pat, glad your knee surgery went well", "comment", "Great video"),
    ("Thanks for watching, Pat! Say hi to Maria Lopez for us.", "comment", "Great video"),
])
def test_naming_someone_answered_about_care_is_still_held(reply: str, kind: str, original: str) -> None:
    result = scan(reply, Context(kind=kind, replying_to=original))
    assert result.verdict in ("review", "block"), result.to_dict()
