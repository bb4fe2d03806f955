"""The back office in the Wagtail admin: listings, inspection and export of staff records.

Health and safety and information governance read incidents and customers here; every
inspection and every exported row is written to the audit trail.
"""

from wagtail.admin.views import generic
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.views.snippets import SnippetViewSet

from reporting import audit
from reporting.enums import AuditAction
from reporting.models import (
    BehaviourCategory,
    Customer,
    Incident,
    RestrictionType,
    ServiceArea,
)


class ReadOnlyPolicy(ModelPermissionPolicy):
    """Records are read and exported here, never edited: changes go through the staff area,
    where the rules and the audit trail apply."""

    def user_has_permission(self, user, action):
        return action == "view" and super().user_has_permission(user, "view")

    def user_has_any_permission(self, user, actions):
        return "view" in actions and super().user_has_permission(user, "view")

    def users_with_any_permission(self, actions, **kwargs):
        if "view" not in actions:
            return super().users_with_any_permission([], **kwargs)
        return super().users_with_any_permission(["view"], **kwargs)


class ReadOnlyModelViewSet(ModelViewSet):
    add_to_admin_menu = False
    inspect_view_enabled = True
    form_fields = []


class AuditedIndexView(generic.IndexView):
    def as_spreadsheet(self, queryset, spreadsheet_format):
        rows = list(queryset)
        audit.record_many(
            actor=self.request.user,
            action=AuditAction.EXPORT,
            objects=rows,
            note=f"Exported as {spreadsheet_format.upper()}",
        )
        return super().as_spreadsheet(rows, spreadsheet_format)


class AuditedInspectView(generic.InspectView):
    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        audit.record(actor=self.request.user, action=AuditAction.VIEW, obj=self.object)
        return context


class IncidentViewSet(ReadOnlyModelViewSet):
    model = Incident
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


class CustomerViewSet(ReadOnlyModelViewSet):
    model = Customer
    icon = "user"
    menu_label = "Customers"
    name = "customers"
    url_prefix = "staff-records/customers"
    index_view_class = AuditedIndexView
    inspect_view_class = AuditedInspectView
    list_display = ["reference", "last_name", "first_name", "postcode"]
    list_filter = ["created_at"]
    search_fields = ["reference", "last_name", "postcode"]
    list_export = ["reference", "first_name", "last_name", "postcode", "created_at"]
    export_filename = "customers"


class ServiceAreaViewSet(SnippetViewSet):
    model = ServiceArea
    icon = "site"
    menu_label = "Service areas"
    list_display = ["name", "active"]
    list_filter = ["active"]


class BehaviourCategoryViewSet(SnippetViewSet):
    model = BehaviourCategory
    icon = "tag"
    menu_label = "Behaviour categories"
    list_display = ["name", "kind", "active"]
    list_filter = ["kind", "active"]


register_permission_policy(Incident, ReadOnlyPolicy(Incident))
register_permission_policy(Customer, ReadOnlyPolicy(Customer))


class RestrictionTypeViewSet(SnippetViewSet):
    model = RestrictionType
    icon = "lock"
    menu_label = "Restriction catalogue"
    list_display = ["name", "needs_named_contact", "active"]
    list_filter = ["active", "needs_named_contact"]


class StaffRecordsGroup(ViewSetGroup):
    menu_label = "Staff records"
    menu_icon = "folder-open-inverse"
    menu_order = 250
    items = (
        IncidentViewSet,
        CustomerViewSet,
        ServiceAreaViewSet,
        BehaviourCategoryViewSet,
        RestrictionTypeViewSet,
    )
