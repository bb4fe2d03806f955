"""The review queue and the review of a restriction in force.

Managers, decision makers and health and safety use the queue; only a decision maker
records a review. A restriction on a record the user may not open, or one not in force,
answers "not found". The queue runs a fixed number of queries however long it grows.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.views.generic import FormView, TemplateView

from home.pagination import pagination
from reporting import audit
from reporting.enums import AuditAction, Role
from reporting.forms.reviews import ReviewForm
from reporting.models import Restriction
from reporting.models.restrictions import RestrictionStatus, ReviewOutcome
from reporting.services import reviews as services
from reporting.services.customers import current_record

from .base import StaffView
from .customers import add_errors

PAGE_SIZE = 25

# The lists the queue can show, by the value of ?show=, in the order offered.
LISTS = {
    "due": "Reviews due or overdue",
    "all": "All restrictions in force",
    "markers": "Caution markers due for review",
    "letters": "Letters waiting to be issued",
}


class ReviewQueueView(StaffView, TemplateView):
    template_name = "reporting/reviews/queue.html"

    def has_access(self):
        return self.access.can_use_review_queue

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        access, today = self.access, timezone.localdate()
        sees_markers = services.sees_markers(access)
        lists = {
            "due": services.queue_restrictions(access, today=today),
            "all": services.queue_restrictions(access, today=today, show_all=True),
            "letters": services.letters_waiting(access),
        }
        if sees_markers:
            lists["markers"] = services.queue_markers(access, today=today)
        show = self.request.GET.get("show", "due")
        if show not in lists:
            show = "due"
        page = Paginator(lists[show], PAGE_SIZE).get_page(self.request.GET.get("page"))
        rows = list(page.object_list)
        for row in rows:
            if show == "markers":
                row.due = services.due(row.review_date, today)
            elif show == "letters":
                row.letter_type = services.waiting_letter_type(row)
            else:
                row.due = services.due(row.review_on, today)
                row.can_review = access.can_review(row)
        context.update(
            show=show,
            heading=LISTS[show],
            tabs=[
                {
                    "key": key,
                    "label": label,
                    "count": page.paginator.count if key == show else lists[key].count(),
                    "url": f"{reverse('reporting:reviews')}?show={key}",
                    "current": key == show,
                }
                for key, label in LISTS.items()
                if key in lists
            ],
            page=page,
            rows=rows,
            pagination=pagination(page, dict(self.request.GET.lists())),
            today=today,
            due_within=services.DUE_WITHIN_DAYS,
            # Every row shown is on a record the user can open (the queue's scope is never
            # wider than can_open_customer), so for a manager can_issue_letters and
            # can_read_marker_reasons hold for each row alike: no query per row.
            can_issue_letters=access.has(Role.MANAGER),
            can_read_marker_reasons=sees_markers,
        )
        return context


class ReviewView(StaffView, FormView):
    template_name = "reporting/reviews/review_form.html"
    form_class = ReviewForm

    def has_access(self):
        # Not openable, or not in force: not found. Openable but not a decision maker: 403.
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
        audit.record(actor=request.user, action=AuditAction.VIEW, obj=self.restriction)
        return super().get(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "restriction": self.restriction}

    def get_context_data(self, **kwargs):
        restriction = self.restriction
        return super().get_context_data(
            restriction=restriction,
            customer=current_record(restriction.customer),
            types=list(restriction.types.all()),
            last_review=restriction.reviews.select_related("reviewed_by").first(),
            due=services.due(restriction.review_on, timezone.localdate()),
            **kwargs,
        )

    def form_valid(self, form):
        try:
            review = services.record_review(
                self.restriction, by=self.request.user, **form.review_values()
            )
        except services.ReviewError as error:
            add_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, self.success_message(review))
        return redirect("reporting:reviews")

    def success_message(self, review):
        restriction = review.restriction
        if review.outcome == ReviewOutcome.LIFT:
            done = f"Restriction {restriction.reference} is lifted and has ended."
        elif review.outcome == ReviewOutcome.VARY:
            done = (
                f"Restriction {restriction.reference} is varied. Next review by "
                f"{review.next_review_on.day} {review.next_review_on:%B %Y}."
            )
        else:
            done = (
                f"Restriction {restriction.reference} continues. Next review by "
                f"{review.next_review_on.day} {review.next_review_on:%B %Y}."
            )
        letter_url = reverse(
            "reporting:letter_prepare",
            kwargs={
                "letter_type": services.review_letter_type(review),
                "reference": restriction.reference,
            },
        )
        if self.access.can_issue_letters(restriction.customer):
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
            f"{reverse('reporting:reviews')}?show=letters",
        )


urlpatterns = [
    path("reviews/", ReviewQueueView.as_view(), name="reviews"),
    path(
        "restrictions/<str:reference>/review/",
        ReviewView.as_view(),
        name="restriction_review",
    ),
]
