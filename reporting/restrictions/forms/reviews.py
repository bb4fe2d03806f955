"""The review of a restriction in force: what happened, the outcome, and the next review.

The form checks the shape of what was typed; the rules live in
``reporting.services.reviews`` and come back here as messages on the fields.
"""

from crispy_forms_gds.choices import Choice
from crispy_forms_gds.layout import ConditionalQuestion, Field, Fluid, Size, Submit
from django import forms
from django.utils import timezone

from home.dates import numeric_date
from home.forms import (
    DayMonthYearField,
    LabelledConditionalRadios,
    form_helper,
    line_answer,
    text_answer,
    text_area,
)

from ..enums import ReviewOutcome
from ..services.reviews import default_next_review, latest_next_review, review_problems
from .proposals import RestrictionTermsMixin

OUTCOME_HINTS = {
    ReviewOutcome.CONTINUE: "The restriction stays exactly as it is until the next review.",
    ReviewOutcome.VARY: "Change what is restricted, how the person may contact the council, "
    "the named contact or the end date.",
    ReviewOutcome.LIFT: "The restriction ends today. The person is told in writing that it "
    "has ended.",
}


# The questions of a variation, in the order the page asks them.
VARIED = ["changes", "types", "arrangements", "named_contact", "ends_on"]


class VariationForm(RestrictionTermsMixin, forms.Form):
    """The restriction as it will stand if a decision varies it: what changes, the
    catalogue entries, the arrangements, the named contact and the end date. Reviews and
    reconsiderations both vary a restriction, by the same rules."""

    changes = text_answer(
        "What changes?",
        max_length=2000,
        required=False,
        help_text="In plain words: the letter tells the person what is different now.",
    )
    types = forms.MultipleChoiceField(
        label="Which restrictions apply from now on?",
        help_text="The words under each are what the letter says.",
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    arrangements = text_answer(
        "Exactly how the person may contact the council now",
        max_length=2000,
        required=False,
        help_text="Channel, days and times, length of calls or meetings, buildings.",
    )
    named_contact = line_answer(
        "Named officer, team or mailbox",
        max_length=200,
        help_text="Use a role and a council address, not a private one.",
    )
    ends_on = DayMonthYearField(
        label="End date (optional)",
        name_in_errors="the end date",
        required=False,
        help_text="Leave blank to keep the restriction until it is lifted at a review.",
    )

    def _start_from(self, restriction):
        """Offer the catalogue, and begin from the restriction as it stands."""
        self._set_up_terms()
        if not self.is_bound:
            self.initial.update(
                types=[str(t.pk) for t in restriction.types.all()],
                arrangements=restriction.arrangements,
                named_contact=restriction.named_contact,
                ends_on=restriction.ends_on,
            )

    def variation_layout(self, label):
        """The questions shown under the outcome that varies the restriction."""
        return ConditionalQuestion(
            label,
            text_area("changes", 3, 2000),
            Field.checkboxes("types", legend_size=Size.SMALL),
            text_area("arrangements", 4, 2000),
            Field.text("named_contact", field_width=Fluid.TWO_THIRDS, label_size=Size.SMALL),
            Field("ends_on", context={"legend_size": Size.for_legend(Size.SMALL)}),
        )

    def variation_values(self):
        """The varied terms, by the services' keyword names."""
        data = self.cleaned_data
        return {
            "changes": data.get("changes", ""),
            "types": self._picked("types", self.offered_types),
            "arrangements": data.get("arrangements", ""),
            "named_contact": data.get("named_contact", ""),
            "ends_on": data.get("ends_on"),
        }


class ReviewForm(VariationForm):
    field_order = ["since_last", "outcome", *VARIED, "reasons", "next_review_on"]

    since_last = text_answer(
        "What has happened since the decision or the last review?",
        max_length=3000,
        help_text="Contact from the person, any further incidents, and how the arrangements "
        "have worked. Give dates.",
        missing="Say what has happened since the decision or the last review",
    )
    outcome = forms.ChoiceField(
        label="Outcome of the review",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose whether the restriction continues, is varied or is lifted"
        },
    )
    reasons = text_answer(
        "Reasons for the outcome",
        max_length=3000,
        help_text="Why the restriction is still needed and proportionate, or why it is not. "
        "The letter gives these reasons.",
        missing="Give the reasons for the outcome",
    )
    next_review_on = DayMonthYearField(
        label="Date of the next review",
        name_in_errors="the date of the next review",
        required=False,
    )

    def __init__(self, *args, restriction, **kwargs):
        super().__init__(*args, **kwargs)
        self.restriction = restriction
        self._start_from(restriction)
        self.fields["outcome"].choices = [
            Choice(value, label, hint=OUTCOME_HINTS[value])
            for value, label in ReviewOutcome.choices
        ]
        today = timezone.localdate()
        suggested = default_next_review(restriction, today=today)
        if not self.is_bound:
            self.initial["next_review_on"] = suggested
        self.fields["next_review_on"].help_text = (
            "Not needed if you lift the restriction. Three months after the review date "
            f"being answered is suggested; it must be after today and no later than "
            f"{numeric_date(latest_next_review(today))}."
        )
        self.helper = form_helper(
            text_area("since_last", 5, 3000),
            LabelledConditionalRadios(
                "outcome",
                ReviewOutcome.CONTINUE.label,
                self.variation_layout(ReviewOutcome.VARY.label),
                ReviewOutcome.LIFT.label,
                legend_size=Size.MEDIUM,
            ),
            text_area("reasons", 5, 3000),
            Field("next_review_on", context={"legend_size": Size.for_legend(Size.SMALL)}),
            Submit("review", "Record the review"),
        )

    def clean(self):
        data = super().clean()
        problems = review_problems(
            self.restriction, today=timezone.localdate(), **self.review_values()
        )
        for name, message in problems.items():
            if name not in self.errors:
                self.add_error(name if name in self.fields else None, message)
        return data

    def review_values(self):
        """What the service needs, by its keyword names."""
        data = self.cleaned_data
        values = {
            "since_last": data.get("since_last", ""),
            "outcome": data.get("outcome"),
            "reasons": data.get("reasons", ""),
            "next_review_on": data.get("next_review_on"),
        }
        if data.get("outcome") == ReviewOutcome.VARY:
            values.update(self.variation_values())
        return values
