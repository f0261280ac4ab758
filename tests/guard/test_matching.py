"""Case-insensitive regexes run as case-sensitive twins over the lower-cased
text (base.matches): the same matches, at the same offsets."""

from __future__ import annotations

import importlib
import pkgutil
import re

import pytest

import bedside.guard.recognizers as recognizers
from bedside.guard import Context, scan
from bedside.guard.recognizers.base import Doc, _lowered, matches

TEXTS = [
    "MY NAME IS JOHN, I Want To Kill Myself. Call 911, he is NOT BREATHING",
    "Born March 3rd, 2022; DOB 3 MARCH 2022; in Sept. and Since JANUARY; On The 11th.",
    "MRN: AB12345678, Member ID XY-99887766, Policy #A1B2C3D4E5",
    "Lives at 1200 N. Maple AVENUE, Apt 4B, P.O. Box 123, APO AE 09012",
    "The 80 YO Woman in BED 4 with Sepsis came in; Our Patient Coded on my SHIFT",
    "Visit WWW.Example.ORG/Path or https://Mayo.EDU, zip code is 02115",
    "She Is 93 Years Old; a 45 y/o MALE; he just Turned 91",
    "İstanbul Ünïcode ẞ ǅ ﬁ text Kill Myself",
]


def _case_insensitive_regexes() -> list[tuple[str, re.Pattern[str]]]:
    out = []
    for info in pkgutil.iter_modules(recognizers.__path__):
        module = importlib.import_module(f"bedside.guard.recognizers.{info.name}")
        for name, value in vars(module).items():
            if isinstance(value, re.Pattern) and value.flags & re.IGNORECASE:
                out.append((f"{info.name}.{name}", value))
    return out


REGEXES = _case_insensitive_regexes()


def test_it_finds_the_case_insensitive_regexes() -> None:
    assert len(REGEXES) > 10


@pytest.mark.parametrize(("name", "regex"), REGEXES, ids=[n for n, _ in REGEXES])
def test_the_lower_case_twin_matches_the_same_spans(name: str, regex: re.Pattern[str]) -> None:
    twin = _lowered(regex)
    assert twin is not None and not twin.flags & re.IGNORECASE
    for text in TEXTS + [t.upper() for t in TEXTS] + [t.lower() for t in TEXTS]:
        expected = [m.span() for m in regex.finditer(text)]
        assert [m.span() for m in matches(regex, Doc(text, Context()))] == expected, (name, text)


def test_it_keeps_escapes_and_group_names_as_written() -> None:
    twin = _lowered(re.compile(r"(?i)(?P<Num>\d+)\W[A-Z]"))
    assert twin is not None
    assert twin.pattern == r"(?P<Num>\d+)\W[a-z]"
    assert twin.search("12 b") is not None and twin.search("12 B") is None


def test_it_falls_back_to_the_original_text_when_lower_casing_moves_characters() -> None:
    text = "İİ Call 911 now, I want to kill myself"
    assert Doc(text, Context()).lower_aligned is None
    crisis = [f for f in scan(text, Context(direction="inbound", kind="message")).findings if f.label == "CRISIS"]
    assert {f.text for f in crisis} == {"Call 911", "want to kill myself"}
    assert all(text[f.start : f.end] == f.text for f in crisis)


def test_findings_keep_the_original_spelling() -> None:
    text = "Pt Is 93 Years Old, MRN: AB12345678"
    found = {(f.label, f.text) for f in scan(text, Context(direction="inbound", kind="message")).findings}
    assert ("ID", "AB12345678") in found
    assert ("AGE", "93") in found
