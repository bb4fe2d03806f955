"""Warnings, restriction proposals and decisions.

A manager of one of the person's services records a warning or proposes a restriction
from the customer record; an independent decision maker decides it. A restriction on a
record the user may not open answers "not found". The decision record itself, which
shows the letters too, is a page of the staff area's front.
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.views.generic import FormView

from home.forms import add_rule_errors
from home.rules import RuleError
from reporting.access.views import FreshCodeRequiredMixin, StaffView
from reporting.customers.selectors import current_record
from reporting.customers.views import CustomerFormView

from .enums import RestrictionStatus, WarningChannel
from .forms.proposals import DecisionForm, RestrictionProposalForm, WarningForm
from .models import Restriction
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
