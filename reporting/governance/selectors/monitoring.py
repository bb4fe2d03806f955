"""The monitoring figures, scoped to what the reader may see (docs/governance.md,
"Monitoring"): each one a table of labelled counts, made by the modules beside this one
(incidents, restrictions, equality), put together here in the order the page shows them.

Managers count the incidents and restrictions of the services they manage; health and
safety and information governance count everything. Equality monitoring is only for
those who read equality details, and hides every group smaller than
``MONITORING_SMALL_GROUP`` (5 unless set)."""

from dataclasses import dataclass

from reporting.access.enums import Role

from .monitoring_equality import EQUALITY_COLUMNS, equality_monitoring
from .monitoring_figures import Cell, Figure, Period, Row, small_group
from .monitoring_incidents import (
    IncidentCounts,
    by_behaviour_figure,
    by_channel_figure,
    by_month_figure,
    by_service_figure,
    by_site_figure,
    incidents_by_behaviour,
    incidents_by_channel,
    incidents_by_month,
    incidents_by_service,
    incidents_by_site,
    riddor_and_injuries,
    riddor_figure,
)
from .monitoring_restrictions import (
    reconsiderations,
    restrictions_by_service,
    restrictions_by_type,
    reviews_on_time,
)

__all__ = [
    "EQUALITY_COLUMNS",
    "MONITORING_ROLES",
    "Cell",
    "Figure",
    "Period",
    "Row",
    "Section",
    "can_monitor",
    "dashboard",
    "equality_monitoring",
    "incidents_by_behaviour",
    "incidents_by_channel",
    "incidents_by_month",
    "incidents_by_service",
    "incidents_by_site",
    "reconsiderations",
    "restrictions_by_service",
    "restrictions_by_type",
    "reviews_on_time",
    "riddor_and_injuries",
    "small_group",
]

MONITORING_ROLES = (Role.MANAGER, Role.HEALTH_AND_SAFETY, Role.INFORMATION_GOVERNANCE)


def can_monitor(access) -> bool:
    return access.has(*MONITORING_ROLES)


@dataclass
class Section:
    title: str
    figures: list


def dashboard(access, period) -> list:
    """Every section the reader may see, in the order the page shows them."""
    incidents = IncidentCounts.of(access, period)
    sections = [
        Section(
            "Incidents",
            [
                by_month_figure(incidents, period),
                by_behaviour_figure(incidents),
                by_channel_figure(incidents),
                by_service_figure(incidents),
                by_site_figure(incidents),
            ],
        ),
        Section(
            "Restrictions",
            [
                restrictions_by_type(access, period),
                restrictions_by_service(access, period),
                reviews_on_time(access, period),
                reconsiderations(access, period),
            ],
        ),
        Section("Health and safety", [riddor_figure(incidents)]),
    ]
    if access.reads_equality_details:
        sections.append(Section("Equality monitoring", equality_monitoring(access, period)))
    return sections
