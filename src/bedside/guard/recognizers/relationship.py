"""PATIENT_RELATIONSHIP: an outbound reply that confirms someone is or was a
patient, names a reviewer, or repeats clinical details. This is what the HHS
Office for Civil Rights has fined providers for in review responses; it needs
no identifier at all, because the reviewer's handle is right above the reply."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from bedside.guard.recognizers.base import Doc, Recognizer
from bedside.guard.recognizers.clinical import sentence_bounds, sentence_of
from bedside.guard.recognizers.vocab import clinical_terms
from bedside.guard.result import Finding

_CARE_NOUNS = (
    r"visits?|appointments?|appts?|stay|admission|procedures?|surgery|surgeries|treatments?|diagnosis|"
    r"condition|bills?|billing|invoice|statement|balance|insurance|coverage|claims?|co-?pay|deductible|"
    r"test\sresults?|results|labs?|lab\swork|scans?|x-?rays?|mri|imaging|biopsy|prescriptions?|medications?|meds|"
    r"refill|chart|medical\srecords?|records|discharge|delivery|er\svisit|ed\svisit|wait\stime|care|"
    r"hospitali[sz]ation|operation|therapy|rehab|chemo(?:therapy)?|dialysis|infusions?|exam(?:ination)?|"
    r"consult(?:ation)?|mammogram|ultrasound|blood\s?work|"
    r"refunds?|charges|ambulance(?:\sride|\stransport)?|"
    r"follow-?ups?|check-?ups?|"
    r"time\s(?:in|at|with)\s(?:our|the|us)|recovery|symptoms|illness|injury|pregnancy|"
    r"loved\sone'?s\s(?:care|stay|visit)|family\smember'?s\s(?:care|stay|visit)"
)
# "your care team", "your lab slip": a person or a paper, not the care itself.
_NOT_CARE_AFTER = r"(?!\s(?:team|slip|portal|provider|doctor|card|questions))"
YOUR_CARE_RE = re.compile(
    r"(?i)(?<!\w)your\s(?:(?:recent|last|latest|upcoming|next|first|previous|prior|hospital|er|ed|clinic|"
    r"follow-?up|outpatient|inpatient|emergency|mother'?s|father'?s|mom'?s|dad'?s|son'?s|daughter'?s|"
    r"husband'?s|wife'?s|child'?s|baby'?s)\s){0,2}(?:" + _CARE_NOUNS + r")(?!\w)" + _NOT_CARE_AFTER
)
RECORDS_RE = re.compile(
    r"(?i)(?<!\w)(?:our\srecords\s(?:show|indicate|say)|according\sto\sour\s(?:records|system|files)|"
    r"(?:we|i)(?:'ve|\shave)?\s(?:checked|reviewed|looked\s(?:at|into)|pulled\sup|found)\s(?:your|the)\s"
    r"(?:chart|records?|file|account|visit|case)|in\sour\s(?:system|records)|"
    r"(?:has|have|had|'ve)\s(?:reviewed|checked|looked\s(?:at|into)|pulled\sup|read)\s(?:your|his|her|their)\s"
    r"(?:chart|medical\srecords?|records|file|case\snotes|notes))(?!\w)"
)
YOU_WERE_HERE_RE = re.compile(
    r"(?i)(?<!\w)(?:when\syou\s(?:were|came)\s(?:here|in|to\sour|to\sthe|seen|admitted|treated|discharged)|"
    r"during\syour\s(?:stay|visit|time|admission)|you\swere\s(?:seen|treated|admitted|discharged|here|in\sour|"
    r"a\spatient|our\spatient)|(?:since|after|before)\syour\s(?:surgery|procedure|visit|stay|discharge)|"
    r"(?:as|being)\sa\spatient\s(?:of|at)\sours|you\s(?:visited|saw)\s(?:us|our|dr\.?|doctor)|"
    r"you\s(?:are|were|'re)\s(?:a|our|one\sof\sour)\spatients?|"
    r"(?:while|when)\syou\swere\s(?:with\sus|here|in\s(?:our|the)\s(?:care|hospital|er|ed|icu|unit|clinic)|"
    r"admitted|being\s(?:seen|treated|cared\sfor))|"
    r"see\syou\s(?:at|for|on|in)\s(?:your|the)\s(?:[a-z0-9:]+\s){0,3}?(?:appointment|appt|visit|follow-?up|"
    r"check-?up|procedure|surgery|session|consult(?:ation)?))(?!\w)"
)
# Replies only (in a post "you" is the public): who here treated the person,
# what they went through in our facility, and a relative's stay or surgery.
_CARERS = (
    r"staff|nurses?|doctors?|physicians?|surgeons?|team|providers?|clinicians?|therapists?|technicians?|techs?|"
    r"caregivers?|care\steam|medical\steam|er\sstaff|ed\sstaff|people|everyone|dr\.?\s[a-z'-]{2,30}"
)
_TREATED = (
    r"treated|cared\sfor|saw|examined|operated\son|looked\safter|took\scare\sof|attended\sto|admitted|"
    r"discharged|delivered|triaged"
)
_RELATIVES = (
    r"mother|father|mom|dad|son|daughter|husband|wife|partner|child|baby|family|loved\sone|grandmother|"
    r"grandfather|sister|brother"
)
_OUR_PLACES = (
    r"er|ed|emergency\s(?:room|department)|clinic|hospital|unit|icu|nicu|office|department|practice|center|"
    r"facility|ward|floor|urgent\scare|care|hands"
)
CARED_FOR_RE = re.compile(
    r"(?i)(?<!\w)(?:(?:the\s)?(?:" + _CARERS + r")\s(?:who|that)\s(?:" + _TREATED + r")\s(?:you|your)|"
    r"we\s(?:" + _TREATED + r")\s(?:you|your)|"
    r"(?:you|your\s(?:" + _RELATIVES + r"))\s(?:experienced|had|received|got|spent|went\sthrough)\s"
    r"(?:[a-z]+\s){0,3}?(?:in|at|with)\s(?:our|the)\s(?:" + _OUR_PLACES + r")|"
    r"(?:his|her|their)\s(?:recent\s|last\s)?(?:stay|visit|surgery|admission|discharge|procedure|appointment|"
    r"treatment|delivery|diagnosis)(?:\s(?:with\sus|at\sour|here|in\sour|at\s[A-Z]))?|"
    r"(?:pleasure|privilege|hono(?:u)?r|joy)\s(?:of\s|to\s)?(?:taking\scare\sof|take\scare\sof|caring\sfor|"
    r"care\sfor|treating|treat|having|serving|serve)\s(?:you|your)|"
    r"(?:loved|enjoyed)\s(?:having|caring\sfor|taking\scare\sof|treating|meeting)\s(?:you|your)|"
    r"(?:you|your\s(?:" + _RELATIVES + r"))\s(?:had\sto\s)?wait(?:ed)?\s(?:[a-z]+\s){0,4}?"
    r"(?:to\sbe\s(?:seen|treated|admitted|triaged|called\sback)|for\s(?:care|treatment|a\sbed|a\sroom)|"
    r"in\s(?:the|our)\s(?:waiting\sroom|lobby|er|ed|emergency\s(?:room|department)|clinic))|"
    # "it took so long for you to get a room": an admission.
    r"for\s(?:you|your\s(?:" + _RELATIVES + r"))\sto\s(?:get|be\sgiven|be\smoved\sto)\sa\s(?:room|bed)|"
    # "our team remembers you", "the nurses ... were rude to you": they met the person as a patient.
    r"(?:we|our\s(?:" + _CARERS + r")|the\s(?:" + _CARERS + r"))\sremembers?\s(?:you|your)|"
    # ... and in other words: "the front desk girls still ask about you", "our
    # receptionists haven't stopped talking about you".
    r"(?:we|everyone|everybody|(?:our|the)\s(?:[a-z-]+\s){0,2}?(?:" + _CARERS + r"|[a-z]+ists|[a-z]+ians|crew|"
    r"girls|guys|ladies|aides|assistants|desk|office|receptionists|secretaries))\s(?:[a-z-]+\s){0,2}?"
    r"(?:still|always|often|keep|keeps|haven't|have\snot|can't|never)\s(?:[a-z']+\s)?"
    r"(?:remember(?:s|ed|ing)?|ask(?:s|ed|ing)?\s(?:about|after)|talk(?:s|ed|ing)?\sabout|miss(?:es|ed|ing)?|"
    r"forg[eo]t(?:ten)?|think(?:s|ing)?\sof|mention(?:s|ed|ing)?|bring(?:s|ing)?\s(?:you\s)?up)\s"
    r"(?:you(?!r)|your\s(?!feedback|review|comment|kind|note|message|suggestion|post|words))|"
    r"(?:our|the)\s(?:" + _CARERS + r")\s(?:[a-z]+\s){0,4}?(?:was|were)\s(?:so\s|very\s|really\s)?"
    r"(?:rude|unkind|dismissive|disrespectful|short|curt|kind|helpful|wonderful|caring|attentive|gentle|"
    r"professional)\s(?:to|with)\s(?:you|your)|"
    # "being one of our patients", "patients like you", "to count you among our
    # patients": the reader as one of ours.
    r"(?:being|as)\s(?:one\sof\sour|our)\s(?:[a-z-]+\s)?(?:patients?|clients?)(?!\s(?:can|may|is|are))|"
    r"(?:patients?|clients?)\slike\syou|(?:a|our)\s(?:[a-z-]+\s)?(?:patient|client)\sof\sours|"
    r"(?:count|have|having|had)\syou\s(?:among|as)\s(?:one\sof\s)?(?:our|a)\s(?:[a-z-]+\s)?(?:patients?|clients?)|"
    # "we've scheduled you", "removed the late fee from your account": a patient's booking or bill.
    r"we(?:'ve|\shave|\shad)?\s(?:scheduled|rescheduled|booked|billed|charged|refunded|credited|reimbursed)\s"
    r"(?:you|your)|"
    r"(?:refunded|credited|waived|removed|reversed|adjusted|corrected)\s(?:the\s)?(?:\S+\s){0,2}?"
    r"(?:co-?pay|charges?|fees?|bill|balance|deductible)\s(?:to|from|on|for)\syour|"
    # "the new medication is working for you"
    r"(?:medications?|meds|treatments?|therapy|surgery|procedure|prescription)\s(?:is|are|was|were|has\sbeen|"
    r"have\sbeen)\s(?:working|helping)\s(?:well\s)?for\s(?:you|your))(?!\w)"
)
# "your experience in our ER", "your wait at our Elm Street urgent care", "the
# care you received on 5 North": the reviewer's time in our hands, placed there.
_OUR_TEAMS = (
    r"(?:surgical|nursing|medical|care|er|ed|emergency|icu|nicu|maternity|labor\sand\sdelivery|l&d|oncology|"
    r"cardiology|radiology|imaging|lab|pharmacy|billing|front\sdesk)\s(?:team|staff|unit|nurses|department)|"
    r"staff|nurses|doctors|physicians|surgeons|providers|care\steam|medical\steam"
)
EXPERIENCE_HERE_RE = re.compile(
    r"(?i)(?<!\w)(?:your\s(?:recent\s|last\s)?(?:experience|time|wait|visit|stay|care|treatment)\s"
    r"(?:[a-z]+\s){0,2}?(?:in|at|with|on)\s(?:our|the)\s(?:[a-z0-9'-]+\s){0,2}?"
    r"(?:" + _OUR_PLACES + r"|" + _OUR_TEAMS + r")|"
    r"(?:the\s)?(?:care|treatment)\s(?:you|your\s(?:" + _RELATIVES + r"))\s(?:received|got|had|were\sgiven))(?!\w)"
)
# "We hope you're feeling better", "get well soon": said to one person in a
# reply, it acknowledges their illness (a person should look, not block).
RECOVERY_RE = re.compile(
    r"(?i)(?<!\w)(?:(?:you'?re|you\sare|you\u2019re)\s(?:feeling\sbetter|recovering|on\sthe\smend|healing\swell)|"
    r"feel\sbetter\ssoon|get\swell\ssoon|(?:speedy|quick|full|smooth)\srecovery)(?!\w)"
)
# Advice to anyone: a sentence that opens on a condition or an instruction
# ("If you ever have chest pain, call 911", "Always tell your pharmacist about
# allergies, like penicillin") and says nothing of a visit here. A clinical
# word in it is not a detail of the reader's own care unless "your" owns it.
_GENERIC_ADVICE = re.compile(
    r"(?i)^\W*(?:if|when|whenever|before|anytime|always|never|ask|tell|call|remember|make\ssure|don't|do\snot|"
    r"you\scan|your\s(?:doctor|provider|pharmacist|dentist|pediatrician)(?:'s\s\w+)?\s(?:can|will|may|should))"
    r"(?!\w)"
)
_VISIT_HERE = re.compile(
    r"(?i)(?<!\w)(?:you\s(?:were|had|came|did|got|left|went|told|said)|your\s(?:last|recent|visit|stay|"
    r"appointment)|we|our|us|i|here)(?!\w)"
)
_OWNED = re.compile(r"(?i)(?:your|ur)\s(?:[\w'-]+\s)?$")
_WORD = re.compile(r"\w+")
SECOND_PERSON_RE = re.compile(r"(?i)(?<!\w)(?:you|your|you're|youre|yours|u)(?!\w)")


_REPLIES_ONLY = (YOUR_CARE_RE, CARED_FOR_RE, EXPERIENCE_HERE_RE, RECOVERY_RE)


@dataclass
class PatientRelationshipRecognizer(Recognizer):
    label: str = "PATIENT_RELATIONSHIP"
    name: str = "relationship"

    def applies_to(self, context) -> bool:
        return context.outbound

    def analyze(self, doc: Doc) -> list[Finding]:
        if doc.relationship is None:
            doc.relationship = self._analyze(doc)
        # Copies: later steps move a finding's span onto the original text.
        return [replace(f) for f in doc.relationship]

    def _analyze(self, doc: Doc) -> list[Finding]:
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
            (CARED_FOR_RE, "confirms_care", 0.85, "Says who here treated the person, what they went through "
             "in our care, or a relative's stay, which confirms a patient relationship."),
            (EXPERIENCE_HERE_RE, "time_in_our_care", 0.85, "Places the person's own experience, wait or care "
             "in our facility or with our staff, which confirms they were a patient."),
            (RECOVERY_RE, "wishes_recovery", 0.6, "Wishes one person a recovery, which acknowledges their "
             "illness or treatment; say it in a private message instead."),
        ):
            if regex in _REPLIES_ONLY and not replying:
                continue  # in a post, "your insurance" speaks to the public, not to one patient
            for m in regex.finditer(text):
                if regex is YOUR_CARE_RE and _advice_about_anyone(text, m.start()):
                    continue
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
                i = sentence_of(bounds, start)
                if i not in addressed:
                    continue
                repeated = all(w in original_words for w in _WORD.findall(term))
                if not repeated and _generic_advice(text, bounds[i], start):
                    continue
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


def _generic_advice(text: str, bounds: tuple[int, int], start: int) -> bool:
    """The clinical word at `start` sits in advice to anyone, not owned by the reader."""
    sentence = text[bounds[0] : bounds[1]]
    if not _GENERIC_ADVICE.match(sentence) or _VISIT_HERE.search(sentence):
        return False
    return _OWNED.search(text[max(bounds[0], start - 30) : start]) is None


_ADVICE_OPENER = re.compile(
    r"(?i)^\W*(?:if|when|whenever|before|always|never|ask|tell|make\ssure|don't|do\snot|you\scan)(?!\w)"
)


def _advice_about_anyone(text: str, start: int) -> bool:
    """"Always bring a list of your medications", "You can request a copy of
    your records": an instruction to anyone, with no visit here and no date."""
    bounds = sentence_bounds(text)
    a, b = bounds[sentence_of(bounds, start)]
    sentence = text[a:b]
    return (_ADVICE_OPENER.match(sentence) is not None and _VISIT_HERE.search(sentence) is None
            and not any(c.isdigit() for c in sentence))
