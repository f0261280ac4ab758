"""CRISIS: self-harm, suicide or emergency language, to escalate at once."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bedside.guard.recognizers.base import Doc, Recognizer, matches, mentions
from bedside.guard.result import Finding

SELF_HARM_RE = re.compile(
    r"(?i)(?<!\w)(?:"
    r"kill(?:ing)?\s(?:my\s?self|me)|end(?:ing)?\s(?:my|it)\s(?:life|all)|take\s(?:my\s)?own\slife|"
    r"(?:want|wanna|going|ready)\s(?:to\s)?die|wish\si\s(?:was|were)\sdead|better\soff\sdead|"
    r"(?:don'?t|do\snot)\swant\sto\s(?:live|be\salive|wake\sup)|no\sreason\sto\slive|"
    r"suicidal|suicide|commit\ssuicide|hurt(?:ing)?\smy\s?self|harm(?:ing)?\smy\s?self|self[\s-]?harm|"
    r"cut(?:ting)?\smy\s?self|overdos(?:e|ed|ing)\son|can'?t\sgo\son|(?:swallowed|took)\sa\sbottle\sof"
    r")(?!\w)"
)
EMERGENCY_RE = re.compile(
    r"(?i)(?<!\w)(?:"
    r"can'?t\sbreathe|cannot\sbreathe|not\sbreathing|stopped\sbreathing|chest\spains?|heart\sattack|"
    r"having\sa\sstroke|unconscious|unresponsive|won'?t\swake\sup|bleeding\s(?:heavily|a\slot|badly)|"
    r"(?:call|calling)\s911|overdosed|having\sa\sseizure|passed\sout|choking|anaphyla\w*"
    r")(?!\w)"
)
# Every phrase above contains one of these; most texts contain none.
_TRIGGERS = (
    "kill", "end", "life", "die", "dead", "live", "suicid", "hurt", "harm", "cut", "overdos", "go on", "bottle",
    "breath", "chest", "heart", "stroke", "conscious", "responsive", "wake", "bleed", "911", "seizure",
    "passed out", "chok", "anaphyla",
)
# In outbound text only first-person self-harm counts: an awareness post that
# says "suicide prevention" or lists heart-attack signs is not a crisis.
FIRST_PERSON = re.compile(r"(?i)(?<!\w)(?:i|i'm|im|me|my|myself)(?!\w)")


@dataclass
class CrisisRecognizer(Recognizer):
    label: str = "CRISIS"
    name: str = "crisis"

    def analyze(self, doc: Doc) -> list[Finding]:
        out: list[Finding] = []
        inbound = not doc.context.outbound
        if not mentions(doc, _TRIGGERS):
            return out
        for m in matches(SELF_HARM_RE, doc):
            phrase = doc.lower[m.start() : m.end()]
            if not inbound and (phrase.startswith("suicid") or not FIRST_PERSON.search(doc.text)):
                continue
            said = doc.text[m.start() : m.end()]
            out.append(Finding("CRISIS", m.start(), m.end(), said, 0.95, "crisis:self_harm",
                               f"Self-harm or suicide language ({said!r}): escalate to a person now."))
        if inbound:
            for m in matches(EMERGENCY_RE, doc):
                said = doc.text[m.start() : m.end()]
                out.append(Finding("CRISIS", m.start(), m.end(), said, 0.8, "crisis:emergency",
                                   f"Describes a medical emergency ({said!r}): escalate now."))
        return out
