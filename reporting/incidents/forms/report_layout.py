"""How the report form is laid out, with crispy-forms-gds: the sections, the questions
each answer reveals, and the kinds of behaviour under the two kinds the policy names.

Built when the form is drawn, never when a report is only checked and saved: grouping
the kinds of behaviour reads them from the database.
"""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import HTML, Field, Fluid, Layout, Size

from ..enums import BehaviourKind, LocationKind
from ..enums import SupportOption as Support
from .fields import Choices, CustomerSearch, section
from .report_person import WHO_EXISTING, WHO_NEW, WHO_UNKNOWN


def report_helper(form):
    """The layout of the report form ``form``: its sections, and the follow-up questions
    each answer reveals. Reads the active kinds of behaviour, to group them."""

    # Questions of their own have bold labels, like the legends around them; the
    # follow-up questions an answer reveals keep plain ones.
    def textarea(name, rows=4, bold=False):
        return Field.textarea(
            name,
            rows=rows,
            max_characters=form.fields[name].max_length,
            label_size=Size.SMALL if bold else None,
            autocomplete="off",
        )

    def text(name, width=None, bold=False):
        return Field.text(name, field_width=width, label_size=Size.SMALL if bold else None)

    bold_label = {"label_size": Size.for_label(Size.SMALL)}

    kinds = form.fields["categories"].queryset
    category_groups = [
        (label, [str(c.pk) for c in kinds if c.kind == value])
        for value, label in BehaviourKind.choices
    ]
    category_hints = {str(c.pk): c.hint for c in kinds}
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    helper.layout = Layout(
        Choices(
            "who",
            legend_size=Size.LARGE,
            heading=True,
            reveals={
                WHO_EXISTING: [CustomerSearch()],
                WHO_NEW: [
                    text("first_name", Fluid.TWO_THIRDS),
                    text("last_name", Fluid.TWO_THIRDS),
                    text("postcode", 10),
                    textarea("address", rows=3),
                    text("email", Fluid.TWO_THIRDS),
                    text("telephone", 20),
                ],
                WHO_UNKNOWN: [textarea("unknown_description")],
            },
        ),
        section("When and where it happened"),
        Field("occurred_on", context={"legend_size": Size.for_legend(Size.SMALL)}),
        text("occurred_time", 5, bold=True),
        Field("service_area", context=bold_label),
        Choices(
            "location_kind",
            reveals={LocationKind.SITE: [text("site", Fluid.TWO_THIRDS)]},
        ),
        Choices("channel"),
        section("What happened"),
        Choices("categories", groups=category_groups, hints=category_hints),
        textarea("description", rows=8, bold=True),
        Choices("protected_characteristics"),
        textarea("people_affected", rows=3, bold=True),
        textarea("witnesses", rows=3, bold=True),
        section("Harm and safety"),
        Choices("injury", reveals={"yes": [textarea("injury_details", rows=3)]}),
        Choices("violence", inline=True),
        Choices("police_informed", reveals={"yes": [text("crime_reference", 20)]}),
        Choices("riddor_reportable", inline=True),
        Choices(
            "safeguarding_concern",
            reveals={"yes": [textarea("safeguarding_details", rows=3)]},
        ),
        section("Support and evidence"),
        Choices("support_requested", exclusive=Support.NONE),
        HTML(
            "{% if form.files_dropped %}"
            '<div class="govuk-inset-text">Files are not kept when a report has a '
            "problem. Choose your files again before you send it.</div>{% endif %}"
        ),
        Field("evidence", context=bold_label),
    )
    return helper
