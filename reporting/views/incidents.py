"""Staff report an incident, see the confirmation, and list their own reports.

The views only read the request and choose what to show. Checking and saving a report,
the audit trail and the e-mails belong to ``reporting.services.incidents``.

The customer search is POSTed from the report page itself, so that names and postcodes
never travel in an address or land in a server log.
"""

from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.views.generic import ListView, TemplateView

from home.pagination import pagination
from reporting.forms.incident import WHO_EXISTING
from reporting.models import Incident
from reporting.services import incidents as service

from .base import StaffView

MY_REPORTS_PAGE_SIZE = 20


class ReportIncidentView(StaffView, TemplateView):
    template_name = "reporting/incidents/report.html"

    def get(self, request, *args, **kwargs):
        return self.show(service.report_form())

    def post(self, request, *args, **kwargs):
        if self.wants_search():
            return self.search()
        try:
            incident = service.report_incident(
                reporter=request.user, data=request.POST, files=request.FILES
            )
        except service.InvalidReport as problem:
            return self.show(problem.form)
        return redirect("reporting:submitted", reference=incident.reference)

    def wants_search(self):
        """The Search button, or the Enter key in the search box before anyone is chosen."""
        data = self.request.POST
        action = data.get("action", "")
        if action == "search":
            return True
        return (
            action == "enter"
            and data.get("who") == WHO_EXISTING
            and bool(data.get("customer_search", "").strip())
            and not data.get("customer")
        )

    def search(self):
        """Show the records that match, keeping every other answer as it was typed."""
        data = self.request.POST.copy()
        data["who"] = WHO_EXISTING
        term = data.get("customer_search", "")
        found = service.search_customers(term, by=self.request.user)
        form = service.report_form(data=data, found=found)
        form.hide_problems()
        # Browsers cannot send chosen files back: say so, rather than lose them quietly.
        form.files_dropped = bool(self.request.FILES.getlist("evidence"))
        if len(term.strip()) < 2:
            form.add_error(
                "customer_search", "Enter a name, customer reference or postcode to search for"
            )
        return self.show(form)

    def show(self, form):
        return self.render_to_response(self.get_context_data(form=form))


class SubmittedView(StaffView, TemplateView):
    """The confirmation. Only the person who reported the incident may open it."""

    template_name = "reporting/incidents/submitted.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        incident = get_object_or_404(
            Incident.objects.select_related("service_area"),
            reference=self.kwargs["reference"],
            reported_by=self.request.user,
        )
        context.update(
            incident=incident,
            managers_told=bool(service.manager_addresses(incident)),
            safety_told=bool(service.health_and_safety_addresses(incident)),
            reasons=service.join_with_and(service.health_and_safety_reasons(incident)),
        )
        return context


class MyReportsView(StaffView, ListView):
    """The signed-in person's own reports, newest first. Nobody else's are listed."""

    template_name = "reporting/incidents/my_reports.html"
    context_object_name = "incidents"
    paginate_by = MY_REPORTS_PAGE_SIZE

    def get_queryset(self):
        return (
            Incident.objects.filter(reported_by=self.request.user)
            .select_related("service_area")
            .order_by("-reported_at", "-pk")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["pagination"] = pagination(context["page_obj"])
        return context


urlpatterns = [
    path("incidents/new/", ReportIncidentView.as_view(), name="report"),
    path("incidents/<str:reference>/submitted/", SubmittedView.as_view(), name="submitted"),
    path("my-reports/", MyReportsView.as_view(), name="my_reports"),
]
