"""Health and safety's triage of an incident: correcting the RIDDOR, injury and
hate-incident answers, and recording the report to the HSE."""

from crispy_forms_gds.layout import Field, Fluid, Size, Submit
from django import forms

from home.forms import DayMonthYearField, form_helper, text_area

from ..enums import ProtectedCharacteristic
from .fields import YesNoField


class TriageForm(forms.Form):
    riddor_reportable = YesNoField(
        label="Is the injury reportable to the HSE under RIDDOR?",
        required_message="Say whether the injury is reportable under RIDDOR",
    )
    injury = YesNoField(label="Was anyone hurt?", required_message="Say whether anyone was hurt")
    injury_details = forms.CharField(
        label="What was the injury?",
        help_text="For example, a cut hand or a broken wrist.",
        max_length=1000,
        required=False,
        widget=forms.Textarea,
    )
    protected_characteristics = forms.MultipleChoiceField(
        label="Was the behaviour aimed at any of these?",
        help_text="Hostility towards disability, race, religion, sexual orientation or "
        "transgender identity is recorded as a possible hate incident.",
        required=False,
        choices=ProtectedCharacteristic.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Select characteristics from the list"},
    )
    hse_reference = forms.CharField(label="HSE reference", max_length=40, required=False)
    reported_to_hse_on = DayMonthYearField(
        label="Date reported to the HSE",
        name_in_errors="the date reported to the HSE",
        required=False,
    )
    reason = forms.CharField(
        label="Why are you correcting these answers?",
        help_text="This is kept with the correction. Do not repeat personal details.",
        max_length=300,
        required=False,
        widget=forms.Textarea,
        error_messages={"max_length": "Keep the reason to 300 characters or fewer"},
    )

    def __init__(self, *args, incident, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.update(
                riddor_reportable="yes" if incident.riddor_reportable else "no",
                injury="yes" if incident.injury else "no",
                injury_details=incident.injury_details,
                protected_characteristics=incident.protected_characteristics,
                hse_reference=incident.hse_reference,
                reported_to_hse_on=incident.reported_to_hse_on,
            )
        self.helper = form_helper(
            Field.radios("injury", legend_size=Size.SMALL, inline=True),
            text_area("injury_details", 3, 1000),
            Field.radios("riddor_reportable", legend_size=Size.SMALL, inline=True),
            Field.text("hse_reference", field_width=Fluid.ONE_THIRD, label_size=Size.SMALL),
            Field("reported_to_hse_on", context={"legend_size": Size.for_legend(Size.SMALL)}),
            Field.checkboxes("protected_characteristics", legend_size=Size.SMALL),
            text_area("reason", 2, 300),
            Submit("save", "Save the corrections"),
        )

    def triage_values(self):
        data = self.cleaned_data
        return {
            name: data.get(name)
            for name in (
                "riddor_reportable",
                "injury",
                "injury_details",
                "protected_characteristics",
                "hse_reference",
                "reported_to_hse_on",
            )
        }
