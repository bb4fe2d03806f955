"""Warnings, restriction proposals, the decision record and decisions.

A manager of one of the person's services records a warning or proposes a restriction
from the customer record; an independent decision maker decides it. A restriction on a
record the user may not open answers "not found".
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.views.generic import FormView, TemplateView

from reporting import audit
from reporting.enums import AuditAction, Role
from reporting.forms.restrictions import DecisionForm, RestrictionProposalForm, WarningForm
from reporting.models import LetterType, Restriction
from reporting.models.letters import REVIEW_LETTER_TYPES
from reporting.models.restrictions import RestrictionStatus, ReviewOutcome, WarningChannel
from reporting.services import restrictions as services
from reporting.services.customers import current_record

from .base import StaffView
from .customers import CustomerFormView, add_errors


class WarningCreateView(CustomerFormView):
    template_name = "reporting/restrictions/warning_form.html"
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
                "reporting:letter_prepare",
                letter_type=LetterType.WARNING,
                reference=warning.reference,
            )
        messages.success(self.request, f"Warning {warning.reference} is recorded.")
        return redirect("reporting:customer", reference=self.customer.reference)


class RestrictionProposeView(CustomerFormView):
    template_name = "reporting/restrictions/proposal_form.html"
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
        return redirect("reporting:restriction", reference=restriction.reference)


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


def letters_to_issue(restriction):
    """The letters this restriction's state calls for and that have not been issued yet,
    as (letter type, button label) pairs. A correction is made from the letter itself."""
    review = restriction.reviews.order_by("-reviewed_at", "-pk").first()
    wanted = []
    if restriction.status == RestrictionStatus.ACTIVE:
        wanted.append((LetterType.RESTRICTION, None, "Prepare the restriction letter"))
        if review is not None:
            wanted.append(
                (REVIEW_LETTER_TYPES[review.outcome], review, "Prepare the review letter")
            )
    elif restriction.status == RestrictionStatus.ENDED:
        if review is not None and review.outcome == ReviewOutcome.LIFT:
            wanted.append(
                (LetterType.REVIEW_LIFTED, review, "Prepare the letter saying it is lifted")
            )
        else:
            wanted.append((LetterType.ENDED, None, "Prepare the letter saying it has ended"))
    issued = restriction.letters.all()
    return [
        (letter_type, label)
        for letter_type, for_review, label in wanted
        if not issued.filter(letter_type=letter_type, review=for_review).exists()
    ]


class RestrictionView(RestrictionMixin, StaffView, TemplateView):
    """The decision record: everything an ombudsman would ask to see, in one place."""

    template_name = "reporting/restrictions/restriction.html"

    def get(self, request, *args, **kwargs):
        audit.record(actor=request.user, action=AuditAction.VIEW, obj=self.restriction)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        restriction, access = self.restriction, self.access
        customer = restriction.customer
        proposed = restriction.status == RestrictionStatus.PROPOSED
        return super().get_context_data(
            types=list(restriction.types.all()),
            areas=list(restriction.service_areas.order_by("name")),
            incidents=list(restriction.incidents.select_related("service_area")),
            reviews=list(restriction.reviews.select_related("reviewed_by")),
            letters=list(restriction.letters.select_related("issued_by", "policy_version")),
            can_decide=proposed and access.can_decide(restriction),
            decision_conflict=proposed
            and access.has(Role.DECISION_MAKER)
            and access.decision_conflict(restriction),
            can_review=restriction.status == RestrictionStatus.ACTIVE
            and access.can_review(restriction),
            letter_actions=letters_to_issue(restriction)
            if access.can_issue_letters(customer)
            else [],
            **kwargs,
        )


class DecideView(RestrictionMixin, StaffView, FormView):
    template_name = "reporting/restrictions/decide.html"
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
        except services.RestrictionError as error:
            add_errors(form, error)
            return self.form_invalid(form)
        if restriction.status == RestrictionStatus.ACTIVE:
            text = "The restriction is approved. A manager now issues the restriction letter."
        else:
            text = "The proposal is refused. The person's contact is not restricted."
        messages.success(self.request, text)
        return redirect("reporting:restriction", reference=restriction.reference)


urlpatterns = [
    path(
        "customers/<str:reference>/warnings/new/",
        WarningCreateView.as_view(),
        name="warning_new",
    ),
    path(
        "customers/<str:reference>/restrictions/new/",
        RestrictionProposeView.as_view(),
        name="restriction_new",
    ),
    path("restrictions/<str:reference>/", RestrictionView.as_view(), name="restriction"),
    path(
        "restrictions/<str:reference>/decide/",
        DecideView.as_view(),
        name="restriction_decide",
    ),
]
