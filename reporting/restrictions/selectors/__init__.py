"""Reading restrictions: those on a person, those in force and what staff may know of
them before contact, and those due for review."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import BigIntegerField, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from home.dates import due_by
from home.models import CorrespondenceSettings, CouncilSettings
from policy_pages.models import PublishedVersion, RestrictionType
from policy_pages.versions import cited_policy_version
from reporting.access import audit
from reporting.access.enums import AuditAction, Role
from reporting.customers.selectors import merged_family_ids
from reporting.incidents.selectors import open_stored_file

from ..enums import RestrictionStatus
from ..models import ContactItem, Reconsideration, Restriction, RestrictionReview


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


# Restrictions decided under an older version of the policy ------------------------------


@dataclass(frozen=True)
class PolicyChange:
    """A restriction in force decided (or last reviewed) under an older version of the
    cited policy than its latest, with the link comparing the two."""

    restriction: Restriction
    decided_under: PublishedVersion
    latest: PublishedVersion
    compare_url: str


def compare_url(older, newer):
    """The page comparing two versions of one policy page, or "" once it is withdrawn."""
    page = newer.live_page
    if page is None:
        return ""
    return page.url + page.reverse_subpage("compare", args=[newer.number, older.number])


def _pinned_version():
    """The version a restriction now rests on: its latest review's, else its decision's."""
    reviews = RestrictionReview.objects.filter(
        restriction=OuterRef("pk"), policy_version__isnull=False
    ).order_by("-reviewed_at", "-pk")
    return Coalesce(
        Subquery(reviews.values("policy_version_id")[:1]),
        F("policy_version_id"),
        output_field=BigIntegerField(),
    )


def pinned_version(restriction):
    """The version of the policy ``restriction`` was decided or last reviewed under."""
    review = restriction.reviews.filter(policy_version__isnull=False).first()
    return review.policy_version if review else restriction.policy_version


def decided_under_older_policy(latest):
    """Restrictions in force resting on an older version of ``latest``'s page, with no
    check answering ``latest`` yet: oldest version first, then by decision date."""
    if latest is None:
        return Restriction.objects.none()
    older = PublishedVersion.objects.filter(page_id=latest.page_id, number__lt=latest.number)
    number = PublishedVersion.objects.filter(pk=OuterRef("pinned_version_id"))
    return (
        Restriction.objects.filter(status=RestrictionStatus.ACTIVE)
        .annotate(pinned_version_id=_pinned_version())
        .filter(pinned_version_id__in=older.values("pk"))
        .exclude(policy_checks__version=latest)
        .annotate(pinned_number=Subquery(number.values("number")[:1]))
        .select_related("customer")
        .order_by("pinned_number", "decided_at", "pk")
    )


def policy_changes(restrictions, latest):
    """``PolicyChange`` for each of ``restrictions`` (from ``decided_under_older_policy``)."""
    restrictions = list(restrictions)
    versions = PublishedVersion.objects.in_bulk({r.pinned_version_id for r in restrictions})
    links = {}
    changes = []
    for restriction in restrictions:
        older = versions[restriction.pinned_version_id]
        if older.pk not in links:
            links[older.pk] = compare_url(older, latest)
        changes.append(PolicyChange(restriction, older, latest, links[older.pk]))
    return changes


def policy_change_for(restriction):
    """The check ``restriction`` waits for against the cited policy's latest version, or
    None when it rests on that version already (or has been checked against it)."""
    latest = cited_policy_version()
    found = decided_under_older_policy(latest).filter(pk=restriction.pk)
    changes = policy_changes(found, latest)
    return changes[0] if changes else None


def policy_checks_of(restriction):
    """The checks made on ``restriction`` when new policy versions were published."""
    return list(restriction.policy_checks.select_related("version", "decided_under", "decided_by"))


# Read and file -----------------------------------------------------------------------


def possible_readers():
    """Who may be named to read what a customer sends: active staff and managers."""
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__name__in=[Role.STAFF, Role.MANAGER])
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


def routes_to_reader(restriction) -> bool:
    """Whether the restriction's types send the person's contact to a named reader."""
    return restriction.types.filter(routes_to_reader=True).exists()


NOT_ROUTED = (
    "This restriction does not send the person's contact to a named reader, so nothing is "
    "logged under it"
)
NOT_IN_FORCE = "Items are logged only while the restriction is in force"


def logging_refusal(restriction, *, today=None) -> str:
    """Why nothing may be logged under ``restriction`` now, or "" when items may be."""
    today = today or timezone.localdate()
    if restriction.status != RestrictionStatus.ACTIVE or restriction.starts_on > today:
        return NOT_IN_FORCE
    if not routes_to_reader(restriction):
        return NOT_ROUTED
    return ""


def read_contact_item(item, *, by):
    """Record that ``by`` opened the item, and hand it back."""
    audit.record(actor=by, action=AuditAction.VIEW, obj=item)
    return item


def open_contact_attachment(attachment, *, by):
    """The attachment opened for reading, its download recorded against its item."""
    return open_stored_file(
        attachment,
        by=by,
        record=attachment.item,
        note=f"Attachment {attachment.pk}",
        page=reverse("staff:contact_item", args=[attachment.item.reference]),
    )


def contact_items_of(restriction):
    """Every item logged under ``restriction``, oldest first, with who logged and read it."""
    return (
        ContactItem.objects.filter(restriction=restriction)
        .select_related("logged_by", "read_by")
        .prefetch_related("attachments")
        .order_by("received_on", "pk")
    )


def items_to_read(user):
    """Items waiting for ``user`` as their restriction's named reader, oldest first."""
    return (
        ContactItem.objects.filter(read_at__isnull=True, restriction__reader=user)
        .select_related("restriction")
        .order_by("received_on", "pk")
    )


def restrictions_read_by(user):
    """Restrictions in force whose named reader is ``user``: where they log what comes in."""
    return Restriction.objects.filter(reader=user, status=RestrictionStatus.ACTIVE).order_by(
        "reference"
    )


def unread_overdue(*, today):
    """Unread items received longer ago than the council's setting allows, oldest first."""
    threshold = CorrespondenceSettings.load()
    last_day = threshold.overdue_if_received_by(today, nation=CouncilSettings.load().nation)
    return (
        ContactItem.objects.filter(read_at__isnull=True, received_on__lte=last_day)
        .select_related("restriction")
        .order_by("received_on", "pk")
    )


def in_services(items, area_ids):
    """The items whose restriction covers, or relies on incidents in, one of ``area_ids``."""
    if not area_ids:
        return items.none()
    mine = ContactItem.objects.filter(
        Q(restriction__service_areas__in=area_ids)
        | Q(restriction__incidents__service_area__in=area_ids)
    )
    return items.filter(pk__in=mine.values("pk"))


def service_managers(restriction):
    """Managers of the services the restriction covers or relies on: the reader's managers."""
    return (
        get_user_model()
        .objects.filter(
            groups__name=Role.MANAGER,
            managed_service_areas__in=restriction.service_area_ids(),
        )
        .distinct()
    )


def unread_overdue_for(access, *, today):
    """Overdue unread items in the services this manager manages: the reader's managers."""
    return in_services(unread_overdue(today=today), access.managed_area_ids)


@dataclass(frozen=True)
class ContactSince:
    """What came in since the last review (or the decision), and what the readings found."""

    since: object  # a datetime, or None when the restriction has no decision date
    items: list

    @property
    def read(self):
        return [item for item in self.items if item.is_read]

    @property
    def unread(self):
        return [item for item in self.items if not item.is_read]

    def found(self):
        """(label, how many items) for each finding, in the fixed order."""
        return [
            (label, sum(1 for item in self.items if getattr(item, name)))
            for name, label in ContactItem.FINDINGS
        ]

    def actions(self):
        """(label, how many items) for each action taken, those with none left out."""
        counts = {}
        for item in self.read:
            label = item.get_action_display()
            counts[label] = counts.get(label, 0) + 1
        return sorted(counts.items())


def contact_since_last_review(restriction):
    """The items logged since the restriction's last review, or since its decision."""
    last = restriction.reviews.order_by("-reviewed_at", "-pk").first()
    since = last.reviewed_at if last else restriction.decided_at
    items = contact_items_of(restriction)
    if since is not None:
        items = items.filter(logged_at__gt=since)
    return ContactSince(since=since, items=list(items))
