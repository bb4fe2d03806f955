"""The back office in the Wagtail admin: what every staff-record listing shares (read
only, every inspection and exported row audited), and the service areas.

Health and safety and information governance read staff records there; changes go
through the staff area, where the rules and the audit trail apply.
"""

from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.views.snippets import SnippetViewSet

from . import audit
from .enums import AuditAction
from .models import ServiceArea


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


class ServiceAreaViewSet(SnippetViewSet):
    model = ServiceArea
    icon = "site"
    menu_label = "Service areas"
    list_display = ["name", "active"]
    list_filter = ["active"]
