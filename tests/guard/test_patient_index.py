"""The patient-index check in the guard: normalization both sides agree on,
and a draft that names a patient of the index is blocked."""

from __future__ import annotations

from datetime import date

import pytest

from bedside.guard import Context, scan
from bedside.guard.patient_index import (
    HashedIndex,
    digest,
    normalize_date,
    normalize_mrn,
    normalize_name,
    record_keys,
)

KEY = b"0123456789abcdef0123456789abcdef"


def index(*rows: tuple[str, str, str]) -> HashedIndex:
    return HashedIndex(KEY, [digest(KEY, k) for row in rows for k in record_keys(*row)])


PATIENTS = index(("QUINTERO, ELENA M", "1961-07-14", "MR0048213"), ("Hal Brandt", "02/29/1948", "77-120-455"))


@pytest.mark.parametrize(("raw", "normal"), [
    ("QUINTERO, ELENA M", "elena quintero"),
    ("Elena Maria Quintero", "elena quintero"),
    ("  elena   QUINTERO ", "elena quintero"),
    ("Dr. Elena Quintero Jr.", "elena quintero"),
    ("Quintéro, Élena", "elena quintero"),
    ("Elena", None),
    ("E. Quintero", None),
])
def test_names_are_written_first_and_family_name(raw: str, normal: str | None) -> None:
    assert normalize_name(raw) == normal


@pytest.mark.parametrize("raw", ["1961-07-14", "7/14/1961", "07-14-61", "19610714", "July 14, 1961",
                                 "14 July 1961", "Jul. 14 1961", "14th of July, 1961"])
def test_dates_of_birth_in_any_common_spelling_agree(raw: str) -> None:
    assert normalize_date(raw, today=date(2026, 1, 1)) == "1961-07-14"


@pytest.mark.parametrize("raw", ["13/45/1961", "Smarch 3, 1961", "1961", "7/14", ""])
def test_what_is_not_a_date_of_birth_is_none(raw: str) -> None:
    assert normalize_date(raw) is None


def test_a_two_digit_year_is_never_in_the_future() -> None:
    assert normalize_date("3/4/05", today=date(2026, 1, 1)) == "2005-03-04"
    assert normalize_date("3/4/48", today=date(2026, 1, 1)) == "1948-03-04"


@pytest.mark.parametrize(("raw", "normal"), [("MR0048213", "MR0048213"), ("mr-0048213", "MR0048213"),
                                             ("00-771-204", "771204"), ("771 204", "771204"), ("12", None)])
def test_mrns_lose_separators_and_leading_zeros(raw: str, normal: str | None) -> None:
    assert normalize_mrn(raw) == normal


def blocked_as_patient(text: str, kind: str = "post", **ctx: object) -> bool:
    result = scan(text, Context(kind=kind, patient_index=PATIENTS, **ctx))  # type: ignore[arg-type]
    return result.verdict == "block" and any("matches a patient record" in r for r in result.reasons)


@pytest.mark.parametrize("text", [
    "Happy retirement to our volunteer Elena Quintero!",
    "Please welcome ELENA QUINTERO to the family advisory board.",
    "Record MR-0048213 was sent to the wrong fax.",
    "Hal Brandt, born 2/29/1948, celebrated his leap-day birthday with us.",
    "Thanks for the call, Hal Brandt. Your account 77120455 is all set.",
])
def test_a_draft_naming_a_patient_of_the_index_is_blocked(text: str) -> None:
    assert blocked_as_patient(text)


@pytest.mark.parametrize("text", [
    "Happy retirement to our volunteer Elena Marquez!",
    "Record MR-0048214 was sent to the wrong fax.",
    "Join our walk on 7/14/1961 anniversary weekend with Dr. Brandt.",
    "Our flu clinic opens at 9 am on Saturday.",
    "Elena and Hal were the names of our first two therapy dogs.",
])
def test_a_draft_with_no_patient_of_the_index_is_not_blocked_as_one(text: str) -> None:
    assert not blocked_as_patient(text)


def test_a_staff_name_that_is_also_a_patient_is_not_a_patient_record() -> None:
    # Staff are patients too; naming them as staff says nothing about their care.
    assert not blocked_as_patient("Congratulations to Elena Quintero, nurse of the year!", org_staff=("Elena Quintero",))


def test_inbound_text_is_not_looked_up() -> None:
    result = scan("I am Elena Quintero and I loved my nurses", Context(direction="inbound", kind="review",
                                                                      patient_index=PATIENTS))
    assert not any(f.rule.startswith("patient_index:") for f in result.findings)


def test_the_index_never_leaves_through_the_context() -> None:
    ctx = Context(patient_index=PATIENTS)
    assert "patient_index" not in ctx.to_dict()
    assert "patient_index" not in repr(ctx)
