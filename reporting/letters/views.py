"""Letters: preview and issue, read, and download the PDF exactly as it was issued.

A manager who can open the person's record previews a letter exactly as it will read,
then issues it. An issued letter is read and downloaded by anyone who can open the
record; nothing here changes it. A record the user may not open answers "not found".
"""

import hmac
import json

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.decorators import method_decorator
from django.utils.http import content_disposition_header
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import TemplateView, View

from home.forms import add_rule_errors
from home.rules import RuleError
from reporting.access import audit
from reporting.access.enums import AuditAction
from reporting.access.views import FreshCodeRequiredMixin, StaffView
from reporting.customers.selectors import current_record
from reporting.restrictions.enums import RestrictionStatus
from reporting.restrictions.models import CustomerWarning, Reconsideration, Restriction

from . import delivery, services
from .enums import LetterType
from .forms import IssueLetterForm, RecordPostingForm
from .models import Letter
from .pdf import letter_context
from .selectors import LetterIntegrityError, letter_pdf_bytes, read_letter


def compare_url(version, newer):
    """The public page comparing the cited version with a newer one, while the page lives."""
    page = version.live_page if newer is not None else None
    return f"{page.url}versions/{version.number}/compare/{newer.number}/" if page else ""


def find_record(reference):
    """The warning (W-…), restriction (R-…) or reconsideration (RC-…) a letter is
    about, or 404."""
    if reference.startswith("RC-"):
        return get_object_or_404(
            Reconsideration.objects.select_related("restriction__customer"), reference=reference
        )
    if reference.startswith("W-"):
        return get_object_or_404(
            CustomerWarning.objects.select_related("customer"), reference=reference
        )
    if reference.startswith("R-"):
        return get_object_or_404(
            Restriction.objects.select_related("customer"), reference=reference
        )
    raise Http404


class LetterPrepareView(StaffView, FreshCodeRequiredMixin, TemplateView):
    """Shows the letter exactly as it will read, with a button that issues it."""

    template_name = "letters/prepare.html"

    def has_access(self):
        if self.kwargs["letter_type"] not in LetterType.values:
            raise Http404
        self.letter_type = self.kwargs["letter_type"]
        self.record = find_record(self.kwargs["reference"])
        self.customer = current_record(self.record.customer)
        if not (
            self.access.can_open_customer(self.record.customer)
            and self.access.reads_detail(self.record)
        ):
            raise Http404
        return self.access.can_issue_letters(self.record)

    def record_kwargs(self):
        if isinstance(self.record, CustomerWarning):
            return {"warning": self.record}
        if isinstance(self.record, Reconsideration):
            return {"reconsideration": self.record}
        return {"restriction": self.record}

    def corrects(self, reference):
        """The earlier letter a corrected one replaces, named in the address or the form."""
        if not reference:
            return None
        earlier = Letter.objects.filter(reference=reference).first()
        if earlier is None or not self.access.can_read_letter(earlier):
            raise Http404
        return earlier

    def get(self, request, *args, **kwargs):
        earlier = self.corrects(request.GET.get("corrects", ""))
        form = IssueLetterForm(initial={"supersedes": earlier.reference if earlier else ""})
        return self.show(form, earlier=earlier)

    def post(self, request, *args, **kwargs):
        form = IssueLetterForm(request.POST)
        if not form.is_valid():
            return self.show(form)
        earlier = self.corrects(form.cleaned_data["supersedes"])
        try:
            letter = services.issue_letter(
                self.letter_type, by=request.user, supersedes=earlier, **self.record_kwargs()
            )
        except RuleError as error:
            return self.show(form, earlier=earlier, problem=self.beyond_missing(error))
        queued = letter.delivery
        how = (
            "It is being sent through GOV.UK Notify; its delivery shows below."
            if queued is not None and not queued.has_failed
            else "Download the PDF to send it."
        )
        messages.success(request, f"Letter {letter.reference} is issued. {how}")
        return redirect("staff:letter", reference=letter.reference)

    def beyond_missing(self, error):
        """The refusal's words, unless the page lists them already: what the letter is
        missing is shown item by item, with where to put each right."""
        try:
            prepared = services.prepare_letter(self.letter_type, **self.record_kwargs())
        except RuleError:
            return str(error)
        missing = {item.field for item in services.missing_for_issue(prepared)}
        return "" if set(error.errors) <= missing else str(error)

    def show(self, form, *, earlier=None, problem=""):
        context = self.get_context_data(form=form, earlier=earlier, problem=problem)
        try:
            prepared = services.prepare_letter(self.letter_type, **self.record_kwargs())
        except RuleError as error:
            context["problem"] = problem or str(error)
        else:
            audit.record(
                actor=self.request.user,
                action=AuditAction.VIEW,
                obj=self.record,
                note=f"{prepared.type_label} letter previewed",
            )
            context.update(letter_context(prepared, in_page=True))
            context.update(
                missing=services.missing_for_issue(prepared),
                compare_url=compare_url(prepared.policy_version, prepared.newer_version),
                comes_into_force=self.letter_type == LetterType.RESTRICTION
                and self.record.status == RestrictionStatus.DECIDED,
            )
        return self.render_to_response(context)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            record=self.record,
            customer=self.customer,
            type_label=LetterType(self.letter_type).label,
            is_restriction=isinstance(self.record, Restriction),
            is_reconsideration=isinstance(self.record, Reconsideration),
            **kwargs,
        )


class LetterMixin:
    """Loads the letter in the URL; one on a record the user may not open is not found."""

    def has_access(self):
        self.letter = get_object_or_404(
            Letter.objects.select_related(
                "customer",
                "issued_by",
                "policy_version",
                "warning",
                "restriction",
                "supersedes",
                "template_revision",
            ),
            reference=self.kwargs["reference"],
        )
        if not self.access.can_read_letter(self.letter):
            raise Http404
        return True


class LetterView(LetterMixin, StaffView, TemplateView):
    """What was sent, when, by whom, citing which policy version; and the PDF."""

    template_name = "letters/letter.html"

    def get(self, request, *args, **kwargs):
        read_letter(self.letter, by=request.user)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        letter = self.letter
        superseded_by = Letter.objects.filter(supersedes=letter).first()
        record = letter.warning or letter.restriction
        latest = letter.delivery
        can_record_posting = delivery.can_record_posting(self.access, letter, latest)
        if can_record_posting and "posting_form" not in kwargs:
            kwargs["posting_form"] = RecordPostingForm()
        return super().get_context_data(
            letter=letter,
            record=record,
            customer=current_record(letter.customer),
            superseded_by=superseded_by,
            can_correct=superseded_by is None and self.access.can_issue_letters(letter),
            delivery=latest,
            deliveries=letter.deliveries.select_related("recorded_by"),
            can_record_posting=can_record_posting,
            **kwargs,
        )


class LetterPostedView(LetterView):
    """Records the day staff posted the letter themselves (no Notify, or Notify failed)."""

    http_method_names = ["post"]

    def has_access(self):
        super().has_access()
        return delivery.can_record_posting(self.access, self.letter, self.letter.delivery)

    def post(self, request, *args, **kwargs):
        form = RecordPostingForm(request.POST)
        if form.is_valid():
            try:
                delivery.record_posting(
                    letter=self.letter, posted_on=form.cleaned_data["posted_on"], by=request.user
                )
            except RuleError as error:
                add_rule_errors(form, error)
            else:
                messages.success(request, f"Letter {self.letter.reference} is recorded as posted.")
                return redirect("staff:letter", reference=self.letter.reference)
        read_letter(self.letter, by=request.user)
        context = self.get_context_data(posting_form=form)
        return self.render_to_response(context, status=400)


@method_decorator(csrf_exempt, name="dispatch")
class NotifyCallbackView(View):
    """GOV.UK Notify's delivery and returned-letter callbacks. Public, but answered only
    when the bearer token is the one set in Notify (NOTIFY_CALLBACK_TOKEN): 401 otherwise.
    A notification id we do not know is answered 200 and changes nothing, so that Notify
    stops retrying; a body that is not Notify's gets 400."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        if not self.token_matches(request.headers.get("Authorization", "")):
            return JsonResponse({"error": "unauthorised"}, status=401)
        try:
            payload = json.loads(request.body)
            found = delivery.record_callback(payload)
        except (ValueError, UnicodeDecodeError):  # CallbackError is a ValueError
            return JsonResponse({"error": "not a Notify callback"}, status=400)
        return JsonResponse({"recorded": found is not None})

    @staticmethod
    def token_matches(header):
        expected = settings.NOTIFY_CALLBACK_TOKEN
        scheme, _, token = header.partition(" ")
        if not expected or scheme.lower() != "bearer":
            return False
        return hmac.compare_digest(token.strip().encode(), expected.encode())


class LetterPdfView(LetterMixin, StaffView, View):
    """The stored PDF, byte for byte as issued."""

    def get(self, request, *args, **kwargs):
        letter = self.letter
        try:
            data = letter_pdf_bytes(letter, by=request.user)
        except LetterIntegrityError:
            # The bytes are never served; information governance has been told.
            return TemplateResponse(
                request, "letters/integrity_failed.html", {"letter": letter}, status=500
            )
        response = HttpResponse(data, content_type="application/pdf")
        # Named by its reference only: the person's name never leaves in a file name.
        response["Content-Disposition"] = content_disposition_header(
            True, f"{letter.reference}.pdf"
        )
        return response
