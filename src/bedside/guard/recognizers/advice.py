"""MEDICAL_ADVICE: individual advice given in public without a disclaimer."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bedside.guard.recognizers.base import Doc, Recognizer
from bedside.guard.result import Finding

ADVICE_RE = re.compile(
    r"(?i)(?<!\w)(?:"
    r"you\s(?:should|need\sto|must|have\sto|ought\sto)\s(?:take|try|stop|start|increase|decrease|double|skip|"
    r"avoid|use|lower|raise|cut\sback|switch|get\s(?:a|an|your)\s(?:scan|test|mri|x-?ray|shot))|"
    r"(?:i|we)\s(?:would\s|'d\s)?(?:recommend|suggest|advise)\s(?:that\s)?you\s(?:take|try|stop|start|increase|decrease|use|switch)|"
    r"(?:take|try)\s\d{1,4}\s?(?:mg|mcg|ml|milligrams|tablets?|pills?|capsules?|units)|"
    r"take\s(?:[a-z-]{2,30}\s){1,3}?every\s\d{1,2}(?:-\d{1,2})?\s?(?:hours?|hrs?|h)|"
    r"(?:stop|start|keep|quit)\staking\s(?:your|the|it|that)|"
    r"(?:increase|decrease|double|lower|raise)\syour\s(?:dose|dosage|medication|meds|insulin)|"
    r"(?:sounds|looks)\slike\syou\s(?:have|had|might\shave|may\shave)|"
    r"(?:don'?t|do\snot)\s(?:take|go\sto)\s(?:your|the\ser|the\shospital)"
    r")(?!\w)"
)
DISCLAIMER_RE = re.compile(
    r"(?i)(?<!\w)(?:not\s(?:medical|professional)\sadvice|(?:consult|ask|check\swith)\s(?:with\s)?"
    r"(?:your|a)\s(?:own\s)?(?:doctor|physician|provider|pharmacist|health\s?care|clinician|care\steam)|"
    r"(?:talk|speak)\s(?:to|with)\s(?:your|a)\s(?:own\s)?(?:doctor|physician|provider|pharmacist|care\steam|clinician)|"
    r"(?:see|call|contact)\s(?:your|a)\s(?:doctor|physician|provider)|call\s911|seek\s(?:immediate\s)?medical|"
    r"general\s(?:information|guidance|education)|not\sa\ssubstitute|educational\spurposes)(?!\w)"
)


@dataclass
class MedicalAdviceRecognizer(Recognizer):
    label: str = "MEDICAL_ADVICE"
    name: str = "advice"

    def applies_to(self, context) -> bool:
        return context.outbound

    def analyze(self, doc: Doc) -> list[Finding]:
        hits = list(ADVICE_RE.finditer(doc.text))
        if not hits or DISCLAIMER_RE.search(doc.text):
            return []
        return [
            Finding("MEDICAL_ADVICE", m.start(), m.end(), m.group(), 0.7, "advice:individual_advice",
                    f"Gives individual medical advice in public ({m.group()!r}) with no disclaimer "
                    "or referral to the person's own clinician.")
            for m in hits
        ]
