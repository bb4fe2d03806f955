"""Forms for a request for reconsideration, suspending the restriction meanwhile, and the
decision. They check the shape of what was typed; the rules live in
``services.reconsiderations`` and come back here as messages on the fields."""

from crispy_forms_gds.choices import Choice
from crispy_forms_gds.layout import ConditionalQuestion, Field, Fluid, Size, Submit
from django import forms
from django.utils import timezone

from home.dates import long_date
from home.forms import (
    DayMonthYearField,
    LabelledConditionalRadios,
    form_helper,
    line_answer,
    text_answer,
    text_area,
)
from home.models import ReconsiderationSettings

from ..enums import ReceivedHow, ReconsiderationOutcome, RequestedBy
from ..services.reconsiderations import (
    decision_problems,
    last_day_to_ask,
    request_problems,
    told_on,
)
from .reviews import VARIED, VariationForm

OUTCOME_HINTS = {
    ReconsiderationOutcome.UPHELD: "The decision stands and the restriction continues "
    "exactly as it is.",
    ReconsiderationOutcome.VARIED: "Change what is restricted, how the person may contact "
    "the council, the named contact or the end date.",
    ReconsiderationOutcome.LIFTED: "The restriction ends today. The letter tells the person "
    "plainly that it no longer applies.",
}


def _report_problems(form, problems):
    for name, message in problems.items():
        if name not in form.errors:
            form.add_error(name if name in form.fields else None, message)


class ReconsiderationRequestForm(forms.Form):
    received_on = DayMonthYearField(
        label="When was the request received?",
        name_in_errors="the date the request was received",
        help_text="For example, 27 3 2026",
    )
    received_how = forms.ChoiceField(
        label="How was it received?",
        choices=ReceivedHow.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how the request was received"},
    )
    requested_by = forms.ChoiceField(
        label="Who asked?",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose who asked for the reconsideration"},
    )
    representative_name = line_answer(
        "The representative's name",
        max_length=200,
        help_text="Check that the person has agreed to them acting for them.",
    )
    grounds = text_answer(
        "The grounds, in the person's own words",
        max_length=5000,
        help_text="Why they think the decision should change. Quote them; do not summarise.",
        missing="Record the grounds of the request, in the person's own words",
    )
    late_reason = text_answer(
        "If the request is late, why accept it?",
        max_length=2000,
        required=False,
    )

    def __init__(self, *args, restriction, **kwargs):
        super().__init__(*args, **kwargs)
        self.restriction = restriction
        told = told_on(restriction)
        last = last_day_to_ask(told)
        period = ReconsiderationSettings.load().period_words
        self.fields["late_reason"].help_text = (
            f"The person was told on {long_date(told)}, so a request is in time up to "
            f"{long_date(last)} ({period}). A later request can still be accepted: say why, "
            "for example illness or a letter that went astray."
        )
        self.fields["requested_by"].choices = RequestedBy.choices
        self.helper = form_helper(
            Field("received_on", context={"legend_size": Size.for_legend(Size.SMALL)}),
            Field.radios("received_how", legend_size=Size.SMALL),
            LabelledConditionalRadios(
                "requested_by",
                RequestedBy.CUSTOMER.label,
                ConditionalQuestion(
                    RequestedBy.REPRESENTATIVE.label,
                    Field.text(
                        "representative_name",
                        field_width=Fluid.TWO_THIRDS,
                        label_size=Size.SMALL,
                    ),
                ),
            ),
            text_area("grounds", 6, 5000),
            text_area("late_reason", 3, 2000),
            Submit("record", "Record the request"),
        )

    def request_values(self):
        data = self.cleaned_data
        return {
            "received_on": data.get("received_on"),
            "received_how": data.get("received_how"),
            "requested_by": data.get("requested_by"),
            "representative_name": data.get("representative_name", ""),
            "grounds": data.get("grounds", ""),
            "late_reason": data.get("late_reason", ""),
        }

    def clean(self):
        data = super().clean()
        values = self.request_values()
        if values["received_on"] is not None:
            _report_problems(
                self,
                request_problems(self.restriction, today=timezone.localdate(), **values),
            )
        return data


class SuspendForm(forms.Form):
    reason = text_answer(
        "Why suspend the restriction until the reconsideration is decided?",
        max_length=2000,
        help_text="While it is suspended the restriction binds nobody, and staff checking "
        "before contact are told so.",
        missing="Give the reason for suspending the restriction",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            text_area("reason", 4, 2000),
            Submit("suspend", "Suspend the restriction", css_class="govuk-button--warning"),
        )


class ReconsiderationDecisionForm(VariationForm):
    field_order = ["outcome", *VARIED, "reasons", "role"]

    outcome = forms.ChoiceField(
        label="Your decision",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether the decision is upheld, varied or lifted"},
    )
    reasons = text_answer(
        "Reasons for your decision",
        max_length=3000,
        help_text="Answer the grounds the person gave. The letter gives these reasons.",
        missing="Give the reasons for the outcome",
    )
    role = forms.CharField(
        label="Your role title",
        help_text="The letter names the decision maker by role, never by name.",
        max_length=120,
        required=False,
    )

    def __init__(self, *args, reconsideration, **kwargs):
        super().__init__(*args, **kwargs)
        self.reconsideration = reconsideration
        self._start_from(reconsideration.restriction)
        self.fields["outcome"].choices = [
            Choice(value, label, hint=OUTCOME_HINTS[value])
            for value, label in ReconsiderationOutcome.choices
        ]
        titles = ReconsiderationSettings.load().role_titles()
        if titles:
            self.fields["role"] = forms.ChoiceField(
                label="Your role title",
                help_text="The letter names the decision maker by role, never by name.",
                choices=[(title, title) for title in titles],
                widget=forms.RadioSelect,
                required=False,
            )
            role = Field.radios("role", legend_size=Size.SMALL)
        else:
            role = Field.text("role", field_width=Fluid.TWO_THIRDS, label_size=Size.SMALL)
        self.helper = form_helper(
            LabelledConditionalRadios(
                "outcome",
                ReconsiderationOutcome.UPHELD.label,
                self.variation_layout(ReconsiderationOutcome.VARIED.label),
                ReconsiderationOutcome.LIFTED.label,
                legend_size=Size.MEDIUM,
            ),
            text_area("reasons", 5, 3000),
            role,
            Submit("decide", "Record the decision"),
        )

    def decision_values(self):
        """What the service needs, by its keyword names."""
        data = self.cleaned_data
        values = {
            "outcome": data.get("outcome"),
            "reasons": data.get("reasons", ""),
            "role": data.get("role", ""),
        }
        if data.get("outcome") == ReconsiderationOutcome.VARIED:
            values.update(self.variation_values())
        return values

    def clean(self):
        data = super().clean()
        _report_problems(
            self,
            decision_problems(
                self.reconsideration, today=timezone.localdate(), **self.decision_values()
            ),
        )
        return data
