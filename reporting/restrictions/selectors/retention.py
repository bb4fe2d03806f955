"""What of restrictions, warnings and read-and-file items is past its retention period.
The schedule (reporting/governance) sets the cutoffs, says whose records are held and
what else goes in the same run; these say which records that leaves, each annotated with
``ran_from``, the date its period ran from. Removing them is in ``services.retention``."""

from django.db.models import Exists, F, OuterRef, Q

from ..enums import RestrictionStatus
from ..models import ContactItem, CustomerWarning, Restriction


def ended_restrictions_due(*, cutoff, relied_on_cutoff=None, excluding_customers=()):
    """Ended restrictions whose end is on or before ``cutoff``. With ``relied_on_cutoff``
    (the period of an incident relied on by a restriction), one that relied on incidents
    also waits for that period: once it goes nothing would show they were relied on, so
    it stays while they must be kept and they then go with it."""
    ended = Restriction.objects.filter(
        status=RestrictionStatus.ENDED, ended_on__isnull=False, ended_on__lte=cutoff
    ).annotate(ran_from=F("ended_on"))
    if relied_on_cutoff is not None:
        relies = Restriction.incidents.through.objects.filter(restriction_id=OuterRef("pk"))
        ended = ended.filter(Q(ended_on__lte=relied_on_cutoff) | ~Exists(relies))
    return ended.exclude(customer_id__in=excluding_customers)


def warnings_due(*, cutoff, excluding_customers=(), restrictions_going=None):
    """Warnings given on or before ``cutoff`` that no restriction still follows. A
    restriction in ``restrictions_going`` (due in the same run, so removed first) does not
    keep its warning."""
    following = Restriction.objects.filter(warning_id=OuterRef("pk"))
    if restrictions_going is not None:
        following = following.exclude(pk__in=restrictions_going.values("pk"))
    return (
        CustomerWarning.objects.filter(given_on__isnull=False, given_on__lte=cutoff)
        .exclude(customer_id__in=excluding_customers)
        .exclude(Exists(following))
        .annotate(ran_from=F("given_on"))
    )


def read_contact_items_due(
    *, cutoff, from_restriction_end=False, excluding_customers=(), restrictions_going=None
):
    """Read items past their period: counted from the day read, or with
    ``from_restriction_end`` from the day their restriction ended. Items of a restriction
    in ``restrictions_going`` are left out: they go with it, counted there."""
    items = ContactItem.objects.filter(read_at__isnull=False).exclude(
        restriction__customer_id__in=excluding_customers
    )
    if from_restriction_end:
        items = items.filter(
            restriction__status=RestrictionStatus.ENDED,
            restriction__ended_on__isnull=False,
            restriction__ended_on__lte=cutoff,
        ).annotate(ran_from=F("restriction__ended_on"))
    else:
        items = items.filter(read_at__date__lte=cutoff).annotate(ran_from=F("read_at"))
    if restrictions_going is not None:
        items = items.exclude(restriction__in=restrictions_going.values("pk"))
    return items


def restriction_relies_on(*, incident, excluding=None):
    """Whether a restriction relies on the incident whose id is at ``OuterRef(incident)``:
    an ``Exists`` for a query over incidents (or their evidence) to filter by. Those in
    ``excluding`` (a queryset of restrictions going) do not count."""
    relies = Restriction.incidents.through.objects.filter(incident_id=OuterRef(incident))
    if excluding is not None:
        relies = relies.exclude(restriction_id__in=excluding.values("pk"))
    return Exists(relies)


def warning_relies_on(*, incident, excluding=None):
    """Whether a warning rests on the incident whose id is at ``OuterRef(incident)``, as
    ``restriction_relies_on``; those in ``excluding`` (warnings going) do not count."""
    relies = CustomerWarning.incidents.through.objects.filter(incident_id=OuterRef(incident))
    if excluding is not None:
        relies = relies.exclude(customerwarning_id__in=excluding.values("pk"))
    return Exists(relies)
