"""Crisis language: suicide, self-harm and emergencies, to escalate at once.

Recall comes first: a missed crisis costs a life, a false alarm costs a
minute of an on-call person's time. Every phrase here is one a person in
crisis writes (first person, plans, attempts) or that names the act outright;
the guard's own crisis recognizer runs as well and either one escalates.
"""

from __future__ import annotations

from dataclasses import dataclass

from bedside.inbox.triage.phrases import Phrases

URGENT = [
    # naming the act
    "suicid*", "kill myself", "killing myself", "kill my self", "end my life", "ending my life", "end it all",
    "take my own life", "take my life", "took my own life", "self harm*", "self-harm*", "selfharm*",
    "hurt myself", "hurting myself", "harm myself", "harming myself", "cut myself", "cutting myself",
    "cutting again", "slit my wrist*", "hang myself", "hanging myself", "jump off a bridge",
    "jump in front of", "overdose*", "overdosed", "od'd", "took a bottle of", "swallowed a bottle",
    "took all my pills", "took all of my pills", "the whole bottle",
    # ideation
    "want to die", "wanna die", "wanted to die", "want to be dead", "wish i was dead", "wish i were dead",
    "wish i wasn't alive", "wish i wasnt alive", "better off dead", "better off without me",
    "don't want to live", "dont want to live", "do not want to live", "don't want to be alive",
    "dont want to be alive", "don't want to wake up", "dont want to wake up", "no reason to live",
    "nothing to live for", "reason to keep living", "not worth living", "can't go on", "cant go on",
    "cannot go on", "can't do this anymore", "cant do this anymore", "can't take it anymore",
    "cant take it anymore", "no way out", "end the pain", "stop the pain forever", "not be here anymore",
    "not wake up", "go to sleep forever", "disappear forever", "kill me", "i should just die",
    "ready to die", "going to die tonight", "plan to die", "my suicide note", "goodbye forever",
    "death wish", "want it to end", "want it all to end", "want everything to end",
    # attempts and behaviour
    "tried to kill", "attempted to kill", "my attempt", "last attempt", "failed attempt",
    "woke up in the hospital after", "pumped my stomach", "stomach pumped", "razor", "razors",
    "noose", "gun to my head", "pills to", "stockpiling", "stockpiled", "killed myself", "kill ourselves",
    "killing ourselves", "kill yourself", "killing yourself", "killed yourself", "killed himself",
    "killed herself", "end your life", "sucid*", "suicde*", "sucide*", "checking myself in", "psych ward",
    "psychiatric ward", "5150", "involuntary hold",
    # despair that comes before the words above
    "worth more dead", "no point living", "no point in living", "point of living", "what's the point",
    "whats the point", "supposed to die", "being alive", "could die", "want death", "wish i could die",
    "wish i would die", "hopeless", "hopelessness", "worthless", "life is garbage", "life is worthless",
    "life is pointless", "hate my life", "hate being alive", "between life and death", "snuffed out",
    "wither away", "nobody would miss me", "no one would miss me", "nobody would care if",
    "no one would care if", "burden to everyone", "burden on everyone", "i'm a burden", "im a burden",
    "give up on life", "given up on life", "tired of living", "tired of being alive", "sick of living",
]
# Named the way the Columbia scale's authors normalised words in their data,
# and the way people write them in clinical shorthand.
CLINICAL = ["suicidal ideation", "intentional self poisoning", "intentional overdose", "self injury",
            "self-injury", "self mutilation", "nssi"]
EMERGENCY = [
    "can't breathe", "cant breathe", "cannot breathe", "not breathing", "stopped breathing",
    "chest pain", "chest pains", "heart attack", "having a stroke", "unconscious", "unresponsive",
    "won't wake up", "wont wake up", "bleeding heavily", "bleeding badly", "call 911", "calling 911",
    "having a seizure", "passed out", "choking", "anaphyla*",
]

_PHRASES = Phrases(
    [(p, "self_harm") for p in URGENT] + [(p, "self_harm") for p in CLINICAL] + [(p, "emergency") for p in EMERGENCY]
)


@dataclass(frozen=True, slots=True)
class CrisisSignal:
    escalate: bool
    kinds: tuple[str, ...] = ()  # self_harm, emergency
    spans: tuple[tuple[int, int], ...] = ()


NONE = CrisisSignal(False)


def crisis(text: str, lowered: str | None = None) -> CrisisSignal:
    hits = _PHRASES.find(lowered if lowered is not None else text.lower())
    if not hits:
        return NONE
    kinds = tuple(sorted({h.tag for h in hits}))
    return CrisisSignal(True, kinds, tuple((h.start, h.end) for h in hits[:20]))
