"""The manager's follow-up to an incident: support for the employee, police, risk, outcome."""

from crispy_forms_gds.choices import Choice
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size, Submit
from django import forms

from home.forms import DayMonthYearField

from .. import services as service
from ..enums import IncidentStatus
from ..models import FollowUp

STATUS_HINTS = {
    IncidentStatus.NEW: "Nobody has looked into it yet.",
    IncidentStatus.UNDER_REVIEW: "You are supporting the employee or looking into what happened.",
    IncidentStatus.CLOSED: "Everything that needed doing is done. You must record the outcome.",
}


class FollowUpForm(forms.ModelForm):
    wellbeing_meeting_on = DayMonthYearField(
        label="When did you hold the private 1:1 with the employee?",
        required=False,
        name_in_errors="the date of the 1:1",
        help_text="Leave this empty if it has not happened yet. For example, 14 3 2025",
    )
    status = forms.ChoiceField(
        label="Status",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose a status",
            "invalid_choice": "Choose one of the statuses listed",
        },
    )

    class Meta:
        model = FollowUp
        fields = [
            "wellbeing_meeting_on",
            "support_agreed",
            "police_contact",
            "risk_assessment",
            "outcome",
        ]
        labels = {
            "support_agreed": "Support agreed with the employee",
            "police_contact": "Contact with the police",
            "risk_assessment": "Risk assessment",
            "outcome": "Outcome",
        }
        help_texts = {
            "support_agreed": (
                "For example, a mental health first aider, the employee assistance "
                "programme, occupational health or a stress risk assessment."
            ),
            "police_contact": "Who you spoke to, when, and any crime reference number.",
            "risk_assessment": "What might happen again, and what will keep staff safe.",
            "outcome": (
                "What was decided, such as no further action, a warning to the customer "
                "or a proposal to restrict contact. You must fill this in to close the incident."
            ),
        }

    def __init__(self, *args, incident, **kwargs):
        self.incident = incident
        kwargs.setdefault("instance", service.current_follow_up(incident))
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [
            Choice(value, IncidentStatus(value).label, hint=STATUS_HINTS[value])
            for value in service.statuses_open_to(incident)
        ]
        # A new incident that is being followed up is, in all likelihood, now under review.
        self.fields["status"].initial = (
            IncidentStatus.UNDER_REVIEW
            if incident.status == IncidentStatus.NEW
            else incident.status
        )

        def textarea(name, rows=4):
            limit = FollowUp._meta.get_field(name).max_length
            return Field.textarea(name, label_size=Size.SMALL, rows=rows, max_characters=limit)

        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Field("wellbeing_meeting_on", context={"legend_size": Size.for_legend(Size.SMALL)}),
            textarea("support_agreed"),
            textarea("police_contact", rows=3),
            textarea("risk_assessment"),
            textarea("outcome"),
            Field.radios("status", legend_size=Size.MEDIUM),
            Submit("save", "Save follow-up"),
        )

    def clean(self):
        cleaned = super().clean()
        if "status" in cleaned:
            found = service.problems(
                self.incident,
                status=cleaned["status"],
                outcome=cleaned.get("outcome", ""),
                wellbeing_meeting_on=cleaned.get("wellbeing_meeting_on"),
            )
            for field, message in found.items():
                if field not in self.errors:
                    self.add_error(field, message)
        return cleaned

    def save(self, commit=True):
        raise NotImplementedError("Use reporting.services.follow_up.record_follow_up.")

    def details(self):
        """The follow-up fields, ready for record_follow_up()."""
        return {name: self.cleaned_data[name] for name in service.DETAIL_FIELDS}
