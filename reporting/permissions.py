"""Who may see and do what on the staff side. Views ask these; they never test groups."""

from functools import cached_property

from reporting.enums import Role


class StaffAccess:
    """One user's roles and reach, worked out once per request."""

    def __init__(self, user):
        self.user = user

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
            Q(reported_by=self.user) | Q(service_area_id__in=self.managed_area_ids)
        )

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
        )

    def queue_service_areas(self, queryset):
        """Service areas this user may pick in the queue's filter: all of them, or theirs."""
        if self.sees_every_service:
            return queryset
        return queryset.filter(pk__in=self.managed_area_ids)

    # Customer records and caution markers.

    def can_open_customer(self, customer) -> bool:
        """Health and safety, information governance and decision makers open any record;
        a manager opens one with an incident in a service they manage. A merged record
        counts the incidents of the record it was merged into."""
        if self.sees_every_service:
            return True
        if not self.managed_area_ids:
            return False
        from reporting.models import Incident

        record_ids, current = set(), customer
        while current is not None and current.pk not in record_ids:
            record_ids.add(current.pk)
            current = current.merged_into
        return Incident.objects.filter(
            customer_id__in=record_ids, service_area_id__in=self.managed_area_ids
        ).exists()

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
        return self.has(Role.MANAGER, Role.HEALTH_AND_SAFETY) and self.can_open_customer(
            marker.customer
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
        return self.can_open_customer(restriction.customer)

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

    def can_review(self, restriction) -> bool:
        """Decision makers decide at each review."""
        return self.has(Role.DECISION_MAKER)

    def can_issue_letters(self, customer) -> bool:
        """Managers who can open the record preview and issue its letters."""
        return self.has(Role.MANAGER) and self.can_open_customer(customer)

    def can_read_letters(self, customer) -> bool:
        return self.can_open_customer(customer)

    @property
    def can_use_review_queue(self) -> bool:
        return self.has(Role.MANAGER, Role.DECISION_MAKER, Role.HEALTH_AND_SAFETY)

    def review_queue_restrictions(self, queryset):
        """Restrictions in this user's review queue: every one for decision makers and
        health and safety; for a manager, those on people seen by the services they manage."""
        if self.sees_every_service:
            return queryset
        if not self.managed_area_ids:
            return queryset.none()
        from django.db.models import Exists, OuterRef

        from reporting.models import Incident

        in_my_services = Incident.objects.filter(
            customer_id=OuterRef("customer_id"), service_area_id__in=self.managed_area_ids
        )
        return queryset.filter(Exists(in_my_services))
