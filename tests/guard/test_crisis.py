"""The one crisis module (bedside.guard.crisis): families of how people say
it, in first, second and third person, and the hard negatives that must page
nobody. Rows written for these tests (not taken from bench/data/crisis_short
or any corpus)."""

from __future__ import annotations

import pytest

from bedside.guard import Context, crisis, scan
from bedside.inbox.triage import triage
from bedside.inbox.triage.priority import URGENT

MUST_ESCALATE = {
    "passive ideation": [
        "i keep wishing i could just not wake up tomorrow",
        "my kids would honestly be better off without me",
        "what is the point of living like this",
        "i don't want to be alive anymore, i'm so tired",
        "i'd rather be dead than feel like this",
    ],
    "passive ideation, negation written out": [
        "Sitting outside the clinic and I do not want to wake up tomorrow",
        "honestly i do not want to be here anymore",
        "He says he does not want to live like this",
        "I really do not see any point in going on",
        "i donot want to exist after today",
    ],
    "farewell": [
        "this is my final post, thank you all and goodbye",
        "by the time you read this i won't be here",
        "i've said my goodbyes to everyone and i'm at peace",
        "you won't hear from me again. i'm sorry",
    ],
    "means and plans": [
        "i've been saving my sleeping tablets for weeks, i have enough now",
        "i'm standing on the bridge right now and i want to jump",
        "i have a plan to end it on sunday",
        "bought a rope and i know what i'm going to do",
    ],
    "third party": [
        "my sister says she is going to kill herself and she has pills",
        "my dad keeps telling me he wants to die",
        "my best mate just texted that he's going to end his life",
        "are you thinking of killing yourself? please answer me",
    ],
    "self-harm": [
        "i cut myself again tonight and it's deep",
        "been self harming every night this week",
        "my daughter has been burning herself with lighters",
    ],
    "overdose": [
        "I've saved up enough of my meds to never wake up",
        "just swallowed a whole packet of paracetamol",
        "my brother took 40 of his pills and won't wake up properly",
    ],
    "texting and one-slip misspellings": [
        "thinkin bout endin it all tbh",
        "i wanna kil myself",
        "gona swallow all my pils tonite",
        "i want too die",
        "nobdy would care if i died",
    ],
    "despair with resolve": [
        "no hope anymore, i've decided, tonight i'm finishing it",
        "i've given up and made up my mind",
        "cant handle it anymore and i know how i'm going to do it",
        "everything is hopeless so i'm going through with it",
        "no future for me, i'm ready to go",
    ],
    "leaving for good, slang": [
        "think i'm gonna clock out permanently",
        "honestly ready to ctb",
        "i just want to sleep forever",
        "want to check out for good",
        "i wanna unalive myself",
    ],
    "emergency now": [
        "my husband is not breathing please help",
        "my mum collapsed and is unresponsive",
        "i think my dad is having a stroke, his face is drooping",
    ],
    # Third pass (issue 13): structural families, rows written for these tests.
    "hoping for death from outside": [
        "every night i pray that god will take me before morning",
        "if the lorry had hit me i honestly wouldn't have minded",
        "part of me is hoping the biopsy comes back terminal",
        "i'm envious of people who get to die young",
    ],
    "a burden whose end frees the others": [
        "my parents would be happier if i was gone",
        "it would be kinder for everyone if i just left for good",
        "i won't be a burden for much longer",
        "i'm wrecking my family's lives just by being alive",
    ],
    "leaving for good, other words": [
        "i won't be around for my daughter's wedding, and that's fine",
        "it'll all be over by sunday",
        "i'm ready to go and join my late husband",
        "tonight is my last night, it was nice knowing you all",
    ],
    "giving things away with a finality": [
        "sold my records and gave my dog to my sister, i won't need them now",
        "my brother can have my car, i'm done",
    ],
    "means, more ways": [
        "how many of my mum's sleeping pills would it take",
        "i'm up on the roof of my block and it's a long drop down",
        "i'm going to drive off the quarry edge into the water tonight",
        "my dad is on the bridge and won't come back over the railing",
    ],
    "self-harm, more ways": [
        "i pressed a hot iron onto my arm on purpose",
        "four months without cutting and i did it again tonight",
        "she says she did those burns to herself",
        "i deserve to hurt so i keep doing it to myself",
    ],
    "overdose and attempts, more ways": [
        "i swallowed three packets of my painkillers",
        "it didn't work last time, this time it will work",
    ],
    "words of a story that are not a story": [
        "i was trying to book a scan when my dad collapsed and isn't breathing",
        "my son is in the school play and says he wants to kill himself",
    ],
    "a sad face ends the sentence": [
        "i just want to vanish \U0001F614",
    ],
}
MUST_NOT_ESCALATE = {
    "written-out negation, everyday": [
        "I do not want to wait two hours again",
        "My son does not want to go back to that dentist",
        "We do not want to be charged twice",
        "I do not want to wake up early for the shuttle",
        "She did not want to stay overnight",
    ],
    "figurative": [
        "This parking price will kill me lol",
        "the queue at the pharmacy is killing me haha",
        "i'm dying to see the new children's ward",
        "that bake sale brownie was to die for",
    ],
    "harmless senses of crisis words": [
        "What a razor sharp team in the ER",
        "the ribbon was cut on the new maternity wing",
        "my phone is dead, please email me instead",
    ],
    "pharmacy and pills": [
        "Can the pharmacy deliver my pills to my home address?",
        "how many of my blood pressure tablets can i take a day?",
        "i need a repeat prescription for my sleeping pills",
    ],
    "negation and resolved": [
        "i'm not suicidal, just fed up with the waiting times",
        "the chest pain turned out to be indigestion, thank you A&E",
        "two years since i stopped self harming, thank you to the team",
    ],
    "topic, not a person": [
        "Join our suicide prevention training next Tuesday",
        "know the signs of a stroke: face, arms, speech, time",
        "what are the symptoms of a heart attack in women?",
    ],
    "figurative threats toward someone else": [
        "my wife is going to kill me for losing the parking ticket",
        "i'll murder the vending machine if it eats my coins again",
        "gonna kill my brother, he took my charger",
    ],
    "ordinary goodbyes and decisions": [
        "goodbye everyone, going home today after my op, thank you!",
        "i've decided to move my appointment to friday",
        "i've given up on the car park, i'll take the bus",
        "i wanna dye my hair before the wedding",
    ],
    "a story, not a person": [
        "the detective in the novel shoots himself in the last chapter, what a book",
        "in last night's episode the nurse overdoses and survives, a bit far-fetched",
    ],
    "ordinary questions about medicines": [
        "is it safe to take all my tablets at breakfast?",
        "can i take two of the sleeping tablets if one doesn't work?",
    ],
    "denied, then a medicine named": [
        "i have no intention of hurting myself, i only need my pills renewed",
    ],
    "better, not an emergency": [
        "my mum's breathing is a lot better since the nebuliser",
    ],
    "ordinary leavings and plans": [
        "i won't be here for my appointment next week, we're on holiday abroad",
        "leaving the hospital volunteers group chat now, bye all",
        "the food here nearly tried to kill me, send snacks",
        "i'm planning to drive to the clinic on monday",
    ],
    "everyday": [
        "Thanks to the nurses who treated my dad, and for the cup of tea at 3am!",
        "saying goodbye to my favourite midwife who retires this week",
        "i'm so tired of waiting for a call back",
    ],
}


def _rows(table: dict[str, list[str]]) -> list[tuple[str, str]]:
    return [(family, text) for family, texts in table.items() for text in texts]


@pytest.mark.parametrize(("family", "text"), _rows(MUST_ESCALATE))
def test_it_escalates_each_way_people_say_it(family: str, text: str) -> None:
    result = triage(text)
    assert result.crisis, (family, text)
    assert result.priority == URGENT and result.verdict == "block"


@pytest.mark.parametrize(("family", "text"), _rows(MUST_NOT_ESCALATE))
def test_it_pages_nobody_for_a_crisis_word_out_of_context(family: str, text: str) -> None:
    assert not triage(text).crisis, (family, text)


def test_the_guard_is_the_one_verdict_and_triage_repeats_it() -> None:
    text = "everyone would be better off without me"
    guard = scan(text, Context(direction="inbound", kind="comment"))
    result = triage(text)
    assert guard.verdict == result.verdict == "block"
    assert [f.label for f in guard.findings] == ["CRISIS"]
    assert any(f["rule"].startswith("crisis:") for f in result.findings)


def test_a_crisis_deep_in_a_long_post_still_escalates() -> None:
    # The identifier recognizers read the first 20,000 characters; crisis language is looked for in all of it.
    text = "The garden at the clinic is lovely. " * 800 + "I have decided to end my life tonight."
    assert len(text) > 20_000
    result = triage(text)
    assert result.crisis and result.verdict == "block"
    assert text[result.findings[-1]["start"] : result.findings[-1]["end"]] in text[28_000:]


def test_outbound_text_escalates_only_a_first_person_statement() -> None:
    assert not crisis.find("Suicide prevention month: text 988 any time", outbound=True)
    assert crisis.find("honestly i want to kill myself after this shift", outbound=True)
    assert not crisis.find("This is my last post as your social media manager, goodbye everyone!", outbound=True)
    assert not crisis.find("Feeling hopeless? " + "Our new support group meets weekly. " * 40, outbound=True)


def test_laughter_marks_a_figure_of_speech_but_not_an_overdose() -> None:
    assert not crisis.find("ugh i want to die lol, the printer jammed again")
    assert crisis.find("took a whole bottle of my pills lol")


def test_untrusted_text_neither_hides_a_crisis_nor_raises_one() -> None:
    # Repeated trigger words (a catastrophic pattern would hang on them) escalate nothing on their own;
    # the same junk before a real statement does not hide it.
    junk = ("kill " * 4000) + ("my " * 4000) + "a" * 50_000
    assert crisis.find(junk) == []
    text = junk + " honestly i want to end my life tonight"
    assert [h.text for h in crisis.find(text)] == ["want to end my life"]


def test_a_hit_in_a_misspelt_text_points_at_the_words_the_person_wrote() -> None:
    text = "Im gona kil myself tonite"
    hits = crisis.find(text)
    assert hits, text
    for hit in hits:
        assert hit.text == text[hit.start : hit.end]
        assert hit.text.lower().startswith(("gona", "kil")) and "tonite" not in hit.text.lower()
