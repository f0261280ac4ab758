"""Names that are everyday public content, not PHI, when nothing about anyone's
care is near them:

- in a post, a clinician named with a title or a credential, or in the news of
  a staff appointment ("Congratulations to Dr. Lee on being named chief of
  surgery", "Meet Jo Park, RN"): staff are celebrated in public every day;
- in a reply to a comment or message (not to a review), the person answered,
  addressed by the name they post under ("Thanks for watching, Sam!", "Hi Ana,
  the recipe is on our blog"), when neither the reply nor what it answers
  speaks of care.

A reply to a review is left alone: a reviewer of a hospital is taken for a
patient, so naming them there confirms one. Any health content in the text
(a patient relationship other than the name itself, a clinical detail,
medical advice) keeps every name, and so does care spoken of in the text being
answered."""

from __future__ import annotations

import re

from bedside.guard.context import Context
from bedside.guard.recognizers.vocab import clinical_terms
from bedside.guard.result import Finding

_HEALTH_LABELS = frozenset(["CLINICAL_DETAIL", "MEDICAL_ADVICE", "CRISIS"])
_WINDOW = 60
# A clinician's title right before the name, or a credential right after it.
_TITLE_BEFORE = re.compile(
    r"(?i)\b(?:dr|doctor|prof|professor|nurse|nurse\spractitioner|midwife|pharmacist|surgeon|physician|"
    r"chaplain|therapist)\.?\s{1,2}$"
)
_CREDENTIAL_AFTER = re.compile(
    r",?\s{1,2}(?:MD|M\.D\.|DO|D\.O\.|RN|BSN|MSN|DNP|NP|APRN|CRNA|PA-C|PA|PhD|PharmD|DPT|DDS|DMD|FACS|FACC|FACP|"
    r"MBBS|LCSW|CNM|CNO|CMO|CEO)\b"
)
# The news of a staff role in the same sentence: an appointment, a promotion,
# a new colleague, an award, a retirement.
_STAFF_NEWS = re.compile(
    r"(?i)\b(?:named|appointed|promoted|elected|hired|(?:joins|joined|joining)\sour\s(?:\w+\s)?(?:team|staff|faculty|practice|group|department)|"
    r"retires|retiring|retirement|"
    r"chief|chair(?:woman|man)?|director|head\sof|president|vice\spresident|dean|award(?:ed)?|honou?red|"
    r"recogni[sz]ed|fellowship|residency|board[-\s]certified|years\sof\sservice|work\sanniversary|"
    r"welcome\sto\sthe\steam|employee\sof\sthe\s(?:month|year)|certification|years\swith\s(?:us|the\s(?:practice|team)))\b"
)
# A staff role right before the name ("our hygienist Maria", "pharmacy tech
# Luis Ortiz", "our newest nurse practitioner, Hannah Lowe") or in apposition
# after it ("Tara, our newest esthetician").
ROLES = (
    r"hygienists?|nurse\smanager|manager|supervisor|esthetician|aide|tech|technician|therapist|optician|"
    r"optometrist|receptionist|assistant|pharmacist|nurse|practitioner|physician|surgeon|dentist|orthodontist|"
    r"midwife|coordinator|director|officer|phlebotomist|counselor|chaplain|volunteer|dietitian|educator|"
    r"specialist|navigator|administrator|paramedic|emt|scribe|audiologist|chiropractor|hospitalist|"
    r"anesthesiologist|radiologist|resident|intern|colleague|teammate|team\smember|staff\smember|employee|"
    r"clerk|secretary|custodian|housekeeper|cook|chef|porter|transporter|sonographer|[a-z]+ologist|[a-z]+ician|"
    r"[a-z]+ographer"
)
_ROLE_BEFORE = re.compile(r"(?i)\b(?:" + ROLES + r"),?\s{1,2}$")
_ROLE_AFTER = re.compile(
    r"(?i),\s{1,2}(?:our|the|a)\s(?:(?:new|newest|lead|licensed|senior|head|chief|longtime|beloved|favorite|"
    r"own)\s)*(?:[a-z-]+\s)?(?:" + ROLES + r")\b"
)
# "baby Liam", "our patient Ana": never a member of staff.
_NOT_STAFF_BEFORE = re.compile(r"(?i)\b(?:baby|patient|newborn|little|grads?|graduates?|survivor|fighter|warrior)\s{1,2}$")
# A name in the vocative: after "hi"/"thanks"/a comma and before the end of a
# sentence or a comma ("..., Sam!", "Thanks Sam!", "Hi Ana, ...").
_ADDRESS_BEFORE = re.compile(
    r"(?i)(?:^|[,;:!?.]\s{0,2}|\b(?:hi|hey|hello|dear|thanks|thank\syou|thx|ty|cheers|welcome|congrats|"
    r"congratulations|morning|evening|bye|yes|no|sure|absolutely|aw+)\s{1,2},?\s{0,2})@?$"
)
_ADDRESS_AFTER = re.compile(r"\s{0,2}(?:[!.?,;:)]|[\U0001F300-\U0001FAFF\u2600-\u27BF]|$)")
# Care spoken of in the text answered: the reply then answers a patient or a
# family.
_CARE_IN_ORIGINAL = re.compile(
    r"(?i)\b(?:patients?|nurses?|doctors?|dr|physicians?|surgeons?|surgery|er|ed|icu|nicu|ward|hospitali[sz]ed|"
    r"stay(?:ed)?|visit(?:ed)?|treat(?:ed|ment)?|care|cared|appointments?|clinic|admitted|discharged|diagnos\w*|"
    r"bills?|billing|insurance|prescriptions?|meds?|medications?|pain|sick|ill|illness|injur\w*|pregnan\w*|"
    r"birth|delivered|therapy|rehab|my\s(?:mom|mum|dad|son|daughter|husband|wife|baby|child|kid|mother|father))\b"
)


def _sentence(text: str, start: int, end: int) -> str:
    """The sentence around text[start:end], looked for within _WINDOW
    characters either side (bounded work per name, however long the text)."""
    lo, hi = max(0, start - _WINDOW), min(len(text), end + _WINDOW)
    a = max(text.rfind(s, lo, start) for s in (". ", "! ", "? ", "\n"))
    b = min((i for i in (text.find(s, end, hi) for s in (". ", "! ", "? ", "\n")) if i >= 0), default=hi)
    return text[(a + 1 if a >= 0 else lo) : b]


def _staff_in_post(f: Finding, text: str) -> bool:
    before = text[max(0, f.start - _WINDOW) : f.start]
    if _NOT_STAFF_BEFORE.search(before):
        return False
    if _TITLE_BEFORE.search(before) or _CREDENTIAL_AFTER.match(text, f.end):
        return True
    if _ROLE_BEFORE.search(before) or _ROLE_AFTER.match(text, f.end):
        return True
    return _STAFF_NEWS.search(_sentence(text, f.start, f.end)) is not None


def _addressed(f: Finding, text: str) -> bool:
    before = text[max(0, f.start - 20) : f.start]
    return _ADDRESS_BEFORE.search(before) is not None and _ADDRESS_AFTER.match(text, f.end) is not None


def drop_public(findings: list[Finding], text: str, ctx: Context) -> list[Finding]:
    """findings less the names that are public content (see the module's doc)."""
    if not ctx.outbound or ctx.kind == "review_reply":
        return findings
    persons = [f for f in findings if f.label == "PERSON"]
    if not persons:
        return findings
    if any(f.rule.startswith("patient_index:") for f in findings):
        return findings  # a name on the patient index is never public content
    if any(f.label in _HEALTH_LABELS for f in findings):
        return findings
    if any(f.label == "PATIENT_RELATIONSHIP" and f.rule != "relationship:names_person" for f in findings):
        return findings
    if ctx.kind == "post":
        staff = [f for f in persons if _staff_in_post(f, text)]
        # The same person again by part of the name ("... Dan Wolfe retires.
        # Enjoy the fishing, Dan!").
        staff_words = {w for f in staff for w in f.text.lower().split()}
        # By identity: "f in staff" compared findings field by field, n x n
        # (8 million comparisons, 8 s, on a 100 KB post full of names).
        staff_ids = {id(f) for f in staff}
        public = {id(f) for f in persons if id(f) in staff_ids or set(f.text.lower().split()) <= staff_words}
    elif ctx.kind in ("reply", "comment", "message"):
        original = ctx.replying_to or ""
        if _CARE_IN_ORIGINAL.search(original) or clinical_terms(original.lower()) or clinical_terms(text.lower()):
            return findings
        public = {id(f) for f in persons if _addressed(f, text)}
    else:
        return findings
    if not public:
        return findings
    spans = {(f.start, f.end) for f in persons if id(f) in public}
    return [
        f for f in findings
        if id(f) not in public and not (f.rule == "relationship:names_person" and (f.start, f.end) in spans)
    ]
