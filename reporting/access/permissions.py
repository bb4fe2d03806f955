"""Who may see and do what on the staff side. Views ask these; they never test groups.

``StaffAccess`` knows a user's roles and the services they manage. Whether a manager
reaches a customer depends on records that live in apps above this one (an incident in
a service they manage, reported by someone else): those apps say so through
``register_customer_reach``, and the answer for each record is worked out once per
request.

Reaching a record is not reading all of it. A manager reads the detail of their own
services' records; of another service's they see only that the record exists, unless they
have given a reason to read it ("break the glass"), which information governance sees.
The grants live in an app above this one, which says so through
``register_detail_grants``. Nothing a person does themselves widens what they may read.
"""

from functools import cached_property, reduce
from operator import or_

from .enums import Role

# Functions (access, record_ids) -> bool, filled in by the apps that link people to
# services; any one saying yes lets a manager open the record.
_customer_reach = []


# Functions (access) -> customer ids for which the user holds a live grant to read every
# service's detail.
_detail_grants = []


def register_detail_grants(grants):
    """Add a source of grants: ``grants(access)`` answers the ids of the customer records
    for which ``access.user`` has given a reason to read every service's detail."""
    if grants not in _detail_grants:
        _detail_grants.append(grants)
    return grants


def record_ids(customer) -> frozenset:
    """The customer's id and those of the records it was merged into, in turn."""
    ids, current = set(), customer
    while current is not None and current.pk not in ids:
        ids.add(current.pk)
        current = current.merged_into
    return frozenset(ids)


def register_customer_reach(reaches):
    """Add a way a manager may reach a customer record. ``reaches(access, record_ids)``
    answers whether any of the records (a customer and those merged with it) is linked
    to one of ``access.managed_area_ids``."""
    if reaches not in _customer_reach:
        _customer_reach.append(reaches)
    return reaches


class StaffAccess:
    """One user's roles and reach, worked out once per request."""

    def __init__(self, user):
        self.user = user
        self._opens_customer = {}

    @classmethod
    def for_request(cls, request):
        """The request's one ``StaffAccess``, made on first use and kept on the request."""
        access = getattr(request, "_staff_access", None)
        if access is None or access.user != request.user:
            access = request._staff_access = cls(request.user)
        return access

    @cached_property
    def roles(self) -> frozenset:
        if not self.user.is_authenticated or not self.user.is_active:
            return frozenset()
        names = set(self.user.groups.values_list("name", flat=True))
        return frozenset(names & set(Role.ALL))

    def has(self, *roles) -> bool:
        return bool(self.roles & set(roles))

    @property
    def is_staff_member(self) -> bool:
        return bool(self.roles)

    @property
    def sees_every_service(self) -> bool:
        return self.has(Role.HEALTH_AND_SAFETY, Role.INFORMATION_GOVERNANCE, Role.DECISION_MAKER)

    @property
    def can_use_queue(self) -> bool:
        return self.sees_every_service or self.has(Role.MANAGER)

    @property
    def can_read_audit_trail(self) -> bool:
        return self.has(Role.INFORMATION_GOVERNANCE)

    @cached_property
    def managed_area_ids(self) -> frozenset:
        if not self.has(Role.MANAGER):
            return frozenset()
        return frozenset(self.user.managed_service_areas.values_list("pk", flat=True))

    def visible_incidents(self, queryset):
        """Incidents this user may open: their own reports, plus those their role reaches."""
        from django.db.models import Q

        if self.sees_every_service:
            return queryset
        return queryset.filter(
            Q(reported_by=self.user)
            | Q(service_area_id__in=self.managed_area_ids)
            | Q(customer_id__in=self.granted_customer_ids)
        )

    def of_my_services(self, queryset, *area_paths):
        """Rows of ``queryset`` (records with a ``customer``) that are this user's work:
        all of them for the roles that see every service; for a manager, those reaching a
        service they manage through any of ``area_paths`` (lookups ending in a service
        area id). A reason given to read a record in full never adds to anyone's work."""
        from django.db.models import Q

        if self.sees_every_service:
            return queryset
        if not self.managed_area_ids:
            return queryset.none()
        mine = reduce(or_, (Q(**{f"{path}__in": self.managed_area_ids}) for path in area_paths))
        return queryset.filter(pk__in=queryset.model._default_manager.filter(mine).values("pk"))

    def queue_incidents(self, queryset):
        """Incidents in this user's queue: every service, or the services they manage."""
        if self.sees_every_service:
            return queryset
        return queryset.filter(service_area_id__in=self.managed_area_ids)

    def can_follow_up(self, incident) -> bool:
        return incident.service_area_id in self.managed_area_ids or self.has(
            Role.HEALTH_AND_SAFETY
        )

    def can_download_evidence(self, incident) -> bool:
        return (
            incident.reported_by_id == self.user.pk
            or incident.service_area_id in self.managed_area_ids
            or self.has(Role.HEALTH_AND_SAFETY, Role.INFORMATION_GOVERNANCE)
            or (
                incident.customer_id is not None
                and incident.customer_id in self.granted_customer_ids
            )
        )

    def queue_service_areas(self, queryset):
        """Service areas this user may pick in the queue's filter: all of them, or theirs."""
        if self.sees_every_service:
            return queryset
        return queryset.filter(pk__in=self.managed_area_ids)

    # Customer records and caution markers.

    def can_open_customer(self, customer) -> bool:
        """Health and safety, information governance and decision makers open any record;
        a manager opens one linked to a service they manage. A merged record counts the
        links of the record it was merged into. Worked out once per record."""
        if self.sees_every_service:
            return True
        if not self.managed_area_ids:
            return False
        if customer.pk not in self._opens_customer:
            ids = record_ids(customer)
            self._opens_customer[customer.pk] = any(
                reaches(self, ids) for reaches in _customer_reach
            )
        return self._opens_customer[customer.pk]

    # Detail held by each service.

    @cached_property
    def granted_customer_ids(self) -> frozenset:
        """Records this manager has given a reason to read in full, while the grant lasts."""
        if not self.managed_area_ids or self.sees_every_service:
            return frozenset()
        return frozenset().union(*(grants(self) for grants in _detail_grants))

    def has_detail_grant(self, customer) -> bool:
        return bool(self.granted_customer_ids and record_ids(customer) & self.granted_customer_ids)

    def reads_detail(self, record) -> bool:
        """Whether this user reads ``record``'s detail (an incident, warning, restriction,
        review, letter or marker, each of which names its services): every record for the
        roles that see every service; a manager's own services' records, and another
        service's only with a grant for the person."""
        if self.sees_every_service:
            return True
        if record.service_area_ids() & self.managed_area_ids:
            return True
        return self.has_detail_grant(record.customer)

    def can_break_glass(self, customer) -> bool:
        """A manager who reaches the record may give a reason to read every service's
        detail on it; the roles that see every service have no need to."""
        return (
            self.has(Role.MANAGER)
            and not self.sees_every_service
            and self.can_open_customer(customer)
        )

    @property
    def reads_equality_details(self) -> bool:
        """Equality details are for monitoring: only the roles that monitor read them."""
        return self.has(Role.INFORMATION_GOVERNANCE, Role.HEALTH_AND_SAFETY)

    def can_merge_customers(self, *customers) -> bool:
        """Managers and health and safety merge records (and undo merges) they can open."""
        return self.has(Role.MANAGER, Role.HEALTH_AND_SAFETY) and all(
            self.can_open_customer(customer) for customer in customers
        )

    def can_set_caution_marker(self, customer) -> bool:
        return self.has(Role.MANAGER) and self.can_open_customer(customer)

    def sees_pending_markers(self) -> bool:
        """Who learns that a marker waits for approval: its proposers and approvers."""
        return self.has(Role.MANAGER, Role.HEALTH_AND_SAFETY)

    def can_read_marker_reasons(self, marker) -> bool:
        return (
            self.has(Role.MANAGER, Role.HEALTH_AND_SAFETY)
            and self.can_open_customer(marker.customer)
            and self.reads_detail(marker)
        )

    def can_approve_caution_marker(self, marker) -> bool:
        """A member of health and safety who did not set the marker."""
        return self.has(Role.HEALTH_AND_SAFETY) and marker.set_by_id != self.user.pk

    def can_remove_caution_marker(self, marker) -> bool:
        return self.has(Role.MANAGER, Role.HEALTH_AND_SAFETY) and self.can_open_customer(
            marker.customer
        )

    def can_check_caution_markers(self) -> bool:
        """Anyone with a staff role may ask whether a marker exists before a visit."""
        return self.is_staff_member

    # Warnings, restrictions, reviews and letters.

    def can_warn_or_propose(self, customer) -> bool:
        """A manager of one of the person's services records warnings and proposes
        restrictions, on the record in use (not one merged into another)."""
        return (
            self.has(Role.MANAGER)
            and customer.merged_into_id is None
            and self.can_open_customer(customer)
        )

    def can_open_restriction(self, restriction) -> bool:
        return self.can_open_customer(restriction.customer) and self.reads_detail(restriction)

    def decision_conflict(self, restriction) -> str:
        """Why this user may not decide ``restriction``, or "" when they may. Independence
        is the rule: never the proposer, nor the reporter of an incident relied on."""
        if not self.has(Role.DECISION_MAKER):
            return "Only a decision maker can decide a restriction."
        if restriction.proposed_by_id == self.user.pk:
            return "You proposed this restriction, so another decision maker must decide it."
        if restriction.incidents.filter(reported_by_id=self.user.pk).exists():
            return (
                "You reported an incident this restriction relies on, so another decision "
                "maker must decide it."
            )
        return ""

    def can_decide(self, restriction) -> bool:
        return not self.decision_conflict(restriction)

    def reconsideration_conflict(self, reconsideration) -> str:
        """Why this user may not decide (or suspend the restriction for) a
        reconsideration, or "" when they may. Whoever reconsiders took no part in the
        case: not the proposer, not a reporter of an incident relied on, not the original
        decision maker."""
        if not self.has(Role.DECISION_MAKER):
            return "Only a decision maker can decide a reconsideration."
        restriction = reconsideration.restriction
        if restriction.proposed_by_id == self.user.pk:
            return (
                "You proposed this restriction, so a decision maker who took no part in the "
                "case must reconsider it."
            )
        if restriction.decided_by_id == self.user.pk:
            return (
                "You made the decision being reconsidered, so a decision maker who took no "
                "part in the case must reconsider it."
            )
        if restriction.incidents.filter(reported_by_id=self.user.pk).exists():
            return (
                "You reported an incident this restriction relies on, so a decision maker "
                "who took no part in the case must reconsider it."
            )
        return ""

    def can_decide_reconsideration(self, reconsideration) -> bool:
        return not self.reconsideration_conflict(reconsideration)

    def can_record_reconsideration(self, restriction) -> bool:
        """Managers who issue the restriction's letters, and decision makers, record a
        request for reconsideration."""
        if self.has(Role.DECISION_MAKER):
            return self.can_open_restriction(restriction)
        return self.can_issue_letters(restriction)

    def can_review(self, restriction) -> bool:
        """Decision makers decide at each review."""
        return self.has(Role.DECISION_MAKER)

    def can_issue_letters(self, record) -> bool:
        """Managers of a service that ``record`` (a warning, restriction or letter) belongs
        to preview and issue its letters: a reason given to read another service's records
        lets a manager read them, never act on them."""
        return (
            self.has(Role.MANAGER)
            and self.can_open_customer(record.customer)
            and bool(record.service_area_ids() & self.managed_area_ids)
        )

    def can_read_letter(self, letter) -> bool:
        return self.can_open_customer(letter.customer) and self.reads_detail(letter)

    @property
    def can_use_review_queue(self) -> bool:
        return self.has(Role.MANAGER, Role.DECISION_MAKER, Role.HEALTH_AND_SAFETY)

    # Read and file: what a customer sends under a restriction that routes it to a reader.

    def is_named_reader(self, restriction) -> bool:
        """Whether this user is the restriction's named reader, with a staff role still."""
        return self.is_staff_member and restriction.reader_id == self.user.pk

    def can_open_contact_item(self, item) -> bool:
        """The named reader opens the items they read, as does anyone who opens the
        restriction."""
        return self.is_named_reader(item.restriction) or self.can_open_restriction(
            item.restriction
        )

    def _manages_services_of(self, restriction) -> bool:
        return (
            self.has(Role.MANAGER)
            and self.can_open_restriction(restriction)
            and bool(restriction.service_area_ids() & self.managed_area_ids)
        )

    def can_log_contact(self, restriction) -> bool:
        """The named reader, a manager of the restriction's services, or a decision maker,
        log each item the person sends."""
        if self.is_named_reader(restriction):
            return True
        if self.has(Role.DECISION_MAKER) and self.can_open_restriction(restriction):
            return True
        return self._manages_services_of(restriction)

    def can_record_reading(self, item) -> bool:
        """The named reader records the reading; with none who can still sign in, a manager
        of the restriction's services does."""
        restriction = item.restriction
        reader = restriction.reader
        if reader is not None and reader.is_active:
            return self.is_named_reader(restriction)
        return self._manages_services_of(restriction)
