"""Forms for the customer record: merging duplicates, caution markers, the marker check.

They check the shape of what was typed; the rules themselves live in
``reporting.services.customers``.
"""

from crispy_forms_gds.choices import Choice
from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import (
    ConditionalQuestion,
    ConditionalRadios,
    Field,
    Fieldset,
    Fluid,
    Layout,
    Size,
    Submit,
)
from django import forms
from django.utils import timezone

from reporting.models.customers import MarkerSeverity
from reporting.services.customers import (
    add_months,
    caution_marker_problems,
    normalise_reference,
)


class RevealQuestion(ConditionalQuestion):
    """A radio and what it reveals, without the ARIA attributes radios may not carry:
    static/js/init.mjs shows and hides the questions (``data-reveals``)."""

    template = "reporting/fields/reveal_radio.html"


def _as_reveal(choice):
    if isinstance(choice, RevealQuestion):
        return choice
    if isinstance(choice, ConditionalQuestion):
        return RevealQuestion(choice.value, *choice.fields)
    return RevealQuestion(choice)


class LabelledConditionalRadios(ConditionalRadios):
    """Conditional radios whose legend matches the size of the form's other questions,
    each drawn as a ``RevealQuestion``."""

    def __init__(self, field, *choices, legend_size=Size.SMALL):
        super().__init__(field, *(_as_reveal(choice) for choice in choices))
        self.legend_size = Size.for_legend(legend_size)

    def render(self, form, context, *args, **kwargs):
        with context.push(legend_size=self.legend_size):
            return super().render(form, context, *args, **kwargs)


def _helper(*layout):
    helper = FormHelper()
    helper.form_tag = False
    helper.layout = Layout(*layout)
    return helper


def _date_field(label, *, required, help_text="", missing="Enter the date"):
    date_field = DateInputField(label=label, required=required, help_text=help_text)
    date_field.error_messages["required"] = missing
    date_field.error_messages["incomplete"] = missing
    return date_field


def _numeric(day):
    return f"{day.day} {day.month} {day.year}"


class CustomerReferenceField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 20)
        super().__init__(**kwargs)

    def to_python(self, value):
        return normalise_reference(super().to_python(value))


class MergeFindForm(forms.Form):
    reference = CustomerReferenceField(
        label="Customer reference of the duplicate record",
        help_text="For example, C-000123. It is shown at the top of every customer record.",
        error_messages={"required": "Enter the customer reference of the duplicate record"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reference"].widget.attrs.update({"spellcheck": "false"})
        self.helper = _helper(
            Field.text("reference", label_size=Size.SMALL, field_width=10),
            Submit("find", "Continue"),
        )


class MergeConfirmForm(forms.Form):
    reference = CustomerReferenceField(widget=forms.HiddenInput)
    same_person = forms.BooleanField(
        label="I have checked that both records are the same person",
        error_messages={"required": "Confirm that both records are the same person"},
    )
    reason = forms.CharField(
        label="How do you know they are the same person?",
        help_text="For example, the same date of birth and address. "
        "Do not repeat the person's details here.",
        max_length=300,
        widget=forms.Textarea,
        error_messages={
            "required": "Say how you know the records are the same person",
            "max_length": "Keep the reason to 300 characters or fewer",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            "reference",
            Field.checkbox("same_person"),
            Field.textarea("reason", label_size=Size.SMALL, rows=3, max_characters=300),
            Submit("confirm", "Merge the records"),
        )


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
    review_date = _date_field(
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
    told_on = _date_field(
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
        review.help_text = f"{review.help_text} For example, {_numeric(add_months(today, 3))}."
        told.help_text = f"For example, {_numeric(today)}."
        self.helper = _helper(
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
        self.helper = _helper(
            Field.textarea("reason", label_size=Size.SMALL, rows=3, max_characters=180),
            Submit("remove", "Remove the marker", css_class="govuk-button--warning"),
        )


class MarkerCheckForm(forms.Form):
    reference = CustomerReferenceField(
        label="Customer reference",
        required=False,
        help_text="For example, C-000123.",
    )
    name = forms.CharField(label="Name", required=False, max_length=160)
    postcode = forms.CharField(label="Postcode", required=False, max_length=10)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.fields:
            self.fields[name].widget.attrs.update({"autocomplete": "off", "spellcheck": "false"})
        self.helper = _helper(
            Fieldset(
                Field.text("reference", field_width=10),
                legend="Search by customer reference",
                legend_size=Size.SMALL,
            ),
            Fieldset(
                Field.text("name", field_width=Fluid.TWO_THIRDS),
                Field.text("postcode", field_width=10),
                legend="Or by name and postcode",
                legend_size=Size.SMALL,
            ),
            Submit("check", "Check"),
        )

    def clean(self):
        data = super().clean()
        if data.get("reference"):
            return data
        name, postcode = data.get("name", "").strip(), data.get("postcode", "").strip()
        if name and not postcode:
            self.add_error("postcode", "Enter the postcode as well as the name")
        elif postcode and not name:
            self.add_error("name", "Enter the name as well as the postcode")
        elif not name and not postcode:
            self.add_error("reference", "Enter a customer reference, or a name and postcode")
        return data
