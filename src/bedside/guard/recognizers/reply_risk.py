"""PATIENT_RELATIONSHIP from the learned reply-risk model (guard/reply_risk.py):
a whole outbound reply, comment reply or post that reads like it confirms or
reveals a patient, however it is worded. It runs beside the phrase rules of
relationship.py, only in those contexts (a private message or an inbound
text is not a public disclosure), and policy.py turns its score into a
verdict."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bedside.guard import public_names, reply_risk
from bedside.guard.recognizers.base import Doc, Recognizer
from bedside.guard.recognizers.relationship import PatientRelationshipRecognizer
from bedside.guard.result import Finding

RULE = "reply_risk:model"
_KINDS = ("post", "reply", "review_reply", "comment")
_SENTENCE = re.compile(r"[^.!?\n]+[.!?\n]*")
_WORD = re.compile(r"\w+")
# Past this many sentences the finding covers the whole text rather than the
# riskiest sentence: each sentence is scored once more to find it.
_MAX_SENTENCES = 40
_RULES = PatientRelationshipRecognizer()


@dataclass
class ReplyRiskRecognizer(Recognizer):
    label: str = "PATIENT_RELATIONSHIP"
    name: str = "reply_risk"

    def applies_to(self, context) -> bool:
        return context.outbound and context.kind in _KINDS and reply_risk.available()

    def analyze(self, doc: Doc) -> list[Finding]:
        text = doc.text
        if not text.strip():
            return []
        ctx = doc.context
        rules = _RULES.analyze(doc)
        if any(f.label == self.label for f in rules):
            # The model speaks where the rules are silent: a rule that already
            # holds the text says more precisely why, and its level stands
            # (a get-well wish is a review, not a block).
            return []
        post = ctx.kind == "post"
        persons = _persons(doc, rules)
        model = reply_risk.model()
        where: dict[int, int] = {}
        vec = reply_risk.features(text, post, persons, where=where)
        p = model.probability(vec)
        # Word n-grams alone (no cue a reviewer can name) raise a text only
        # from a higher threshold, and never a reply in careful wording.
        if p < reply_risk.threshold(model, vec, post):
            return []
        start, end = _riskiest_sentence(text, post, model, where)
        what = "post" if post else "reply"
        reasons = model.reasons(text, vec, post)
        why = (f"The reply-risk model reads this {what} as likely to confirm or reveal that someone is a patient "
               f"(risk {p:.2f}; a person reviews from {model.review_at:.2f}, it is blocked from "
               f"{model.block_at:.2f}). What weighed most: {'; '.join(reasons) or 'the wording as a whole'}. "
               "Rewrite it without anything about the person's own care, or answer in private.")
        return [Finding(self.label, start, end, text[start:end], p, RULE, why)]


def _persons(doc: Doc, rules: list[Finding]) -> int:
    """Names the guard kept that are neither the organization's nor written by
    the person being answered (the same test as relationship.names_person),
    nor public content (public_names: staff news in a post), as the training
    script counts them."""
    original = set(_WORD.findall((doc.context.replying_to or "").lower()))
    org = {w for n in doc.context.org_names for w in _WORD.findall(n.lower())}
    count = 0
    kept = public_names.drop_public(sorted(doc.identifiers + rules, key=lambda f: (f.start, f.end)), doc.text,
                                    doc.context)
    for f in kept:
        if f.label != "PERSON" or f.score < 0.5:
            continue
        words = _WORD.findall(f.text.lower())
        if not (all(w in original for w in words) or all(w in org for w in words)):
            count += 1
    return count


def _riskiest_sentence(text: str, post: bool, model: reply_risk.Model, where: dict[int, int]) -> tuple[int, int]:
    spans = [(m.start(), m.end()) for m in _SENTENCE.finditer(text) if m.group().strip()]
    if len(spans) <= 1 or len(spans) > _MAX_SENTENCES:
        start, end = 0, len(text)
    else:
        # Offsets of the lower-cased text: the same as the text's wherever
        # lower() kept each character's place, the guard's case nearly always.
        start, end = max(spans, key=lambda s: reply_risk.sentence_logit(model, text, s[0], s[1], post, where))
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
