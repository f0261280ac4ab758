"""What the person wants: the intents the social team sorts its day by.

Each message can carry several intents (a complaint that asks for an
appointment); ``primary`` picks the one that decides its queue, most urgent
first. Complaint and praise lean on sentiment: "waited four hours" is a
complaint because it is negative *and* about the care.
"""

from __future__ import annotations

import re

from bedside.inbox.triage.phrases import Phrases

APPOINTMENT = "appointment"
COMPLAINT = "complaint"
MEDICAL_QUESTION = "medical_question"
BILLING = "billing"
PRAISE = "praise"
MISINFORMATION = "misinformation"
SPAM = "spam"
CRISIS = "crisis"
MEDIA = "media"
LEGAL = "legal"
OTHER = "other"

# Most urgent first: the first intent a message has decides its queue.
# Misinformation is a weak hint: it comes after every request a person made.
# A media enquiry or a legal threat decides the queue only when nothing else
# does: they route through the responsibility matrix, which matches any intent.
PRECEDENCE = (CRISIS, BILLING, COMPLAINT, APPOINTMENT, MEDICAL_QUESTION, MISINFORMATION, SPAM, PRAISE, LEGAL, MEDIA,
              OTHER)
LABELS = {
    APPOINTMENT: "Appointment or access request",
    COMPLAINT: "Complaint",
    MEDICAL_QUESTION: "Medical question",
    BILLING: "Billing",
    PRAISE: "Praise",
    MISINFORMATION: "Misinformation",
    SPAM: "Spam",
    CRISIS: "Crisis",
    LEGAL: "Legal threat",
    MEDIA: "Media enquiry",
    OTHER: "Other",
}

_ACCESS = [
    "appointment*", "appt", "book in", "book an", "booking", "to book", "rebook*", "reschedul*",
    "schedule a", "schedule an", "scheduling", "get seen", "be seen", "get an appointment", "see a doctor",
    "see the doctor", "see a specialist", "see someone", "referral", "referred", "waiting list", "wait list",
    "waitlist", "new patient*", "accepting patients", "taking new", "opening hours", "open on", "are you open",
    "what time do you", "visiting hours", "get through", "got through", "getting through", "couldn't get",
    "could not get", "can't get hold", "cant get hold", "get hold of", "on hold", "phone line*", "phone lines",
    "answer the phone", "answered the phone", "nobody answers", "no one answers", "no answer", "call back",
    "called back", "ring back", "rang back", "callback", "contact you", "contact someone", "contact the",
    "how do i contact", "how can i contact", "speak to someone", "talk to someone", "telehealth",
    "video visit", "virtual visit", "portal", "mychart", "cancel my", "cancelled my", "canceled my",
    "same day", "walk-in", "walk in clinic", "urgent care hours", "ambulance took", "waiting for an ambulance",
]
_COMPLAINT = [
    "rude", "unprofessional", "disgust*", "appalling", "awful", "terrible", "horrible", "worst", "useless",
    "incompetent", "ignored", "dismissive", "dismissed", "complain*", "unacceptable", "ridiculous",
    "shocking", "poor", "never again", "not happy", "unhappy", "disappointed", "let down", "waited",
    "waiting", "wait of", "hours", "delay*", "late", "lost my", "nobody cared", "no one cared", "didn't care",
    "did not care", "didn't listen", "did not listen", "not listened", "wasn't listened", "no help",
    "not helpful", "unhelpful", "mistake", "wrong", "negligen*", "lawsuit", "lawyer", "sue", "report you",
    "still waiting", "no response", "nobody came", "left alone", "rushed", "not treated", "misdiagnos*",
]
_BILLING = [
    "bill", "bills", "billed", "billing", "invoice", "charged", "charge", "charges", "overcharg*",
    "insurance", "insurer", "copay", "co-pay", "deductible", "refund", "payment", "pay my", "collections",
    "price", "prices", "cost", "costs", "eob", "explanation of benefits", "statement", "out of pocket",
    "medicaid", "medicare", "financial assistance", "charity care", "price transparency", "estimate",
]
_MEDICAL = [
    "should i", "is it normal", "is it safe", "is this normal", "can i take", "could i take", "how much",
    "what dose", "dosage", "dose", "side effect*", "symptom*", "diagnos*", "medication", "medicine",
    "prescription", "pain in", "rash", "fever", "swelling", "lump", "bleeding", "pregnan*", "vaccine",
    "vaccinat*", "booster", "test result*", "results", "blood test", "scan", "mri", "x-ray", "covid",
    "flu", "infection", "allergic", "treatment", "surgery", "recovery", "what does it mean", "do i need",
    "is there a cure", "contagious",
]
_PRAISE = [
    "thank*", "grateful", "gratitude", "amazing", "excellent", "brilliant", "fantastic", "wonderful",
    "outstanding", "superb", "great care", "great job", "great service", "kind", "kindness", "caring",
    "compassion*", "professional", "friendly", "helpful", "lovely", "saved my", "saved his", "saved her",
    "well done", "kudos", "shout out", "shoutout", "appreciate*", "heroes", "angels", "best hospital",
    "couldn't ask for", "could not ask for", "highly recommend", "recommend", "5 stars", "five stars",
]
_PHRASES = Phrases(
    [(p, APPOINTMENT) for p in _ACCESS]
    + [(p, COMPLAINT) for p in _COMPLAINT]
    + [(p, BILLING) for p in _BILLING]
    + [(p, MEDICAL_QUESTION) for p in _MEDICAL]
    + [(p, PRAISE) for p in _PRAISE]
)
# Probability of negative (positive) feedback from triage/sentiment.feedback
# from which a message is a complaint (praise): the thresholds with the best
# F1 on a fifth of the NHS training part (crc32("dev" + id) % 5 == 0) for a
# model trained on the other four fifths; the held-out fifth was not used.
COMPLAINT_AT = 0.3
PRAISE_AT = 0.45
_QUESTION = re.compile(r"\?|^(?:how|what|when|where|why|can|could|should|is|are|do|does|will)\b", re.I | re.M)


def intents(
    text: str,
    *,
    sentiment: str,
    sentiment_score: float,
    rating: float | None = None,
    spam: bool = False,
    crisis: bool = False,
    misinformation: bool = False,
    dissatisfaction: float | None = None,
    satisfaction: float | None = None,
    lowered: str | None = None,
) -> list[str]:
    """All the intents a message carries, in :data:`PRECEDENCE` order."""
    low = lowered if lowered is not None else text.lower()
    cues = _PHRASES.tags(low)
    found = set()
    if crisis:
        found.add(CRISIS)
    if misinformation:
        found.add(MISINFORMATION)
    if spam:
        found.add(SPAM)
    if APPOINTMENT in cues:
        found.add(APPOINTMENT)
    if BILLING in cues:
        found.add(BILLING)
    if MEDICAL_QUESTION in cues and _QUESTION.search(text):
        found.add(MEDICAL_QUESTION)
    low_rating = rating is not None and rating <= 2
    high_rating = rating is not None and rating >= 4
    # A worried medical question reads as negative without being a complaint.
    question = MEDICAL_QUESTION in found
    if dissatisfaction is not None:
        # The model learnt from patients' own feedback what dissatisfaction
        # reads like; VADER and the cue list alone miss most of it.
        # Strong negative language counts on its own: short angry posts are
        # rarer in the comments the model learnt from than on social media.
        unhappy = (dissatisfaction >= COMPLAINT_AT or sentiment_score <= -0.5) and not question
    else:
        unhappy = (sentiment == "negative" and not question) or (COMPLAINT in cues and sentiment_score < 0.5)
    if low_rating or unhappy:
        found.add(COMPLAINT)
    pleased = satisfaction is not None and satisfaction >= PRAISE_AT
    if not low_rating and (high_rating or pleased
                           or (sentiment == "positive" and (PRAISE in cues or sentiment_score >= 0.6))):
        found.add(PRAISE)
    if legal_threat(low):
        found.add(LEGAL)
    if media_enquiry(low):
        found.add(MEDIA)
    if COMPLAINT in found or SPAM in found:
        # Mixed feedback: the complaint is what needs an answer; spam flatters.
        found.discard(PRAISE)
    ordered = [i for i in PRECEDENCE if i in found]
    return ordered or [OTHER]


# -- legal threats and media enquiries (the responsibility matrix's rows) -------
# Each is a structure, not a phrase: who (a lawyer of theirs; a journalist)
# and what they will do or ask (sue, take to court; comment, interview).
# Cheap substring gates first: most messages never reach the regexes.
_LEGAL_GATE = re.compile("sue|suing|lawsuit|lawyer|attorney|solicitor|legal|court|litigat|malpractice")
# A denial just before the threat word: "not going to sue", "won't be calling a lawyer".
_NEGATED = r"(?:\b(?:not|never|no|without|no intention of|no plans? to)|n't)\b[^.!?]{0,15}?"
_COUNSEL = r"(?:lawyers?|attorneys?|solicitors?|legal (?:team|counsel|representation))"
_LEGAL = re.compile(
    # "you'll hear from my lawyer", "my attorney will be in touch", "calling a lawyer"
    rf"\b(?:(?:hear|hearing) from|contact(?:ing|ed)?|call(?:ing|ed)?|get(?:ting)?|hir(?:e|ing|ed)|retain(?:ing|ed)?"
    rf"|speak(?:ing)? (?:to|with)|talk(?:ing|ed)? to|consult(?:ing|ed)?|involv(?:e|ing))"
    rf"\s+(?:my|our|a|an|the family'?s?|his|her)?\s*(?:own\s+)?{_COUNSEL}"
    rf"|\b(?:my|our)\s+{_COUNSEL}\s+(?:will|is going to|are going to|'ll|shall|has been|have been|is|are)\b"
    # "I will sue", "we are suing the hospital", "a malpractice lawsuit", "legal action", "see you in court"
    rf"|\b(?:sue|suing|sued)\s+(?:you|y'all|the|this|your|them|for|over|him|her)\b"
    r"|\b(?:law ?suit|legal action|legal proceedings|litigation|malpractice (?:claim|case|suit))\b"
    r"|\b(?:take|taking|drag|dragging) (?:you|y'all|this hospital|the hospital|them|this) to court\b"
    r"|\bsee you in court\b|\blawyer(?:ing|ed)? up\b",
    re.I,
)
_LEGAL_NEGATED = re.compile(rf"{_NEGATED}(?:sue|suing|law ?suit|legal action|lawyer|attorney|court|litigation)", re.I)
# Counsel that is not a threat: a relative who is a lawyer, the attorney general, a court that is not a lawsuit.
_LEGAL_ASIDE = re.compile(r"\b(?:attorney general|court ?yard|food court|basketball court|tennis court|"
                          r"(?:is|was|am|as) an? (?:lawyer|attorney|solicitor)|lawyer friend|attorney friend)\b", re.I)

_MEDIA_GATE = re.compile("journalist|reporter|news|press|media|producer|correspondent|editor|magazine|podcast|"
                         "story|article|segment|piece|feature")
_MEDIA_WHO = re.compile(
    r"\b(?:journalists?|reporters?|correspondents?|producers?|editors?|newsroom|news desk|press (?:office|desk)|"
    r"(?:writing|working on|putting together|doing|reporting) (?:a|an|the) (?:story|article|piece|segment|feature|"
    r"report)|(?:for|with|from|at) (?:the )?[a-z0-9 ]{0,30}(?:news|times|post|tribune|herald|gazette|journal|"
    r"magazine|podcast|radio|tv|channel \d+))\b", re.I)
_MEDIA_ASK = re.compile(
    r"\b(?:(?:a|any|your|the hospital'?s?|for) (?:comment|statement|response)|comment (?:on|for)|"
    r"interview|on the record|(?:speak|talk|chat) (?:to|with) (?:someone|a spokesperson|your|a doctor|you)|"
    r"spokesperson|press (?:contact|inquiry|enquiry|officer)|media (?:contact|inquiry|enquiry|relations)|"
    r"(?:my|our|a|on) deadline|speak (?:to|with) (?:me|us)|quote you|before (?:we|i) publish|before (?:it|this) airs)\b", re.I)
_MEDIA_NEGATED = re.compile(r"\b(?:not|never|no longer) (?:a|an|with the|with a) (?:journalist|reporter|"
                            r"correspondent|producer|editor)\b|\bno comment\b", re.I)


def legal_threat(low: str) -> bool:
    """Someone threatens to sue or to set their lawyer on us (negated or
    hypothetical-denial forms are not threats: "I'm not going to sue")."""
    if not _LEGAL_GATE.search(low):
        return False
    text = _LEGAL_ASIDE.sub(" ", low)
    return bool(_LEGAL.search(text)) and not _LEGAL_NEGATED.search(text)


def media_enquiry(low: str) -> bool:
    """A journalist or outlet asking us for comment, a statement or an interview."""
    if not _MEDIA_GATE.search(low):
        return False
    return bool(_MEDIA_WHO.search(low) and _MEDIA_ASK.search(low) and not _MEDIA_NEGATED.search(low))


def primary(found: list[str]) -> str:
    return found[0] if found else OTHER
