"""Health misinformation: claims fact-checkers have debunked again and again.

A lexicon of the recurring narratives (5G, microchips, "plandemic",
vaccine-autism) and of folk remedies claimed to cure or prevent a disease,
rather than a truth oracle: it flags a message for a person to answer with a
source, it decides nothing on its own. A remedy ("garlic", "flu shot") counts
only next to a claim of what it does ("cures", "kills the virus"), so that
"where can I get a flu shot?" is not misinformation.
"""

from __future__ import annotations

from bedside.inbox.triage.phrases import Phrases

NARRATIVES = [
    "5g", "microchip*", "micro chip", "bill gates", "gates foundation", "plandemic", "scamdemic",
    "hoax", "bioweapon", "bio weapon", "bio-weapon", "man made virus", "man-made virus", "made in a lab",
    "lab-made", "depopulation", "population control", "new world order", "graphene", "vaccine shedding",
    "turbo cancer", "vaccines cause autism", "vaccine causes autism", "cause autism", "causes autism",
    "big pharma", "they don't want you to know", "doctors won't tell you", "wake up people", "sheeple",
    "fake pandemic", "fake virus", "masks don't work", "masks dont work", "chemtrail*", "alter your dna",
    "changes your dna", "change your dna", "cover up", "cover-up", "only kills the elderly", "just the flu",
    "no worse than the flu", "nothing more than the flu", "miracle cure", "chlorine dioxide",
    "miracle mineral", "colloidal silver", "drink bleach", "drinking bleach",
]
REMEDIES = [
    "bleach", "ivermectin", "hydroxychloroquine", "chloroquine", "cow urine", "cow dung", "gargl*",
    "salt water", "hot water", "warm water", "garlic", "lemon*", "vitamin c", "vitamin d", "zinc", "herbal",
    "herb*", "flu shot", "flu vaccine", "alkaline", "essential oil*", "detox", "homeopath*", "cocaine",
    "alcohol", "hair dryer", "sauna", "hot bath", "sunlight", "heat", "tea", "onion*", "ginger", "turmeric",
    "honey", "steam", "antibiotics", "pneumonia vaccine", "sesame oil", "mouthwash",
]
CLAIMS = [
    "cure*", "kills", "kill the", "killed", "prevent*", "protect*", "treat*", "immune", "immunity",
    "fight*", "destroy*", "eliminat*", "get rid of", "stops the", "stop the virus", "wards off",
]
_NARRATIVES = Phrases.of("narrative", NARRATIVES)
_REMEDY_OR_CLAIM = Phrases([(p, "remedy") for p in REMEDIES] + [(p, "claim") for p in CLAIMS])


def misinformation_cues(text: str, lowered: str | None = None) -> list[str]:
    low = lowered if lowered is not None else text.lower()
    cues = {h.phrase for h in _NARRATIVES.find(low)}
    hits = _REMEDY_OR_CLAIM.find(low)
    if any(h.tag == "claim" for h in hits):
        cues.update(h.phrase for h in hits if h.tag == "remedy")
    return sorted(cues)


def is_misinformation(text: str, lowered: str | None = None) -> bool:
    return bool(misinformation_cues(text, lowered))
