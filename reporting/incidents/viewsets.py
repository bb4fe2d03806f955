"""Incidents and the kinds of behaviour in the Wagtail admin's staff records."""

from wagtail.permissions import register_permission_policy
from wagtail.snippets.views.snippets import SnippetViewSet

from reporting.access.viewsets import (
    AuditedIndexView,
    AuditedInspectView,
    ReadOnlyModelViewSet,
    ReadOnlyPolicy,
)

from .models import BehaviourCategory, Incident


class IncidentViewSet(ReadOnlyModelViewSet):
    model = Incident
    # Read and exported here, never edited: nothing in the admin asks what points at a
    # record, and indexing each one cost every save in the staff area a task and,
    # where tasks run at once, three queries more.
    add_to_reference_index = False
    icon = "warning"
    menu_label = "Incidents"
    name = "incidents"
    url_prefix = "staff-records/incidents"
    index_view_class = AuditedIndexView
    inspect_view_class = AuditedInspectView
    list_display = ["reference", "occurred_at", "service_area", "status", "hate_incident"]
    list_filter = [
        "status",
        "service_area",
        "channel",
        "hate_incident",
        "violence",
        "safeguarding_concern",
        "riddor_reportable",
        "police_informed",
    ]
    search_fields = ["reference"]
    list_export = [
        "reference",
        "occurred_at",
        "reported_at",
        "service_area",
        "channel",
        "location_kind",
        "status",
        "hate_incident",
        "violence",
        "injury",
        "police_informed",
        "riddor_reportable",
        "safeguarding_concern",
    ]
    export_filename = "incidents"
    ordering = ["-occurred_at"]
    inspect_view_fields_exclude = ["customer", "reported_by"]


class BehaviourCategoryViewSet(SnippetViewSet):
    model = BehaviourCategory
    icon = "tag"
    menu_label = "Behaviour categories"
    list_display = ["name", "kind", "active"]
    list_filter = ["kind", "active"]


register_permission_policy(Incident, ReadOnlyPolicy(Incident))
