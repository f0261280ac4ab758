"""An outbound text that repeats the person's own contact details or record
numbers back to them ("your number is ...", "we'll call you at ...", "...
is the email we have for you") tells everyone reading that we hold them on
file: a patient relationship plus an identifier. Such identifiers are marked
"theirs" and the policy blocks them.

Not a recognizer of its own: it reads the identifiers kept after the
allow-list (so "call us at" our own number stays allowed) and the words just
around each. Every pattern is anchored at the end (or start) of a window of at
most _WINDOW characters, so the cost is bounded per identifier."""

from __future__ import annotations

import re

from bedside.guard.result import Finding

_WINDOW = 70
_LABELS = frozenset(["PHONE", "EMAIL", "ID", "DATE"])
# What someone's own details are called: a phone, an address, a record number,
# a birth date.
_DETAIL = (
    r"(?:(?:home|cell|mobile|work|phone|contact|callback|call-back|personal|direct|best|preferred|primary|new|"
    r"old|current|e-?mail|medical|patient|account|member|policy|record|chart|insurance|confirmation)\s){0,2}"
    r"(?:number|phone(?:\snumber)?|cell|mobile|line|no\.?|#|e-?mail(?:\saddress)?|address|contact(?:\sinfo)?|"
    r"details|date\sof\sbirth|dob|d\.o\.b\.?|birth\s?date|birthday|mrn|id|record|chart|account|file)"
)
# "your number is", "your cell we have on file is", "your email:", "your DOB of".
_YOURS_BEFORE = re.compile(
    r"(?i)\b(?:your|ur|yr)\s" + _DETAIL
    + r"\s?(?:(?:that\s|which\s)?(?:we|i)\s(?:have|had|show|see|got|list)(?:\s(?:on\s(?:file|record)|for\syou|here))?"
    r"\s?(?:is|as|was)?"
    r"|(?:on\s(?:file|record)|in\sour\s(?:system|records))?\s?(?:is|was|reads|shows|of|as)"
    r"|[:=])?\s?(?:still\s|now\s|listed\s(?:as\s)?)?:?\s{0,2}$"
)
# "the cell we have for you is", "the email we have on file for you:".
_FOR_YOU_BEFORE = re.compile(
    r"(?i)\b(?:the|that|this)\s" + _DETAIL + r"\s(?:that\s|which\s)?(?:we|i)\s(?:have|had|show|list)"
    r"(?:\s(?:on\s(?:file|record)|here))?\sfor\syou\s?(?:is|as|was|:)\s?:?\s{0,2}$"
)
# "we will call you back at", "we have you at", "we emailed you at".
_TO_YOU_BEFORE = re.compile(
    r"(?i)\b(?:call(?:ed)?|text(?:ed)?|phon(?:e|ed)|reach(?:ed)?|e-?mail(?:ed)?|contact(?:ed)?|messag(?:e|ed)|"
    r"r[iau]ng|have|had|text|fax(?:ed)?|send|sent|mail(?:ed)?)\s(?:you|u)"
    r"(?:\s(?:back|directly|again|later|soon|shortly|today|tomorrow|tonight|this\s(?:morning|afternoon|evening)))?"
    r"\s(?:at|on|via|to)\s?:?\s{0,2}$"
)
# "... is your number", "... is the email we have for you", "... (your cell)".
_YOURS_AFTER = re.compile(
    r"(?i)\s?[,)]?\s?(?:(?:is|was|as)\s(?:still\s)?(?:your|ur|the\s\w+(?:\s\w+)?\s(?:we|i)\s(?:have|had)\s(?:on\s"
    r"(?:file|record)\s)?for\syou)\b|\(?(?:your|ur)\s" + _DETAIL + r"\b)"
)


def theirs(f: Finding, text: str) -> bool:
    """Whether the words around identifier f give it as the reader's own."""
    start = max(0, f.start - _WINDOW)
    before = text[start : f.start]
    # The same sentence only: "Leave your number. Ours is 555-..." is ours.
    cut = max(before.rfind(". "), before.rfind("! "), before.rfind("? "), before.rfind("\n"))
    if cut >= 0:
        before = before[cut + 1 :]
    if any(r.search(before) for r in (_YOURS_BEFORE, _TO_YOU_BEFORE, _FOR_YOU_BEFORE)):
        return True
    return _YOURS_AFTER.match(text, f.end, min(len(text), f.end + _WINDOW)) is not None


def mark_theirs(findings: list[Finding], text: str) -> list[Finding]:
    for f in findings:
        if f.label in _LABELS and theirs(f, text):
            f.score = max(f.score, 0.95)
            f.rule = f.rule.split(":", 1)[0] + ":theirs"
            f.explanation = (
                f"Gives the reader's own {f.label.lower()} back to them in public, which tells everyone "
                "we hold them on file (a patient relationship plus an identifier). " + f.explanation
            )
    return findings
