"""The staff intranet's records: reference lists, customers, incidents and the audit trail."""

from .audit import AuditEvent
from .customers import CautionMarker, Customer, CustomerMerge
from .incidents import Evidence, FollowUp, Incident
from .reference import BehaviourCategory, ServiceArea
from .restrictions import RestrictionType

__all__ = [
    "AuditEvent",
    "BehaviourCategory",
    "CautionMarker",
    "Customer",
    "CustomerMerge",
    "Evidence",
    "FollowUp",
    "Incident",
    "RestrictionType",
    "ServiceArea",
]
