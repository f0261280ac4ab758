"""The organization's own public identifiers, and the places a text speaks for
the organization itself (its signature, "call us at"), are not leaks."""

from __future__ import annotations

import re

from bedside.guard.context import Context
from bedside.guard.result import Finding

SIGNATURE_RE = re.compile(r"(?:^|\n|[.!?]\s{1,3})\s{0,3}(?:[-—–~]{1,2}\s?|(?:sincerely|regards|best|warmly|thanks),\s{0,3})(?=\S)")
OWN_CONTACT_RE = re.compile(
    r"(?i)\b(?:call|text|reach|contact|fax|email|e-mail|message|visit|find)\s(?:us|our\s\w+(?:\s\w+)?\s?(?:team|office|line|department))"
    r"(?:\s(?:directly|anytime|today|now))?\s?(?:at|on|via)?\s?:?\s{0,2}$"
    # Whole words: "our email is" must not be read inside "your email is".
    r"|\bour\s(?:main\s)?(?:number|line|phone|office|website|site|email)\s(?:is\s)?(?:at\s)?:?\s{0,2}$"
)
_DIGITS = re.compile(r"\D")


def _digits(s: str) -> str:
    return _DIGITS.sub("", s)[-10:]


def _signature_start(text: str) -> int | None:
    # The last dash or sign-off that opens a short closing segment.
    last = None
    for m in SIGNATURE_RE.finditer(text):
        last = m
    if last is None or len(text) - last.end() > 90:
        return None
    return last.end()


def why_allowed(f: Finding, text: str, ctx: Context, signature: int | None = None) -> str | None:
    low = f.text.lower()
    if f.label in ("PERSON", "LOCATION") and any(low in n.lower() for n in ctx.org_names + ctx.org_addresses):
        return "one of the organization's own names or addresses"
    if f.label == "LOCATION" and any(low in a.lower() for a in ctx.org_addresses):
        return "the organization's own address"
    if f.label == "PHONE" and _digits(f.text) in {_digits(p) for p in ctx.org_phones}:
        return "the organization's own phone number"
    if f.label in ("URL", "EMAIL"):
        sites = [w.lower().split("://")[-1].removeprefix("www.").strip("/") for w in ctx.org_websites]
        if any(s and s.split("/")[0] in low for s in sites) or low in (e.lower() for e in ctx.org_emails):
            return "the organization's own website or email"
    if ctx.outbound:
        if f.label == "PERSON" and signature is not None and f.start >= signature:
            return "a name in the signature the organization chose"
        if f.label in ("PHONE", "EMAIL", "URL") and OWN_CONTACT_RE.search(text[max(0, f.start - 60) : f.start]):
            return "the organization's own contact point ('call us at', 'our number is')"
    return None


def apply(findings: list[Finding], text: str, ctx: Context) -> list[Finding]:
    signature = _signature_start(text) if ctx.outbound else None
    return [f for f in findings if why_allowed(f, text, ctx, signature) is None]
