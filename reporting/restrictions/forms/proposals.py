"""Forms for warnings, restriction proposals and decisions.

They check the shape of what was typed; the rules live in
``reporting.services.restrictions`` and come back here as messages on the fields.
"""

from crispy_forms_gds.choices import Choice
from crispy_forms_gds.layout import ConditionalQuestion, Field, Fieldset, Fluid, Size, Submit
from django import forms
from django.utils import timezone

from home.dates import long_date, numeric_date
from home.forms import (
    DayMonthYearField,
    LabelledConditionalRadios,
    form_helper,
    line_answer,
    text_answer,
    text_area,
)
from home.models import ReconsiderationSettings
from reporting.access.models import ServiceArea
from reporting.incidents.enums import BehaviourKind

from ..enums import Decision, Scope, WarningChannel
from ..selectors import active_types, possible_readers
from ..services.decisions import default_review_date

NO_WARNING = "none"


def incident_choices(customer):
    """The person's incidents as choices, newest first, with where and what as hints."""
    incidents = (
        customer.incidents.select_related("service_area")
        .prefetch_related("categories")
        .order_by("-occurred_at")
    )
    found = {incident.pk: incident for incident in incidents}
    choices = [
        Choice(
            str(incident.pk),
            f"{incident.reference}, {timezone.localtime(incident.occurred_at):%-d %B %Y}",
            hint=", ".join(
                [incident.service_area.name, *(c.name for c in incident.categories.all())]
            ),
        )
        for incident in found.values()
    ]
    return found, choices


def warning_status(warning):
    """When a warning was given, or that it does not count yet."""
    if warning.given_on is None:
        return "not given yet: its letter has not been issued"
    return f"given {long_date(warning.given_on)}"


def type_choices(types):
    return [Choice(str(t.pk), t.name, hint=t.letter_wording) for t in types]


class _PickedFromListMixin:
    """Turns ticked ids back into the objects offered, refusing anything not offered."""

    def _picked(self, name, offered):
        values = self.cleaned_data.get(name) or []
        return [offered[int(value)] for value in values if int(value) in offered]


class WarningForm(_PickedFromListMixin, forms.Form):
    incidents = forms.MultipleChoiceField(
        label="Which incidents is the warning about?",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one incident this relies on"},
    )
    behaviour = text_answer(
        "The behaviour",
        max_length=3000,
        help_text="What the person did, with examples and dates, in plain words. The "
        "letter quotes this.",
        missing="Describe the behaviour, with examples and dates",
    )
    change_expected = text_answer(
        "What must change",
        max_length=2000,
        help_text="For example, 'Speak to staff calmly and leave the building when asked'.",
        missing="Say what the person must change",
    )
    consequences = text_answer(
        "What will happen if it continues",
        max_length=2000,
        help_text="For example, that the council may limit how they can contact it.",
        missing="Say what will happen if the behaviour continues",
    )
    channel = forms.ChoiceField(
        label="How is the warning given?",
        choices=WarningChannel.choices,
        widget=forms.RadioSelect,
        help_text="A warning by letter is prepared from the warning letter template for "
        "you to check and issue.",
        error_messages={"required": "Choose how the warning is given"},
    )
    given_on = DayMonthYearField(
        label="Date the person was told, if not by letter",
        name_in_errors="the date the person was told",
        required=False,
        help_text="The date of the conversation, call or e-mail. A warning by letter counts "
        "from the day its letter is issued, so leave this blank for a letter.",
    )

    def __init__(self, *args, customer, **kwargs):
        super().__init__(*args, **kwargs)
        self.offered_incidents, self.fields["incidents"].choices = incident_choices(customer)
        if not self.is_bound:
            self.initial.setdefault("channel", WarningChannel.LETTER)
        self.helper = form_helper(
            Field.checkboxes("incidents", legend_size=Size.SMALL),
            text_area("behaviour", 5, 3000),
            text_area("change_expected", 3, 2000),
            text_area("consequences", 3, 2000),
            Field.radios("channel", legend_size=Size.SMALL),
            Field("given_on", context={"legend_size": Size.for_legend(Size.SMALL)}),
            Submit("save", "Record the warning"),
        )

    def warning_values(self):
        data = self.cleaned_data
        return {
            "incidents": self._picked("incidents", self.offered_incidents),
            "behaviour": data.get("behaviour", ""),
            "change_expected": data.get("change_expected", ""),
            "consequences": data.get("consequences", ""),
            "channel": data.get("channel"),
            "given_on": data.get("given_on"),
        }


class RestrictionTermsMixin(_PickedFromListMixin):
    """The restriction chosen, the named contact and the dates: proposed, then amended."""

    def _set_up_terms(self):
        types = list(active_types())
        self.offered_types = {t.pk: t for t in types}
        self.fields["types"].choices = type_choices(types)


class RestrictionProposalForm(RestrictionTermsMixin, forms.Form):
    incidents = forms.MultipleChoiceField(
        label="Which incidents does the proposal rely on?",
        help_text="Each behaviour relied on must be a recorded, dated incident.",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one incident this relies on"},
    )
    concern = forms.ChoiceField(
        label="What kind of concern is this?",
        choices=BehaviourKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the kind of concern"},
    )
    behaviour = text_answer(
        "The behaviour relied on",
        max_length=3000,
        help_text="With examples and dates, in plain words. The letter quotes this.",
        missing="Describe the behaviour relied on, with examples and dates",
    )
    warning = forms.ChoiceField(
        label="Which warning came first?",
        widget=forms.RadioSelect,
        help_text="A warning comes before any restriction, except after a single serious "
        "act such as violence or a physical threat.",
        error_messages={"required": "Choose the warning given, or say none was given"},
    )
    no_warning_reason = text_answer(
        "What single serious act justifies restricting without a warning?",
        max_length=1500,
        required=False,
    )
    checks_made = text_answer(
        "Checks made first",
        max_length=2000,
        help_text="Was the underlying complaint handled properly? Is anything new? Is there "
        "a better route, such as an appeal, a court or another body?",
        missing="Record the checks made first: the complaint, anything new, other routes",
    )
    needs_considered = text_answer(
        "Needs and reasonable adjustments",
        max_length=2000,
        help_text="What needs were considered and what was decided. Involve social care "
        "where relevant.",
        missing="Record the needs and adjustments considered, and the outcome",
    )
    equality_consideration = text_answer(
        "The equality duty and human rights",
        max_length=2000,
        required=False,
        help_text="Would the restriction affect this person more than others because of a "
        "protected characteristic? What different arrangements were made? Required when "
        "protected characteristics or support needs are recorded.",
    )
    alternatives = text_answer(
        "Alternatives weighed, and why this is proportionate",
        max_length=2000,
        help_text="For example, a meeting, mediation, or a lighter restriction.",
        missing="Record the alternatives weighed and why this is proportionate",
    )
    reasons = text_answer(
        "Reasons for the restriction",
        max_length=3000,
        missing="Give the reasons for the restriction",
    )
    types = forms.MultipleChoiceField(
        label="Which restrictions?",
        help_text="The words under each are what the letter says.",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one restriction"},
    )
    arrangements = text_answer(
        "Exactly how the person may contact the council now",
        max_length=2000,
        help_text="Channel, days and times, length of calls or meetings, buildings.",
        missing="Say exactly how the person may contact the council now",
    )
    named_contact = line_answer(
        "Named officer, team or mailbox",
        max_length=200,
        help_text="Required for restrictions that route contact to one person or mailbox. "
        "Use a role and a council address, not a private one.",
    )
    reader = forms.ChoiceField(
        label="Who reads what the person sends, where it is read and filed?",
        help_text="Required for restrictions under which correspondence is read and filed. "
        "Each item logged waits in this person's tasks until they have checked it for new "
        "issues, complaints and safeguarding concerns.",
        required=False,
    )
    essential_services = text_answer(
        "How essential services and urgent help stay reachable",
        max_length=1500,
        missing="Say how essential services and urgent help stay reachable",
    )
    scope = forms.ChoiceField(
        label="What does the restriction cover?",
        choices=Scope.choices,
        widget=forms.RadioSelect,
        help_text="It binds this person only, not others at the same address or business.",
        error_messages={"required": "Choose what the restriction covers"},
    )
    scope_matter = line_answer("Which matter?", max_length=300)
    service_areas = forms.MultipleChoiceField(
        label="Which services?", widget=forms.CheckboxSelectMultiple, required=False
    )
    representative = line_answer(
        "Representative covered, if any",
        max_length=200,
        help_text="Leave blank if the restriction covers the person only.",
    )
    representative_consent_checked = forms.BooleanField(
        label="The person's consent to this representative was checked", required=False
    )
    staff_told = text_answer(
        "Which staff are told, and where it is recorded",
        max_length=1000,
        missing="Say which staff are told and where it is recorded",
    )
    reconsideration_contact = line_answer(
        "Who hears a request for reconsideration?",
        max_length=200,
        required=True,
        help_text="Someone senior who was not involved, for example 'The Director of "
        "Corporate Services'.",
    )
    starts_on = DayMonthYearField(label="Start date", name_in_errors="the start date")
    ends_on = DayMonthYearField(
        label="End date (optional)",
        name_in_errors="the end date",
        required=False,
        help_text="Leave blank to keep the restriction until it is lifted at a review.",
    )
    review_on = DayMonthYearField(
        label="Review date (optional)",
        name_in_errors="the review date",
        required=False,
        help_text="Leave blank for three months after the start date.",
    )

    def __init__(self, *args, customer, **kwargs):
        super().__init__(*args, **kwargs)
        self.customer = customer
        self._set_up_terms()
        self.fields["reconsideration_contact"].error_messages["required"] = (
            "Say who hears a request for reconsideration"
        )
        self.offered_incidents, self.fields["incidents"].choices = incident_choices(customer)
        warnings = list(customer.warnings.order_by("-recorded_at", "-pk"))
        self.offered_warnings = {w.pk: w for w in warnings}
        self.fields["warning"].choices = [
            Choice(str(w.pk), f"Warning {w.reference}, {warning_status(w)}") for w in warnings
        ] + [Choice(NO_WARNING, "No warning was given")]
        areas = list(ServiceArea.objects.order_by("name"))
        self.offered_areas = {a.pk: a for a in areas}
        self.fields["service_areas"].choices = [(str(a.pk), a.name) for a in areas]
        readers = list(possible_readers())
        self.offered_readers = {user.pk: user for user in readers}
        self.fields["reader"].choices = [("", "Nobody: not read and filed")] + [
            (str(user.pk), user.get_full_name() or user.get_username()) for user in readers
        ]
        today = timezone.localdate()
        if not self.is_bound:
            self.initial.setdefault("starts_on", today)
            given = [w for w in warnings if w.given_on is not None]
            if given:
                self.initial.setdefault("warning", str(given[0].pk))
        self.fields["review_on"].help_text = (
            "Leave blank for three months after the start date: "
            f"{numeric_date(default_review_date(today))} for a restriction starting today."
        )
        self.helper = form_helper(
            Fieldset(
                Field.checkboxes("incidents", legend_size=Size.SMALL),
                Field.radios("concern", legend_size=Size.SMALL),
                text_area("behaviour", 5, 3000),
                LabelledConditionalRadios(
                    "warning",
                    *[c.label for c in self.fields["warning"].choices[:-1]],
                    ConditionalQuestion("No warning was given", text_area("no_warning_reason", 3)),
                ),
                legend="The evidence",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                text_area("checks_made"),
                text_area("needs_considered"),
                text_area("equality_consideration"),
                text_area("alternatives"),
                text_area("reasons", 5),
                legend="Before deciding",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                Field.checkboxes("types", legend_size=Size.SMALL),
                text_area("arrangements"),
                Field.text("named_contact", field_width=Fluid.TWO_THIRDS, label_size=Size.SMALL),
                Field.select("reader", legend_size=Size.SMALL),
                text_area("essential_services", 3),
                LabelledConditionalRadios(
                    "scope",
                    ConditionalQuestion(
                        Scope.MATTER.label,
                        Field.text("scope_matter", field_width=Fluid.TWO_THIRDS),
                    ),
                    ConditionalQuestion(Scope.SERVICE.label, Field.checkboxes("service_areas")),
                    Scope.COUNCIL.label,
                ),
                Field.text("representative", field_width=Fluid.TWO_THIRDS, label_size=Size.SMALL),
                Field.checkbox("representative_consent_checked"),
                legend="The restriction",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                text_area("staff_told", 3),
                Field.text(
                    "reconsideration_contact", field_width=Fluid.TWO_THIRDS, label_size=Size.SMALL
                ),
                Field("starts_on", context={"legend_size": Size.for_legend(Size.SMALL)}),
                Field("ends_on", context={"legend_size": Size.for_legend(Size.SMALL)}),
                Field("review_on", context={"legend_size": Size.for_legend(Size.SMALL)}),
                legend="Telling people, and dates",
                legend_size=Size.MEDIUM,
            ),
            Submit("save", "Send for a decision"),
        )

    def clean_warning(self):
        value = self.cleaned_data["warning"]
        if value == NO_WARNING:
            return None
        return self.offered_warnings.get(int(value))

    def proposal_values(self):
        data = self.cleaned_data
        values = {
            name: data.get(name, "")
            for name in (
                "concern",
                "behaviour",
                "no_warning_reason",
                "checks_made",
                "needs_considered",
                "equality_consideration",
                "alternatives",
                "reasons",
                "arrangements",
                "named_contact",
                "essential_services",
                "scope",
                "scope_matter",
                "representative",
                "staff_told",
                "reconsideration_contact",
            )
        }
        values.update(
            representative_consent_checked=data.get("representative_consent_checked", False),
            warning=data.get("warning"),
            incidents=self._picked("incidents", self.offered_incidents),
            types=self._picked("types", self.offered_types),
            service_areas=self._picked("service_areas", self.offered_areas),
            reader=self.offered_readers.get(int(data.get("reader") or 0)),
            starts_on=data.get("starts_on"),
            ends_on=data.get("ends_on"),
            review_on=data.get("review_on"),
        )
        return values


class DecisionForm(RestrictionTermsMixin, forms.Form):
    decision = forms.ChoiceField(
        label="Your decision",
        choices=Decision.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose your decision"},
    )
    types = forms.MultipleChoiceField(
        label="Which restrictions?", widget=forms.CheckboxSelectMultiple, required=False
    )
    arrangements = text_answer(
        "Exactly how the person may contact the council now", max_length=2000, required=False
    )
    named_contact = line_answer("Named officer, team or mailbox", max_length=200)
    ends_on = DayMonthYearField(
        label="End date (optional)",
        name_in_errors="the end date",
        required=False,
        help_text="Leave blank to keep the restriction until it is lifted at a review.",
    )
    review_on = DayMonthYearField(
        label="Review date", name_in_errors="the review date", required=False
    )
    serious_act_confirmed = forms.BooleanField(
        label="I confirm that a single serious act, such as violence or a physical threat, "
        "justifies restricting contact without a warning first",
        required=False,
    )
    role = forms.CharField(
        label="Your role title",
        help_text="The letter names the decision maker by role, never by name.",
        max_length=120,
        required=False,
    )
    reasons = text_answer(
        "Reasons for your decision",
        max_length=3000,
        help_text="Say why the restriction is or is not proportionate. The reasons are "
        "kept on the decision record.",
        missing="Give the reasons for your decision",
    )

    def __init__(self, *args, restriction, **kwargs):
        super().__init__(*args, **kwargs)
        self._set_up_terms()
        if not self.is_bound:
            self.initial.update(
                types=[str(pk) for pk in restriction.types.values_list("pk", flat=True)],
                arrangements=restriction.arrangements,
                named_contact=restriction.named_contact,
                ends_on=restriction.ends_on,
                review_on=restriction.review_on,
            )
        layout = [
            LabelledConditionalRadios(
                "decision",
                Decision.APPROVED.label,
                ConditionalQuestion(
                    Decision.AMENDED.label,
                    Field.checkboxes("types", legend_size=Size.SMALL),
                    text_area("arrangements"),
                    Field.text(
                        "named_contact", field_width=Fluid.TWO_THIRDS, label_size=Size.SMALL
                    ),
                    Field("ends_on", context={"legend_size": Size.for_legend(Size.SMALL)}),
                    Field("review_on", context={"legend_size": Size.for_legend(Size.SMALL)}),
                ),
                Decision.REFUSED.label,
                legend_size=Size.MEDIUM,
            ),
        ]
        if restriction.warning_id is None:
            layout.append(Field.checkbox("serious_act_confirmed"))
        else:
            del self.fields["serious_act_confirmed"]
        titles = ReconsiderationSettings.load().role_titles()
        if titles:
            self.fields["role"] = forms.ChoiceField(
                label="Your role title",
                help_text="The letter names the decision maker by role, never by name.",
                choices=[(title, title) for title in titles],
                widget=forms.RadioSelect,
                required=False,
            )
            layout.append(Field.radios("role", legend_size=Size.SMALL))
        else:
            layout.append(Field.text("role", field_width=Fluid.TWO_THIRDS, label_size=Size.SMALL))
        layout += [text_area("reasons", 5, 3000), Submit("decide", "Record the decision")]
        self.helper = form_helper(*layout)

    def decision_values(self):
        data = self.cleaned_data
        amendments = None
        if data.get("decision") == Decision.AMENDED:
            amendments = {
                "types": self._picked("types", self.offered_types),
                "arrangements": data.get("arrangements", ""),
                "named_contact": data.get("named_contact", ""),
                "ends_on": data.get("ends_on"),
                "review_on": data.get("review_on"),
            }
        return {
            "decision": data.get("decision"),
            "reasons": data.get("reasons", ""),
            "serious_act_confirmed": data.get("serious_act_confirmed", False),
            "amendments": amendments,
            "role": data.get("role", ""),
        }

    def clean(self):
        cleaned = super().clean()
        approving = cleaned.get("decision") in (Decision.APPROVED, Decision.AMENDED)
        if approving and not cleaned.get("role"):
            self.add_error("role", "Give your role title: the letter names it")
        return cleaned
