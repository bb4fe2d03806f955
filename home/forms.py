"""The form toolkit the staff forms share: safe choice and date fields, GOV.UK layout
helpers, and the one way a form shows the errors a service raised.

The model choice fields refuse ids the database cannot even look up: Django's own pass
any digits to the database, and an id past 64 bits makes SQLite raise OverflowError and
PostgreSQL DataError — a server error from a tampered form.
"""

from datetime import date

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import ConditionalQuestion, ConditionalRadios, Field, Layout, Size
from django import forms
from django.core.exceptions import ValidationError

LARGEST_ID = 2**63 - 1


def _is_id(value) -> bool:
    text = str(value).strip()
    return text.isascii() and text.isdigit() and 0 < int(text) <= LARGEST_ID


class SafeModelChoiceField(forms.ModelChoiceField):
    def to_python(self, value):
        if value not in self.empty_values and not _is_id(value):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class SafeModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    def _check_values(self, value):
        for item in value:
            if not _is_id(item):
                raise ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": str(item)[:20]},
                )
        return super()._check_values(value)


class DayMonthYearField(DateInputField):
    """A GOV.UK date input (day, month, year) whose errors name the field in plain words."""

    def __init__(self, *, name_in_errors, **kwargs):
        super().__init__(**kwargs)
        self.name_in_errors = name_in_errors
        # Every check happens in compress(), so that each mistake gets one clear message.
        for part in self.fields:
            part.validators = []
        self.error_messages["required"] = f"Enter {name_in_errors}"
        self.error_messages["incomplete"] = f"Enter {name_in_errors} with a day, month and year"

    def compress(self, data_list):
        day, month, year = (str(part or "").strip() for part in data_list)
        if not (day or month or year):
            return None
        if not (day and month and year):
            raise ValidationError(
                f"{self.name_in_errors.capitalize()} must include a day, month and year",
                code="incomplete",
            )
        if not (day.isdigit() and month.isdigit() and year.isdigit()) or len(year) != 4:
            raise ValidationError(
                f"{self.name_in_errors.capitalize()} must be a real date, "
                "written in numbers, for example 27 3 2025",
                code="invalid",
            )
        try:
            return date(int(year), int(month), int(day))
        except (ValueError, OverflowError):  # a day or month of twenty digits overflows
            raise ValidationError(
                f"{self.name_in_errors.capitalize()} must be a real date", code="invalid"
            ) from None


# --- Layout -----------------------------------------------------------------------------


class RevealQuestion(ConditionalQuestion):
    """A radio and what it reveals, without the ARIA attributes radios may not carry:
    static/js/init.mjs shows and hides the questions (``data-reveals``)."""

    template = "home/fields/reveal_radio.html"


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


def form_helper(*layout):
    """A GOV.UK form helper for a form whose ``<form>`` tag the template writes."""
    helper = FormHelper()
    helper.form_tag = False
    helper.layout = Layout(*layout)
    return helper


def date_field(label, *, required, help_text="", missing="Enter the date"):
    """A GOV.UK date input with one message for a date left out or half given."""
    field = DayMonthYearField(
        label=label,
        name_in_errors=label[0].lower() + label[1:].rstrip("?"),
        required=required,
        help_text=help_text,
    )
    field.error_messages["required"] = missing
    field.error_messages["incomplete"] = missing
    return field


def text_answer(label, *, max_length, help_text="", required=True, missing=""):
    """A paragraph answer with messages that name the question."""
    return forms.CharField(
        label=label,
        help_text=help_text,
        max_length=max_length,
        required=required,
        widget=forms.Textarea,
        error_messages={
            "required": missing or f"Enter {label[0].lower()}{label[1:]}",
            "max_length": f"Keep this to {max_length:,} characters or fewer",
        },
    )


def line_answer(label, *, max_length, help_text="", required=False):
    """A one-line answer."""
    return forms.CharField(
        label=label,
        help_text=help_text,
        max_length=max_length,
        required=required,
        error_messages={"max_length": f"Keep this to {max_length:,} characters or fewer"},
    )


def text_area(name, rows=4, max_characters=None):
    """A small-labelled text area; a character count needs a hint to attach to, so give
    one to every field that counts."""
    return Field.textarea(name, label_size=Size.SMALL, rows=rows, max_characters=max_characters)


# --- Errors from the services ----------------------------------------------------------


def add_rule_errors(form, error):
    """Show a service's ``RuleError`` on ``form``: each message beside its field, or at
    the top when no field of this form matches."""
    for name, message in error.errors.items():
        form.add_error(name if name in form.fields else None, message)
