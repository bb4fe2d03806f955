from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    """Information governance: the retention schedule, subject-access exports and the
    monitoring of what the policy does. It reads the other apps through their selectors
    and changes them only through their services."""

    name = "reporting.governance"
    label = "governance"
    verbose_name = "Information governance"
