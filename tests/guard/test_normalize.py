"""Identifiers hidden with Unicode tricks or spelled out are still found, and
every finding points into the text as written (issue 12; issue 17's first High
item)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bedside.guard import Context, scan
from bedside.guard.normalize import normalize

REPLY = Context(kind="reply")

# Characters that render as nothing or as a plain space.
INVISIBLE = ["\u200b", "\u200c", "\u200d", "\u2060", "\u00ad", "\ufeff", "\x00", "\u200e", "\u2063", "\x07"]
SPACES = ["\u00a0", "\u2009", "\u202f", "\u3000", "\u2002"]


def spans(text: str, context: Context = REPLY) -> list[tuple[str, str]]:
    return [(f.label, f.text) for f in scan(text, context).findings]


def test_plain_ascii_text_is_left_as_it_is() -> None:
    assert normalize("Thanks for the kind words, we are glad you liked the new lobby!") is None
    assert normalize("Someone at one of our clinics will call") is None  # "one" alone is prose


@pytest.mark.parametrize("text, label, hidden", [
    ("Reach me on 508\u200b-555\u200b-0187 after six", "PHONE", "508\u200b-555\u200b-0187"),
    ("cell 774\u2060555\u20600129", "PHONE", "774\u2060555\u20600129"),
    ("ph 413\u00ad555\u00ad0166", "PHONE", "413\u00ad555\u00ad0166"),
    ("call 978\u00a0555\u00a00140 please", "PHONE", "978\u00a0555\u00a00140"),
    ("my number is \uff16\uff11\uff17-\uff15\uff15\uff15-\uff10\uff11\uff13\uff18", "PHONE",
     "\uff16\uff11\uff17-\uff15\uff15\uff15-\uff10\uff11\uff13\uff18"),
    ("text 617\u2013555\u20130175", "PHONE", "617\u2013555\u20130175"),
    ("write to j\u043en.rivera@example.org", "EMAIL", "j\u043en.rivera@example.org"),
    ("MRN 7\u200b7\u200b3\u200b1\u200b0\u200b4\u200b2", "ID", "7\u200b7\u200b3\u200b1\u200b0\u200b4\u200b2"),
    ("MRN: 55\x0031\x00908", "ID", "55\x0031\x00908"),
    ("DOB 11/\u200b02/\u200b1969", "DATE", "11/\u200b02/\u200b1969"),
    ("call me at \U0001d7d5\U0001d7d0\U0001d7d4 555 0102", "PHONE", "\U0001d7d5\U0001d7d0\U0001d7d4 555 0102"),
])
def test_identifiers_hidden_with_unicode_are_found_at_their_original_offsets(text: str, label: str,
                                                                                hidden: str) -> None:
    result = scan(text, REPLY)
    assert (label, hidden) in [(f.label, f.text) for f in result.findings], result.to_dict()
    f = next(f for f in result.findings if f.label == label)
    assert text[f.start : f.end] == hidden
    assert result.verdict in ("review", "block")


@pytest.mark.parametrize("text, spelled", [
    ("call me on six one seven five five five oh one four three", "six one seven five five five oh one four three"),
    ("my cell is 617 five five five 0 1 4 3", "617 five five five 0 1 4 3"),
    ("Text Eight Five Seven-Five Five Five-Zero One Two Two", "Eight Five Seven-Five Five Five-Zero One Two Two"),
    ("phone: nine seven eight, five five five, zero one nine one", "nine seven eight, five five five, zero one nine one"),
])
def test_digits_written_as_words_are_read_as_digits(text: str, spelled: str) -> None:
    result = scan(text, REPLY)
    phones = [f for f in result.findings if f.label == "PHONE"]
    assert phones, result.to_dict()
    assert phones[0].text == spelled


@pytest.mark.parametrize("text", [
    "One or two of our nurses will be there",
    "Top five tips: one, sleep; two, water; three, walk",
    "Oh, one more thing: the cafe opens at seven",
    "Our clinic is one of the five best in the state",
])
def test_number_words_in_prose_stay_prose(text: str) -> None:
    assert [f for f in scan(text).findings if f.label in ("PHONE", "ID")] == []


def test_cyrillic_and_greek_words_keep_their_letters() -> None:
    assert normalize("\u041c\u0430\u0440\u0438\u044f") is None  # a name written in Cyrillic proper
    norm = normalize("r\u0435ach \u03bfur desk")  # Latin words with look-alikes inside
    assert norm is not None and norm.text == "reach our desk"


def test_offsets_cover_what_was_removed_inside_a_finding() -> None:
    norm = normalize("a\u200bb\u00a0c")
    assert norm is not None
    assert norm.text == "ab c"
    assert norm.span(0, 2) == (0, 3)  # "a\u200bb"
    assert norm.span(3, 4) == (4, 5)


# What hides a run of digits: one of these between any two characters, and an
# odd space for a space.
tricks = st.sampled_from(INVISIBLE + ["\u0301"])
widths = st.sampled_from(["ascii", "fullwidth", "math"])

_PHONES = ["617-555-0143", "(508) 555-0199", "774.555.0123", "413-555-0166"]
_EMAILS = ["maria.g@example.com", "t.nguyen@example.org", "lee77@example.net"]
_MRNS = ["4471902", "88012345", "00729341"]


def _disguise(s: str, draw: st.DrawFn) -> str:
    width = draw(widths)
    out = []
    for ch in s:
        if ch.isdigit() and width == "fullwidth":
            ch = chr(0xFF10 + int(ch))
        elif ch.isdigit() and width == "math":
            ch = chr(0x1D7CE + int(ch))
        elif ch == " ":
            ch = draw(st.sampled_from(SPACES + [" "]))
        out.append(ch)
        if draw(st.booleans()):
            out.append(draw(tricks))
    return "".join(out)


@st.composite
def disguised(draw: st.DrawFn, pool: list[str], template: str) -> tuple[str, str, str]:
    value = draw(st.sampled_from(pool))
    hidden = _disguise(value, draw)
    before = draw(st.sampled_from(["", "\u200b", "\u00a0", "\ufeff"]))
    return template.format(before + hidden), value, hidden


_EDGES = "".join(INVISIBLE + SPACES) + "\u0301()"


def _found(text: str, hidden: str, label: str, context: Context) -> bool:
    """Some finding of label covers the disguised value (less any trick or
    bracket at its edges, which a finding need not include)."""
    core = hidden.strip(_EDGES)
    start = text.index(core)
    end = start + len(core)
    return any(f.label == label and f.start <= start and f.end >= end for f in scan(text, context).findings)


_SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@_SETTINGS
@given(disguised(_PHONES, "Please call me back at {} today"))
def test_tricks_never_hide_a_phone_number(case: tuple[str, str, str]) -> None:
    text, _value, hidden = case
    assert _found(text, hidden, "PHONE", REPLY), repr(text)
    assert scan(text, REPLY).verdict != "allow"


@_SETTINGS
@given(disguised(_EMAILS, "You can write to {} anytime"))
def test_tricks_never_hide_an_email_address(case: tuple[str, str, str]) -> None:
    text, _value, hidden = case
    assert _found(text, hidden, "EMAIL", REPLY), repr(text)
    assert scan(text, REPLY).verdict != "allow"


@_SETTINGS
@given(disguised(_MRNS, "Her MRN is {} if that helps"))
def test_tricks_never_hide_a_record_number(case: tuple[str, str, str]) -> None:
    text, _value, hidden = case
    assert _found(text, hidden, "ID", REPLY), repr(text)
    assert scan(text, REPLY).verdict == "block"


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_normalized_offsets_always_point_into_the_original(text: str) -> None:
    norm = normalize(text)
    if norm is None:
        return
    assert len(norm.starts) == len(norm.ends) == len(norm.text)
    assert all(0 <= a < b <= len(text) for a, b in zip(norm.starts, norm.ends, strict=True))
    assert norm.starts == sorted(norm.starts)
    for f in scan(text, REPLY).findings:
        assert 0 <= f.start <= f.end <= len(text)
        assert f.text == text[f.start : f.end]
