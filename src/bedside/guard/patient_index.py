"""The patient-index check, guard side: how a name, a medical record number
and a date of birth are written down before they are hashed, so that an
import of the hospital's master patient index and a draft agree on
"SMITH, JOHN A" and "John Smith", "03/04/1980" and "March 4, 1980".

The guard never holds the index nor its key: it gets, through its Context, an
object with ``matches(keys) -> set of keys found`` (the workspace hashes the
keys with its HMAC key and looks them up in a table). ``HashedIndex`` is the
plain-Python twin, used by the benchmark and by anyone running the guard on
its own. Keys are "name:<first last>", "mrn:<mrn>" and
"dob:<first last>|<yyyy-mm-dd>"; a bare name alone is the weakest of them.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import unicodedata
from collections.abc import Collection, Iterable
from datetime import date
from typing import Protocol

_MONTHS = {m: i for i, m in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), start=1)}
_SUFFIXES = frozenset(["jr", "sr", "ii", "iii", "iv", "md", "do", "rn", "phd"])
_TITLES = frozenset(["mr", "mrs", "ms", "miss", "mx", "dr", "doctor", "prof", "rev"])
_NOT_LETTER = re.compile(r"[^a-z' -]")
_SPACES = re.compile(r"\s+")


class PatientLookup(Protocol):
    def matches(self, keys: Collection[str]) -> set[str]:
        """The keys (see the module's docstring) that belong to a patient."""
        ...


def _fold(text: str) -> str:
    """Lower case without accents: "José" and "JOSE" are one spelling."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def normalize_name(name: str) -> str | None:
    """"SMITH, JOHN A", "John A. Smith" and "Dr. John Smith Jr." -> "john smith":
    the first given name and the family name, the parts a draft would say.
    None when fewer than two name words are left (a first name alone is
    shared by too many people to mean a patient)."""
    text = _fold(name).replace("’", "'")
    if "," in text:
        family, _, given = text.partition(",")
        text = f"{given} {family}"
    words = [w.strip("'-") for w in _SPACES.split(_NOT_LETTER.sub(" ", text.replace(".", " ")))]
    words = [w for w in words if w and w not in _TITLES and w not in _SUFFIXES]
    # Middle initials drop out; a middle name a draft may leave out drops too.
    if len(words) < 2:
        return None
    first, last = words[0], words[-1]
    if len(first) < 2 or len(last) < 2:
        return None
    return f"{first} {last}"


def normalize_mrn(mrn: str) -> str | None:
    """"MRN 00-123-456" -> "123456": letters kept upper-case, separators and
    leading zeros dropped. None for text with fewer than four digits."""
    core = re.sub(r"[^0-9A-Za-z]", "", mrn).upper().lstrip("0")
    if sum(c.isdigit() for c in core) < 4:
        return None
    return core


_ISO = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$")
_US = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{2}|\d{4})$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_WORDY = re.compile(r"^(?:([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?|(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?([a-z]+)\.?),?\s+(\d{4})$")


def normalize_date(text: str, today: date | None = None) -> str | None:
    """A date of birth as yyyy-mm-dd, from "1980-03-04", "3/4/1980", "03-04-80",
    "19800304", "March 4, 1980" or "4 March 1980"; None when it is not one.
    Numeric dates are read month first, as US records write them. A two-digit
    year is in the past century when it would otherwise be in the future."""
    s = _SPACES.sub(" ", _fold(text).strip())
    y = m = d = 0
    if found := _ISO.match(s):
        y, m, d = (int(g) for g in found.groups())
    elif found := _US.match(s):
        m, d, y = (int(g) for g in found.groups())
        if len(found.group(3)) == 2:
            now = (today or date.today()).year
            y += 2000 if 2000 + y <= now else 1900
    elif found := _COMPACT.match(s):
        y, m, d = (int(g) for g in found.groups())
    elif found := _WORDY.match(s):
        month_word = found.group(1) or found.group(4)
        m = _MONTHS.get(month_word[:3], 0)
        d = int(found.group(2) or found.group(3))
        y = int(found.group(5))
    else:
        return None
    try:
        return date(y, m, d).isoformat()
    except ValueError:
        return None


def name_key(name: str) -> str | None:
    n = normalize_name(name)
    return None if n is None else f"name:{n}"


def mrn_key(mrn: str) -> str | None:
    n = normalize_mrn(mrn)
    return None if n is None else f"mrn:{n}"


def name_dob_key(name: str, dob: str) -> str | None:
    n, d = normalize_name(name), normalize_date(dob)
    return None if n is None or d is None else f"dob:{n}|{d}"


def digest(key: bytes, entry: str) -> bytes:
    """The keyed hash stored for one entry: HMAC-SHA256, so that without the
    key nobody can test a guessed name against the stored hashes."""
    return hmac.new(key, entry.encode("utf-8"), hashlib.sha256).digest()


def record_keys(name: str, dob: str = "", mrn: str = "") -> list[str]:
    """Every key one patient row gives (its name, name + date of birth, MRN)."""
    keys = [name_key(name), mrn_key(mrn) if mrn else None, name_dob_key(name, dob) if dob else None]
    return [k for k in keys if k is not None]


class HashedIndex:
    """A frozen set of digests and the key that made them."""

    def __init__(self, key: bytes, digests: Iterable[bytes]) -> None:
        self._key = key
        self._digests = frozenset(digests)

    def __len__(self) -> int:
        return len(self._digests)

    def matches(self, keys: Collection[str]) -> set[str]:
        return {k for k in keys if digest(self._key, k) in self._digests}
