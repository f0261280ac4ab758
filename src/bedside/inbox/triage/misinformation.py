"""Health misinformation: a weak hint, never a verdict.

A lexicon of the narratives fact-checkers have debunked again and again (5G,
microchips, "plandemic", vaccine-autism), and of folk remedies *claimed* to
cure or prevent a disease. Measured on COVID-19 rumour claims it finds few
false claims (BENCHMARKS.md), so it is shown as a hint for a person to check
with a source and it never raises a message's priority or outranks a
complaint (priority.py, intent.PRECEDENCE).

A remedy counts only as the subject of a claim: the remedy, then within a few
words a verb of what it does ("garlic cures", "hot water kills the virus"),
in a sentence that is not a question. So "Does the flu shot protect against
the new strain?" asks, "the nurses who treated my dad ... cup of tea" thanks,
and neither is misinformation.
"""

from __future__ import annotations

import re

from bedside.inbox.triage.phrases import Phrases

NARRATIVES = [
    "5g", "microchip*", "micro chip", "plandemic", "scamdemic", "bioweapon", "bio weapon", "bio-weapon",
    "man made virus", "man-made virus", "made in a lab", "lab-made", "depopulation", "new world order",
    "graphene", "vaccine shedding", "turbo cancer", "vaccines cause autism", "vaccine causes autism",
    "cause autism", "causes autism", "they don't want you to know", "doctors won't tell you", "sheeple",
    "fake pandemic", "fake virus", "masks don't work", "masks dont work", "chemtrail*", "alter your dna",
    "changes your dna", "change your dna", "only kills the elderly", "just the flu", "no worse than the flu",
    "nothing more than the flu", "miracle cure", "chlorine dioxide", "miracle mineral", "colloidal silver",
    "drink bleach", "drinking bleach",
]
_REMEDY = (
    r"bleach|ivermectin|hydroxychloroquine|chloroquine|cow urine|cow dung|gargl\w*|salt water|hot water|warm water|"
    r"garlic|lemons?|lemon juice|vitamin [cd]|zinc|herbal \w+|herbs?|flu shots?|flu vaccines?|alkaline \w+|"
    r"essential oils?|detox|homeopath\w*|cocaine|alcohol|hair dryers?|saunas?|hot baths?|sunlight|heat|"
    r"(?:hot |green |herbal )?tea|onions?|ginger|turmeric|honey|steam|antibiotics|pneumonia vaccines?|sesame oil|"
    r"mouthwash|vodka|whisk(?:e)?y|baking soda|silver|vinegar"
)
_CLAIM = (
    r"cures?|cured|kills?|killed|prevents?|prevented|protects? (?:you |us )?(?:against|from)|treats?|"
    r"destroys?|eliminates?|gets? rid of|stops?|wards? off|fights? off|is (?:the|a) cure|works against|"
    r"makes you immune|will (?:cure|kill|prevent|protect|stop)|can (?:cure|kill|prevent|protect|stop)"
)
_REMEDY_CLAIM = re.compile(rf"\b(?:{_REMEDY})\b(?:\s+\S+){{0,4}}?\s+(?:{_CLAIM})\b", re.I)
_QUESTION_START = re.compile(r"^\s*(?:does|do|did|can|could|will|would|is|are|should|how|what|why|when|where|"
                             r"which|who|has|have)\b", re.I)
_SENTENCE = re.compile(r"[^.!?\n]+[.!?]*")
_NARRATIVES = Phrases.of("narrative", NARRATIVES)


def misinformation_cues(text: str, lowered: str | None = None) -> list[str]:
    low = lowered if lowered is not None else text.lower()
    cues = {h.phrase for h in _NARRATIVES.find(low)}
    for m in _SENTENCE.finditer(text):
        sentence = m.group()
        if sentence.rstrip().endswith("?") or _QUESTION_START.match(sentence):
            continue
        cues.update(c.group().lower() for c in _REMEDY_CLAIM.finditer(sentence))
    return sorted(cues)


def is_misinformation(text: str, lowered: str | None = None) -> bool:
    return bool(misinformation_cues(text, lowered))
