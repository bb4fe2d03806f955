"""The form staff fill in to report an incident, laid out with crispy-forms-gds.

Radios and checkboxes are drawn by our own template
(``incidents/fields/choices.html``) rather than the template pack's, so that:

- a choice can reveal follow-up questions (shown to everyone when JavaScript is off);
- the first input of a group carries the field's own id, which the error summary links to;
- the behaviour categories sit under the two kinds of behaviour in the policy.

The form only checks answers. Saving, the audit trail and the e-mails are the work of
``services.report_incident``.
"""

import datetime

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import HTML, Field, Fluid, Layout, Size
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.forms.utils import ErrorDict
from django.utils import timezone

from home.forms import SafeModelChoiceField, SafeModelMultipleChoiceField
from reporting.access.models import ServiceArea
from reporting.customers.models import Customer
from reporting.customers.selectors import SEARCH_LIMIT, find_customers

from .. import evidence
from ..enums import BehaviourKind, Channel, LocationKind, ProtectedCharacteristic, ReportedPerson
from ..enums import SupportOption as Support
from ..models import BehaviourCategory
from .fields import (
    POSTCODE,
    TELEPHONE,
    Choices,
    CustomerSearch,
    EvidenceField,
    IncidentDateField,
    YesNoField,
    compact,
    format_postcode,
    parse_time,
    section,
    too_long,
)

WHO_EXISTING, WHO_NEW, WHO_UNKNOWN = (
    ReportedPerson.EXISTING,
    ReportedPerson.NEW,
    ReportedPerson.UNKNOWN,
)
WHO_CHOICES = ReportedPerson.choices

# The questions that belong to each answer to "who", and to each "yes".
WHO_FIELDS = {
    WHO_EXISTING: ("customer_search", "customer"),
    WHO_NEW: ("first_name", "last_name", "postcode", "address", "email", "telephone"),
    WHO_UNKNOWN: ("unknown_description",),
}
FOLLOW_UPS = {
    "injury": ("injury_details",),
    "police_informed": ("crime_reference",),
    "safeguarding_concern": ("safeguarding_details",),
}

# The form ----------------------------------------------------------------------------


class IncidentReportForm(forms.Form):
    """Every answer a report needs. ``found`` is the list of customers the search turned
    up; ``search_limit`` how many of them to offer."""

    # Who
    who = forms.ChoiceField(
        label="Who behaved in this way?",
        choices=WHO_CHOICES,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select who behaved in this way",
            "invalid_choice": "Select who behaved in this way",
        },
    )
    customer_search = forms.CharField(
        label="Search by name, customer reference or postcode",
        help_text="For example, Jo Bloggs, C-000123 or AB1 2CD.",
        required=False,
        max_length=100,
        error_messages={"max_length": too_long("The search", 100)},
    )
    customer = forms.ChoiceField(
        label="Select the person",
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Select the person from the search results"},
    )
    first_name = forms.CharField(
        label="First name",
        required=False,
        max_length=80,
        error_messages={"max_length": too_long("The first name", 80)},
    )
    last_name = forms.CharField(
        label="Last name",
        required=False,
        max_length=80,
        error_messages={"max_length": too_long("The last name", 80)},
    )
    postcode = forms.CharField(
        label="Postcode",
        required=False,
        max_length=10,
        error_messages={"max_length": "Enter a real postcode, like AB1 2CD"},
    )
    address = forms.CharField(
        label="Address (optional)",
        required=False,
        max_length=400,
        widget=forms.Textarea,
        error_messages={"max_length": too_long("The address", 400)},
    )
    email = forms.EmailField(
        label="E-mail address (optional)",
        required=False,
        max_length=254,
        widget=forms.TextInput,
        error_messages={
            "invalid": "Enter an e-mail address in the right format, like name@example.com",
            "max_length": too_long("The e-mail address", 254),
        },
    )
    telephone = forms.CharField(
        label="Telephone number (optional)",
        required=False,
        max_length=30,
        error_messages={"max_length": too_long("The telephone number", 30)},
    )
    unknown_description = forms.CharField(
        label="Describe the person",
        help_text="Anything that would help us recognise them: age, appearance, what they "
        "wore, a car they used, a name they gave or an account they posted from.",
        required=False,
        max_length=1000,
        widget=forms.Textarea,
        error_messages={"max_length": too_long("The description of the person", 1000)},
    )

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

    def __init__(self, *args, found=(), search_limit=20, **kwargs):
        super().__init__(*args, **kwargs)
        self.search_limit = search_limit
        found = list(found)
        self.searched = bool(self.is_bound and (self.data.get("customer_search") or "").strip())
        self.more_found = len(found) > search_limit
        offered = found[:search_limit]
        chosen = self._chosen_customer()
        if chosen is not None and chosen not in offered:
            offered.insert(0, chosen)
        self.fields["customer"].choices = [(str(c.pk), c.full_name) for c in offered]
        self.customer_hints = {
            str(c.pk): ", ".join(part for part in (c.reference, c.postcode) if part)
            for c in offered
        }
        self.files_dropped = False
        limit = evidence.megabytes(settings.EVIDENCE_MAX_BYTES).replace(" ", "\u00a0")
        self.fields["evidence"].help_text = (
            "Photos, PDFs, sound recordings or saved e-mails. Up to "
            f"{evidence.MAX_FILES} files, each {limit} or smaller."
        )
        self._tune_widgets()
        self.helper = self._helper()

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

    def _helper(self):
        # Questions of their own have bold labels, like the legends around them; the
        # follow-up questions an answer reveals keep plain ones.
        def textarea(name, rows=4, bold=False):
            return Field.textarea(
                name,
                rows=rows,
                max_characters=self.fields[name].max_length,
                label_size=Size.SMALL if bold else None,
                autocomplete="off",
            )

        def text(name, width=None, bold=False):
            return Field.text(name, field_width=width, label_size=Size.SMALL if bold else None)

        bold_label = {"label_size": Size.for_label(Size.SMALL)}

        kinds = self.fields["categories"].queryset
        category_groups = [
            (label, [str(c.pk) for c in kinds if c.kind == value])
            for value, label in BehaviourKind.choices
        ]
        category_hints = {str(c.pk): c.hint for c in kinds}
        helper = FormHelper()
        helper.form_tag = False
        helper.disable_csrf = True
        helper.layout = Layout(
            Choices(
                "who",
                legend_size=Size.LARGE,
                heading=True,
                reveals={
                    WHO_EXISTING: [CustomerSearch()],
                    WHO_NEW: [
                        text("first_name", Fluid.TWO_THIRDS),
                        text("last_name", Fluid.TWO_THIRDS),
                        text("postcode", 10),
                        textarea("address", rows=3),
                        text("email", Fluid.TWO_THIRDS),
                        text("telephone", 20),
                    ],
                    WHO_UNKNOWN: [textarea("unknown_description")],
                },
            ),
            section("When and where it happened"),
            Field("occurred_on", context={"legend_size": Size.for_legend(Size.SMALL)}),
            text("occurred_time", 5, bold=True),
            Field("service_area", context=bold_label),
            Choices(
                "location_kind",
                reveals={LocationKind.SITE: [text("site", Fluid.TWO_THIRDS)]},
            ),
            Choices("channel"),
            section("What happened"),
            Choices("categories", groups=category_groups, hints=category_hints),
            textarea("description", rows=8, bold=True),
            Choices("protected_characteristics"),
            textarea("people_affected", rows=3, bold=True),
            textarea("witnesses", rows=3, bold=True),
            section("Harm and safety"),
            Choices("injury", reveals={"yes": [textarea("injury_details", rows=3)]}),
            Choices("violence", inline=True),
            Choices("police_informed", reveals={"yes": [text("crime_reference", 20)]}),
            Choices("riddor_reportable", inline=True),
            Choices(
                "safeguarding_concern",
                reveals={"yes": [textarea("safeguarding_details", rows=3)]},
            ),
            section("Support and evidence"),
            Choices("support_requested", exclusive=Support.NONE),
            HTML(
                "{% if form.files_dropped %}"
                '<div class="govuk-inset-text">Files are not kept when a report has a '
                "problem. Choose your files again before you send it.</div>{% endif %}"
            ),
            Field("evidence", context=bold_label),
        )
        return helper

    # Checking the answers

    def _chosen_customer(self):
        if not self.is_bound:
            return None
        raw = str(self.data.get("customer") or "").strip()
        if not raw.isascii() or not raw.isdigit() or len(raw) > 18:
            return None
        return Customer.objects.current().filter(pk=int(raw)).first()

    def clean_customer(self):
        if not self.cleaned_data.get("customer"):
            return None
        return self._chosen_customer()

    def clean_postcode(self):
        postcode = compact(self.cleaned_data["postcode"])
        if postcode and not POSTCODE.fullmatch(postcode):
            raise ValidationError("Enter a real postcode, like AB1 2CD")
        return format_postcode(postcode) if postcode else ""

    def clean_telephone(self):
        telephone = " ".join(self.cleaned_data["telephone"].split())
        if telephone and not TELEPHONE.fullmatch(telephone):
            raise ValidationError("Enter a telephone number, like 01632 960 001 or 07700 900 982")
        return telephone

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

    def _forget(self, *names):
        """Drop the answers (and any problems with them) to questions that do not apply."""
        for name in names:
            self.errors.pop(name, None)
            self.cleaned_data[name] = None if name == "customer" else ""

    def _require(self, name, message):
        if not self.cleaned_data.get(name) and name not in self.errors:
            self.add_error(name, message)

    def clean(self):
        cleaned = super().clean()
        who = cleaned.get("who")
        for answer, names in WHO_FIELDS.items():
            if answer != who:
                self._forget(*names)
        if who == WHO_EXISTING and not cleaned.get("customer"):
            # Point at the results if there are some to choose from, else at the search.
            self.errors.pop("customer", None)
            if self.fields["customer"].choices:
                self.add_error("customer", "Select the person from the search results")
            elif "customer_search" not in self.errors:
                self.add_error(
                    "customer_search", "Search for the person, then select them from the results"
                )
        if who == WHO_NEW:
            self._require("first_name", "Enter the person's first name")
            self._require("last_name", "Enter the person's last name")
            self._require("postcode", "Enter the person's postcode")
        if who == WHO_UNKNOWN:
            self._require("unknown_description", "Describe the person, as far as you can")

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
    offered as choices, unless ``found`` is given."""
    if data is not None and found is None:
        found = find_customers(data.get("customer_search", ""))
    return IncidentReportForm(data=data, files=files, found=found or (), search_limit=SEARCH_LIMIT)
