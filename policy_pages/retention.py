"""Where the privacy notice finds the retention periods it lists.

The schedule belongs to information governance, an app in a layer above this one, so
this module cannot ask for it by name. Instead governance registers, as it starts, a
function that returns the periods in words; the privacy notice's block calls whatever is
registered, and lists nothing (with a sentence saying so) when nothing is.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class RetentionPeriod:
    """One line of the schedule as the public reads it."""

    record: str  # "Restriction and its letters"
    period: str  # "2 years after the restriction ended"


_sources = []


def register_retention_periods(source):
    """Name the function that lists the periods; the last one registered is used."""
    _sources.append(source)
    return source


def retention_periods() -> list[RetentionPeriod]:
    if not _sources:
        return []
    return list(_sources[-1]())
