"""Letters in the Wagtail admin: the templates policy approvers edit and publish, and
the issued letters, read only."""

from django.utils.html import format_html, format_html_join
from wagtail.admin.panels import FieldPanel, HelpPanel, ObjectList
from wagtail.admin.ui.tables import LiveStatusTagColumn, UpdatedAtColumn
from wagtail.permissions import register_permission_policy
from wagtail.snippets.views.snippets import SnippetViewSet

from reporting.access.viewsets import (
    AuditedIndexView,
    AuditedInspectView,
    ReadOnlyModelViewSet,
    ReadOnlyPolicy,
)

from .enums import LetterType
from .forms import LetterTemplateForm
from .models import Letter, LetterTemplate
from .placeholders import HEADING_MARK, PLACEHOLDERS, REQUIRED_PLACEHOLDERS

register_permission_policy(Letter, ReadOnlyPolicy(Letter))


class LetterViewSet(ReadOnlyModelViewSet):
    """Issued letters, to read only: a letter never changes once it is issued."""

    model = Letter
    icon = "mail"
    menu_label = "Issued letters"
    name = "letters"
    url_prefix = "staff-records/letters"
    index_view_class = AuditedIndexView
    inspect_view_class = AuditedInspectView
    list_display = ["reference", "letter_type", "issued_at", "policy_version"]
    list_filter = ["letter_type", "issued_at"]
    search_fields = ["reference"]
    list_export = ["reference", "letter_type", "issued_at", "policy_url", "sha256", "size"]
    export_filename = "letters"
    ordering = ["-issued_at"]
    inspect_view_fields = [
        "reference",
        "letter_type",
        "issued_at",
        "policy_url",
        "subject",
        "sha256",
        "size",
    ]


def _placeholder_help():
    rows = format_html_join(
        "",
        "<li><code>{{{}}}</code>: {}</li>",
        ((name, description) for name, description in PLACEHOLDERS.items()),
    )
    required = format_html_join(
        "",
        "<li><strong>{}</strong>: {}</li>",
        (
            (LetterType(kind).label, ", ".join("{" + name + "}" for name in names))
            for kind, names in REQUIRED_PLACEHOLDERS.items()
        ),
    )
    return format_html(
        "<p>Leave a blank line between paragraphs. A paragraph starting with “{}” is a "
        "heading. A paragraph holding only {{restrictions}} becomes a bulleted list.</p>"
        "<p>Each type of letter has a standard template, and may have a large-print one "
        "(printed at 16 point or more in its own layout), an Easy Read one (short "
        "sentences, one idea a line) and Welsh ones. A letter is written from the template "
        "in the person's preferred format and language; if that one is not published, the "
        "letter cannot be issued. Every format must say everything its type requires.</p>"
        "<p>A template can be saved as a draft at any time, but it is published only when "
        "it uses every placeholder its letter type requires, and no others.</p>"
        "<h3>Placeholders</h3><ul>{}</ul><h3>Required for each letter type</h3><ul>{}</ul>",
        HEADING_MARK,
        rows,
        required,
    )


class LetterTemplateViewSet(SnippetViewSet):
    """The wording of each type of letter. Policy approvers edit and publish it."""

    model = LetterTemplate
    icon = "mail"
    menu_label = "Letter templates"
    list_display = [
        "__str__",
        "format",
        "language",
        "subject",
        LiveStatusTagColumn(),
        UpdatedAtColumn(),
    ]
    list_filter = ["letter_type", "format", "language"]
    search_fields = ["subject", "body"]
    edit_handler = ObjectList(
        [
            FieldPanel("letter_type"),
            FieldPanel("format"),
            FieldPanel("language"),
            FieldPanel("subject"),
            FieldPanel("body"),
            HelpPanel(content=_placeholder_help(), heading="How letter templates work"),
        ],
        base_form_class=LetterTemplateForm,
    )
