"""The report form's first question, who behaved in this way, and the questions each
answer brings: the customer search and the person chosen from it, a new customer's
details, or a description of someone unknown.

The person chosen is looked up once. The search the form carries is run only when its
results are needed (to draw them, or to say what to do when nobody is chosen): a report
sent about the person already chosen does not search again.
"""

from functools import cached_property

from django import forms
from django.core.exceptions import ValidationError

from reporting.customers.models import Customer

from ..enums import ReportedPerson
from .fields import POSTCODE, TELEPHONE, compact, format_postcode, too_long

WHO_EXISTING, WHO_NEW, WHO_UNKNOWN = (
    ReportedPerson.EXISTING,
    ReportedPerson.NEW,
    ReportedPerson.UNKNOWN,
)
WHO_CHOICES = ReportedPerson.choices

# The questions that belong to each answer to "who".
WHO_FIELDS = {
    WHO_EXISTING: ("customer_search", "customer"),
    WHO_NEW: ("first_name", "last_name", "postcode", "address", "email", "telephone"),
    WHO_UNKNOWN: ("unknown_description",),
}


class PersonQuestions(forms.Form):
    """Who behaved in this way. ``found`` is the customers the search turned up, or a
    function that searches (run only when the results are needed); ``search_limit`` how
    many of them to offer."""

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

    def __init__(self, *args, found=(), search_limit=20, **kwargs):
        super().__init__(*args, **kwargs)
        self.search_limit = search_limit
        self._found = found
        self._offered = None
        self.searched = bool(self.is_bound and (self.data.get("customer_search") or "").strip())
        # Until the search runs, the person chosen is the one choice: all a sent report needs
        # to check the answer, as every record the search offers is a current one.
        self._offer([self.chosen_customer] if self.chosen_customer is not None else [])

    # The person chosen and the records offered

    @cached_property
    def chosen_customer(self):
        """The current customer record the answer to "Select the person" names, or None."""
        if not self.is_bound:
            return None
        raw = str(self.data.get("customer") or "").strip()
        if not raw.isascii() or not raw.isdigit() or len(raw) > 18:
            return None
        return Customer.objects.current().filter(pk=int(raw)).first()

    def _offer(self, offered):
        self.fields["customer"].choices = [(str(c.pk), c.full_name) for c in offered]
        self._customer_hints = {
            str(c.pk): ", ".join(part for part in (c.reference, c.postcode) if part)
            for c in offered
        }

    def offer_found(self):
        """Offer the records the search found (the person chosen first, if the search did
        not find them), running the search now if it has not run yet."""
        if self._offered is not None:
            return
        found = list(self._found() if callable(self._found) else self._found)
        self._more_found = len(found) > self.search_limit
        offered = found[: self.search_limit]
        chosen = self.chosen_customer
        if chosen is not None and chosen not in offered:
            offered.insert(0, chosen)
        self._offered = offered
        self._offer(offered)

    @property
    def more_found(self):
        self.offer_found()
        return self._more_found

    @property
    def customer_hints(self):
        self.offer_found()
        return self._customer_hints

    # Checking the answers

    def clean_customer(self):
        if not self.cleaned_data.get("customer"):
            return None
        return self.chosen_customer

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

    def _forget(self, *names):
        """Drop the answers (and any problems with them) to questions that do not apply."""
        for name in names:
            self.errors.pop(name, None)
            self.cleaned_data[name] = None if name == "customer" else ""

    def _require(self, name, message):
        if not self.cleaned_data.get(name) and name not in self.errors:
            self.add_error(name, message)

    def _check_person(self, cleaned):
        who = cleaned.get("who")
        for answer, names in WHO_FIELDS.items():
            if answer != who:
                self._forget(*names)
        if who == WHO_EXISTING and not cleaned.get("customer"):
            # Point at the results if there are some to choose from, else at the search.
            self.errors.pop("customer", None)
            self.offer_found()
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
