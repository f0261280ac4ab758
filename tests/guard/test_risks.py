"""The risks particular to a health system on social media: confirming a
patient relationship, clinical detail about a described person, individual
medical advice, and crisis language."""

from __future__ import annotations

import pytest

from bedside.guard import Context, scan
from tests.guard.helpers import flags

REVIEW = "The wait in the ER was five hours and nobody told me anything. Terrible."
REPLY = Context(kind="review_reply", replying_to=REVIEW)

# Replies of the kind the HHS Office for Civil Rights has fined: each confirms
# a visit, a symptom, a treatment or insurance to the reviewer.
FINED_REPLIES = [
    "We're sorry your visit to our emergency department took so long.",
    "Our records show you were seen by the triage nurse within 20 minutes.",
    "During your stay you were given fluids for dehydration, which takes time.",
    "We reviewed your chart and the delay was due to your lab results.",
    "Your insurance claim was denied because the procedure was not covered.",
    "We hope your chest pain has resolved since your discharge.",
    "Hi Maria, sorry about the wait, we know it was hard with your broken wrist.",
    "When you came in on Tuesday the department was very busy.",
    "Glad your surgery went well despite the long wait!",
    "We apologize for the delay you experienced in our ER on Tuesday.",
    "We have spoken to the staff who treated you.",
    "We hope your mother is recovering well after her stay with us.",
    "We treated you as quickly as we safely could.",
    "The care you received at our hospital fell short of our standards.",
    "Congratulations on the new baby! Our labor and delivery team loved having you.",
    "It was a pleasure taking care of you.",
    "We look forward to seeing you at your follow-up.",
    "We're sorry your son had to wait so long to be seen.",
    "We can confirm that you are a patient here; please call us.",
    "Thanks! See you at the 3pm appointment on Thursday.",
    "We hope your mom's new hip is doing great!",
    "We're sorry your dad waited so long during his visit to our ER.",
    "Dr. Patel has reviewed his chart and will reach out.",
    "We're sorry to hear about your experience in our emergency department last week.",
    "We are sorry to hear about your experience with our surgical team.",
    "We're sorry about the care you received on 5 North.",
    "Sorry about your wait at our Elm Street urgent care.",
    "Thanks for your patience while you were with us.",
    "We're sorry the treatment your mother received did not meet your expectations.",
    "We hope you're feeling better!",
    "Glad to hear you are recovering well at home.",
    "Wishing you a speedy recovery.",
    "We're glad the new medication is working for you.",
    "Our team remembers you and your family fondly.",
    "We're sorry the nurses on the night shift were rude to you.",
    "We're sorry it took so long for you to get a room.",
    "Sorry you had to wait so long in the waiting room.",
    "We'd like to discuss your recent hospitalization.",
    "We've scheduled you for Monday at 3pm.",
    "We have refunded the $40 copay to your card.",
    "We have removed the late fee from your account.",
    "Your refund of $120 has been processed.",
    "The charge for your ambulance ride was an error.",
]

SAFE_REPLIES = [
    "Thank you for your feedback. We take every concern seriously and would like to learn more. "
    "Please contact our Patient Experience team so we can talk privately.",
    "We're sorry to hear about your experience. Please call us at 617-555-0100 so we can help.",
    "Thank you for taking the time to share this. We'd welcome the chance to talk offline; "
    "please send us a direct message.",
    "We appreciate your kind words and will share them with our team!",
    "We are sorry for any frustration. Our leadership team would like to hear more; please reach out "
    "to patient.relations@mercy.example.org.",
    "We treat every patient with dignity and respect, and we'd like to hear more. Please call us.",
    "Our nurses care for thousands of people every year; we're sorry we fell short. Please message us.",
    "We're sorry for any frustration you experienced. Please contact our patient relations team.",
    "We have shared your feedback with the team who oversees the department.",
    "We care deeply about every patient. Please reach out so we can learn more.",
    "It is our pleasure to serve our community. Please call us to talk further.",
    "We hope to see you at the health fair on Saturday!",
    "We'd love to hear more about your experience; please share it with our patient relations team.",
    "Your experience matters to us. Please call us.",
    "We want every visit to our ER to feel safe and respectful.",
    "Thank you for your patience as we upgrade our phone system.",
    "We're recovering from the storm, and our clinics reopen Monday.",
    "Thank you for your time; we value your feedback.",
    "Our nurses were proud to serve our community.",
    "Our team is available to you 24/7 by phone.",
    "You can wait in the lobby or the cafe while a loved one is seen.",
    "It took us too long to answer your message; we're sorry.",
    "Learn about chemo and how our infusion center works on our website.",
    "We have waived parking fees for all visitors this month.",
    "Scheduling an appointment is easy: message us and we'll call you back.",
]


@pytest.mark.parametrize("reply", FINED_REPLIES)
def test_it_holds_replies_that_confirm_a_patient_relationship(reply: str) -> None:
    result = scan(reply, REPLY)
    assert result.verdict in ("review", "block"), result.to_dict()
    assert any(f.label in ("PATIENT_RELATIONSHIP", "CLINICAL_DETAIL") for f in result.findings)


@pytest.mark.parametrize("reply", SAFE_REPLIES)
def test_it_allows_generic_privacy_safe_replies(reply: str) -> None:
    ctx = Context(kind="review_reply", replying_to=REVIEW, org_emails=("patient.relations@mercy.example.org",))
    result = scan(reply, ctx)
    assert result.verdict == "allow", result.to_dict()


def test_it_leaves_a_post_that_thanks_the_public_for_its_care_team() -> None:
    # In a post "you" is the public: only a reply can confirm that one person was treated here.
    assert scan("Meet the team who cared for you through the pandemic!", Context(kind="post")).verdict == "allow"
    assert scan("Meet the team who cared for you through the pandemic!", REPLY).verdict == "block"


def test_it_asks_for_review_not_a_block_when_a_reply_wishes_a_recovery() -> None:
    # It acknowledges an illness without saying we treated it: a person decides.
    result = scan("We hope you're feeling better soon!", REPLY)
    assert result.verdict == "review"
    assert {f.rule for f in result.findings} == {"relationship:wishes_recovery"}
    # A post wishing the town well speaks to the public, not to one patient.
    assert scan("Get well soon, Springfield! Our clinics reopen Monday.", Context(kind="post")).verdict == "allow"


def test_it_flags_a_name_the_reviewer_did_not_write() -> None:
    result = scan("Thank you, Robert Hughes, we will look into it.", REPLY)
    assert "relationship:names_person" in {f.rule for f in result.findings}
    assert result.verdict == "block"


def test_it_explains_every_finding_in_plain_words() -> None:
    result = scan("Our records show you were seen on 3/4/2024.", REPLY)
    assert result.findings
    for f in result.findings:
        assert len(f.explanation) > 20 and f.explanation[0].isupper()
    assert result.reasons


STAFF_POSTS = [
    "Long night shift. The 80 yo woman in bed 4 finally got her dialysis.",
    "my patient in room 12 with sepsis coded twice today, exhausted",
    "Had a pregnant lady come in with preeclampsia, scary stuff",
    "The little boy in bay 3 had a seizure while we were charting",
    "Our patient in bed 4 finally got her new kidney today!",
    "Just delivered twins to a 19 yo mom from Springfield",
    "A frequent flyer came in again tonight with chest pain lol",
    "Prayers for John Smith who is fighting leukemia",
]

EDUCATION_POSTS = [
    "Ibuprofen and acetaminophen can both help with fever. Ask your pharmacist which is right for you.",
    "Flu season is here: wash your hands, and remember metformin users should keep eating regularly.",
    "Our cardiology team treats heart failure and atrial fibrillation every day.",
    "Learn the signs of stroke: face drooping, arm weakness, speech difficulty. Call 911.",
    "Twins run in families. Learn more about multiple births on our blog.",
    "We moved the blood drive to room 12 of the main building.",
    "Use sunscreen and reapply every 2 hours at the beach this weekend!",
]


@pytest.mark.parametrize("post", STAFF_POSTS)
def test_it_flags_clinical_detail_about_a_described_person(post: str) -> None:
    result = scan(post)
    assert flags(post, "CLINICAL_DETAIL"), result.to_dict()
    assert result.verdict in ("review", "block")


@pytest.mark.parametrize("post", EDUCATION_POSTS)
def test_it_allows_drug_and_condition_names_in_health_education_posts(post: str) -> None:
    result = scan(post)
    assert result.verdict == "allow", result.to_dict()


@pytest.mark.parametrize("post", [
    "Congratulations to Dr. Maria Lopez on being named Chief of Surgery!",
    "Welcome Ann Lee, MD, our new head of oncology!",
])
def test_a_clinician_named_with_their_title_is_not_a_patient_with_a_condition(post: str) -> None:
    assert flags(post, "CLINICAL_DETAIL") == []
    # Staff news is everyday public content (issue 12): no trip to compliance.
    assert scan(post).verdict == "allow"


def test_it_flags_individual_medical_advice_without_a_disclaimer() -> None:
    text = "You should stop taking your metoprolol and take 800 mg of ibuprofen instead."
    assert flags(text, "MEDICAL_ADVICE", Context(kind="reply"))
    assert scan(text, Context(kind="reply")).verdict != "allow"


def test_it_flags_a_dosing_schedule_given_to_one_person() -> None:
    text = "Take ibuprofen every 6 hours for your sprained ankle."
    assert flags(text, "MEDICAL_ADVICE", Context(kind="reply"))


def test_it_does_not_flag_advice_with_a_disclaimer() -> None:
    text = "You should stop taking anything new until you talk to your doctor. This is not medical advice."
    assert flags(text, "MEDICAL_ADVICE", Context(kind="post")) == []


CRISIS_MESSAGES = [
    "i cant do this anymore, i want to kill myself",
    "I've been thinking about ending my life",
    "my husband is not breathing, what do I do",
    "I took a bottle of pills and feel weird",
    "Honestly I'd be better off dead",
]


@pytest.mark.parametrize("message", CRISIS_MESSAGES)
def test_it_escalates_crisis_language_at_once(message: str) -> None:
    result = scan(message, Context(direction="inbound", kind="message"))
    assert flags(message, "CRISIS", Context(direction="inbound", kind="message")), message
    assert result.verdict == "block"


def test_it_does_not_treat_an_awareness_post_as_a_crisis() -> None:
    text = "September is Suicide Prevention Month. If you are struggling, call or text 988."
    assert flags(text, "CRISIS") == []
    assert scan(text).verdict == "allow"


def test_it_holds_inbound_phi_for_review_but_allows_plain_praise() -> None:
    inbound = Context(direction="inbound", kind="review")
    assert scan("Nurse Amy on 5 North was wonderful!", inbound).verdict == "allow"
    phi = scan("I'm Joan Baker, DOB 4/2/1961, and my chemo was cancelled again.", inbound)
    assert phi.verdict == "review"


def test_it_holds_a_post_that_gives_a_street_address() -> None:
    result = scan("Our volunteer of the month lives at 12 Oak Street, stop by and say thanks!")
    assert result.verdict == "review"
    assert any(f.rule.startswith("address:") for f in result.findings)
