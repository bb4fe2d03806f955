"""Reporting an incident, the reporter's own list, and the manager's queue, the incident
page, the follow-up and the evidence.

The views read the request and choose what to show; the report form checks the answers,
``services`` saves them and tells people, and ``selectors`` read (and audit) incidents.
The customer search is POSTed from the report page itself, so that names and postcodes
never travel in an address or land in a server log.
"""

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.generic import FormView, ListView, TemplateView, View

from home.forms import add_rule_errors
from home.pagination import CappedPaginator, pagination
from home.rules import RuleError
from reporting.access.views import StaffView
from reporting.customers.search_limit import TOO_MANY, TOO_MANY_STATUS, search_allowed
from reporting.customers.selectors import search_customers

from . import notifications, selectors, services
from .enums import ReportedPerson, SupportOption
from .forms.follow_up import FollowUpForm
from .forms.queue_filters import QueueFilterForm
from .forms.report import report_form
from .forms.triage import TriageForm
from .models import Incident
from .selectors import StoredFileIntegrityError

MY_REPORTS_PAGE_SIZE = 20
PAGE_SIZE = 25


class ReportIncidentView(StaffView, TemplateView):
    template_name = "incidents/report.html"

    def get(self, request, *args, **kwargs):
        return self.show(report_form())

    def post(self, request, *args, **kwargs):
        if self.wants_search():
            return self.search()
        form = report_form(data=request.POST, files=request.FILES, found=self.found_again())
        if not form.is_valid():
            return self.show(form)
        incident = services.report_incident(reporter=request.user, answers=form.cleaned_data)
        return redirect("staff:submitted", reference=incident.reference)

    def wants_search(self):
        """The Search button, or the Enter key in the search box before anyone is chosen."""
        data = self.request.POST
        action = data.get("action", "")
        if action == "search":
            return True
        return (
            action == "enter"
            and data.get("who") == ReportedPerson.EXISTING
            and bool(data.get("customer_search", "").strip())
            and not data.get("customer")
        )

    def found_again(self):
        """A form sent back with a search term lists the matching records again, which is
        a search too: it counts, and once the allowance is used up nobody is listed (a
        person already chosen stays chosen). None lets the form search as usual."""
        if not self.request.POST.get("customer_search", "").strip():
            return None
        return None if search_allowed(self.request) else ()

    def search(self):
        """Show the records that match, keeping every other answer as it was typed."""
        data = self.request.POST.copy()
        data["who"] = ReportedPerson.EXISTING
        term = data.get("customer_search", "")
        allowed = search_allowed(self.request)
        found = search_customers(term, by=self.request.user) if allowed else ()
        form = report_form(data=data, found=found)
        form.hide_problems()
        # Browsers cannot send chosen files back: say so, rather than lose them quietly.
        form.files_dropped = bool(self.request.FILES.getlist("evidence"))
        if not allowed:
            form.searched = False  # not "No records match": the search did not run
            form.add_error("customer_search", TOO_MANY)
            response = self.show(form)
            response.status_code = TOO_MANY_STATUS
            return response
        if len(term.strip()) < 2:
            form.add_error(
                "customer_search", "Enter a name, customer reference or postcode to search for"
            )
        return self.show(form)

    def show(self, form):
        return self.render_to_response(self.get_context_data(form=form))


class SubmittedView(StaffView, TemplateView):
    """The confirmation. Only the person who reported the incident may open it."""

    template_name = "incidents/submitted.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        incident = get_object_or_404(
            Incident.objects.select_related("service_area"),
            reference=self.kwargs["reference"],
            reported_by=self.request.user,
        )
        context.update(
            incident=incident,
            managers_told=bool(notifications.manager_addresses(incident)),
            safety_told=bool(notifications.health_and_safety_addresses(incident)),
            reasons=notifications.join_with_and(notifications.health_and_safety_reasons(incident)),
        )
        return context


class MyReportsView(StaffView, ListView):
    """The signed-in person's own reports, newest first. Nobody else's are listed."""

    template_name = "incidents/my_reports.html"
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


class IncidentMixin:
    """Finds the incident named in the address among those this user may open, or 404."""

    def get_incident(self, queryset=None):
        if not hasattr(self, "incident"):
            queryset = Incident.objects.all() if queryset is None else queryset
            self.incident = get_object_or_404(
                self.access.visible_incidents(queryset), reference=self.kwargs["reference"]
            )
        return self.incident


class QueueView(StaffView, TemplateView):
    template_name = "incidents/queue/queue.html"

    def has_access(self):
        return self.access.can_use_queue

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = QueueFilterForm(self.request.GET or None, access=self.access)
        incidents = form.filter(
            self.access.queue_incidents(Incident.objects.all())
            .select_related("service_area")
            .prefetch_related("categories")
        )
        page = CappedPaginator(incidents, PAGE_SIZE).get_page(self.request.GET.get("page"))
        context.update(
            form=form,
            page=page,
            incidents=page.object_list,
            pagination=pagination(page, dict(self.request.GET.lists())),
        )
        return context


class IncidentDetailView(IncidentMixin, StaffView, TemplateView):
    template_name = "incidents/queue/incident.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        incident = selectors.read_incident(
            self.get_incident(selectors.incident_page_rows()), by=self.request.user
        )
        follow_up = services.current_follow_up(incident)
        context.update(
            incident=incident,
            follow_up=follow_up if follow_up.pk else None,
            can_follow_up=self.access.can_follow_up(incident),
            can_download_evidence=self.access.can_download_evidence(incident),
            support_requested=[
                SupportOption(value).label if value in SupportOption.values else value
                for value in incident.support_requested
            ],
        )
        return context


class FollowUpView(IncidentMixin, StaffView, FormView):
    template_name = "incidents/queue/follow_up.html"
    form_class = FollowUpForm

    def has_access(self):
        # Not allowed to see it: 404 (raised by get_incident). Sees it, cannot act: 403.
        return self.access.can_follow_up(
            self.get_incident(Incident.objects.select_related("service_area", "follow_up"))
        )

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "incident": self.incident}

    def form_valid(self, form):
        try:
            services.record_follow_up(
                incident=self.incident,
                user=self.request.user,
                status=form.cleaned_data["status"],
                **form.details(),
            )
        except RuleError as error:
            add_rule_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, "The follow-up has been saved.")
        return redirect("staff:incident", reference=self.incident.reference)

    def get_context_data(self, **kwargs):
        return super().get_context_data(incident=self.incident, **kwargs)


class TriageView(IncidentMixin, StaffView, FormView):
    """Health and safety (or the incident's managers) correct the RIDDOR, injury and
    hate-incident answers, or record the report to the HSE."""

    template_name = "incidents/queue/triage.html"
    form_class = TriageForm

    def has_access(self):
        # Not allowed to see it: 404 (raised by get_incident). Sees it, cannot act: 403.
        return self.access.can_follow_up(self.get_incident())

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "incident": self.incident}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            incident=self.incident,
            deadlines=services.riddor_deadlines(self.incident),
            corrections=list(self.incident.corrections.select_related("made_by")),
            labels=services.TRIAGE_LABELS,
            **kwargs,
        )

    def form_valid(self, form):
        try:
            services.correct_incident(
                incident=self.incident,
                by=self.request.user,
                reason=form.cleaned_data["reason"],
                **form.triage_values(),
            )
        except RuleError as error:
            add_rule_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, "The corrections have been saved.")
        return redirect("staff:incident", reference=self.incident.reference)


class EvidenceDownloadView(IncidentMixin, StaffView, View):
    def get(self, request, reference, pk):
        incident = self.get_incident()
        if not self.access.can_download_evidence(incident):
            raise Http404
        evidence = get_object_or_404(incident.evidence.all(), pk=pk)
        try:
            handle = selectors.open_evidence(evidence, by=request.user)
        except FileNotFoundError:
            raise Http404 from None
        except StoredFileIntegrityError:
            # The bytes are never served; information governance has been told.
            return TemplateResponse(
                request,
                "incidents/file_integrity_failed.html",
                {
                    "reference": incident.reference,
                    "back_url": reverse("staff:incident", args=[incident.reference]),
                },
                status=500,
            )
        response = FileResponse(
            handle,
            as_attachment=True,
            filename=evidence.original_name,
            content_type=evidence.content_type or "application/octet-stream",
        )
        response["X-Content-Type-Options"] = "nosniff"
        return response
