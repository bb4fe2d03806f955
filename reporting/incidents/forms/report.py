"""The form staff fill in to report an incident, laid out with crispy-forms-gds.

Radios and checkboxes are drawn by our own template
(``incidents/fields/choices.html``) rather than the template pack's, so that:

- a choice can reveal follow-up questions (shown to everyone when JavaScript is off);
- the first input of a group carries the field's own id, which the error summary links to;
- the behaviour categories sit under the two kinds of behaviour in the policy.

The questions about the person are in ``report_person`` and the layout in
``report_layout``. The form only checks answers. Saving, the audit trail and the e-mails
are the work of ``services.report_incident``.
"""

import datetime
from functools import cached_property

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.forms.utils import ErrorDict
from django.utils import timezone

from home.forms import SafeModelChoiceField, SafeModelMultipleChoiceField
from reporting.access.models import ServiceArea
from reporting.customers.selectors import SEARCH_LIMIT, find_customers

from .. import evidence
from ..enums import Channel, LocationKind, ProtectedCharacteristic
from ..enums import SupportOption as Support
from ..models import BehaviourCategory
from .fields import EvidenceField, IncidentDateField, YesNoField, parse_time, too_long
from .report_layout import report_helper
from .report_person import PersonQuestions

# The questions that belong to each "yes".
FOLLOW_UPS = {
    "injury": ("injury_details",),
    "police_informed": ("crime_reference",),
    "safeguarding_concern": ("safeguarding_details",),
}

# The form ----------------------------------------------------------------------------


class IncidentReportForm(PersonQuestions):
    """Every answer a report needs: who (``PersonQuestions``, which says what ``found``
    and ``search_limit`` are), then when, where, what happened and what it led to."""

    # When and where
    occurred_on = IncidentDateField(
        label="Date",
        help_text="For example, 27 3 2025.",
    )
    occurred_time = forms.CharField(
        label="Time",
        help_text="Use the 24-hour clock, for example 14:30, or write 2:30pm. "
        "If you are not sure, give your best guess.",
        max_length=10,
        error_messages={
            "required": "Enter the time of the incident",
            "max_length": "Enter a real time, like 14:30 or 2:30pm",
        },
    )
    service_area = SafeModelChoiceField(
        label="Which council service was involved?",
        queryset=ServiceArea.objects.filter(active=True),
        empty_label="Choose a service",
        error_messages={
            "required": "Select the council service that was involved",
            "invalid_choice": "Select the council service that was involved",
        },
    )
    location_kind = forms.ChoiceField(
        label="Where did it happen?",
        choices=LocationKind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select where it happened",
            "invalid_choice": "Select where it happened",
        },
    )
    site = forms.CharField(
        label="Which site?",
        help_text="For example, Civic Offices reception or Northgate Library.",
        required=False,
        max_length=160,
        error_messages={"max_length": too_long("The site", 160)},
    )
    channel = forms.ChoiceField(
        label="How was the contact made?",
        choices=Channel.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select how the contact was made",
            "invalid_choice": "Select how the contact was made",
        },
    )

    # What happened
    categories = SafeModelMultipleChoiceField(
        label="What kind of behaviour was it?",
        help_text="Select all that apply.",
        queryset=BehaviourCategory.objects.filter(active=True),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Select at least one kind of behaviour",
            "invalid_choice": "Select kinds of behaviour from the list",
            "invalid_pk_value": "Select kinds of behaviour from the list",
        },
    )
    description = forms.CharField(
        label="Describe what happened",
        help_text="Say what was said and done, in the order it happened. Use the person's "
        "own words where you can. Keep to the facts.",
        max_length=5000,
        widget=forms.Textarea,
        error_messages={
            "required": "Describe what happened",
            "max_length": too_long("The description of what happened", 5000),
        },
    )
    protected_characteristics = forms.MultipleChoiceField(
        label="Was the behaviour aimed at any of these? (optional)",
        help_text="Select all that apply. Hostility towards disability, race, religion, "
        "sexual orientation or transgender identity is recorded as a possible hate incident.",
        required=False,
        choices=ProtectedCharacteristic.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Select characteristics from the list"},
    )
    people_affected = forms.CharField(
        label="Who was affected? (optional)",
        help_text="Staff, other customers or members of the public. For staff, give a name "
        "or job title.",
        required=False,
        max_length=1000,
        widget=forms.Textarea,
        error_messages={"max_length": too_long("Who was affected", 1000)},
    )
    witnesses = forms.CharField(
        label="Who saw or heard it? (optional)",
        help_text="Names of witnesses and how to reach them, if you know.",
        required=False,
        max_length=1000,
        widget=forms.Textarea,
        error_messages={"max_length": too_long("The witnesses", 1000)},
    )

    # Harm and safety
    injury = YesNoField(
        label="Was anyone hurt?",
        required_message="Select yes if anyone was hurt",
    )
    injury_details = forms.CharField(
        label="Describe the injuries",
        help_text="Who was hurt, how, and whether they needed first aid or hospital treatment.",
        required=False,
        max_length=1000,
        widget=forms.Textarea,
        error_messages={"max_length": too_long("The description of the injuries", 1000)},
    )
    violence = YesNoField(
        label="Was there violence or a physical threat?",
        help_text="For example, hitting, pushing, spitting, throwing things or raising a fist.",
        required_message="Select yes if there was violence or a physical threat",
    )
    police_informed = YesNoField(
        label="Have the police been told?",
        required_message="Select yes if the police have been told",
    )
    crime_reference = forms.CharField(
        label="Crime reference number (optional)",
        help_text="If the police gave you one.",
        required=False,
        max_length=40,
        error_messages={"max_length": too_long("The crime reference number", 40)},
    )
    riddor_reportable = YesNoField(
        label="Could this need reporting under RIDDOR?",
        help_text="RIDDOR covers injuries at work that are serious, or that keep someone off "
        "their normal work for more than 7 days. If you are not sure, select no: your manager "
        "and health and safety will check.",
        required_message="Select yes if this could need reporting under RIDDOR",
    )
    safeguarding_concern = YesNoField(
        label="Is there a safeguarding concern?",
        help_text="For example, the person threatened to harm themselves or someone else, or "
        "a child or adult at risk was involved.",
        required_message="Select yes if there is a safeguarding concern",
    )
    safeguarding_details = forms.CharField(
        label="What is the concern?",
        help_text="Follow your service's safeguarding procedure as well: this report does not "
        "replace a safeguarding referral.",
        required=False,
        max_length=1000,
        widget=forms.Textarea,
        error_messages={"max_length": too_long("The safeguarding concern", 1000)},
    )

    # Support and evidence
    support_requested = forms.MultipleChoiceField(
        label="What support would you like? (optional)",
        help_text="Select all that apply. Your manager will get in touch.",
        required=False,
        choices=Support.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Select support from the list"},
    )
    evidence = EvidenceField(
        label="Attach evidence (optional)",
        help_text="Photos, PDFs, sound recordings or saved e-mails.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.files_dropped = False
        limit = evidence.megabytes(settings.EVIDENCE_MAX_BYTES).replace(" ", "\u00a0")
        self.fields["evidence"].help_text = (
            "Photos, PDFs, sound recordings or saved e-mails. Up to "
            f"{evidence.MAX_FILES} files, each {limit} or smaller."
        )
        self._tune_widgets()

    @cached_property
    def helper(self):
        return report_helper(self)

    # Drawing the form

    def _tune_widgets(self):
        for name in ("first_name", "last_name", "postcode", "email", "telephone", "address"):
            self.fields[name].widget.attrs["autocomplete"] = "off"
        for name in ("postcode", "email", "customer_search", "crime_reference"):
            self.fields[name].widget.attrs["spellcheck"] = "false"
        self.fields["email"].widget.attrs["input_type"] = "email"
        self.fields["telephone"].widget.attrs["input_type"] = "tel"
        self.fields["customer_search"].widget.attrs["autocomplete"] = "off"
        self.fields["occurred_time"].widget.attrs["autocomplete"] = "off"
        # Long answers get a character count instead of the browser silently stopping.
        for field in self.fields.values():
            if isinstance(field.widget, forms.Textarea):
                field.widget.attrs.pop("maxlength", None)
                # crispy-forms-gds adds to this attribute for the count, and expects it.
                field.widget.attrs.setdefault("aria-describedby", "")

    # Checking the answers

    def clean_occurred_time(self):
        time = parse_time(self.cleaned_data["occurred_time"])
        if time is None:
            raise ValidationError("Enter a real time, like 14:30 or 2:30pm")
        return time

    def clean_support_requested(self):
        chosen = self.cleaned_data["support_requested"]
        if Support.NONE in chosen and len(chosen) > 1:
            raise ValidationError(
                "Select the support you would like, or select ‘No support needed just now’"
            )
        return chosen

    def clean(self):
        cleaned = super().clean()
        self._check_person(cleaned)

        if cleaned.get("location_kind") == LocationKind.SITE:
            self._require("site", "Enter the site where it happened")
        else:
            self._forget("site")
        for question, names in FOLLOW_UPS.items():
            if cleaned.get(question) is not True:
                self._forget(*names)
        if cleaned.get("injury") is True:
            self._require("injury_details", "Describe the injuries")
        if cleaned.get("safeguarding_concern") is True:
            self._require("safeguarding_details", "Say what the safeguarding concern is")

        self._check_when(cleaned)
        return cleaned

    def _check_when(self, cleaned):
        day, time = cleaned.get("occurred_on"), cleaned.get("occurred_time")
        if day is None or time is None:
            return
        now = timezone.localtime()
        if day > now.date():
            self.add_error("occurred_on", "The date of the incident must be today or in the past")
            return
        occurred_at = timezone.make_aware(datetime.datetime.combine(day, time))
        if occurred_at > now:
            self.add_error(
                "occurred_time",
                f"The time of the incident must be in the past. It is now {now:%H:%M}",
            )
            return
        cleaned["occurred_at"] = occurred_at

    def full_clean(self):
        super().full_clean()
        if self.is_bound and self._errors:
            files = self.files
            if hasattr(files, "getlist"):
                self.files_dropped = bool(files.getlist("evidence"))
            else:
                self.files_dropped = bool(files.get("evidence"))

    def hide_problems(self):
        """Show the answers as given, with no error messages: after a search, say."""
        self._errors = ErrorDict()
        self.cleaned_data = {}


def report_form(*, data=None, files=None, found=None):
    """The report form. When bound, the customers found by the search it carries are
    offered as choices, unless ``found`` is given; the search runs only if the form needs
    its results (to draw them, or to point at them when nobody has been chosen)."""
    if data is not None and found is None:
        term = data.get("customer_search", "")

        def found():
            return find_customers(term)

    return IncidentReportForm(data=data, files=files, found=found or (), search_limit=SEARCH_LIMIT)
