"""From findings to a verdict, with reasons a compliance reviewer can act on.

PHI is an identifier together with health information, so the combination is
what blocks; an identifier or a risk alone asks for a person's review."""

from __future__ import annotations

from bedside.guard import reply_risk
from bedside.guard.context import Context
from bedside.guard.result import Finding

# Identifiers that raise the verdict on their own in outbound text. A city, a
# date, a younger age or a link alone is everyday content in a hospital post.
_ALONE = {"PERSON", "PHONE", "EMAIL", "ID", "IP"}
_WITH_HEALTH = {"PERSON", "PHONE", "EMAIL", "ID", "IP", "DATE", "AGE", "LOCATION", "URL"}
# Too general to matter on their own (a weekday, a month named alone, a state).
_WEAK_RULES = {"date:weekday", "date:month", "places:country_or_state"}
_RANK = {"allow": 0, "review": 1, "block": 2}
REPLY_RISK_RULE = "reply_risk:model"


def decide(findings: list[Finding], ctx: Context) -> tuple[str, list[str]]:
    verdict = "allow"
    reasons: list[str] = []
    seen: set[str] = set()

    def raise_to(level: str, reason: str) -> None:
        nonlocal verdict
        if _RANK[level] > _RANK[verdict]:
            verdict = level
        line = f"{level}: {reason}"
        if line not in seen:
            seen.add(line)
            reasons.append(line)

    labels = {f.label for f in findings}
    health = labels & {"CLINICAL_DETAIL", "PATIENT_RELATIONSHIP"}
    identifiers = [f for f in findings if f.label in _WITH_HEALTH and f.rule not in _WEAK_RULES]
    for f in findings:
        if f.label == "CRISIS":
            raise_to("block", "crisis language; escalate to a person now. " + f.explanation)
    if not ctx.outbound:
        if health and identifiers:
            raise_to("review", "the message shares health information with an identifier (PHI); "
                     "keep it out of public view and answer offline.")
        for f in findings:
            if f.label in ("ID", "PHONE", "EMAIL") or (f.label == "AGE" and f.rule == "age:over_89"):
                raise_to("review", f"the message exposes {f.label.lower()} {f.text!r} in public. {f.explanation}")
        return verdict, reasons
    for f in findings:
        if f.rule.startswith("patient_index:"):
            raise_to("block", f"matches a patient record ({f.label} {f.text!r}): {f.explanation}")
    for f in findings:
        if f.rule == REPLY_RISK_RULE:
            # The learned model's score against the thresholds chosen on its dev split.
            raise_to("block" if f.score >= reply_risk.model().block_at else "review", f.explanation)
        elif f.label == "PATIENT_RELATIONSHIP":
            raise_to("block" if f.score >= 0.85 else "review", f.explanation)
        elif f.label == "CLINICAL_DETAIL" or f.label == "MEDICAL_ADVICE":
            raise_to("review", f.explanation)
    if health and identifiers:
        ids = ", ".join(sorted({f"{f.label} {f.text!r}" for f in identifiers}))
        raise_to("block", f"health information together with an identifier ({ids}) is PHI.")
    for f in findings:
        if f.label in _ALONE:
            # A record number, or contact details given back to their owner
            # ("your number is ..."), is certain enough to block alone.
            high = (f.label == "ID" and f.score >= 0.85) or f.rule.endswith(":theirs")
            raise_to("block" if high else "review", f"{f.label} {f.text!r}: {f.explanation}")
        elif f.label == "DATE" and f.rule.endswith(":theirs"):
            raise_to("block", f"DATE {f.text!r}: {f.explanation}")
        elif f.label == "AGE" and f.rule == "age:over_89":
            raise_to("review", f"AGE {f.text!r}: {f.explanation}")
        elif f.label == "LOCATION" and f.rule.startswith("address:"):
            raise_to("review", f"LOCATION {f.text!r}: {f.explanation}")
        elif f.label in ("LOCATION", "DATE", "URL", "AGE") and ctx.is_reply and f.rule not in _WEAK_RULES:
            raise_to("review", f"{f.label} {f.text!r} in a reply to a person: {f.explanation}")
    return verdict, reasons
