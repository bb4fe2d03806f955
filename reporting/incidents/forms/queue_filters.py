"""The filters above the incident queue. They travel in the address, so they hold no
personal data: only statuses, categories, dates, flags and service areas."""

from django import forms

from home.forms import DayMonthYearField, SafeModelChoiceField
from reporting.access.models import ServiceArea

from ..enums import IncidentStatus
from ..models import BehaviourCategory


class FlagChoices:
    """The yes-or-no facts staff record on an incident, as filter options."""

    CHOICES = [
        ("hate_incident", "Hate incident"),
        ("violence", "Violence"),
        ("safeguarding_concern", "Safeguarding concern"),
        ("riddor_reportable", "RIDDOR reportable"),
        ("police_informed", "Police informed"),
    ]
    FIELDS = frozenset(name for name, _label in CHOICES)


class QueueFilterForm(forms.Form):
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[("", "Any status"), *IncidentStatus.choices],
        error_messages={"invalid_choice": "Choose a status from the list"},
    )
    category = SafeModelChoiceField(
        label="Type of behaviour",
        required=False,
        queryset=BehaviourCategory.objects.all(),
        empty_label="Any type",
        error_messages={"invalid_choice": "Choose a type of behaviour from the list"},
    )
    service_area = SafeModelChoiceField(
        label="Service",
        required=False,
        queryset=ServiceArea.objects.none(),
        empty_label="Any of your services",
        error_messages={"invalid_choice": "Choose one of the services in the list"},
    )
    occurred_from = DayMonthYearField(
        label="Happened on or after",
        required=False,
        name_in_errors="the earliest date",
        help_text="For example, 1 4 2025",
    )
    occurred_to = DayMonthYearField(
        label="Happened on or before",
        required=False,
        name_in_errors="the latest date",
        help_text="For example, 30 4 2025",
    )
    flags = forms.MultipleChoiceField(
        label="Only show incidents with",
        required=False,
        choices=FlagChoices.CHOICES,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choose only from the options listed"},
    )

    def __init__(self, *args, access, **kwargs):
        super().__init__(*args, **kwargs)
        areas = access.queue_service_areas(ServiceArea.objects.all())
        self.fields["service_area"].queryset = areas
        if access.sees_every_service:
            self.fields["service_area"].empty_label = "Any service"

    # The queue is the page managers open most, so its filters are drawn from plain
    # values worked out here (incidents/queue/filters.html) rather than field by field
    # through the form-rendering library, which took half the page's time.

    def _error(self, name):
        errors = self.errors.get(name) if self.is_bound else None
        return errors[0] if errors else ""

    def _chosen(self, name):
        value = self[name].value()
        return "" if value is None else str(value)

    def selects(self):
        """The three drop-down lists: name, label, error and options (value, label,
        chosen)."""
        drawn = []
        for name in ("status", "category", "service_area"):
            chosen = self._chosen(name)
            options = [
                (str(value), label, str(value) == chosen)
                for value, label in self.fields[name].choices
            ]
            drawn.append(
                {
                    "name": name,
                    "label": self.fields[name].label,
                    "error": self._error(name),
                    "options": options,
                }
            )
        return drawn

    def dates(self):
        """The two dates: name, legend, hint, error and their parts' values."""
        drawn = []
        for name in ("occurred_from", "occurred_to"):
            value = self[name].value() if self.is_bound else None
            parts = list(value) if isinstance(value, list | tuple) else ["", "", ""]
            drawn.append(
                {
                    "name": name,
                    "label": self.fields[name].label,
                    "hint": self.fields[name].help_text,
                    "error": self._error(name),
                    "parts": [
                        (f"{name}_{index}", label, parts[index] or "", width)
                        for index, (label, width) in enumerate(
                            (("Day", 2), ("Month", 2), ("Year", 4))
                        )
                    ],
                }
            )
        return drawn

    def flag_boxes(self):
        """The flags' checkboxes: (value, label, ticked), with the field's error."""
        ticked = {str(value) for value in (self["flags"].value() or [])}
        return {
            "label": self.fields["flags"].label,
            "error": self._error("flags"),
            "boxes": [(value, label, value in ticked) for value, label in FlagChoices.CHOICES],
        }

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("occurred_from"), cleaned.get("occurred_to")
        if start and end and start > end:
            self.add_error(
                "occurred_to", "The latest date must be the same as or after the earliest date"
            )
        return cleaned

    def filter(self, queryset):
        """Narrow ``queryset`` by every filter that was filled in correctly.

        A filter with a mistake in it is left out (the page explains the mistake), so a
        typing slip never hides incidents without saying so.
        """
        if self.is_bound:
            self.is_valid()
        data = getattr(self, "cleaned_data", {})
        if data.get("status"):
            queryset = queryset.filter(status=data["status"])
        if data.get("category"):
            queryset = queryset.filter(categories=data["category"])
        if data.get("service_area"):
            queryset = queryset.filter(service_area=data["service_area"])
        start, end = data.get("occurred_from"), data.get("occurred_to")
        if start:
            queryset = queryset.filter(occurred_at__date__gte=start)
        if end:
            queryset = queryset.filter(occurred_at__date__lte=end)
        for flag in data.get("flags") or ():
            if flag in FlagChoices.FIELDS:
                queryset = queryset.filter(**{flag: True})
        return queryset

    @property
    def is_filtering(self):
        return any(value for value in getattr(self, "cleaned_data", {}).values())
