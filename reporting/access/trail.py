"""Reading the audit trail, for information governance only: a filtered, paged list of
events, newest first, and the same events as a CSV file.

The filters travel in the address, so they hold references, usernames, actions and dates
only, never a name or an address. Each reading of the trail, on screen or as a download,
is itself an audit event (``READ_TRAIL``) on the person reading, naming the filters used.
"""

import csv
import datetime

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Div, Field, Layout, Size
from django import forms
from django.core.paginator import Paginator
from django.http import StreamingHttpResponse
from django.utils import timezone
from django.views.generic import TemplateView, View

from home.forms import DayMonthYearField
from home.pagination import pagination

from . import audit
from .enums import AuditAction, Role
from .models import AuditEvent
from .views import StaffView

PAGE_SIZE = 50
CSV_CHUNK = 2000
CSV_HEADER = [
    "When (UTC)",
    "Staff member",
    "Action",
    "Record type",
    "Record id",
    "Record reference",
    "Person (customer reference)",
    "Note",
    "Previous hash",
    "Event hash",
]
# A spreadsheet treats a cell starting with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _reference(value):
    return value.strip().upper()


class TrailFilterForm(forms.Form):
    subject = forms.CharField(
        label="Person (customer reference)",
        required=False,
        max_length=40,
        help_text="For example, C-000123",
    )
    actor = forms.CharField(
        label="Staff member (username)",
        required=False,
        max_length=150,
    )
    record = forms.CharField(
        label="Record (reference)",
        required=False,
        max_length=40,
        help_text="An incident, restriction, letter or customer reference",
    )
    action = forms.ChoiceField(
        label="Action",
        required=False,
        choices=[("", "Any action"), *AuditAction.choices],
        error_messages={"invalid_choice": "Choose an action from the list"},
    )
    at_from = DayMonthYearField(
        label="On or after",
        required=False,
        name_in_errors="the earliest date",
        help_text="For example, 1 4 2026",
    )
    at_to = DayMonthYearField(
        label="On or before",
        required=False,
        name_in_errors="the latest date",
        help_text="For example, 30 4 2026",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        label = {"label_size": Size.for_label(Size.SMALL)}
        legend = {"legend_size": Size.for_legend(Size.SMALL)}

        def column(field):
            return Div(field, css_class="govuk-grid-column-one-third")

        self.helper.layout = Layout(
            Div(
                column(Field.text("subject", label_size=Size.SMALL, field_width=20)),
                column(Field.text("actor", label_size=Size.SMALL, field_width=20)),
                column(Field.text("record", label_size=Size.SMALL, field_width=20)),
                css_class="govuk-grid-row",
            ),
            Div(
                column(Field("action", context=label)),
                column(Field("at_from", context=legend)),
                column(Field("at_to", context=legend)),
                css_class="govuk-grid-row",
            ),
        )

    def clean_subject(self):
        return _reference(self.cleaned_data["subject"])

    def clean_record(self):
        return _reference(self.cleaned_data["record"])

    def clean_actor(self):
        return self.cleaned_data["actor"].strip()

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("at_from"), cleaned.get("at_to")
        if start and end and start > end:
            self.add_error(
                "at_to", "The latest date must be the same as or after the earliest date"
            )
        return cleaned

    @property
    def used(self):
        """The filters filled in correctly. A filter with a mistake in it is left out (the
        page explains the mistake), so a slip never hides events without saying so."""
        if not self.is_bound:
            return {}
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {name: value for name, value in data.items() if value}

    def filter(self, queryset):
        used = self.used
        if "subject" in used:
            queryset = queryset.filter(subject_reference=used["subject"])
        if "actor" in used:
            queryset = queryset.filter(actor__username__iexact=used["actor"])
        if "record" in used:
            queryset = queryset.filter(object_reference=used["record"])
        if "action" in used:
            queryset = queryset.filter(action=used["action"])
        if "at_from" in used:
            queryset = queryset.filter(at__date__gte=used["at_from"])
        if "at_to" in used:
            queryset = queryset.filter(at__date__lte=used["at_to"])
        return queryset

    def describe(self):
        """The filters used, in words for the audit note: references, a username, an
        action and dates, never anything more personal."""
        used = self.used
        parts = []
        if "subject" in used:
            parts.append(f"person {used['subject']}")
        if "actor" in used:
            parts.append(f"staff member {used['actor']}")
        if "record" in used:
            parts.append(f"record {used['record']}")
        if "action" in used:
            parts.append(f"action {used['action']}")
        if "at_from" in used:
            parts.append(f"from {used['at_from'].isoformat()}")
        if "at_to" in used:
            parts.append(f"to {used['at_to'].isoformat()}")
        return "; ".join(parts) if parts else "no filters"


class TrailMixin(StaffView):
    required_roles = (Role.INFORMATION_GOVERNANCE,)

    def get_form(self):
        if not hasattr(self, "form"):
            self.form = TrailFilterForm(self.request.GET or None)
        return self.form

    def events(self):
        return (
            self.get_form()
            .filter(AuditEvent.objects.select_related("actor"))
            .order_by("-at", "-pk")
        )

    def record_reading(self, what):
        form = self.get_form()
        return audit.record(
            actor=self.request.user,
            action=AuditAction.READ_TRAIL,
            obj=self.request.user,
            note=f"{what}; {form.describe()}",
            subject_reference=form.used.get("subject", ""),
        )


class AuditTrailView(TrailMixin, TemplateView):
    template_name = "access/trail/trail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = self.get_form()
        page = Paginator(self.events(), PAGE_SIZE).get_page(self.request.GET.get("page"))
        events = list(page.object_list)
        self.record_reading(f"Read page {page.number}")
        kept = self.request.GET.copy()
        kept.pop("page", None)
        context.update(
            form=form,
            page=page,
            events=events,
            pagination=pagination(page, dict(kept.lists())),
            filter_query=kept.urlencode(),
        )
        return context


def _cell(value):
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def _rows(events):
    yield CSV_HEADER
    for event in events.iterator(chunk_size=CSV_CHUNK):
        yield [
            _cell(value)
            for value in (
                event.at.astimezone(datetime.UTC).strftime("%Y-%m-%d %H:%M:%S"),
                event.actor.username if event.actor else "System",
                event.get_action_display(),
                event.object_type,
                event.object_id,
                event.object_reference,
                event.subject_reference,
                event.note,
                event.previous_hash,
                event.event_hash,
            )
        ]


class _Echo:
    """A file-like object whose ``write`` hands back what it is given, for streaming."""

    def write(self, value):
        return value


class AuditTrailCsvView(TrailMixin, View):
    """The filtered events as CSV, streamed row by row, so a long trail needs no cap."""

    def get(self, request, *args, **kwargs):
        reading = self.record_reading("Downloaded as CSV")
        # The rows are read as they are sent: leave out this download's own event.
        events = self.events().filter(pk__lt=reading.pk)
        writer = csv.writer(_Echo())
        response = StreamingHttpResponse(
            (writer.writerow(row) for row in _rows(events)), content_type="text/csv"
        )
        filename = f"audit-trail-{timezone.localdate().isoformat()}.csv"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
