from .approvals import ApprovalStep
from .audit import AuditEntry, AuditPrunePoint
from .members import ApiToken, LoginAttempt, Member, SignInCounter
from .organizations import Location, Organization
from .schedules import Schedule
from .sso import SsoIdentity
from .twofactor import TwoFactor
from .vocabulary import PatientIndexEntry, PatientIndexImport, VocabularyTerm
from .workers import WorkerHeartbeat

__all__ = [
    "ApiToken",
    "ApprovalStep",
    "AuditEntry",
    "AuditPrunePoint",
    "Location",
    "LoginAttempt",
    "Member",
    "Organization",
    "PatientIndexEntry",
    "PatientIndexImport",
    "Schedule",
    "SignInCounter",
    "SsoIdentity",
    "TwoFactor",
    "WorkerHeartbeat",
    "VocabularyTerm",
]
