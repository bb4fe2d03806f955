"""Warnings, restriction proposals and decisions.

A manager of one of the person's services records a warning or proposes a restriction
from the customer record; an independent decision maker decides it. A restriction on a
record the user may not open answers "not found". The decision record itself, which
shows the letters too, is a page of the staff area's front.
"""

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.generic import FormView, View

from home.forms import add_rule_errors
from home.rules import RuleError
from reporting.access.views import FreshCodeRequiredMixin, StaffView
from reporting.customers.selectors import current_record
from reporting.customers.views import CustomerFormView
from reporting.incidents.selectors import StoredFileIntegrityError

from .enums import RestrictionStatus, WarningChannel
from .forms.correspondence import ContactItemForm, ReadingForm
from .forms.proposals import DecisionForm, RestrictionProposalForm, WarningForm
from .forms.reconsiderations import (
    ReconsiderationDecisionForm,
    ReconsiderationRequestForm,
    SuspendForm,
)
from .models import ContactItem, Reconsideration, Restriction
from .selectors import (
    logging_refusal,
    open_contact_attachment,
    read_contact_item,
    read_reconsideration,
)
from .services import correspondence, reconsiderations
from .services import decisions as services

# The letters app's type for a warning letter, as its address spells it.
WARNING_LETTER = "warning"


class WarningCreateView(CustomerFormView):
    template_name = "restrictions/warning_form.html"
    form_class = WarningForm

    def may_act_on(self, customer):
        return self.access.can_warn_or_propose(customer)

    def save(self, form):
        warning = services.record_warning(
            customer=self.customer, by=self.request.user, **form.warning_values()
        )
        if warning.channel == WarningChannel.LETTER:
            messages.success(
                self.request,
                f"Warning {warning.reference} is recorded. Check the letter, then issue it.",
            )
            return redirect(
                "staff:letter_prepare",
                letter_type=WARNING_LETTER,
                reference=warning.reference,
            )
        messages.success(self.request, f"Warning {warning.reference} is recorded.")
        return redirect("staff:customer", reference=self.customer.reference)


class RestrictionProposeView(CustomerFormView):
    template_name = "restrictions/proposal_form.html"
    form_class = RestrictionProposalForm

    def may_act_on(self, customer):
        return self.access.can_warn_or_propose(customer)

    def save(self, form):
        restriction = services.propose_restriction(
            customer=self.customer, by=self.request.user, **form.proposal_values()
        )
        messages.success(
            self.request,
            f"Restriction {restriction.reference} is proposed. It binds nobody until a "
            "decision maker who was not involved approves it.",
        )
        return redirect("staff:restriction", reference=restriction.reference)


class RestrictionMixin:
    """Loads the restriction in the URL; one on a record the user may not open is not found."""

    def has_access(self):
        self.restriction = get_object_or_404(
            Restriction.objects.select_related("customer", "warning", "proposed_by", "decided_by"),
            reference=self.kwargs["reference"],
        )
        if not self.access.can_open_restriction(self.restriction):
            raise Http404
        return self.may_act_on(self.restriction)

    def may_act_on(self, restriction):
        return True

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            restriction=self.restriction,
            customer=current_record(self.restriction.customer),
            **kwargs,
        )


class DecideView(RestrictionMixin, StaffView, FreshCodeRequiredMixin, FormView):
    template_name = "restrictions/decide.html"
    form_class = DecisionForm

    def may_act_on(self, restriction):
        return restriction.status == RestrictionStatus.PROPOSED and self.access.can_decide(
            restriction
        )

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "restriction": self.restriction}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            types=list(self.restriction.types.all()),
            incidents=list(self.restriction.incidents.all()),
            **kwargs,
        )

    def form_valid(self, form):
        try:
            restriction = services.decide_restriction(
                restriction=self.restriction, by=self.request.user, **form.decision_values()
            )
        except RuleError as error:
            add_rule_errors(form, error)
            return self.form_invalid(form)
        if restriction.status == RestrictionStatus.DECIDED:
            text = (
                "The restriction is approved. It comes into force when a manager issues its "
                "letter: until then the person is not bound by it."
            )
        else:
            text = "The proposal is refused. The person's contact is not restricted."
        messages.success(self.request, text)
        return redirect("staff:restriction", reference=restriction.reference)


class ReconsiderationRequestView(RestrictionMixin, StaffView, FormView):
    """Record a request to reconsider a restriction in force."""

    template_name = "restrictions/reconsideration_request.html"
    form_class = ReconsiderationRequestForm

    def may_act_on(self, restriction):
        if restriction.status != RestrictionStatus.ACTIVE:
            raise Http404
        return self.access.can_record_reconsideration(restriction)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "restriction": self.restriction}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            waiting=reconsiderations.open_reconsideration(self.restriction), **kwargs
        )

    def form_valid(self, form):
        try:
            reconsideration = reconsiderations.record_reconsideration(
                restriction=self.restriction, by=self.request.user, **form.request_values()
            )
        except RuleError as error:
            add_rule_errors(form, error)
            return self.form_invalid(form)
        timing = "in time" if reconsideration.in_time else "late, and accepted with a reason"
        messages.success(
            self.request,
            f"Request {reconsideration.reference} is recorded ({timing}). It waits for a "
            "decision maker who took no part in the case; the restriction stays in force "
            "meanwhile.",
        )
        return redirect("staff:restriction", reference=self.restriction.reference)


class ReconsiderationMixin:
    """Loads the reconsideration in the URL. One on a record the user may not open is not
    found; one already decided is not found either, as there is nothing left to do."""

    def has_access(self):
        self.reconsideration = get_object_or_404(
            Reconsideration.objects.select_related(
                "restriction__customer", "restriction__proposed_by", "recorded_by"
            ),
            reference=self.kwargs["reference"],
        )
        self.restriction = self.reconsideration.restriction
        if not self.access.can_open_restriction(self.restriction):
            raise Http404
        if not self.reconsideration.is_open:
            raise Http404
        return self.access.can_decide_reconsideration(self.reconsideration)

    def get(self, request, *args, **kwargs):
        read_reconsideration(self.reconsideration, by=request.user)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            reconsideration=self.reconsideration,
            restriction=self.restriction,
            customer=current_record(self.restriction.customer),
            **kwargs,
        )


class ReconsiderationDecideView(ReconsiderationMixin, StaffView, FreshCodeRequiredMixin, FormView):
    """An independent decision maker upholds, varies or lifts the restriction."""

    template_name = "restrictions/reconsideration_decide.html"
    form_class = ReconsiderationDecisionForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "reconsideration": self.reconsideration}

    def get_context_data(self, **kwargs):
        return super().get_context_data(types=list(self.restriction.types.all()), **kwargs)

    def form_valid(self, form):
        try:
            reconsideration = reconsiderations.decide_reconsideration(
                reconsideration=self.reconsideration,
                by=self.request.user,
                **form.decision_values(),
            )
        except RuleError as error:
            add_rule_errors(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            f"Reconsideration {reconsideration.reference} is decided: "
            f"{reconsideration.get_outcome_display().split(':')[0].lower()}. The letter "
            "telling the person waits for a manager to issue it.",
        )
        return redirect("staff:restriction", reference=self.restriction.reference)


class ReconsiderationSuspendView(ReconsiderationMixin, StaffView, FormView):
    """An independent decision maker suspends the restriction until they decide."""

    template_name = "restrictions/reconsideration_suspend.html"
    form_class = SuspendForm

    def has_access(self):
        allowed = super().has_access()
        if self.reconsideration.suspended_at is not None:
            raise Http404
        return allowed

    def form_valid(self, form):
        try:
            reconsiderations.suspend_restriction(
                reconsideration=self.reconsideration,
                by=self.request.user,
                reason=form.cleaned_data["reason"],
            )
        except RuleError as error:
            add_rule_errors(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            f"Restriction {self.restriction.reference} is suspended until reconsideration "
            f"{self.reconsideration.reference} is decided. It binds nobody meanwhile.",
        )
        return redirect("staff:restriction", reference=self.restriction.reference)


# Read and file -----------------------------------------------------------------------


class ContactItemLogView(StaffView, FormView):
    """Log an item the person sent under a restriction that routes contact to a reader.
    A restriction not in force, or whose types do not route contact to a reader, is not
    found here; one the user may open but not log under is refused."""

    template_name = "restrictions/contact_item_form.html"
    form_class = ContactItemForm

    def has_access(self):
        self.restriction = get_object_or_404(
            Restriction.objects.select_related("customer", "reader"),
            reference=self.kwargs["reference"],
        )
        access = self.access
        if not (
            access.is_named_reader(self.restriction)
            or access.can_open_restriction(self.restriction)
        ):
            raise Http404
        if logging_refusal(self.restriction):
            raise Http404
        return access.can_log_contact(self.restriction)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            restriction=self.restriction,
            customer=current_record(self.restriction.customer),
            can_open_restriction=self.access.can_open_restriction(self.restriction),
            **kwargs,
        )

    def form_valid(self, form):
        try:
            item = correspondence.log_contact_item(
                restriction=self.restriction, by=self.request.user, **form.item_values()
            )
        except RuleError as error:
            add_rule_errors(form, error)
            return self.form_invalid(form)
        reader = self.restriction.reader
        waits = "It waits in the named reader's tasks until it is read."
        if reader is not None and reader.pk == self.request.user.pk:
            waits = "It waits in your tasks until you record that you have read it."
        messages.success(self.request, f"{item.reference} is logged. {waits}")
        return redirect("staff:contact_item", reference=item.reference)


class ContactItemMixin:
    """Loads the item in the URL; one the user may not open is not found."""

    def has_access(self):
        self.item = get_object_or_404(
            ContactItem.objects.select_related(
                "restriction__customer", "restriction__reader", "logged_by", "read_by"
            ),
            reference=self.kwargs["reference"],
        )
        if not self.access.can_open_contact_item(self.item):
            raise Http404
        return self.may_act_on(self.item)

    def may_act_on(self, item):
        return True


class ContactItemView(ContactItemMixin, StaffView, FormView):
    """The item, its attachments and, for the reader while it is unread, the reading form.
    Anyone else who may open it reads it; a reading posted by them is refused."""

    template_name = "restrictions/contact_item.html"
    form_class = ReadingForm

    def may_act_on(self, item):
        self.may_record = not item.is_read and self.access.can_record_reading(item)
        return self.may_record or self.request.method == "GET"

    def get(self, request, *args, **kwargs):
        read_contact_item(self.item, by=request.user)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        item, access = self.item, self.access
        restriction = item.restriction
        context = super().get_context_data(
            item=item,
            restriction=restriction,
            customer=current_record(restriction.customer),
            attachments=list(item.attachments.all()),
            may_record=self.may_record,
            can_open_restriction=access.can_open_restriction(restriction),
            can_log=not logging_refusal(restriction) and access.can_log_contact(restriction),
            **kwargs,
        )
        if not self.may_record:
            context.pop("form", None)
        return context

    def form_valid(self, form):
        try:
            item = correspondence.record_reading(
                item=self.item, by=self.request.user, **form.reading_values()
            )
        except RuleError as error:
            add_rule_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"The reading of {item.reference} is recorded.")
        return redirect("staff:contact_item", reference=item.reference)


class ContactAttachmentView(ContactItemMixin, StaffView, View):
    """Download one attachment; each download is written to the audit trail."""

    def get(self, request, reference, pk):
        attachment = get_object_or_404(self.item.attachments.all(), pk=pk)
        try:
            handle = open_contact_attachment(attachment, by=request.user)
        except FileNotFoundError:
            raise Http404 from None
        except StoredFileIntegrityError:
            # The bytes are never served; information governance has been told.
            return TemplateResponse(
                request,
                "incidents/file_integrity_failed.html",
                {
                    "reference": self.item.reference,
                    "back_url": reverse("staff:contact_item", args=[self.item.reference]),
                },
                status=500,
            )
        response = FileResponse(
            handle,
            as_attachment=True,
            filename=attachment.original_name,
            content_type=attachment.content_type or "application/octet-stream",
        )
        response["X-Content-Type-Options"] = "nosniff"
        return response
