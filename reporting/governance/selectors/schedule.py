"""The retention schedule in the public's words, for the privacy notice: what each kind of
record is, and how long it is kept after which event."""

from policy_pages.retention import RetentionPeriod

from ..models import RetentionRule


def duration_in_words(months: int) -> str:
    """24 → "2 years", 18 → "18 months", 1 → "1 month"."""
    if months and months % 12 == 0:
        years = months // 12
        return f"{years} year" if years == 1 else f"{years} years"
    return f"{months} month" if months == 1 else f"{months} months"


def public_retention_periods() -> list[RetentionPeriod]:
    """Every rule of the schedule, in the order the schedule lists them."""
    return [
        RetentionPeriod(
            record=rule.get_kind_display(),
            period=f"{duration_in_words(rule.months)} after {rule.get_runs_from_display()}",
        )
        for rule in RetentionRule.objects.order_by("kind")
    ]
