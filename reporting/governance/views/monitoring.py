"""The monitoring dashboard and the quarterly board report, for managers (their
services), health and safety and information governance (everything)."""

import csv
import datetime

from django import forms
from django.http import HttpResponse
from django.urls import path
from django.views.generic import TemplateView

from reporting.access.views import StaffView

from ..board_report_pdf import render_board_report_pdf
from ..charts import bar_chart
from ..selectors import monitoring

# Long enough for any board; short enough that a month-by-month table stays readable.
MAX_PERIOD = datetime.timedelta(days=3660)


class PeriodForm(forms.Form):
    """The dates the dashboard counts between: not personal data, so asked for by GET."""

    start = forms.DateField(label="From", required=False)
    end = forms.DateField(label="To", required=False)

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            raise forms.ValidationError("The start date must be on or before the end date.")
        if start and (end or datetime.date.today()) - start > MAX_PERIOD:
            raise forms.ValidationError("Choose a period of 10 years or less.")
        return data

    def period(self):
        default = monitoring.Period.last_twelve_months()
        if not self.is_valid():
            return default
        return monitoring.Period(
            start=self.cleaned_data.get("start") or default.start,
            end=self.cleaned_data.get("end") or default.end,
        )


def table(figure, texts) -> dict:
    """A figure's table as the template shows it, every count already a string."""
    total = figure.total
    return {
        "key": figure.key,
        "title": figure.title,
        "label_heading": figure.label_heading,
        "columns": figure.columns,
        "rows": [
            {"label": row.label, "cells": row_texts}
            for row, row_texts in zip(figure.rows, texts, strict=True)
        ],
        # A total under a single row would only repeat it.
        "total": str(total) if total is not None and len(figure.rows) > 1 else "",
        "note": figure.note,
        "colspan": str(len(figure.columns) + 1),
    }


def with_charts(sections):
    """Each section's figures as tables, paired with the chart drawn from the same rows:
    each count worked out as shown once, for both."""
    shown = []
    for section in sections:
        items = []
        for figure in section.figures:
            texts = [[cell.text for cell in row.cells] for row in figure.rows]
            items.append({"figure": table(figure, texts), "chart": bar_chart(figure, texts)})
        shown.append({"title": section.title, "items": items})
    return shown


class MonitoringAccessMixin:
    def has_access(self):
        return monitoring.can_monitor(self.access)


class MonitoringView(MonitoringAccessMixin, StaffView, TemplateView):
    template_name = "governance/monitoring/dashboard.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = PeriodForm(self.request.GET or None)
        period = form.period()
        context.update(
            form=form,
            period=period,
            sections=with_charts(monitoring.dashboard(self.access, period)),
            everything=self.access.sees_every_service,
            small_group=monitoring.small_group(),
            quarter=monitoring.Period.last_full_quarter(),
        )
        return context


def quarter_from(request) -> monitoring.Period:
    """``?quarter=2026-2`` (year and quarter), else the last full quarter."""
    year, _, number = request.GET.get("quarter", "").partition("-")
    try:
        year, number = int(year), int(number)
        if 1 <= number <= 4 and datetime.MINYEAR < year < datetime.MAXYEAR:
            return monitoring.Period.quarter(year, number)
    except ValueError:
        pass
    return monitoring.Period.last_full_quarter()


def board_report_name(period, extension):
    return f"board-report-{period.start:%Y}-q{(period.start.month - 1) // 3 + 1}.{extension}"


def board_report_rows(sections, period):
    """The board report as CSV rows: each table under its section and title."""
    yield ["Quarterly board report", str(period)]
    for section in sections:
        for figure in section.figures:
            yield []
            yield [section.title, figure.title]
            yield [figure.label_heading, *figure.columns]
            for row in figure.rows:
                yield [row.label, *(cell.text for cell in row.cells)]
            if figure.total is not None:
                yield ["Total", figure.total]
            if figure.note:
                yield [figure.note]


class BoardReportCsvView(MonitoringAccessMixin, StaffView, TemplateView):
    def get(self, request, *args, **kwargs):
        period = quarter_from(request)
        sections = monitoring.dashboard(self.access, period)
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        name = board_report_name(period, "csv")
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        csv.writer(response).writerows(board_report_rows(sections, period))
        return response


class BoardReportXlsxView(MonitoringAccessMixin, StaffView, TemplateView):
    def get(self, request, *args, **kwargs):
        from openpyxl import Workbook

        period = quarter_from(request)
        sections = monitoring.dashboard(self.access, period)
        book = Workbook()
        sheet = book.active
        sheet.title = "Board report"
        for row in board_report_rows(sections, period):
            # Counts go in as numbers; "fewer than 5" stays in words.
            sheet.append(row[:1] + [int(v) if str(v).isdigit() else v for v in row[1:]])
        sheet.column_dimensions["A"].width = 45
        response = HttpResponse(
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        name = board_report_name(period, "xlsx")
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        book.save(response)
        return response


class BoardReportPdfView(MonitoringAccessMixin, StaffView, TemplateView):
    def get(self, request, *args, **kwargs):
        period = quarter_from(request)
        sections = with_charts(monitoring.dashboard(self.access, period))
        pdf = render_board_report_pdf(
            sections=sections,
            period=period,
            everything=self.access.sees_every_service,
            small_group=monitoring.small_group(),
        )
        response = HttpResponse(pdf, content_type="application/pdf")
        name = board_report_name(period, "pdf")
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response


urlpatterns = [
    path("governance/monitoring/", MonitoringView.as_view(), name="monitoring"),
    path(
        "governance/monitoring/board-report.csv",
        BoardReportCsvView.as_view(),
        name="monitoring_board_csv",
    ),
    path(
        "governance/monitoring/board-report.xlsx",
        BoardReportXlsxView.as_view(),
        name="monitoring_board_xlsx",
    ),
    path(
        "governance/monitoring/board-report.pdf",
        BoardReportPdfView.as_view(),
        name="monitoring_board_pdf",
    ),
]
