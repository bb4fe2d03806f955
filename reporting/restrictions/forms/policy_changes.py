"""A decision maker's answer to a new policy version, for a restriction decided under an
older one: bring its review forward, or record why the change does not affect it.

The form checks the shape of what was typed; the rules live in
``reporting.restrictions.services.policy_changes`` and come back here on the fields.
"""

from crispy_forms_gds.choices import Choice
from crispy_forms_gds.layout import ConditionalQuestion, Field, Size, Submit
from django import forms
from django.utils import timezone

from home.dates import numeric_date
from home.forms import (
    DayMonthYearField,
    LabelledConditionalRadios,
    form_helper,
    text_answer,
    text_area,
)

from ..enums import PolicyCheckOutcome
from ..services.policy_changes import policy_check_problems

OUTCOME_HINTS = {
    PolicyCheckOutcome.BROUGHT_FORWARD: "The change may matter to this restriction: review "
    "it sooner, under the new version.",
    PolicyCheckOutcome.NOT_AFFECTED: "The change does not bear on this restriction: it is "
    "reviewed on its usual date.",
}


class PolicyChangeForm(forms.Form):
    outcome = forms.ChoiceField(
        label="Does the change to the policy affect this restriction?",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose whether to bring the review forward or record that the "
            "change does not affect the restriction"
        },
    )
    review_on = DayMonthYearField(
        label="Date of the earlier review",
        name_in_errors="the date of the earlier review",
        required=False,
    )
    reason = text_answer(
        "Why does the change not affect this restriction?",
        max_length=2000,
        required=False,
        help_text="Name the parts of the policy that changed and why they do not bear on "
        "this decision.",
    )

    def __init__(self, *args, restriction, **kwargs):
        super().__init__(*args, **kwargs)
        self.restriction = restriction
        self.fields["outcome"].choices = [
            Choice(value, label, hint=OUTCOME_HINTS[value])
            for value, label in PolicyCheckOutcome.choices
        ]
        self.fields["review_on"].help_text = (
            f"Today or later, and before the current review date, for example "
            f"{numeric_date(timezone.localdate())}. The review is due on "
            f"{numeric_date(restriction.review_on)} now."
        )
        self.helper = form_helper(
            LabelledConditionalRadios(
                "outcome",
                ConditionalQuestion(
                    PolicyCheckOutcome.BROUGHT_FORWARD.label,
                    Field("review_on", context={"legend_size": Size.for_legend(Size.SMALL)}),
                ),
                ConditionalQuestion(
                    PolicyCheckOutcome.NOT_AFFECTED.label,
                    text_area("reason", 4, 2000),
                ),
                legend_size=Size.MEDIUM,
            ),
            Submit("check", "Save"),
        )

    def clean(self):
        data = super().clean()
        if "outcome" in self.errors:
            return data
        problems = policy_check_problems(
            self.restriction, today=timezone.localdate(), **self.check_values()
        )
        for name, message in problems.items():
            if name not in self.errors:
                self.add_error(name if name in self.fields else None, message)
        return data

    def check_values(self):
        """What the service needs, by its keyword names."""
        data = self.cleaned_data
        return {
            "outcome": data.get("outcome"),
            "review_on": data.get("review_on"),
            "reason": data.get("reason", ""),
        }
