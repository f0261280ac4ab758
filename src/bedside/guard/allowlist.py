"""The organization's own public identifiers, and the places a text speaks for
the organization itself (its signature, "call us at"), are not leaks.

What counts as the organization's own is what the workspace configured and
passed in the Context: its names, addresses, phones, campuses, the staff who
may be named and the people who sign replies. A name is never the
organization's own just because of where it stands in the text: "- Robert
Hughes" closing a reply is a signature only when Robert Hughes signs replies
for the organization."""

from __future__ import annotations

import re
from functools import lru_cache

from bedside.guard.context import Context
from bedside.guard.result import Finding

SIGNATURE_RE = re.compile(
    r"(?:^|\n|[.!?]\s{1,3})\s{0,3}(?:[-—–~]{1,2}\s?|(?i:sincerely|regards|best|warmly|thanks),\s{0,3})(?=\S)"
)
OWN_CONTACT_RE = re.compile(
    r"(?i)\b(?:call|text|reach|contact|fax|email|e-mail|message|visit|find)\s(?:us|our\s\w+(?:\s\w+)?\s?(?:team|office|line|department))"
    r"(?:\s(?:directly|anytime|today|now))?\s?(?:at|on|via)?\s?:?\s{0,2}$"
    # Whole words: "our email is" must not be read inside "your email is".
    r"|\bour\s(?:main\s)?(?:number|line|phone|office|website|site|email)\s(?:is\s)?(?:at\s)?:?\s{0,2}$"
)
_DIGITS = re.compile(r"\D")
# How addresses are abbreviated: "123 Main St." and "123 Main Street" are one place.
_ADDRESS_WORDS = {
    "street": "st", "avenue": "ave", "av": "ave", "road": "rd", "boulevard": "blvd", "lane": "ln", "drive": "dr",
    "court": "ct", "place": "pl", "terrace": "ter", "circle": "cir", "highway": "hwy", "parkway": "pkwy",
    "square": "sq", "trail": "trl", "route": "rte", "suite": "ste", "north": "n", "south": "s", "east": "e",
    "west": "w", "northeast": "ne", "northwest": "nw", "southeast": "se", "southwest": "sw", "floor": "fl",
}
_WORD = re.compile(r"[a-z0-9]+")
_TITLES = frozenset(["dr", "doctor", "mr", "mrs", "ms", "mx", "miss", "nurse", "prof", "rev"])
_NAME_SUFFIXES = frozenset(["md", "do", "rn", "np", "pa", "phd", "jr", "sr", "ii", "iii"])
# "Dr. Lee's patient", "a patient of Dr. Lee": the staff name now points at a patient.
_STAFF_PATIENT_AFTER = re.compile(r"(?i)^(?:['’]s)?\s(?:\w+\s)?patients?(?!\w)")
_STAFF_PATIENT_BEFORE = re.compile(r"(?i)(?<!\w)patients?\sof\s(?:dr\.?\s|doctor\s)?$")


def _digits(s: str) -> str:
    return _DIGITS.sub("", s)[-10:]


def _address_words(text: str) -> tuple[str, ...]:
    return tuple(_ADDRESS_WORDS.get(w, w) for w in _WORD.findall(text.lower()))


@lru_cache(maxsize=256)
def _address_sets(addresses: tuple[str, ...]) -> tuple[tuple[str, ...], ...]:
    return tuple(_address_words(a) for a in addresses)


def _contains(haystack: tuple[str, ...], needle: tuple[str, ...]) -> bool:
    n = len(needle)
    return n > 0 and any(haystack[i : i + n] == needle for i in range(len(haystack) - n + 1))


def is_own_address(text: str, addresses: tuple[str, ...]) -> bool:
    """The text is one of the organization's addresses or a run of words of
    one, with street words and directions written either way; a run must
    carry a house number or a ZIP, so "Main Street" alone is not ours."""
    words = _address_words(text)
    if not any(w.isdigit() for w in words):
        return False
    return any(_contains(a, words) for a in _address_sets(addresses))


def _name_words(text: str) -> tuple[str, ...]:
    words = [w for w in re.findall(r"[^\W\d_][\w'’-]*", text.lower()) if w not in _TITLES and w not in _NAME_SUFFIXES]
    return tuple(w.removesuffix("'s").removesuffix("’s") for w in words)


@lru_cache(maxsize=256)
def _name_sets(names: tuple[str, ...]) -> tuple[tuple[str, ...], ...]:
    return tuple(w for w in (_name_words(n) for n in names) if w)


def is_configured_name(text: str, names: tuple[str, ...], *, first_name_alone: bool = True) -> bool:
    """The name is one of these people's: all of its words are words of one
    configured name, and it has that person's first or family name ("Dana",
    "Dana Reyes", "Ms. Reyes" for "Dana Reyes"). An initial alone never
    matches; without ``first_name_alone`` the family name must be there."""
    words = _name_words(text)
    if not words or all(len(w) < 2 for w in words):
        return False
    for person in _name_sets(names):
        if not set(words) <= set(person):
            continue
        if person[-1] in words or (first_name_alone and person[0] in words):
            return True
    return False


_DOCTOR_BEFORE = re.compile(r"(?i)(?<!\w)(?:dr\.?|doctor|nurse)\s{1,2}$")
_DOCTOR_INSIDE = re.compile(r"(?i)(?:dr\.?|doctor|nurse)\s{1,2}")


def is_staff(f: Finding, text: str, staff: tuple[str, ...]) -> bool:
    """A member of staff: their first and family names ("Sarah Patel"), or
    their family name after the title that makes it theirs ("Dr. Patel").
    A first name alone, or "Mr. Lee", may be anyone: a patient included."""
    words = _name_words(f.text)
    if not is_configured_name(f.text, staff, first_name_alone=False):
        return False
    if len(words) >= 2:
        return True
    # The title is before the finding ("Dr. [Patel]") or inside it ("[Dr. Patel]").
    inside = _DOCTOR_INSIDE.match(f.text)
    return inside is not None or _DOCTOR_BEFORE.search(text[max(0, f.start - 10) : f.start]) is not None


def _signature_start(text: str) -> int | None:
    # The last dash or sign-off that opens a short closing segment.
    last = None
    for m in SIGNATURE_RE.finditer(text):
        last = m
    if last is None or len(text) - last.end() > 90:
        return None
    return last.end()


def why_allowed(f: Finding, text: str, ctx: Context, signature: int | None = None) -> str | None:
    if f.rule.startswith("org_place:"):
        return None  # a unit or campus named: the risk rules need to see it
    low = f.text.lower()
    if f.label in ("PERSON", "LOCATION") and any(low in n.lower() for n in ctx.org_names + ctx.org_addresses):
        return "one of the organization's own names or addresses"
    if f.label == "LOCATION" and is_own_address(f.text, ctx.org_addresses):
        return "the organization's own address"
    if f.label == "LOCATION" and any(low in c.lower() for c in ctx.org_campuses):
        return "one of the organization's own campuses"
    if f.label == "PHONE" and _digits(f.text) in {_digits(p) for p in ctx.org_phones}:
        return "the organization's own phone number"
    if f.label in ("URL", "EMAIL"):
        sites = [w.lower().split("://")[-1].removeprefix("www.").strip("/") for w in ctx.org_websites]
        if any(s and s.split("/")[0] in low for s in sites) or low in (e.lower() for e in ctx.org_emails):
            return "the organization's own website or email"
    if ctx.outbound:
        if (f.label == "PERSON" and is_staff(f, text, ctx.org_staff)
                and not _STAFF_PATIENT_AFTER.match(text[f.end : f.end + 30])
                and not _STAFF_PATIENT_BEFORE.search(text[max(0, f.start - 20) : f.start])):
            # Whatever stands next to the name (a patient's name, their
            # condition) is judged on its own: only the staff name is let go.
            return "a member of staff the organization lets be named"
        if (f.label == "PERSON" and signature is not None and f.start >= signature
                and is_configured_name(f.text, ctx.org_signers)):
            return "a name the organization signs its replies with"
        if f.label in ("PHONE", "EMAIL", "URL") and OWN_CONTACT_RE.search(text[max(0, f.start - 60) : f.start]):
            return "the organization's own contact point ('call us at', 'our number is')"
    return None


def apply(findings: list[Finding], text: str, ctx: Context) -> list[Finding]:
    signature = _signature_start(text) if ctx.outbound and ctx.org_signers else None
    return [f for f in findings if why_allowed(f, text, ctx, signature) is None]
