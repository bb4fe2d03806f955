"""The report form's own fields and layout pieces: yes/no questions, the date and time
of an incident, the evidence upload, grouped choices that reveal follow-up questions,
and the customer search box with its results."""

import datetime
import re

from crispy_forms.layout import LayoutObject
from crispy_forms.utils import TEMPLATE_PACK, render_field
from crispy_forms_gds.layout import HTML, Field, Fluid, Size
from crispy_forms_gds.widgets import DateInputWidget
from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from .. import evidence

YES_NO = [("yes", "Yes"), ("no", "No")]

POSTCODE = re.compile(r"[A-Z]{1,2}[0-9][A-Z0-9]?[0-9][A-Z]{2}")
TELEPHONE = re.compile(r"\+?[0-9 ()\-]{6,30}")
TIME = re.compile(
    r"(?P<hour>[0-9]{1,2})(?:[:.](?P<minute>[0-9]{2}))?\s*(?P<half>am|pm|a\.m\.|p\.m\.)?",
    re.IGNORECASE,
)
DIGITS = re.compile(r"[0-9]{1,4}")


def too_long(what, limit):
    return f"{what} must be {limit:,} characters or fewer"


def compact(text):
    return "".join((text or "").split()).upper()


def format_postcode(text):
    """``sw1a1aa`` becomes ``SW1A 1AA``."""
    text = compact(text)
    return f"{text[:-3]} {text[-3:]}"


def parse_time(text):
    """A time from ``14:30``, ``14.30``, ``2:30pm``, ``2pm`` or ``14``; None if it is not one."""
    match = TIME.fullmatch(text.strip())
    if match is None:
        return None
    hour, minute = int(match["hour"]), int(match["minute"] or 0)
    half = (match["half"] or "").replace(".", "").lower()
    if half:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if half == "pm" else 0)
    if hour > 23 or minute > 59:
        return None
    return datetime.time(hour, minute)


# Fields ------------------------------------------------------------------------------


class YesNoField(forms.TypedChoiceField):
    """A yes or no question as radios; its cleaned value is True or False."""

    def __init__(self, *, required_message, **kwargs):
        super().__init__(
            choices=YES_NO,
            coerce=lambda value: value == "yes",
            widget=forms.RadioSelect,
            error_messages={
                "required": required_message,
                "invalid_choice": required_message,
            },
            **kwargs,
        )


class IncidentDateField(forms.MultiValueField):
    """Day, month and year in three boxes, the GOV.UK date input."""

    widget = DateInputWidget

    def __init__(self, **kwargs):
        parts = (forms.CharField(), forms.CharField(), forms.CharField())
        super().__init__(fields=parts, require_all_fields=False, **kwargs)
        for box in self.widget.widgets:
            box.attrs["inputmode"] = "numeric"

    def compress(self, data_list):  # pragma: no cover - clean() does the work
        return data_list

    def clean(self, value):
        parts = [str(part or "").strip() for part in list(value or [])[:3]]
        parts += [""] * (3 - len(parts))
        if not any(parts):
            raise ValidationError("Enter the date of the incident", code="required")
        names = ("day", "month", "year")
        missing = [name for name, part in zip(names, parts, strict=True) if not part]
        if missing:
            raise ValidationError(
                f"The date of the incident must include a {' and a '.join(missing)}",
                code="incomplete",
            )
        if not all(DIGITS.fullmatch(part) for part in parts):
            raise ValidationError("The date of the incident must be a real date", code="invalid")
        if len(parts[2]) != 4:
            raise ValidationError("Enter the year as 4 digits, like 2025", code="invalid")
        day, month, year = (int(part) for part in parts)
        if year < 1900:
            raise ValidationError("The date of the incident must be a real date", code="invalid")
        try:
            return datetime.date(year, month, day)
        except ValueError:
            raise ValidationError(
                "The date of the incident must be a real date", code="invalid"
            ) from None


class FileInput(forms.FileInput):
    """Several files at once. (Named ``FileInput`` so that crispy-forms-gds gives it its
    error class.)"""

    allow_multiple_selected = True


class EvidenceField(forms.Field):
    """Up to ten files, each checked by reporting.evidence. Files are never shown again."""

    widget = FileInput

    def __init__(self, **kwargs):
        super().__init__(required=False, **kwargs)
        accept = ",".join(f".{ending}" for ending in sorted(evidence.ALL_ENDINGS))
        self.widget.attrs.update({"class": "govuk-file-upload", "accept": accept})

    def clean(self, value):
        if isinstance(value, UploadedFile):
            value = [value]
        uploads = [item for item in (value or []) if isinstance(item, UploadedFile)]
        return evidence.check_files(uploads)


# Layout ------------------------------------------------------------------------------


class Choices(LayoutObject):
    """Radios or checkboxes in GOV.UK markup, drawn by our own template.

    ``reveals`` maps a choice's value to the layout objects it reveals; ``groups`` is a
    list of (heading, [values]) to split checkboxes under headings; ``exclusive`` is the
    value of a "none of these" checkbox, set apart by "or".
    """

    template = "incidents/fields/choices.html"

    def __init__(
        self,
        field,
        *,
        reveals=None,
        legend_size=Size.SMALL,
        heading=False,
        inline=False,
        small=False,
        hints=None,
        groups=None,
        exclusive=None,
    ):
        self.field = field
        self.fields = [field]
        self.reveals = reveals or {}
        self.legend_size = legend_size
        self.heading = heading
        self.inline = inline
        self.small = small
        self.hints = hints or {}
        self.groups = groups
        self.exclusive = exclusive

    def render(self, form, context, template_pack=TEMPLATE_PACK, **kwargs):
        bound = form[self.field]
        multiple = bound.field.widget.allow_multiple_selected
        current = bound.value()
        if multiple:
            chosen = {str(item) for item in current or []}
        else:
            chosen = set() if current in (None, "") else {str(current)}
        items, position = {}, 0
        for value, label in bound.field.choices:
            value = str(value)
            if value == "":
                continue
            position += 1
            item_id = bound.auto_id if position == 1 else f"{bound.auto_id}-{position}"
            revealed = "".join(
                render_field(part, form, context, template_pack=template_pack)
                for part in self.reveals.get(value, ())
            )
            items[value] = {
                "value": value,
                "label": label,
                "id": item_id,
                "hint": self.hints.get(value, ""),
                "checked": value in chosen,
                "reveal": mark_safe(revealed.strip()),  # noqa: S308 - rendered by templates
                "reveal_id": f"conditional-{item_id}",
                "exclusive": value == self.exclusive,
            }
        if self.groups:
            groups = [
                {
                    "heading": heading,
                    "id": f"{bound.auto_id}-group-{number}",
                    "items": [items[value] for value in values if value in items],
                }
                for number, (heading, values) in enumerate(self.groups, start=1)
            ]
            groups = [group for group in groups if group["items"]]
        else:
            groups = [{"heading": "", "id": "", "items": list(items.values())}]
        described_by = []
        if bound.help_text:
            described_by.append(f"{bound.auto_id}-hint")
        if bound.errors:
            described_by.append(f"{bound.auto_id}-error")
        return render_to_string(
            self.template,
            {
                "field": bound,
                "kind": "checkboxes" if multiple else "radios",
                "groups": groups,
                "legend_size": self.legend_size,
                "heading": self.heading,
                "inline": self.inline and not self.reveals,
                "small": self.small,
                "described_by": " ".join(described_by),
            },
        )


class CustomerSearch(LayoutObject):
    """The search box, its button and, once someone has searched, the records found."""

    template = "incidents/fields/customer_search.html"

    def __init__(self):
        self.fields = ["customer_search", "customer"]

    def render(self, form, context, template_pack=TEMPLATE_PACK, **kwargs):
        search = render_field(
            Field.text("customer_search", field_width=Fluid.TWO_THIRDS),
            form,
            context,
            template_pack=template_pack,
        )
        results = ""
        form.offer_found()
        if form.fields["customer"].choices:
            results = Choices("customer", hints=form.customer_hints).render(
                form, context, template_pack=template_pack
            )
        return render_to_string(
            self.template,
            {
                "search": mark_safe(search),  # noqa: S308 - rendered by templates
                "results": mark_safe(results),  # noqa: S308 - rendered by templates
                "searched": form.searched,
                "more_found": form.more_found,
                "search_limit": form.search_limit,
            },
        )


def section(title):
    return HTML(f'<h2 class="govuk-heading-l govuk-!-margin-top-8">{title}</h2>')
