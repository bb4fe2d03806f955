"""Form fields shared by the staff forms.

The model choice fields refuse ids the database cannot even look up: Django's own pass
any digits to the database, and an id past 64 bits makes SQLite raise OverflowError and
PostgreSQL DataError — a server error from a tampered form.
"""

from datetime import date

from crispy_forms_gds.fields import DateInputField
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
        except ValueError:
            raise ValidationError(
                f"{self.name_in_errors.capitalize()} must be a real date", code="invalid"
            ) from None
