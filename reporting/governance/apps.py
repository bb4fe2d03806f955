from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    """Information governance: the retention schedule, subject-access exports and the
    monitoring of what the policy does. It reads the other apps through their selectors
    and changes them only through their services."""

    name = "reporting.governance"
    label = "governance"
    verbose_name = "Information governance"

    def ready(self):
        # The privacy notice (a layer below) lists the schedule's periods through this.
        from policy_pages.retention import register_retention_periods

        from . import signals  # noqa: F401  (connects the receivers)
        from .selectors.schedule import public_retention_periods

        register_retention_periods(public_retention_periods)
