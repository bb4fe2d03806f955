"""The staff roles and the actions the audit trail records."""

from django.db import models


class Role:
    """Names of the staff groups, exactly as migrations create them."""

    STAFF = "Staff"
    MANAGER = "Manager"
    DECISION_MAKER = "Decision maker"
    HEALTH_AND_SAFETY = "Health and safety"
    INFORMATION_GOVERNANCE = "Information governance"
    ALL = (STAFF, MANAGER, DECISION_MAKER, HEALTH_AND_SAFETY, INFORMATION_GOVERNANCE)


class AuditAction(models.TextChoices):
    VIEW = "view", "Viewed"
    CREATE = "create", "Created"
    CHANGE = "change", "Changed"
    DOWNLOAD = "download", "Downloaded"
    EXPORT = "export", "Exported"
    MERGE = "merge", "Merged"
    UNMERGE = "unmerge", "Merge undone"
    VIEW_REASONS = "view_reasons", "Viewed marker reasons"
    APPROVE = "approve", "Approved"
    INTEGRITY_FAILURE = "integrity", "Failed its integrity check"
    BREAK_GLASS = "break_glass", "Read another service's records, with a reason"
    READ_TRAIL = "read_trail", "Read the audit trail"
    RETENTION = "retention", "Removed under the retention schedule"
