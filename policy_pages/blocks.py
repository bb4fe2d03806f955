"""The one StreamBlock shared by the public pages, its blocks named after GOV.UK components.

Published versions keep frozen HTML, but editors reopen old revisions: treat every block
name here as a public API. Deprecate a block rather than delete one that data still holds.
"""

from django.utils.functional import cached_property
from wagtail import blocks

TEMPLATE_DIR = "components/streamfield"
RICH_TEXT_FEATURES = ["bold", "italic", "link", "ul", "ol"]


class LabelledCharBlock(blocks.CharBlock):
    """A line of text whose input is named by the block's label.

    The admin shows an item of a list or stream under a heading, with no label of its
    own, so a screen reader would announce a nameless box; ``aria-label`` names it.
    """

    def __init__(self, *, label, **kwargs):
        super().__init__(label=label, **kwargs)
        self.field.widget.attrs["aria-label"] = str(label)


class LabelledRichTextBlock(blocks.RichTextBlock):
    """Rich text whose editing box is named by the block's label.

    The admin's rich text editor types into a box beside a hidden input, and the label
    it shows points at the hidden input, so the box itself would have no name; the
    editor's ``ariaLabel`` option gives it one.
    """

    @cached_property
    def field(self):
        field = super().field
        field.widget.options = {**field.widget.options, "ariaLabel": str(self.label)}
        return field


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=120)
    level = blocks.ChoiceBlock(
        choices=[("h2", "Section heading"), ("h3", "Sub-heading")], default="h2"
    )

    class Meta:
        icon = "title"
        template = f"{TEMPLATE_DIR}/heading.html"
        description = "A heading that starts a section of the page."
        preview_value = {"text": "What we may do", "level": "h2"}


class ParagraphBlock(LabelledRichTextBlock):
    def __init__(self, **kwargs):
        kwargs.setdefault("features", RICH_TEXT_FEATURES)
        super().__init__(**kwargs)

    class Meta:
        icon = "pilcrow"
        template = f"{TEMPLATE_DIR}/paragraph.html"
        description = "Text with links and bulleted or numbered lists."
        preview_value = "<p>We treat everyone who contacts us with courtesy.</p>"


class InsetTextBlock(blocks.StructBlock):
    text = LabelledRichTextBlock(features=RICH_TEXT_FEATURES)

    class Meta:
        icon = "openquote"
        template = f"{TEMPLATE_DIR}/inset_text.html"
        description = "Sets a short piece of text apart, such as a quotation or an example."
        preview_value = {"text": "<p>You can ask us to review any restriction at any time.</p>"}


class WarningTextBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=300)

    class Meta:
        icon = "warning"
        template = f"{TEMPLATE_DIR}/warning_text.html"
        description = "A short warning that must not be missed."
        preview_value = {"text": "We will contact the police if anyone is threatened."}


class DetailsBlock(blocks.StructBlock):
    summary = blocks.CharBlock(max_length=120, help_text="The line people click to open it.")
    text = LabelledRichTextBlock(features=RICH_TEXT_FEATURES)

    class Meta:
        icon = "collapse-down"
        template = f"{TEMPLATE_DIR}/details.html"
        description = "Extra detail most readers can skip, hidden until opened."
        preview_value = {
            "summary": "What counts as a protected characteristic",
            "text": "<p>Age, disability, race and six more set out in the Equality Act.</p>",
        }


class SummaryRowBlock(blocks.StructBlock):
    key = blocks.CharBlock(max_length=80)
    value = LabelledRichTextBlock(features=RICH_TEXT_FEATURES)


class SummaryListBlock(blocks.StructBlock):
    rows = blocks.ListBlock(SummaryRowBlock())

    class Meta:
        icon = "list-ul"
        template = f"{TEMPLATE_DIR}/summary_list.html"
        description = "Pairs of labels and answers, such as who decides what."
        preview_value = {
            "rows": [{"key": "Who decides", "value": "<p>A senior manager not involved.</p>"}]
        }


class BehaviourKindBlock(blocks.StructBlock):
    """One kind of unacceptable behaviour: what it means, with examples."""

    title = blocks.CharBlock(max_length=120)
    definition = LabelledRichTextBlock(features=RICH_TEXT_FEATURES)
    examples = blocks.ListBlock(LabelledCharBlock(max_length=300, label="Example"), min_num=1)

    class Meta:
        icon = "help"
        template = f"{TEMPLATE_DIR}/behaviour_kind.html"
        description = "Defines one kind of unacceptable behaviour and lists examples."
        preview_value = {
            "title": "Abusive or threatening behaviour",
            "definition": "<p>Words or actions meant to frighten, hurt or demean.</p>",
            "examples": ["Swearing at staff", "Threatening violence"],
        }


class StepBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=120)
    text = LabelledRichTextBlock(features=RICH_TEXT_FEATURES)


class StepsBlock(blocks.StructBlock):
    """Numbered steps, such as the responses the council may use, lightest first."""

    steps = blocks.ListBlock(StepBlock(), min_num=1)

    class Meta:
        icon = "list-ol"
        template = f"{TEMPLATE_DIR}/steps.html"
        description = "Numbered steps that happen in order."
        preview_value = {
            "steps": [
                {"heading": "We ask you to stop", "text": "<p>Usually this is enough.</p>"},
                {"heading": "We warn you in writing", "text": "<p>We explain why.</p>"},
            ]
        }


class ContactBlock(blocks.StructBlock):
    """How to reach an organisation, such as the ombudsman."""

    organisation = blocks.CharBlock(max_length=120)
    purpose = LabelledRichTextBlock(features=RICH_TEXT_FEATURES, required=False)
    website = blocks.URLBlock(required=False)
    telephone = blocks.CharBlock(max_length=40, required=False)

    class Meta:
        icon = "user"
        template = f"{TEMPLATE_DIR}/contact.html"
        description = "An organisation's contact details, with what to contact it about."
        preview_value = {
            "organisation": "Local Government and Social Care Ombudsman",
            "website": "https://www.lgo.org.uk",
            "telephone": "0300 061 0614",
        }


class RestrictionCatalogueBlock(blocks.StructBlock):
    """Lists the restriction catalogue in the words letters use.

    A published version freezes the list as it stood when the version went live, and the
    live page shows that frozen copy: publish the policy again after changing the
    catalogue."""

    introduction = LabelledRichTextBlock(features=RICH_TEXT_FEATURES, required=False)

    class Meta:
        icon = "lock"
        template = f"{TEMPLATE_DIR}/restriction_catalogue.html"
        description = "The restrictions we may use, taken from the restriction catalogue."
        preview_value = {"introduction": "<p>We choose the lightest that will work.</p>"}

    def get_context(self, value, parent_context=None):
        from .models import RestrictionType

        context = super().get_context(value, parent_context=parent_context)
        context["restrictions"] = RestrictionType.objects.filter(active=True)
        return context


class ReconsiderationBlock(blocks.StructBlock):
    """How to ask us to reconsider, and the ombudsmen after that, in the words of the
    council's reconsideration settings, which the letters read too. A published version
    freezes the wording as it stood, and the live page shows that frozen copy: publish the
    policy again after changing the settings."""

    introduction = LabelledRichTextBlock(features=RICH_TEXT_FEATURES, required=False)

    class Meta:
        icon = "help"
        template = f"{TEMPLATE_DIR}/reconsideration.html"
        description = "How to ask for a reconsideration and the ombudsmen, from the settings."
        preview_value = {"introduction": "<p>If you think we got it wrong, tell us.</p>"}

    def get_context(self, value, parent_context=None):
        from home.models import ReconsiderationSettings

        context = super().get_context(value, parent_context=parent_context)
        wording = ReconsiderationSettings.load()
        context["reconsideration"] = wording
        context["ombudsmen"] = wording.ombudsmen_in_order()
        return context


class RetentionScheduleBlock(blocks.StructBlock):
    """How long each kind of record is kept, read from the retention schedule that
    information governance keeps, so the privacy notice and the deletions never differ."""

    introduction = LabelledRichTextBlock(features=RICH_TEXT_FEATURES, required=False)

    class Meta:
        icon = "time"
        template = f"{TEMPLATE_DIR}/retention_schedule.html"
        description = "How long we keep each kind of record, from the retention schedule."
        preview_value = {"introduction": "<p>We keep each record only as long as this.</p>"}

    def get_context(self, value, parent_context=None):
        from .retention import retention_periods

        context = super().get_context(value, parent_context=parent_context)
        context["periods"] = retention_periods()
        return context


class PolicyStreamBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = ParagraphBlock()
    inset_text = InsetTextBlock()
    warning_text = WarningTextBlock()
    details = DetailsBlock()
    summary_list = SummaryListBlock()
    behaviour_kind = BehaviourKindBlock()
    steps = StepsBlock()
    contact = ContactBlock()
    restriction_catalogue = RestrictionCatalogueBlock()
    reconsideration = ReconsiderationBlock()
    retention_schedule = RetentionScheduleBlock()
