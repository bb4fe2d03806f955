"""Subject-access requests: information governance finds the person by reference, reads
what the export will hold, then downloads it. References travel in POSTs and the
session, never in an address."""

from crispy_forms_gds.layout import Field, Size, Submit
from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import path
from django.utils.http import content_disposition_header
from django.views.generic import TemplateView, View

from home.forms import form_helper
from reporting.access.enums import Role
from reporting.access.views import StaffView
from reporting.customers.selectors import customers_in, normalise_reference
from reporting.letters.selectors import LetterIntegrityError

from ..selectors.export import find_subject, list_export
from ..services.export import make_subject_access_export

# The record whose contents were last listed: the only one the download may export.
SESSION_KEY = "subject_access_customer"


class SubjectReferenceForm(forms.Form):
    reference = forms.CharField(
        max_length=20,
        label="Customer reference",
        help_text="For example, C-000123. It is shown at the top of every customer record.",
        error_messages={"required": "Enter the customer reference of the person who asked"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reference"].widget.attrs.update({"spellcheck": "false"})
        self.helper = form_helper(
            Field.text("reference", label_size=Size.SMALL, field_width=10),
            Submit("find", "Show what the export will hold"),
        )

    def clean_reference(self):
        customer = find_subject(normalise_reference(self.cleaned_data["reference"]))
        if customer is None:
            raise forms.ValidationError("No customer record has that reference")
        return customer


class InformationGovernanceOnly(StaffView):
    def has_access(self):
        return self.access.has(Role.INFORMATION_GOVERNANCE)


class SubjectAccessView(InformationGovernanceOnly, TemplateView):
    """Find the person, then list what the export will hold (the listing is audited)."""

    template_name = "governance/subject_access.html"

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=SubjectReferenceForm()))

    def post(self, request, *args, **kwargs):
        form = SubjectReferenceForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        customer = form.cleaned_data["reference"]
        contents = list_export(customer, by=request.user)
        request.session[SESSION_KEY] = customer.pk
        return self.render_to_response(self.get_context_data(contents=contents))


class SubjectAccessDownloadView(InformationGovernanceOnly, View):
    """Make and send the ZIP for the person whose contents were just listed."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        customer = customers_in([request.session.pop(SESSION_KEY, None)]).first()
        # The page names the record it listed; another tab may have listed someone since.
        if customer is None or request.POST.get("reference") != customer.reference:
            messages.error(request, "Find the person again and check the list before exporting.")
            return redirect("staff:subject_access")
        try:
            name, data = make_subject_access_export(customer=customer, by=request.user)
        except LetterIntegrityError:
            messages.error(
                request,
                "A letter's stored PDF no longer matches the one issued, so nothing was "
                "exported. The integrity failure has been recorded; ask the system "
                "administrator to restore the letter.",
            )
            return redirect("staff:subject_access")
        response = HttpResponse(data, content_type="application/zip")
        # Named by the reference only: the person's name never leaves in a file name.
        response["Content-Disposition"] = content_disposition_header(True, name)
        return response


urlpatterns = [
    path(
        "governance/subject-access/",
        SubjectAccessView.as_view(),
        name="subject_access",
    ),
    path(
        "governance/subject-access/export/",
        SubjectAccessDownloadView.as_view(),
        name="subject_access_export",
    ),
]
