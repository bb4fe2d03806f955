"""The back office in the Wagtail admin: listings, inspection and export of staff records.

Health and safety and information governance read incidents and customers here; every
inspection and every exported row is written to the audit trail.
"""

from django.utils.html import format_html, format_html_join
from wagtail.admin.panels import FieldPanel, HelpPanel, ObjectList
from wagtail.admin.ui.tables import LiveStatusTagColumn, UpdatedAtColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.views.snippets import SnippetViewSet

from reporting import audit
from reporting.enums import AuditAction
from reporting.forms.letters import LetterTemplateForm
from reporting.models import (
    BehaviourCategory,
    Customer,
    Incident,
    Letter,
    LetterTemplate,
    LetterType,
    RestrictionType,
    ServiceArea,
)
from reporting.services.letters import HEADING_MARK, PLACEHOLDERS, REQUIRED_PLACEHOLDERS


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
register_permission_policy(Letter, ReadOnlyPolicy(Letter))


class LetterViewSet(ReadOnlyModelViewSet):
    """Issued letters, to read only: a letter never changes once it is issued."""

    model = Letter
    icon = "mail"
    menu_label = "Issued letters"
    name = "letters"
    url_prefix = "staff-records/letters"
    index_view_class = AuditedIndexView
    inspect_view_class = AuditedInspectView
    list_display = ["reference", "letter_type", "issued_at", "policy_version"]
    list_filter = ["letter_type", "issued_at"]
    search_fields = ["reference"]
    list_export = ["reference", "letter_type", "issued_at", "policy_url", "sha256", "size"]
    export_filename = "letters"
    ordering = ["-issued_at"]
    inspect_view_fields = [
        "reference",
        "letter_type",
        "issued_at",
        "policy_url",
        "subject",
        "sha256",
        "size",
    ]


class RestrictionTypeViewSet(SnippetViewSet):
    model = RestrictionType
    icon = "lock"
    menu_label = "Restriction catalogue"
    list_display = ["name", "needs_named_contact", "active"]
    list_filter = ["active", "needs_named_contact"]


def _placeholder_help():
    rows = format_html_join(
        "",
        "<li><code>{{{}}}</code>: {}</li>",
        ((name, description) for name, description in PLACEHOLDERS.items()),
    )
    required = format_html_join(
        "",
        "<li><strong>{}</strong>: {}</li>",
        (
            (LetterType(kind).label, ", ".join("{" + name + "}" for name in names))
            for kind, names in REQUIRED_PLACEHOLDERS.items()
        ),
    )
    return format_html(
        "<p>Leave a blank line between paragraphs. A paragraph starting with “{}” is a "
        "heading. A paragraph holding only {{restrictions}} becomes a bulleted list.</p>"
        "<p>A template can be saved as a draft at any time, but it is published only when "
        "it uses every placeholder its letter type requires, and no others.</p>"
        "<h3>Placeholders</h3><ul>{}</ul><h3>Required for each letter type</h3><ul>{}</ul>",
        HEADING_MARK,
        rows,
        required,
    )


class LetterTemplateViewSet(SnippetViewSet):
    """The wording of each type of letter. Policy approvers edit and publish it."""

    model = LetterTemplate
    icon = "mail"
    menu_label = "Letter templates"
    list_display = ["__str__", "subject", LiveStatusTagColumn(), UpdatedAtColumn()]
    search_fields = ["subject", "body"]
    edit_handler = ObjectList(
        [
            FieldPanel("letter_type"),
            FieldPanel("subject"),
            FieldPanel("body"),
            HelpPanel(content=_placeholder_help(), heading="How letter templates work"),
        ],
        base_form_class=LetterTemplateForm,
    )


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
        LetterTemplateViewSet,
        LetterViewSet,
    )
