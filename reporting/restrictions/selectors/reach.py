"""Which restrictions reach a manager's services, asked in a form PostgreSQL answers from
indexes at any size (make bench: the monitoring figures)."""

from django.db.models import OuterRef, Q, Subquery

from ..models import Restriction


def reaching_my_services(access, queryset):
    """The restrictions of ``queryset`` that review_queue_restrictions would give, asked
    so the planner can use indexes: the ids linked to a manager's services, through the
    services covered or through the incidents relied on, each from its own link table,
    rather than an OR across joins, which reads every incident (make bench)."""
    if access.sees_every_service:
        return queryset
    areas = access.managed_area_ids
    if not areas:
        return queryset.none()
    covering = Restriction.service_areas.through.objects.filter(servicearea_id__in=areas)
    # Each link's incident looked up by its key: joined instead, PostgreSQL reads every
    # incident of the manager's services to match the few that restrictions rely on.
    Links = Restriction.incidents.through
    incident = Links.incident.field.related_model.objects.filter(pk=OuterRef("incident_id"))
    relying = Links.objects.annotate(
        service_id=Subquery(incident.order_by().values("service_area_id"))
    ).filter(service_id__in=areas)
    return queryset.filter(
        Q(pk__in=covering.values("restriction_id")) | Q(pk__in=relying.values("restriction_id"))
    )
