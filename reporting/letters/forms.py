"""Forms for letters: editing a letter template in the admin, and issuing a letter."""

from django import forms
from wagtail.admin.forms import WagtailAdminModelForm

from .placeholders import template_problems


class LetterTemplateForm(WagtailAdminModelForm):
    """Saves any draft, so that nothing typed is lost, but publishes only a template that
    says everything its letter type must say and uses only placeholders that exist."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and "letter_type" in self.fields:
            # Each type has one template; changing it would change what letters say.
            self.fields["letter_type"].disabled = True

    def clean(self):
        cleaned = super().clean()
        if self.is_deferred_validation:
            return cleaned  # saving a draft
        letter_type = cleaned.get("letter_type") or self.instance.letter_type
        problems = template_problems(
            letter_type, cleaned.get("subject", ""), cleaned.get("body", "")
        )
        for name, message in problems.items():
            self.add_error(name, f"This template cannot be published. {message}.")
        return cleaned


class IssueLetterForm(forms.Form):
    """The "Issue this letter" button; a corrected letter names the one it replaces."""

    supersedes = forms.CharField(required=False, max_length=20, widget=forms.HiddenInput)
