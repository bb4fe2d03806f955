"""Managers' review of incidents: the queue, one incident, its follow-up and its evidence.

Who may see what is decided in reporting.permissions.StaffAccess. An incident the user
may not see is answered with 404, never 403, so that another service's records do not
even confirm they exist. Every look at an incident, every change and every download is
written to the audit trail.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.views.generic import FormView, TemplateView, View

from home.pagination import pagination
from reporting import audit
from reporting.enums import AuditAction, SupportOption
from reporting.forms.follow_up import FollowUpForm
from reporting.forms.queue_filters import QueueFilterForm
from reporting.models import Incident
from reporting.services import follow_up as follow_up_service

from .base import StaffView

PAGE_SIZE = 25


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
    template_name = "reporting/queue/queue.html"

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
        page = Paginator(incidents, PAGE_SIZE).get_page(self.request.GET.get("page"))
        context.update(
            form=form,
            page=page,
            incidents=page.object_list,
            pagination=pagination(page, dict(self.request.GET.lists())),
        )
        return context


class IncidentDetailView(IncidentMixin, StaffView, TemplateView):
    template_name = "reporting/queue/incident.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        incident = self.get_incident(
            Incident.objects.select_related(
                "service_area", "customer", "reported_by", "follow_up__recorded_by"
            ).prefetch_related("categories", "evidence")
        )
        audit.record(actor=self.request.user, action=AuditAction.VIEW, obj=incident)
        follow_up = follow_up_service.current_follow_up(incident)
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
    template_name = "reporting/queue/follow_up.html"
    form_class = FollowUpForm

    def has_access(self):
        # Not allowed to see it: 404 (raised by get_incident). Sees it, cannot act: 403.
        return self.access.can_follow_up(
            self.get_incident(Incident.objects.select_related("service_area", "follow_up"))
        )

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "incident": self.incident}

    def form_valid(self, form):
        follow_up_service.record_follow_up(
            incident=self.incident,
            user=self.request.user,
            status=form.cleaned_data["status"],
            **form.details(),
        )
        messages.success(self.request, "The follow-up has been saved.")
        return redirect("reporting:incident", reference=self.incident.reference)

    def get_context_data(self, **kwargs):
        return super().get_context_data(incident=self.incident, **kwargs)


class EvidenceDownloadView(IncidentMixin, StaffView, View):
    def get(self, request, reference, pk):
        incident = self.get_incident()
        if not self.access.can_download_evidence(incident):
            raise Http404
        evidence = get_object_or_404(incident.evidence.all(), pk=pk)
        try:
            handle = evidence.file.open("rb")
        except (FileNotFoundError, ValueError):
            raise Http404 from None
        audit.record(
            actor=request.user,
            action=AuditAction.DOWNLOAD,
            obj=incident,
            note=f"Evidence file {evidence.pk}",
        )
        response = FileResponse(
            handle,
            as_attachment=True,
            filename=evidence.original_name,
            content_type=evidence.content_type or "application/octet-stream",
        )
        response["X-Content-Type-Options"] = "nosniff"
        return response


urlpatterns = [
    path("incidents/", QueueView.as_view(), name="queue"),
    path("incidents/<str:reference>/", IncidentDetailView.as_view(), name="incident"),
    path("incidents/<str:reference>/follow-up/", FollowUpView.as_view(), name="follow_up"),
    path(
        "incidents/<str:reference>/evidence/<int:pk>/",
        EvidenceDownloadView.as_view(),
        name="evidence",
    ),
]
