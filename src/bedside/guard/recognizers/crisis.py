"""CRISIS: self-harm, suicide or emergency language, to escalate at once.

The words and their context live in :mod:`bedside.guard.crisis`, the one
crisis module; this recognizer only turns its hits into findings, and
:mod:`bedside.guard.policy` turns a finding into the verdict."""

from __future__ import annotations

from dataclasses import dataclass

from bedside.guard import crisis
from bedside.guard.recognizers.base import Doc, Recognizer
from bedside.guard.result import Finding

_SCORE = {crisis.STRONG: 0.95, crisis.SOFT: 0.9, crisis.WEAK: 0.8, crisis.LONE: 0.8}


def findings(text: str, *, outbound: bool = False, offset: int = 0) -> list[Finding]:
    """Crisis findings for ``text`` (spans shifted by ``offset``)."""
    out: list[Finding] = []
    for hit in crisis.find(text, outbound=outbound):
        score = 0.8 if hit.kind == crisis.EMERGENCY else _SCORE[hit.strength]
        action = "escalate now" if hit.kind == crisis.EMERGENCY else "escalate to a person now"
        out.append(Finding("CRISIS", hit.start + offset, hit.end + offset, hit.text, score, f"crisis:{hit.kind}",
                           f"{crisis.EXPLAIN[hit.kind]} ({hit.text!r}): {action}."))
    return out


@dataclass
class CrisisRecognizer(Recognizer):
    label: str = "CRISIS"
    name: str = "crisis"

    def analyze(self, doc: Doc) -> list[Finding]:
        return findings(doc.text, outbound=doc.context.outbound)
