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
