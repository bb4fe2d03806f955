"""Information governance's view of the retention schedule: what a run today would remove
and why, the rules, the holds in force and what the last runs removed. The rules and holds
are kept in the admin; the daily job does the removing."""

from django.urls import path
from django.views.generic import TemplateView

from reporting.access.enums import Role
from reporting.access.views import StaffView

from ..models import LegalHold, RetentionRule
from ..selectors import retention


class RetentionView(StaffView, TemplateView):
    template_name = "governance/retention.html"

    def has_access(self):
        return self.access.has(Role.INFORMATION_GOVERNANCE)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            due=retention.due_for_retention(),
            rules=RetentionRule.objects.all(),
            not_yet=[kind.label for kind in retention.NOT_YET_CARRIED_OUT],
            holds_in_force=LegalHold.objects.in_force().count(),
            runs=retention.recent_runs(),
            **kwargs,
        )


urlpatterns = [
    path("governance/retention/", RetentionView.as_view(), name="governance_retention"),
]
