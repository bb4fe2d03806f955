"""Caution markers: a manager proposes one from the customer record, health and safety
approves it, and those who may read its reasons see them (each reading audited)."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.views.generic import FormView, TemplateView, View

from home.forms import add_rule_errors
from home.rules import RuleError
from reporting.access.enums import Role
from reporting.access.views import StaffView
from reporting.customers.selectors import current_record
from reporting.customers.views import CustomerFormView

from . import services
from .enums import MarkerStatus
from .forms import CautionMarkerForm, RemoveMarkerForm
from .models import CautionMarker
from .selectors import read_marker_reasons


class MarkerMixin:
    """Loads the marker in the URL; one on a record the user may not open is not found."""

    def has_access(self):
        self.marker = get_object_or_404(
            CautionMarker.objects.select_related("customer", "incident", "set_by", "approved_by"),
            pk=self.kwargs["pk"],
        )
        if not self.access.can_read_marker_reasons(self.marker):
            raise Http404
        return self.may_act_on(self.marker)

    def may_act_on(self, marker):
        return True

    def back_to_record(self):
        record = current_record(self.marker.customer)
        return redirect("staff:customer", reference=record.reference)


class MarkerCreateView(CustomerFormView):
    template_name = "markers/marker_form.html"
    form_class = CautionMarkerForm

    def may_act_on(self, customer):
        return self.access.can_set_caution_marker(customer)

    def save(self, form):
        services.set_caution_marker(
            customer=self.customer, by=self.request.user, **form.marker_values()
        )
        messages.success(
            self.request,
            "The caution marker has been sent to health and safety for approval. "
            "Nobody sees it until it is approved.",
        )
        return redirect("staff:customer", reference=self.customer.reference)


class MarkerReasonsView(MarkerMixin, StaffView, TemplateView):
    """The full marker, reasons included. Every reading is written to the audit trail."""

    template_name = "markers/marker_reasons.html"

    def get(self, request, *args, **kwargs):
        read_marker_reasons(self.marker, by=request.user)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        marker, access = self.marker, self.access
        pending = marker.status == MarkerStatus.PENDING
        return super().get_context_data(
            marker=marker,
            customer=current_record(marker.customer),
            can_approve=pending and access.can_approve_caution_marker(marker),
            set_it_myself=pending and marker.set_by_id == self.request.user.pk,
            can_remove=marker.status != MarkerStatus.REMOVED
            and access.can_remove_caution_marker(marker),
            **kwargs,
        )


class MarkerApproveView(MarkerMixin, StaffView, View):
    http_method_names = ["post"]
    required_roles = (Role.HEALTH_AND_SAFETY,)

    def post(self, request, *args, **kwargs):
        try:
            services.approve_caution_marker(marker=self.marker, by=request.user)
        except RuleError as error:
            messages.error(request, str(error))
            return redirect("staff:marker_reasons", pk=self.marker.pk)
        messages.success(request, "The caution marker is approved and now shows to staff.")
        return self.back_to_record()


class MarkerRemoveView(MarkerMixin, StaffView, FormView):
    template_name = "markers/marker_remove.html"
    form_class = RemoveMarkerForm

    def may_act_on(self, marker):
        return self.access.can_remove_caution_marker(marker)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            marker=self.marker, customer=current_record(self.marker.customer), **kwargs
        )

    def form_valid(self, form):
        try:
            services.remove_caution_marker(
                marker=self.marker, by=self.request.user, reason=form.cleaned_data["reason"]
            )
        except RuleError as error:
            add_rule_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, "The caution marker has been removed.")
        return self.back_to_record()
