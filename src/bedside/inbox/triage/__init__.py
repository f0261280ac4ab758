"""Triage of one inbound message: the guard, sentiment, intent, priority.

Plain Python, no Django: the inbox's task (``bedside.inbox.tasks``) reads
stored messages, calls :func:`triage` on each and writes the outcome back.
One classifier per module; each is measured on real labelled text in
BENCHMARKS.md (section ``inbox``).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from bedside.guard import Context, Result, scan
from bedside.inbox.triage import intent as intent_mod
from bedside.inbox.triage.misinformation import misinformation_cues
from bedside.inbox.triage.priority import priority
from bedside.inbox.triage.sentiment import FEEDBACK_KINDS, feedback, sentiment
from bedside.inbox.triage.spam import spam_score

__all__ = ["Triage", "triage", "fingerprint", "GUARD_KINDS"]

# Message kinds as the guard's context names them.
GUARD_KINDS = {"comment": "comment", "mention": "comment", "message": "message", "review": "review"}
# Guard findings that make a message carry PHI; CRISIS is its own flag.
PHI_LABELS = frozenset(
    ["PERSON", "LOCATION", "DATE", "AGE", "PHONE", "EMAIL", "URL", "IP", "ID", "CLINICAL_DETAIL",
     "PATIENT_RELATIONSHIP"]
)
# The guard's identifier recognizers read at most this much of a very long
# body; its crisis recognizer and the other flags read the whole text.
GUARD_MAX_CHARS = 20_000


@dataclass
class Triage:
    sentiment: str
    sentiment_score: float
    intents: list[str]
    intent: str
    spam: bool
    misinformation: bool
    crisis: bool
    phi: bool
    priority: int
    verdict: str
    findings: list[dict[str, Any]] = field(default_factory=list)  # carry PHI: store encrypted
    reasons: list[str] = field(default_factory=list)  # carry PHI: store encrypted
    labels: list[str] = field(default_factory=list)  # finding labels only, no text


def _phi(result: Result) -> bool:
    if result.verdict == "allow":
        return False
    return any(f.label in PHI_LABELS for f in result.findings)


def triage(
    text: str,
    *,
    kind: str = "comment",
    rating: float | None = None,
    problem: bool = False,
    org_names: tuple[str, ...] = (),
) -> Triage:
    lowered = text.lower()
    context = Context(direction="inbound", kind=GUARD_KINDS.get(kind, "comment"), org_names=org_names)
    # One verdict: the guard's. Its crisis recognizer reads the whole text,
    # the identifier recognizers the first GUARD_MAX_CHARS.
    result = scan(text, context, read_chars=GUARD_MAX_CHARS) if text.strip() else Result(text, "allow")
    is_crisis = any(f.label == "CRISIS" for f in result.findings)
    mood = sentiment(text, is_crisis=is_crisis, kind=kind)
    # How patients would file it (the feedback model, which learnt their own
    # labels): what the complaint and praise intents read, for every kind.
    patient = ((mood.probabilities if kind in FEEDBACK_KINDS else feedback(text)) if text.strip() else None) or {}
    cues = misinformation_cues(text, lowered)
    is_spam = spam_score(text, lowered) >= 0.5
    found = intent_mod.intents(
        text,
        sentiment=mood.label,
        sentiment_score=mood.score,
        rating=rating,
        spam=is_spam,
        crisis=is_crisis,
        misinformation=bool(cues),
        dissatisfaction=patient.get("negative"),
        satisfaction=patient.get("positive"),
        lowered=lowered,
    )
    phi = _phi(result)
    findings = [f.to_dict() for f in result.findings]
    verdict = result.verdict
    reasons = list(result.reasons)
    return Triage(
        sentiment=mood.label,
        sentiment_score=round(mood.score, 4),
        intents=found,
        intent=intent_mod.primary(found),
        spam=is_spam,
        misinformation=bool(cues),
        crisis=is_crisis,
        phi=phi,
        priority=priority(crisis=is_crisis, phi=phi, intents=found, sentiment_score=mood.score, problem=problem),
        verdict=verdict,
        findings=sorted(findings, key=lambda f: (f["start"], f["end"])),
        reasons=reasons,
        labels=sorted({f["label"] for f in findings}),
    )


_SPACE = re.compile(r"\s+")
_NOISE = re.compile(r"https?://\S+|@\w+|[^\w\s]")


def fingerprint(text: str, key: bytes = b"") -> str:
    """A keyed hash of the text with case, links, mentions and punctuation
    dropped: duplicates share it, and without the key it reveals nothing."""
    norm = unicodedata.normalize("NFKC", text).lower()
    norm = _SPACE.sub(" ", _NOISE.sub(" ", norm)).strip()
    if not norm:
        return ""
    return hashlib.blake2b(norm.encode(), key=key[:64], digest_size=16).hexdigest()
