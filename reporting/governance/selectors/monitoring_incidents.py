"""The incident figures: by month, behaviour, channel, service and site, and RIDDOR
cases and injuries. Managers count the incidents of the services they manage.

The incidents selectors' ``incident_counts`` asks for them once: the period's
incidents in groups by month, service, site and channel (a few thousand at most, each
with its RIDDOR, injury and violence counts), rolled up here into each figure, and the
behaviours recorded."""

from collections import Counter
from dataclasses import dataclass

from reporting.incidents.enums import Channel
from reporting.incidents.selectors import incident_counts

from .monitoring_figures import Figure, labelled_rows, largest_first


@dataclass(frozen=True)
class IncidentCounts:
    """The period's incidents counted once, in groups that every figure rolls up."""

    groups: list
    behaviours: dict

    @classmethod
    def of(cls, access, period):
        groups, behaviours = incident_counts(access, *period.times())
        return cls(groups=groups, behaviours=behaviours)

    def by(self, key):
        counted = Counter()
        for group in self.groups:
            counted[group[key]] += group["n"]
        return counted

    def total(self, key):
        return sum(group[key] for group in self.groups)


def _month(value):
    return value.date() if hasattr(value, "date") else value


def by_month_figure(counts, period) -> Figure:
    counted = Counter()
    for group in counts.groups:
        counted[_month(group["month"])] += group["n"]
    months = [(f"{month:%B %Y}", counted.get(month, 0)) for month in period.months()]
    return Figure(
        "by_month",
        "Incidents by month",
        "Month",
        ["Incidents"],
        labelled_rows(months),
        totalled=True,
    )


def by_behaviour_figure(counts) -> Figure:
    pairs = largest_first(counts.behaviours, lambda name: name or "None recorded")
    return Figure(
        "by_behaviour",
        "Incidents by behaviour",
        "Behaviour",
        ["Incidents"],
        labelled_rows(pairs),
        note="An incident may show more than one behaviour, so these can add up to more "
        "than the number of incidents.",
    )


def by_channel_figure(counts) -> Figure:
    names = dict(Channel.choices)
    pairs = largest_first(counts.by("channel"), lambda v: names.get(v, v))
    return Figure(
        "by_channel",
        "Incidents by channel",
        "Channel",
        ["Incidents"],
        labelled_rows(pairs),
        totalled=True,
    )


def by_service_figure(counts) -> Figure:
    pairs = largest_first(counts.by("service"))
    return Figure(
        "by_service",
        "Incidents by service",
        "Service",
        ["Incidents"],
        labelled_rows(pairs),
        totalled=True,
    )


def by_site_figure(counts) -> Figure:
    pairs = largest_first(counts.by("site"), lambda v: v or "No council site given")
    return Figure(
        "by_site", "Incidents by site", "Site", ["Incidents"], labelled_rows(pairs), totalled=True
    )


def riddor_figure(counts) -> Figure:
    return Figure(
        "riddor",
        "RIDDOR cases and injuries",
        "Incidents",
        ["Incidents"],
        labelled_rows(
            [
                ("Reportable under RIDDOR", counts.total("riddor")),
                ("Someone was injured", counts.total("injury")),
                ("Violence was used", counts.total("violence")),
            ]
        ),
        note="Days lost are not recorded yet: incident reports have no field for them, so "
        "this counts the cases instead.",
    )


# Each figure on its own, from the same two queries.


def incidents_by_month(access, period) -> Figure:
    return by_month_figure(IncidentCounts.of(access, period), period)


def incidents_by_behaviour(access, period) -> Figure:
    return by_behaviour_figure(IncidentCounts.of(access, period))


def incidents_by_channel(access, period) -> Figure:
    return by_channel_figure(IncidentCounts.of(access, period))


def incidents_by_service(access, period) -> Figure:
    return by_service_figure(IncidentCounts.of(access, period))


def incidents_by_site(access, period) -> Figure:
    return by_site_figure(IncidentCounts.of(access, period))


def riddor_and_injuries(access, period) -> Figure:
    return riddor_figure(IncidentCounts.of(access, period))
