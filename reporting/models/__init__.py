"""The staff intranet's records: reference lists, customers, incidents, restrictions,
letters and the audit trail."""

from .audit import AuditEvent
from .customers import CautionMarker, Customer, CustomerMerge
from .incidents import Evidence, FollowUp, Incident
from .letters import Letter, LetterSequence, LetterTemplate, LetterType
from .reference import BehaviourCategory, ServiceArea
from .restrictions import (
    CustomerWarning,
    Restriction,
    RestrictionReview,
    RestrictionType,
)

__all__ = [
    "AuditEvent",
    "BehaviourCategory",
    "CautionMarker",
    "Customer",
    "CustomerMerge",
    "CustomerWarning",
    "Evidence",
    "FollowUp",
    "Incident",
    "Letter",
    "LetterSequence",
    "LetterTemplate",
    "LetterType",
    "Restriction",
    "RestrictionReview",
    "RestrictionType",
    "ServiceArea",
]
