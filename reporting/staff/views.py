"""The staff area's front: each role's home, the customer record, the check before
contact, the decision record, the review queue and the review form. Each page gathers
what the apps below it know; the rules stay in their services.

A record the user may not open answers "not found", exactly as a reference that does not
exist, so a page never confirms that a person is known to the council.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.views.generic import FormView, TemplateView

from home.dates import DUE_WITHIN_DAYS, due, long_date
from home.forms import add_rule_errors
from home.pagination import pagination
from home.rules import RuleError
from reporting.access.enums import Role
from reporting.access.views import StaffView
from reporting.customers.search_limit import TOO_MANY, TOO_MANY_STATUS, search_allowed
from reporting.customers.selectors import (
    current_record,
    detail_changes,
    equality_details,
    live_grant,
    read_customer,
)
from reporting.customers.views import CustomerMixin
from reporting.governance.selectors.monitoring import can_monitor
from reporting.letters.needs import REVIEW_LETTERS, letters_to_issue, waiting_letter_type
from reporting.letters.selectors import letters_waiting
from reporting.markers import selectors as marker_selectors
from reporting.markers.enums import MarkerStatus
from reporting.restrictions import selectors as restriction_selectors
from reporting.restrictions.enums import PolicyCheckOutcome, RestrictionStatus, ReviewOutcome
from reporting.restrictions.forms.policy_changes import PolicyChangeForm
from reporting.restrictions.forms.reviews import ReviewForm
from reporting.restrictions.models import Restriction
from reporting.restrictions.services.policy_changes import (
    bring_review_forward,
    record_not_affected,
)
from reporting.restrictions.services.reviews import record_review
from reporting.restrictions.views import RestrictionMixin

from . import selectors
from .forms import MarkerCheckForm
from .task_lists import tasks_for


class StaffHomeView(StaffView, TemplateView):
    """Each role's home: the work waiting for this person, oldest first."""

    template_name = "staff/home.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            task_lists=tasks_for(self.access), tools=tools_for(self.access), **kwargs
        )


def tools_for(access):
    """The pages a role turns to besides its tasks: (label, address, what it is for)."""
    tools = []
    if can_monitor(access):
        tools.append(
            (
                "Monitoring",
                reverse("staff:monitoring"),
                "Incidents, restrictions, reviews and reconsiderations by month, kind and "
                "service, and the quarterly board report.",
            )
        )
    if access.has(Role.INFORMATION_GOVERNANCE):
        tools += [
            (
                "Subject-access requests",
                reverse("staff:subject_access"),
                "Everything held about one person, as one file.",
            ),
            (
                "Retention",
                reverse("staff:governance_retention"),
                "What is due for deletion under the retention schedule, and what went.",
            ),
            (
                "Reasons given to read records in full",
                reverse("staff:detail_grants"),
                "Each manager's reason for reading another service's records.",
            ),
            (
                "Audit trail",
                reverse("staff:audit_trail"),
                "Who read or changed which record, and when.",
            ),
        ]
    return tools


class CustomerView(CustomerMixin, StaffView, TemplateView):
    template_name = "staff/customer_record.html"

    def get(self, request, *args, **kwargs):
        read_customer(self.customer, by=request.user)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        customer, access = self.customer, self.access
        markers = list(marker_selectors.visible_markers(customer, access))
        for marker in markers:
            marker.reasons_readable = access.can_read_marker_reasons(marker)
        current = customer.merged_into_id is None
        restrictions = restriction_selectors.restrictions_for(customer)
        for restriction in restrictions:
            restriction.readable = access.reads_detail(restriction)
        timeline = selectors.customer_timeline(customer, access)
        withheld = any(not entry.readable for entry in timeline) or any(
            not restriction.readable for restriction in restrictions
        )
        return super().get_context_data(
            active_markers=[m for m in markers if m.status == MarkerStatus.ACTIVE],
            pending_markers=[m for m in markers if m.status == MarkerStatus.PENDING],
            can_set_marker=current and access.can_set_caution_marker(customer),
            can_merge=current and access.can_merge_customers(customer),
            can_change_details=current,
            detail_changes=detail_changes(customer),
            equality_details=equality_details(customer, access=access),
            equality_count=customer.equality_details.count(),
            can_warn_or_propose=access.can_warn_or_propose(customer),
            restrictions=restrictions,
            merged_records=customer.merged_records.order_by("reference"),
            timeline=timeline,
            withheld=withheld,
            can_break_glass=current and withheld and access.can_break_glass(customer),
            detail_grant=access.has_detail_grant(customer)
            and live_grant(customer, user=self.request.user),
            **kwargs,
        )


class MarkerCheckView(StaffView, FormView):
    """Frontline staff ask, before a visit, whether a caution marker exists. The search is
    posted so that no name or reference lands in a web address or a server log."""

    template_name = "staff/check.html"
    form_class = MarkerCheckForm

    def has_access(self):
        return self.access.can_check_caution_markers()

    def form_valid(self, form):
        if not search_allowed(self.request):
            form.add_error(None, TOO_MANY)
            return self.render_to_response(
                self.get_context_data(form=form), status=TOO_MANY_STATUS
            )
        results = selectors.check_for_markers(by=self.request.user, **form.cleaned_data)
        # A blank form for the next check: the page repeats nothing about the person.
        blank = self.get_form_class()()
        return self.render_to_response(self.get_context_data(form=blank, results=results))


class RestrictionView(RestrictionMixin, StaffView, TemplateView):
    """The decision record: everything an ombudsman would ask to see, in one place."""

    template_name = "staff/restriction.html"

    def get(self, request, *args, **kwargs):
        restriction_selectors.read_restriction(self.restriction, by=request.user)
        return super().get(request, *args, **kwargs)

    def reconsiderations(self):
        """The restriction's reconsiderations, each with what this user may do about it."""
        restriction, access = self.restriction, self.access
        issues_letters = access.can_issue_letters(restriction)
        found = restriction_selectors.reconsiderations_of(restriction)
        for reconsideration in found:
            reconsideration.restriction = restriction
            deciding = reconsideration.is_open and access.has(Role.DECISION_MAKER)
            reconsideration.conflict = (
                access.reconsideration_conflict(reconsideration) if deciding else ""
            )
            reconsideration.can_decide = deciding and not reconsideration.conflict
            reconsideration.can_suspend = (
                reconsideration.can_decide and reconsideration.suspended_at is None
            )
            reconsideration.issued = list(reconsideration.letters.all())
            reconsideration.can_prepare_letter = (
                issues_letters and not reconsideration.is_open and not reconsideration.issued
            )
        return found

    def get_context_data(self, **kwargs):
        restriction, access = self.restriction, self.access
        proposed = restriction.status == RestrictionStatus.PROPOSED
        reconsiderations = self.reconsiderations()
        return super().get_context_data(
            reconsiderations=reconsiderations,
            can_record_reconsideration=restriction.status == RestrictionStatus.ACTIVE
            and not any(r.is_open for r in reconsiderations)
            and access.can_record_reconsideration(restriction),
            types=list(restriction.types.all()),
            areas=list(restriction.service_areas.order_by("name")),
            incidents=list(restriction.incidents.select_related("service_area")),
            reviews=list(restriction.reviews.select_related("reviewed_by")),
            contact_items=list(restriction_selectors.contact_items_of(restriction)),
            reads_and_files=restriction_selectors.routes_to_reader(restriction),
            can_log_contact=not restriction_selectors.logging_refusal(restriction)
            and access.can_log_contact(restriction),
            checks=restriction_selectors.policy_checks_of(restriction),
            letters=list(restriction.letters.select_related("issued_by", "policy_version")),
            today=timezone.localdate(),
            can_decide=proposed and access.can_decide(restriction),
            decision_conflict=proposed
            and access.has(Role.DECISION_MAKER)
            and access.decision_conflict(restriction),
            can_review=restriction.status == RestrictionStatus.ACTIVE
            and access.can_review(restriction),
            letter_actions=[
                (needed.letter_type, needed.label) for needed in letters_to_issue(restriction)
            ]
            if access.can_issue_letters(restriction)
            else [],
            **kwargs,
        )


PAGE_SIZE = 25

# The lists the queue can show, by the value of ?show=, in the order offered.
LISTS = {
    "due": "Reviews due or overdue",
    "all": "All restrictions in force",
    "markers": "Caution markers due for review",
    "letters": "Letters waiting to be issued",
}


class ReviewQueueView(StaffView, TemplateView):
    template_name = "staff/reviews/queue.html"

    def has_access(self):
        return self.access.can_use_review_queue

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        access, today = self.access, timezone.localdate()
        sees_markers = marker_selectors.sees_markers(access)
        lists = {
            "due": restriction_selectors.queue_restrictions(access, today=today),
            "all": restriction_selectors.queue_restrictions(access, today=today, show_all=True),
            "letters": letters_waiting(access),
        }
        if sees_markers:
            lists["markers"] = marker_selectors.queue_markers(access, today=today)
        show = self.request.GET.get("show", "due")
        if show not in lists:
            show = "due"
        page = Paginator(lists[show], PAGE_SIZE).get_page(self.request.GET.get("page"))
        rows = list(page.object_list)
        for row in rows:
            if show == "markers":
                row.due = due(row.review_date, today)
            elif show == "letters":
                row.letter_type = waiting_letter_type(row)
            else:
                row.due = due(row.review_on, today)
                row.can_review = access.can_review(row)
        context.update(
            show=show,
            heading=LISTS[show],
            tabs=[
                {
                    "key": key,
                    "label": label,
                    "count": page.paginator.count if key == show else lists[key].count(),
                    "url": f"{reverse('staff:reviews')}?show={key}",
                    "current": key == show,
                }
                for key, label in LISTS.items()
                if key in lists
            ],
            page=page,
            rows=rows,
            pagination=pagination(page, dict(self.request.GET.lists())),
            today=today,
            due_within=DUE_WITHIN_DAYS,
            # Every row shown is on a record the user can open (the queue's scope is never
            # wider than can_open_customer), so for a manager can_issue_letters and
            # can_read_marker_reasons hold for each row alike: no query per row.
            can_issue_letters=access.has(Role.MANAGER),
            can_read_marker_reasons=sees_markers,
        )
        return context


class InForceRestrictionFormView(StaffView, FormView):
    """A decision maker's form about the restriction in force in the URL. Not openable, or
    not in force: not found. Openable but not a decision maker: refused. Showing the form
    is a reading of the restriction."""

    def has_access(self):
        self.restriction = get_object_or_404(
            Restriction.objects.select_related("customer", "decided_by"),
            reference=self.kwargs["reference"],
        )
        if (
            not self.access.can_open_restriction(self.restriction)
            or self.restriction.status != RestrictionStatus.ACTIVE
        ):
            raise Http404
        return self.access.can_review(self.restriction)

    def get(self, request, *args, **kwargs):
        restriction_selectors.read_restriction(self.restriction, by=request.user)
        return super().get(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "restriction": self.restriction}


class ReviewView(InForceRestrictionFormView):
    template_name = "staff/review_form.html"
    form_class = ReviewForm

    def get_context_data(self, **kwargs):
        restriction = self.restriction
        return super().get_context_data(
            restriction=restriction,
            customer=current_record(restriction.customer),
            types=list(restriction.types.all()),
            last_review=restriction.reviews.select_related("reviewed_by").first(),
            contact=restriction_selectors.contact_since_last_review(restriction),
            due=due(restriction.review_on, timezone.localdate()),
            **kwargs,
        )

    def form_valid(self, form):
        try:
            review = record_review(self.restriction, by=self.request.user, **form.review_values())
        except RuleError as error:
            add_rule_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, self.success_message(review))
        return redirect("staff:reviews")

    def success_message(self, review):
        restriction = review.restriction
        if review.outcome == ReviewOutcome.LIFT:
            done = f"Restriction {restriction.reference} is lifted and has ended."
        elif review.outcome == ReviewOutcome.VARY:
            done = (
                f"Restriction {restriction.reference} is varied. Next review by "
                f"{long_date(review.next_review_on)}."
            )
        else:
            done = (
                f"Restriction {restriction.reference} continues. Next review by "
                f"{long_date(review.next_review_on)}."
            )
        letter_url = reverse(
            "staff:letter_prepare",
            kwargs={
                "letter_type": REVIEW_LETTERS[review.outcome],
                "reference": restriction.reference,
            },
        )
        if self.access.can_issue_letters(restriction):
            return format_html(
                '{} <a class="govuk-notification-banner__link" href="{}">Prepare the letter '
                "telling the person</a>.",
                done,
                letter_url,
            )
        return format_html(
            '{} The letter telling the person now waits under <a class="govuk-notification-'
            'banner__link" href="{}">letters waiting to be issued</a>, for a manager.',
            done,
            f"{reverse('staff:reviews')}?show=letters",
        )


class PolicyChangeView(InForceRestrictionFormView):
    """A restriction decided under an older version of the policy that letters cite: the
    decision maker brings its review forward or records that the change does not affect it."""

    template_name = "staff/policy_change.html"
    form_class = PolicyChangeForm

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            restriction=self.restriction,
            customer=current_record(self.restriction.customer),
            change=restriction_selectors.policy_change_for(self.restriction),
            checks=restriction_selectors.policy_checks_of(self.restriction),
            **kwargs,
        )

    def form_valid(self, form):
        change = restriction_selectors.policy_change_for(self.restriction)
        if change is None:
            form.add_error(None, "This restriction rests on the current version of the policy")
            return self.form_invalid(form)
        values = form.check_values()
        reference = self.restriction.reference
        try:
            if values["outcome"] == PolicyCheckOutcome.BROUGHT_FORWARD:
                bring_review_forward(
                    restriction=self.restriction,
                    version=change.latest,
                    by=self.request.user,
                    review_on=values["review_on"],
                )
                text = (
                    f"The review of restriction {reference} is brought forward to "
                    f"{long_date(values['review_on'])}."
                )
            else:
                record_not_affected(
                    restriction=self.restriction,
                    version=change.latest,
                    by=self.request.user,
                    reason=values["reason"],
                )
                text = (
                    f"Recorded that version {change.latest.number} of the policy does not "
                    f"affect restriction {reference}."
                )
        except RuleError as error:
            add_rule_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, text)
        return redirect("staff:home")
