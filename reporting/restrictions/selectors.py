"""Reading restrictions: those on a person, those in force and what staff may know of
them before contact, and those due for review."""

from dataclasses import dataclass

from django.db.models import OuterRef, Subquery

from home.dates import due_by
from policy_pages.models import RestrictionType
from reporting.access import audit
from reporting.access.enums import AuditAction, Role
from reporting.customers.selectors import merged_family_ids

from .enums import RestrictionStatus
from .models import Reconsideration, Restriction, RestrictionReview


def read_restriction(restriction, *, by):
    """Record that ``by`` read the decision record, and hand it back."""
    audit.record(actor=by, action=AuditAction.VIEW, obj=restriction)
    return restriction


@dataclass(frozen=True)
class RestrictionNotice:
    """What anyone with a staff role may know of a restriction in force: its plain words
    and who the person must deal with. Never the reasons or the evidence."""

    wording: list
    named_contact: str
    arrangements: str
    # Suspended by a decision maker until a request for reconsideration is decided: it
    # does not bind the person meanwhile.
    suspended: bool = False


def restrictions_in_force(customer):
    family = merged_family_ids(customer)
    return (
        Restriction.objects.in_force()
        .filter(customer_id__in=family)
        .prefetch_related("types")
        .order_by("starts_on", "pk")
    )


def restrictions_not_yet_told(customer):
    """Restrictions decided on the person but binding nobody yet: their letter has not
    been issued."""
    family = merged_family_ids(customer)
    return Restriction.objects.filter(
        customer_id__in=family, status=RestrictionStatus.DECIDED
    ).count()


def suspended_restriction_ids(restrictions):
    """The ids of ``restrictions`` suspended now, pending a reconsideration."""
    return set(
        Reconsideration.objects.filter(
            restriction__in=restrictions,
            decided_at__isnull=True,
            suspended_at__isnull=False,
            suspension_ended_at__isnull=True,
        ).values_list("restriction_id", flat=True)
    )


def restriction_notices(customer):
    restrictions = list(restrictions_in_force(customer))
    suspended = suspended_restriction_ids(restrictions)
    return [
        RestrictionNotice(
            wording=[t.letter_wording for t in restriction.types.all()],
            named_contact=restriction.named_contact,
            arrangements=restriction.arrangements,
            suspended=restriction.pk in suspended,
        )
        for restriction in restrictions
    ]


def active_types():
    return RestrictionType.objects.filter(active=True)


def restrictions_for(customer):
    """Every restriction on the person, proposed, in force or past, newest first."""
    return list(
        Restriction.objects.filter(customer_id__in=merged_family_ids(customer))
        .select_related("customer")
        .prefetch_related("types", "service_areas", "incidents")
        .order_by("-proposed_at", "-pk")
    )


def review_queue_restrictions(access, queryset):
    """Restrictions in ``access``'s review queue: every one for decision makers and
    health and safety; for a manager, those covering or relying on a service they manage."""
    return access.of_my_services(queryset, "service_areas__id", "incidents__service_area_id")


def in_force(access):
    """Restrictions in force that this user's review queue reaches."""
    return review_queue_restrictions(
        access, Restriction.objects.filter(status=RestrictionStatus.ACTIVE)
    )


def queue_restrictions(access, *, today, show_all=False):
    """Restrictions in force, due within 14 days or overdue (or all of them), by review
    date then reference, with the date of the latest review."""
    latest = RestrictionReview.objects.filter(restriction=OuterRef("pk")).order_by(
        "-reviewed_at", "-pk"
    )
    restrictions = in_force(access)
    if not show_all:
        restrictions = restrictions.filter(review_on__lte=due_by(today))
    return (
        restrictions.select_related("customer")
        .annotate(last_reviewed_at=Subquery(latest.values("reviewed_at")[:1]))
        .order_by("review_on", "reference")
    )


def read_reconsideration(reconsideration, *, by):
    """Record that ``by`` read a reconsideration, and hand it back."""
    audit.record(actor=by, action=AuditAction.VIEW, obj=reconsideration)
    return reconsideration


def reconsiderations_of(restriction):
    """Every reconsideration of ``restriction``, oldest first, with who did what."""
    return list(
        restriction.reconsiderations.select_related(
            "recorded_by", "decided_by", "suspended_by", "policy_version"
        ).order_by("recorded_at", "pk")
    )


def reconsiderations_to_decide(access):
    """Requests waiting for a decision that ``access``'s user may decide, oldest first:
    for a decision maker, those on cases they took no part in; for anyone else, none."""
    user = access.user
    if not access.has(Role.DECISION_MAKER):
        return Reconsideration.objects.none()
    return (
        Reconsideration.objects.filter(decided_at__isnull=True)
        .exclude(restriction__proposed_by=user)
        .exclude(restriction__decided_by=user)
        .exclude(restriction__incidents__reported_by=user)
        .select_related("restriction__customer")
        .distinct()
        .order_by("received_on", "recorded_at", "pk")
    )
