"""One recognizer per module. Identifier recognizers run first; risk
recognizers run after them and see the identifiers that were kept."""

from __future__ import annotations

from bedside.guard.recognizers.address import AddressRecognizer
from bedside.guard.recognizers.advice import MedicalAdviceRecognizer
from bedside.guard.recognizers.age import AgeRecognizer
from bedside.guard.recognizers.base import Doc, Pattern, PatternRecognizer, Recognizer
from bedside.guard.recognizers.clinical import ClinicalDetailRecognizer
from bedside.guard.recognizers.crisis import CrisisRecognizer
from bedside.guard.recognizers.dates import DateRecognizer
from bedside.guard.recognizers.email import EmailRecognizer
from bedside.guard.recognizers.ids import IdRecognizer
from bedside.guard.recognizers.ip import IpRecognizer
from bedside.guard.recognizers.org_places import OrgPlaceRecognizer, PlacedPatientRecognizer
from bedside.guard.recognizers.patient_records import PatientRecordRecognizer
from bedside.guard.recognizers.person import NameRecognizer
from bedside.guard.recognizers.phone import PhoneRecognizer
from bedside.guard.recognizers.places import PlaceNameRecognizer
from bedside.guard.recognizers.relationship import PatientRelationshipRecognizer
from bedside.guard.recognizers.reply_risk import ReplyRiskRecognizer
from bedside.guard.recognizers.url import UrlRecognizer

IDENTIFIER_RECOGNIZERS: tuple[Recognizer, ...] = (
    EmailRecognizer(),
    UrlRecognizer(),
    IpRecognizer(),
    IdRecognizer(),
    PhoneRecognizer(),
    DateRecognizer(),
    AgeRecognizer(),
    AddressRecognizer(),
    PlaceNameRecognizer(),
    NameRecognizer(),
    OrgPlaceRecognizer(),  # the organization's units and campuses, when it has any
)
RISK_RECOGNIZERS: tuple[Recognizer, ...] = (
    PatientRelationshipRecognizer(),
    ReplyRiskRecognizer(),
    ClinicalDetailRecognizer(),
    MedicalAdviceRecognizer(),
    CrisisRecognizer(),
    PlacedPatientRecognizer(),  # a person on one of our units
    PatientRecordRecognizer(),  # the hospital's patient index, when it has one
)

__all__ = ["Doc", "Pattern", "PatternRecognizer", "Recognizer", "IDENTIFIER_RECOGNIZERS", "RISK_RECOGNIZERS"]
