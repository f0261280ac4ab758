"""What a scan returns: findings with offsets and explanations, and a verdict."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

IDENTIFIER_LABELS = ("PERSON", "LOCATION", "DATE", "AGE", "PHONE", "EMAIL", "URL", "IP", "ID")
RISK_LABELS = ("PATIENT_RELATIONSHIP", "CLINICAL_DETAIL", "MEDICAL_ADVICE", "CRISIS")
LABELS = IDENTIFIER_LABELS + RISK_LABELS
VERDICTS = ("allow", "review", "block")


@dataclass
class Finding:
    label: str
    start: int
    end: int
    text: str
    score: float
    rule: str
    explanation: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "score": round(self.score, 3),
            "rule": self.rule,
            "explanation": self.explanation,
        }


@dataclass
class Result:
    text: str
    verdict: str
    reasons: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    def to_dict(self, with_text: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {
            "verdict": self.verdict,
            "reasons": list(self.reasons),
            "findings": [f.to_dict() for f in self.findings],
        }
        if with_text:
            out["text"] = self.text
        return out
