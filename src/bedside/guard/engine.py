"""The guard's pipeline, in the order scan() runs it: recognize -> boost by
context -> threshold -> merge overlaps -> allow-list -> risk recognizers ->
verdict."""

from __future__ import annotations

import bisect

from bedside.guard import allowlist, policy, public_names
from bedside.guard.context import Context
from bedside.guard.normalize import Normalized, normalize
from bedside.guard.recognizers import IDENTIFIER_RECOGNIZERS, RISK_RECOGNIZERS, Doc, Recognizer, contact
from bedside.guard.recognizers.crisis import findings as crisis_findings
from bedside.guard.result import Finding, Result

THRESHOLD = 0.4
CONTEXT_BOOST = 0.35
_CONTEXT_WINDOW = 40  # characters before a match that may hold a context word
DEFAULT_CONTEXT = Context()
_BY_NAME: dict[str, Recognizer] = {r.name: r for r in IDENTIFIER_RECOGNIZERS}


def recognize(doc: Doc, recognizers: tuple[Recognizer, ...]) -> list[Finding]:
    out: list[Finding] = []
    for rec in recognizers:
        if rec.applies_to(doc.context):
            out.extend(rec.analyze(doc))
    return out


def boost_by_context(doc: Doc, findings: list[Finding]) -> list[Finding]:
    for f in findings:
        rec = _BY_NAME.get(f.rule.split(":", 1)[0])
        if rec is None or not rec.context_words or f.score >= 0.95:
            continue
        before = doc.lower[max(0, f.start - _CONTEXT_WINDOW) : f.start]
        words = before.replace("#", " ").replace(":", " ").replace("'", " ").split()[-5:]
        hit = next((w.strip(".,;()") for w in reversed(words) if w.strip(".,;()") in rec.context_words), None)
        if hit:
            f.score = min(1.0, f.score + CONTEXT_BOOST)
            f.explanation += f" The word {hit!r} just before it makes that likelier."
    return findings


def merge_overlaps(findings: list[Finding], text: str) -> list[Finding]:
    """Keep the strongest of overlapping findings (ties go to the longer one);
    a weaker finding of the same label that reaches further widens the kept
    one ("Oak Street" from the name model plus "12 Oak Street" from the rule).
    Kept spans never overlap, so a sorted list and bisect find the clashes:
    n log n, however many findings a long text has."""
    ranked = sorted(findings, key=lambda f: (-f.score, -(f.end - f.start), f.start))
    starts: list[int] = []
    kept: list[Finding] = []
    for f in ranked:
        i = bisect.bisect_left(starts, f.end)  # kept[:i] start before f ends
        j = i
        while j > 0 and kept[j - 1].end > f.start:
            j -= 1
        clash = kept[j:i]
        if not clash:
            starts.insert(i, f.start)
            kept.insert(i, f)
            continue
        k = clash[0]
        if len(clash) == 1 and k.label == f.label:
            start, end = min(k.start, f.start), max(k.end, f.end)
            left_ok = j == 0 or kept[j - 1].end <= start
            right_ok = i == len(kept) or kept[i].start >= end
            if left_ok and right_ok:
                k.start, k.end, k.text = start, end, text[start:end]
                starts[j] = start
                if f.rule.startswith("address:") and not k.rule.startswith("address:"):
                    # The address rule says more than "a place": keep its name.
                    k.rule, k.explanation = f.rule, f.explanation
    return kept


def to_original(findings: list[Finding], norm: Normalized, original: str) -> list[Finding]:
    """Findings on the normalized text moved onto the original: each span
    grows over what normalizing removed or folded inside it."""
    for f in findings:
        f.start, f.end = norm.span(f.start, f.end)
        f.text = original[f.start : f.end]
    return findings


def scan(text: str, context: Context | None = None, read_chars: int | None = None) -> Result:
    """``read_chars`` bounds what the identifier and risk recognizers read of a
    very long text; crisis language is still looked for in all of it (its gate
    and patterns are linear), and the one verdict comes from policy.decide."""
    ctx = context or DEFAULT_CONTEXT
    if read_chars is not None and len(text) > read_chars:
        head = scan(text[:read_chars], ctx)
        tail = crisis_findings(text[read_chars:], outbound=ctx.outbound, offset=read_chars)
        if not tail:
            return Result(text=text, verdict=head.verdict, reasons=head.reasons, findings=head.findings)
        findings = head.findings + tail
        verdict, reasons = policy.decide(findings, ctx)
        return Result(text=text, verdict=verdict, reasons=reasons, findings=findings)
    # The recognizers read the text with its Unicode tricks undone (zero-width
    # characters, full-width digits, look-alike letters, digits as words);
    # plain ASCII text, nearly all of it, skips this.
    norm = normalize(text)
    read = text if norm is None else norm.text
    doc = Doc(read, ctx)
    found = recognize(doc, IDENTIFIER_RECOGNIZERS)
    found = boost_by_context(doc, found)
    found = [f for f in found if f.score >= THRESHOLD]
    found = merge_overlaps(found, read)
    found = allowlist.apply(found, read, ctx)
    if ctx.outbound:
        found = contact.mark_theirs(found, read)
    doc.identifiers = found
    risks = [f for f in recognize(doc, RISK_RECOGNIZERS) if f.score >= THRESHOLD]
    findings = sorted(found + risks, key=lambda f: (f.start, f.end))
    findings = public_names.drop_public(findings, read, ctx)
    if norm is not None:
        findings = to_original(findings, norm, text)
    verdict, reasons = policy.decide(findings, ctx)
    return Result(text=text, verdict=verdict, reasons=reasons, findings=findings)
