"""The customer record: details and history, merging duplicates, caution markers, and the
check frontline staff make before a visit.

A record the user may not open answers "not found", exactly as a reference that does not
exist, so the page never confirms that a person is known to the council.
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.views.generic import FormView, TemplateView, View

from reporting import audit
from reporting.enums import AuditAction, Role
from reporting.forms.customers import (
    CautionMarkerForm,
    MarkerCheckForm,
    MergeConfirmForm,
    MergeFindForm,
    RemoveMarkerForm,
)
from reporting.models import CautionMarker, Customer, CustomerMerge
from reporting.models.customers import MarkerStatus
from reporting.services import customers as services
from reporting.services import restrictions as restriction_services

from .base import StaffView


def add_errors(form, error):
    for name, message in error.errors.items():
        form.add_error(name if name in form.fields else None, message)


class CustomerMixin:
    """Loads the customer in the URL; one the user may not open is not found."""

    def has_access(self):
        self.customer = get_object_or_404(
            Customer.objects.select_related("merged_into"), reference=self.kwargs["reference"]
        )
        if not self.access.can_open_customer(self.customer):
            raise Http404
        return self.may_act_on(self.customer)

    def may_act_on(self, customer):
        return True

    def get_context_data(self, **kwargs):
        return super().get_context_data(customer=self.customer, **kwargs)


class CustomerFormView(CustomerMixin, StaffView, FormView):
    """A form about the customer in the URL. The form is given the customer; ``save``
    calls the service, and a rule it reports broken comes back on the form's fields."""

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "customer": self.customer}

    def form_valid(self, form):
        try:
            return self.save(form)
        except services.CustomerRecordError as error:
            add_errors(form, error)
            return self.form_invalid(form)

    def save(self, form):
        raise NotImplementedError


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
        record = services.current_record(self.marker.customer)
        return redirect("reporting:customer", reference=record.reference)


class CustomerView(CustomerMixin, StaffView, TemplateView):
    template_name = "reporting/customers/record.html"

    def get(self, request, *args, **kwargs):
        audit.record(actor=request.user, action=AuditAction.VIEW, obj=self.customer)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        customer, access = self.customer, self.access
        markers = list(services.visible_markers(customer, access))
        for marker in markers:
            marker.reasons_readable = access.can_read_marker_reasons(marker)
        current = customer.merged_into_id is None
        return super().get_context_data(
            active_markers=[m for m in markers if m.status == MarkerStatus.ACTIVE],
            pending_markers=[m for m in markers if m.status == MarkerStatus.PENDING],
            can_set_marker=current and access.can_set_caution_marker(customer),
            can_merge=current and access.can_merge_customers(customer),
            can_warn_or_propose=access.can_warn_or_propose(customer),
            restrictions=restriction_services.restrictions_for(customer),
            merged_records=customer.merged_records.order_by("reference"),
            timeline=services.customer_timeline(customer, access),
            **kwargs,
        )


class MergeView(CustomerMixin, StaffView, TemplateView):
    """Merge a duplicate record into this one: find it, check it, then confirm."""

    template_name = "reporting/customers/merge_find.html"
    confirm_template_name = "reporting/customers/merge_confirm.html"

    def may_act_on(self, customer):
        return self.access.can_merge_customers(customer)

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=MergeFindForm()))

    def post(self, request, *args, **kwargs):
        find = MergeFindForm(request.POST)
        if not find.is_valid():
            return self.show(find)
        try:
            source = self.duplicate(find.cleaned_data["reference"])
        except services.CustomerRecordError as error:
            add_errors(find, error)
            return self.show(find)
        if "confirm" not in request.POST:
            return self.show(MergeConfirmForm(initial={"reference": source.reference}))
        form = MergeConfirmForm(request.POST)
        if form.is_valid():
            try:
                services.merge_customers(
                    source=source,
                    target=self.customer,
                    by=request.user,
                    reason=form.cleaned_data["reason"],
                )
            except services.CustomerRecordError as error:
                add_errors(form, error)
            else:
                messages.success(request, f"{source.reference} has been merged into this record.")
                return redirect("reporting:customer", reference=self.customer.reference)
        return self.show(form)

    def duplicate(self, reference):
        source = Customer.objects.filter(reference=reference).first()
        if source is None:
            raise services.CustomerRecordError(services.NOT_FOUND, field="reference")
        services.check_merge(source=source, target=self.customer, by=self.request.user)
        self.source = source
        return source

    def show(self, form):
        confirming = isinstance(form, MergeConfirmForm)
        context = self.get_context_data(form=form)
        if confirming:
            # The confirmation shows the duplicate's details: that is a view of its record.
            audit.record(actor=self.request.user, action=AuditAction.VIEW, obj=self.source)
            context.update(
                source=self.source,
                source_incidents=self.source.incidents.count(),
                target_incidents=self.customer.incidents.count(),
            )
        template = self.confirm_template_name if confirming else self.template_name
        return self.response_class(
            request=self.request, template=template, context=context, using=self.template_engine
        )


class UndoMergeView(StaffView, View):
    http_method_names = ["post"]

    def has_access(self):
        self.merge = get_object_or_404(
            CustomerMerge.objects.select_related("source", "target"), pk=self.kwargs["pk"]
        )
        if not self.access.can_open_customer(self.merge.target):
            raise Http404
        return self.access.can_merge_customers(self.merge.target)

    def post(self, request, *args, **kwargs):
        try:
            services.undo_merge(merge=self.merge, by=request.user)
        except services.CustomerRecordError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                f"The merge has been undone: {self.merge.source.reference} is a separate "
                "record again.",
            )
        return redirect("reporting:customer", reference=self.merge.target.reference)


class MarkerCreateView(CustomerFormView):
    template_name = "reporting/customers/marker_form.html"
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
        return redirect("reporting:customer", reference=self.customer.reference)


class MarkerReasonsView(MarkerMixin, StaffView, TemplateView):
    """The full marker, reasons included. Every reading is written to the audit trail."""

    template_name = "reporting/customers/marker_reasons.html"

    def get(self, request, *args, **kwargs):
        audit.record(actor=request.user, action=AuditAction.VIEW_REASONS, obj=self.marker)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        marker, access = self.marker, self.access
        pending = marker.status == MarkerStatus.PENDING
        return super().get_context_data(
            marker=marker,
            customer=services.current_record(marker.customer),
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
        except services.CustomerRecordError as error:
            messages.error(request, str(error))
            return redirect("reporting:marker_reasons", pk=self.marker.pk)
        messages.success(request, "The caution marker is approved and now shows to staff.")
        return self.back_to_record()


class MarkerRemoveView(MarkerMixin, StaffView, FormView):
    template_name = "reporting/customers/marker_remove.html"
    form_class = RemoveMarkerForm

    def may_act_on(self, marker):
        return self.access.can_remove_caution_marker(marker)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            marker=self.marker, customer=services.current_record(self.marker.customer), **kwargs
        )

    def form_valid(self, form):
        try:
            services.remove_caution_marker(
                marker=self.marker, by=self.request.user, reason=form.cleaned_data["reason"]
            )
        except services.CustomerRecordError as error:
            add_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, "The caution marker has been removed.")
        return self.back_to_record()


class MarkerCheckView(StaffView, FormView):
    """Frontline staff ask, before a visit, whether a caution marker exists. The search is
    posted so that no name or reference lands in a web address or a server log."""

    template_name = "reporting/customers/check.html"
    form_class = MarkerCheckForm

    def has_access(self):
        return self.access.can_check_caution_markers()

    def form_valid(self, form):
        results = services.check_for_markers(by=self.request.user, **form.cleaned_data)
        # A blank form for the next check: the page repeats nothing about the person.
        blank = self.get_form_class()()
        return self.render_to_response(self.get_context_data(form=blank, results=results))


urlpatterns = [
    path("check/", MarkerCheckView.as_view(), name="check"),
    path("customers/merges/<int:pk>/undo/", UndoMergeView.as_view(), name="customer_merge_undo"),
    path(
        "customers/markers/<int:pk>/reasons/",
        MarkerReasonsView.as_view(),
        name="marker_reasons",
    ),
    path(
        "customers/markers/<int:pk>/approve/",
        MarkerApproveView.as_view(),
        name="marker_approve",
    ),
    path("customers/markers/<int:pk>/remove/", MarkerRemoveView.as_view(), name="marker_remove"),
    path("customers/<str:reference>/", CustomerView.as_view(), name="customer"),
    path("customers/<str:reference>/merge/", MergeView.as_view(), name="customer_merge"),
    path("customers/<str:reference>/markers/new/", MarkerCreateView.as_view(), name="marker_new"),
]
