"""Triage recognises the two situations of the responsibility matrix it used
to leave to people: a legal threat and a media enquiry. Rows written for this
test (no corpus sentence), five per family, and hard negatives."""

from __future__ import annotations

import pytest

from bedside.inbox.triage import intent

LEGAL = {
    "lawyer_on_us": [
        "You will be hearing from my lawyer about what happened to my father.",
        "Fine. I'm contacting an attorney first thing Monday.",
        "My solicitor will be in touch regarding the way my wife was treated.",
        "We have retained a lawyer and expect your records department to cooperate",
        "our attorney is reviewing the discharge papers right now",
    ],
    "sue": [
        "I am going to sue this hospital for every penny",
        "we're suing you over the botched surgery, count on it",
        "Keep ignoring me and I will sue for negligence.",
        "Expect a malpractice claim after what your ER did",
        "my family is taking legal action against your clinic",
    ],
    "court": [
        "See you in court, Riverbend.",
        "I'll drag this hospital to court if I have to",
        "This is going to end in litigation, mark my words",
        "We are filing a lawsuit next week",
        "Time to lawyer up I guess, nobody here listens",
    ],
}
MEDIA = {
    "journalist_asks": [
        "Hi, I'm a reporter with the Valley Tribune and would like a comment on the ER closures.",
        "Journalist here, working on deadline: can someone from the hospital speak to me about the outbreak?",
        "I'm a producer at Channel 7 looking to interview one of your nurses this week.",
        "Hello from the newsroom at Metro Daily News, could your press office send a statement?",
        "Correspondent for a health podcast: is there a spokesperson who could go on the record?",
    ],
    "writing_a_story": [
        "I'm writing a story on staffing at your hospital and would welcome your comment by Friday.",
        "We're putting together a segment on wait times and would love to talk to someone from your team.",
        "Working on an article about the new cancer wing, any chance of an interview with the director?",
        "Doing a piece for the Lakeside Herald on nurse strikes, could I quote you?",
        "Reporting a feature on rural maternity care: who is your media contact?",
    ],
}
NOT_LEGAL = [
    "I'm not going to sue, I just want someone to apologise.",
    "My brother is a lawyer and even he was impressed by the nurses",
    "the attorney general announced something about hospital prices today",
    "Lovely food court on the ground floor!",
    "No lawsuit here, just a very tired mum who needs a callback",
    "The issue is the parking, please pursue a fix",
    "My lawyer friend recommended your maternity unit",
]
NOT_MEDIA = [
    "I saw the news about the new wing, congratulations!",
    "My daughter is a journalist and she loved her stay in your maternity ward",
    "I'm not a reporter, just a patient wondering when the cafe opens",
    "Read an article about sleep, should I take melatonin?",
    "The TV in room 4 only shows the news channel, can someone fix it?",
]


def _intents(text: str) -> list[str]:
    return intent.intents(text, sentiment="negative", sentiment_score=-0.3)


@pytest.mark.parametrize("text", [t for rows in LEGAL.values() for t in rows])
def test_legal_threats_are_recognised(text: str) -> None:
    assert intent.LEGAL in _intents(text)


@pytest.mark.parametrize("text", [t for rows in MEDIA.values() for t in rows])
def test_media_enquiries_are_recognised(text: str) -> None:
    assert intent.MEDIA in _intents(text)


@pytest.mark.parametrize("text", NOT_LEGAL)
def test_what_only_mentions_the_law_is_not_a_threat(text: str) -> None:
    assert intent.LEGAL not in _intents(text)


@pytest.mark.parametrize("text", NOT_MEDIA)
def test_what_only_mentions_the_news_is_not_an_enquiry(text: str) -> None:
    assert intent.MEDIA not in _intents(text)


def test_a_complaint_that_threatens_to_sue_keeps_its_complaint_queue() -> None:
    found = _intents("Worst care ever, waited six hours, and now I'm calling a lawyer")
    assert found[0] == intent.COMPLAINT and intent.LEGAL in found
