"""From triage to one number the inbox sorts by: lower is sooner."""

from __future__ import annotations

URGENT, HIGH, NORMAL, LOW = 0, 1, 2, 3
LABELS = {URGENT: "Urgent", HIGH: "High", NORMAL: "Normal", LOW: "Low"}


def priority(*, crisis: bool, phi: bool, intents: list[str], sentiment_score: float, problem: bool) -> int:
    if crisis:
        return URGENT
    # Misinformation is a weak hint (its detector finds few false claims):
    # it never raises a message above NORMAL, so it never outranks a complaint.
    if phi or "complaint" in intents and sentiment_score <= -0.5:
        return HIGH
    if intents == ["spam"] or intents == ["praise"]:
        return LOW
    # A reported problem (``problem``) stays NORMAL: neither urgent nor ignorable.
    return NORMAL
