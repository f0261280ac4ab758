"""PATIENT_RELATIONSHIP: an outbound reply that confirms someone is or was a
patient, names a reviewer, or repeats clinical details. This is what the HHS
Office for Civil Rights has fined providers for in review responses; it needs
no identifier at all, because the reviewer's handle is right above the reply."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bedside.guard.recognizers.base import Doc, Recognizer
from bedside.guard.recognizers.clinical import sentence_bounds, sentence_of
from bedside.guard.recognizers.vocab import clinical_terms
from bedside.guard.result import Finding

_CARE_NOUNS = (
    r"visits?|appointments?|appts?|stay|admission|procedures?|surgery|surgeries|treatments?|diagnosis|"
    r"condition|bills?|billing|invoice|statement|balance|insurance|coverage|claims?|co-?pay|deductible|"
    r"test\sresults?|results|labs?|lab\swork|scans?|x-?rays?|mri|imaging|biopsy|prescriptions?|medications?|meds|"
    r"refill|chart|medical\srecords?|records|discharge|delivery|er\svisit|ed\svisit|wait\stime|"
    r"time\s(?:in|at|with)\s(?:our|the|us)|recovery|symptoms|illness|injury|pregnancy|"
    r"loved\sone'?s\s(?:care|stay|visit)|family\smember'?s\s(?:care|stay|visit)"
)
YOUR_CARE_RE = re.compile(
    r"(?i)(?<!\w)your\s(?:(?:recent|last|latest|upcoming|next|first|previous|prior|hospital|er|ed|clinic|"
    r"follow-?up|outpatient|inpatient|emergency|mother'?s|father'?s|mom'?s|dad'?s|son'?s|daughter'?s|"
    r"husband'?s|wife'?s|child'?s|baby'?s)\s){0,2}(?:" + _CARE_NOUNS + r")(?!\w)"
)
RECORDS_RE = re.compile(
    r"(?i)(?<!\w)(?:our\srecords\s(?:show|indicate|say)|according\sto\sour\s(?:records|system|files)|"
    r"(?:we|i)(?:'ve|\shave)?\s(?:checked|reviewed|looked\s(?:at|into)|pulled\sup|found)\s(?:your|the)\s"
    r"(?:chart|records?|file|account|visit|case)|in\sour\s(?:system|records))(?!\w)"
)
YOU_WERE_HERE_RE = re.compile(
    r"(?i)(?<!\w)(?:when\syou\s(?:were|came)\s(?:here|in|to\sour|to\sthe|seen|admitted|treated|discharged)|"
    r"during\syour\s(?:stay|visit|time|admission)|you\swere\s(?:seen|treated|admitted|discharged|here|in\sour|"
    r"a\spatient|our\spatient)|(?:since|after|before)\syour\s(?:surgery|procedure|visit|stay|discharge)|"
    r"(?:as|being)\sa\spatient\s(?:of|at)\sours|you\s(?:visited|saw)\s(?:us|our|dr\.?|doctor))(?!\w)"
)
_WORD = re.compile(r"\w+")
SECOND_PERSON_RE = re.compile(r"(?i)(?<!\w)(?:you|your|you're|youre|yours|u)(?!\w)")


@dataclass
class PatientRelationshipRecognizer(Recognizer):
    label: str = "PATIENT_RELATIONSHIP"
    name: str = "relationship"

    def applies_to(self, context) -> bool:
        return context.outbound

    def analyze(self, doc: Doc) -> list[Finding]:
        text = doc.text
        out = []
        ctx = doc.context
        replying = ctx.is_reply or ctx.kind == "review_reply"
        for regex, rule, score, why in (
            (RECORDS_RE, "records_lookup", 0.95, "Refers to the organization's records about this person, "
             "which confirms they are a patient."),
            (YOU_WERE_HERE_RE, "confirms_visit", 0.85, "Confirms the person was seen or treated here."),
            (YOUR_CARE_RE, "your_care", 0.8, "Speaks of the person's own care, visit, bill or insurance, "
             "which confirms a patient relationship."),
        ):
            if regex is YOUR_CARE_RE and not replying:
                continue  # in a post, "your insurance" speaks to the public, not to one patient
            for m in regex.finditer(text):
                out.append(Finding("PATIENT_RELATIONSHIP", m.start(), m.end(), m.group(), score,
                                   f"relationship:{rule}", why + f" ({m.group()!r})"))
        if not replying:
            return out
        original = (ctx.replying_to or "").lower()
        original_words = set(_WORD.findall(original))
        terms = clinical_terms(doc.lower)
        if terms:
            bounds = sentence_bounds(text)
            addressed = {sentence_of(bounds, m.start()) for m in SECOND_PERSON_RE.finditer(text)}
            for start, end, term, _kind in terms:
                if sentence_of(bounds, start) not in addressed:
                    continue
                repeated = all(w in original_words for w in _WORD.findall(term))
                out.append(Finding(
                    "PATIENT_RELATIONSHIP", start, end, text[start:end], 0.75 if repeated else 0.9,
                    "relationship:repeats_detail" if repeated else "relationship:adds_detail",
                    (f"Repeats a clinical detail ({term!r}) back to the reviewer, confirming it."
                     if repeated else
                     f"Adds a clinical detail ({term!r}) the reviewer did not write."),
                ))
        org_words = {w for n in ctx.org_names for w in _WORD.findall(n.lower())}
        for f in doc.identifiers:
            if f.label != "PERSON" or f.score < 0.5:
                continue
            words = _WORD.findall(f.text.lower())
            if all(w in original_words for w in words) or all(w in org_words for w in words):
                continue
            out.append(Finding("PATIENT_RELATIONSHIP", f.start, f.end, f.text, 0.85, "relationship:names_person",
                               f"Names a person ({f.text!r}) the text being answered does not name: "
                               "a reviewer who posted under a nickname must not be identified."))
        return out
