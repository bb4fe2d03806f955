"""Customer records as other pages load them, and merging two records of one person.

A record the user may not open answers "not found", exactly as a reference that does not
exist, so a page never confirms that a person is known to the council.
"""

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.views.generic import FormView, TemplateView, View

from home.forms import add_rule_errors
from home.pagination import pagination
from home.rules import RuleError
from reporting.access.enums import Role
from reporting.access.views import StaffView

from . import services
from .forms import (
    CustomerDetailsForm,
    DetailGrantForm,
    EqualityDetailsForm,
    MergeConfirmForm,
    MergeFindForm,
)
from .models import Customer, CustomerMerge, DetailGrant
from .selectors import grants_reviewed, grants_to_review, live_grant, read_customer


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
        except RuleError as error:
            add_rule_errors(form, error)
            return self.form_invalid(form)

    def save(self, form):
        raise NotImplementedError


class CustomerDetailsView(CustomerFormView):
    """Correct the person's details; the reason and what changed are kept."""

    template_name = "customers/details_form.html"
    form_class = CustomerDetailsForm

    def may_act_on(self, customer):
        return customer.merged_into_id is None

    def save(self, form):
        services.change_details(
            customer=self.customer,
            by=self.request.user,
            reason=form.cleaned_data["reason"],
            **form.detail_values(),
        )
        messages.success(self.request, "The details have been changed.")
        return redirect("staff:customer", reference=self.customer.reference)


class EqualityDetailsView(CustomerFormView):
    """Record the person's equality details, for monitoring. Only the roles that monitor
    read them back; this page never shows what is already recorded."""

    template_name = "customers/equality_form.html"
    form_class = EqualityDetailsForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.pop("customer")
        return kwargs

    def save(self, form):
        services.record_equality_details(
            customer=self.customer,
            by=self.request.user,
            source=form.cleaned_data["source"],
            answers=form.answers(),
        )
        messages.success(self.request, "The equality details have been recorded.")
        return redirect("staff:customer", reference=self.customer.reference)


class MergeView(CustomerMixin, StaffView, TemplateView):
    """Merge a duplicate record into this one: find it, check it, then confirm."""

    template_name = "customers/merge_find.html"
    confirm_template_name = "customers/merge_confirm.html"

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
        except RuleError as error:
            add_rule_errors(find, error)
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
            except RuleError as error:
                add_rule_errors(form, error)
            else:
                messages.success(request, f"{source.reference} has been merged into this record.")
                return redirect("staff:customer", reference=self.customer.reference)
        return self.show(form)

    def duplicate(self, reference):
        source = Customer.objects.filter(reference=reference).first()
        if source is None:
            raise RuleError(services.NOT_FOUND, field="reference")
        services.check_merge(source=source, target=self.customer, by=self.request.user)
        self.source = source
        return source

    def show(self, form):
        confirming = isinstance(form, MergeConfirmForm)
        context = self.get_context_data(form=form)
        if confirming:
            # The confirmation shows the duplicate's details: that is a view of its record.
            read_customer(self.source, by=self.request.user)
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
        except RuleError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                f"The merge has been undone: {self.merge.source.reference} is a separate "
                "record again.",
            )
        return redirect("staff:customer", reference=self.merge.target.reference)


class DetailGrantView(CustomerFormView):
    """A manager who reaches the record gives a reason to read every service's records
    about the person, for a limited time ("breaking the glass")."""

    template_name = "customers/detail_grant.html"
    form_class = DetailGrantForm

    def may_act_on(self, customer):
        return customer.merged_into_id is None and self.access.can_break_glass(customer)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.pop("customer")
        return kwargs

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            grant=live_grant(self.customer, user=self.request.user),
            minutes=settings.DETAIL_GRANT_MINUTES,
            **kwargs,
        )

    def save(self, form):
        grant = services.grant_detail(
            self.customer, by=self.request.user, reason=form.cleaned_data["reason"]
        )
        messages.success(
            self.request,
            "You can read every service's records about this person until "
            f"{timezone.localtime(grant.expires_at):%H:%M}. Information governance will "
            "see your reason.",
        )
        return redirect("staff:customer", reference=self.customer.reference)


class DetailGrantsView(StaffView, TemplateView):
    """Information governance reviews the reasons managers gave to read records in full."""

    template_name = "customers/detail_grants.html"

    def has_access(self):
        return self.access.has(Role.INFORMATION_GOVERNANCE)

    def get_context_data(self, **kwargs):
        page = Paginator(grants_reviewed(), 25).get_page(self.request.GET.get("page"))
        return super().get_context_data(
            to_review=list(grants_to_review()),
            reviewed=page,
            pagination=pagination(page, {}),
            **kwargs,
        )


class DetailGrantReviewedView(StaffView, View):
    http_method_names = ["post"]

    def has_access(self):
        self.grant = get_object_or_404(DetailGrant, pk=self.kwargs["pk"])
        return self.access.has(Role.INFORMATION_GOVERNANCE)

    def post(self, request, *args, **kwargs):
        try:
            services.mark_grant_reviewed(self.grant, by=request.user)
        except RuleError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "The reason has been marked as reviewed.")
        return redirect("staff:detail_grants")
