"""The home page's editor names its rich text box for screen readers."""

import pytest

from home.models import HomePage


@pytest.mark.django_db
def test_the_home_pages_rich_text_box_is_named_by_its_field():
    form_class = HomePage.get_edit_handler().get_form_class()
    form = form_class(instance=HomePage(), for_user=None)
    assert form.fields["body"].widget.options["ariaLabel"] == "Body"
    # Each form names its own widget: the class's shared widget is left as it was.
    assert "ariaLabel" not in form_class.base_fields["body"].widget.options
