"""The retention schedule and legal holds in the Wagtail admin, kept by information
governance (model permissions granted by migration 0002). Rules and holds are never
deleted here: a rule is changed, a hold is lifted."""

from wagtail.admin.views.generic import CreateView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from .models import LegalHold, RetentionRule, RetentionRun


class RetentionRuleViewSet(ModelViewSet):
    model = RetentionRule
    icon = "time"
    menu_label = "Retention schedule"
    add_to_admin_menu = False
    form_fields = ["kind", "months", "runs_from", "note"]
    list_display = ["kind", "months", "runs_from", "updated_at"]
    inspect_view_enabled = True


class PlaceLegalHoldView(CreateView):
    """A hold names the officer who placed it: whoever adds it here."""

    def save_instance(self):
        self.form.instance.placed_by = self.request.user
        return super().save_instance()


class LegalHoldViewSet(ModelViewSet):
    model = LegalHold
    add_view_class = PlaceLegalHoldView
    icon = "lock"
    menu_label = "Legal holds"
    add_to_admin_menu = False
    form_fields = ["customer", "reason", "lifted_at"]
    list_display = ["__str__", "placed_at", "lifted_at"]
    list_filter = ["lifted_at"]
    inspect_view_enabled = True


class RetentionRunViewSet(ModelViewSet):
    model = RetentionRun
    icon = "history"
    menu_label = "Retention runs"
    add_to_admin_menu = False
    form_fields = ["dry_run"]
    list_display = ["__str__", "at", "dry_run"]
    inspect_view_enabled = True


class GovernanceGroup(ViewSetGroup):
    menu_label = "Information governance"
    menu_icon = "clipboard-list"
    menu_order = 260
    items = (RetentionRuleViewSet, LegalHoldViewSet, RetentionRunViewSet)
