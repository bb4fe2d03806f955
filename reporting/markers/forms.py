"""Forms for setting and removing caution markers. They check the shape of what was
typed; the rules live in ``services``."""

from crispy_forms_gds.choices import Choice
from crispy_forms_gds.layout import (
    ConditionalQuestion,
    Field,
    Size,
    Submit,
)
from django import forms
from django.utils import timezone

from home.dates import add_months, numeric_date
from home.forms import LabelledConditionalRadios, date_field, form_helper

from .enums import MarkerSeverity
from .services import caution_marker_problems


class CautionMarkerForm(forms.Form):
    incident = forms.TypedChoiceField(
        label="Which incident does the marker rest on?",
        help_text="A marker must rest on a recorded incident.",
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the incident this marker rests on"},
    )
    severity = forms.ChoiceField(
        label="How serious is the risk?",
        help_text="The more serious the risk, the longer the marker may run before it is "
        "reviewed.",
        choices=MarkerSeverity.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how serious the risk is"},
    )
    safety_advice = forms.CharField(
        label="Safety advice for staff",
        help_text="Everyone who checks this person sees this, so say only what staff "
        "should do, for example 'Visit in pairs and meet at the office'. "
        "Do not give the reasons here.",
        max_length=500,
        widget=forms.Textarea,
        error_messages={"required": "Say what staff should do to keep safe"},
    )
    reasons = forms.CharField(
        label="Why is the marker needed?",
        help_text="Describe what happened and what risk remains. Only managers and "
        "health and safety can read this, and every reading is recorded.",
        max_length=2000,
        widget=forms.Textarea,
        error_messages={"required": "Say why the marker is needed"},
    )
    review_date = date_field(
        "Review date",
        required=True,
        help_text="A date in the future, no later than 6 months away for a low risk, "
        "12 months for medium and 24 months for high.",
        missing="Enter the date the marker will be reviewed",
    )
    person_told = forms.ChoiceField(
        label="Has the person been told about the marker?",
        help_text="Tell them that it exists, why, for how long and how to challenge it, "
        "unless telling them would itself put someone at risk.",
        choices=[("yes", "Yes"), ("no", "No")],
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether the person has been told about the marker"},
    )
    told_on = date_field(
        "When were they told?",
        required=False,
        missing="Enter the date the person was told",
    )
    not_told_reason = forms.CharField(
        label="What real risk would telling them create?",
        help_text="This is revisited at each review.",
        max_length=1000,
        required=False,
        widget=forms.Textarea,
    )

    def __init__(self, *args, customer, **kwargs):
        super().__init__(*args, **kwargs)
        self.customer = customer
        self.incidents = {
            incident.pk: incident
            for incident in customer.incidents.select_related("service_area").prefetch_related(
                "categories"
            )
        }
        self.fields["incident"].choices = [
            Choice(
                incident.pk,
                f"{incident.reference}, {timezone.localtime(incident.occurred_at):%d %B %Y}",
                hint=", ".join(
                    [incident.service_area.name, *(c.name for c in incident.categories.all())]
                ),
            )
            for incident in self.incidents.values()
        ]
        today = timezone.localdate()
        review, told = self.fields["review_date"], self.fields["told_on"]
        review.help_text = f"{review.help_text} For example, {numeric_date(add_months(today, 3))}."
        told.help_text = f"For example, {numeric_date(today)}."
        self.helper = form_helper(
            Field.radios("incident", legend_size=Size.SMALL),
            Field.radios("severity", legend_size=Size.SMALL),
            Field.textarea("safety_advice", label_size=Size.SMALL, rows=3, max_characters=500),
            Field.textarea("reasons", label_size=Size.SMALL, rows=6, max_characters=2000),
            Field("review_date", context={"legend_size": Size.for_legend(Size.SMALL)}),
            LabelledConditionalRadios(
                "person_told",
                ConditionalQuestion("Yes", Field("told_on")),
                ConditionalQuestion(
                    "No",
                    Field.textarea(
                        "not_told_reason", label_size=Size.SMALL, rows=3, max_characters=1000
                    ),
                ),
            ),
            Submit("save", "Send for approval"),
        )

    def clean_incident(self):
        return self.incidents.get(self.cleaned_data["incident"])

    def clean_person_told(self):
        return {"yes": True, "no": False}.get(self.cleaned_data["person_told"])

    def clean(self):
        data = super().clean()
        problems = caution_marker_problems(
            customer=self.customer, today=timezone.localdate(), **self.marker_values()
        )
        for name, message in problems.items():
            if name not in self.errors:
                self.add_error(name, message)
        return data

    def marker_values(self):
        """What the service needs, by its keyword names."""
        data = self.cleaned_data
        return {
            "incident": data.get("incident"),
            "severity": data.get("severity"),
            "safety_advice": data.get("safety_advice", ""),
            "reasons": data.get("reasons", ""),
            "review_date": data.get("review_date"),
            "person_told": data.get("person_told"),
            "told_on": data.get("told_on"),
            "not_told_reason": data.get("not_told_reason", ""),
        }


class RemoveMarkerForm(forms.Form):
    reason = forms.CharField(
        label="Why is the marker being removed?",
        help_text="For example, 'Risk has passed: no incidents in 12 months'. This goes into "
        "the audit trail, so do not include anyone's personal details.",
        max_length=180,
        widget=forms.Textarea,
        error_messages={
            "required": "Say why the marker is being removed",
            "max_length": "Keep the reason to 180 characters or fewer",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Field.textarea("reason", label_size=Size.SMALL, rows=3, max_characters=180),
            Submit("remove", "Remove the marker", css_class="govuk-button--warning"),
        )
