"""The restriction catalogue in the Wagtail admin, kept by policy approvers."""

from wagtail.snippets.views.snippets import SnippetViewSet

from .models import RestrictionType


class RestrictionTypeViewSet(SnippetViewSet):
    model = RestrictionType
    icon = "lock"
    menu_label = "Restriction catalogue"
    list_display = ["name", "needs_named_contact", "routes_to_reader", "active"]
    list_filter = ["active", "needs_named_contact", "routes_to_reader"]
