"""The admin form for our pages that have rich text fields."""

from wagtail.admin.forms import WagtailAdminPageForm


class NamedRichTextPageForm(WagtailAdminPageForm):
    """Gives each rich text box the name of its field.

    The admin's rich text editor types into a box beside a hidden input, and the field's
    label points at the hidden input, so a screen reader would announce the box without
    a name; the editor's ``ariaLabel`` option gives it one.
    """

    def __init__(self, *args, **kwargs):
        # Imported here: the rich text converters need the image model, which is not
        # loaded yet when home's models import this module.
        from wagtail.admin.rich_text import DraftailRichTextArea

        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field.widget, DraftailRichTextArea):
                field.widget.options = {**field.widget.options, "ariaLabel": str(field.label)}
