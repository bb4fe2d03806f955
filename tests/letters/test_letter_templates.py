"""Letter templates: one published template per type of letter, kept by policy approvers;
a template missing what its letter must say is saved as a draft but never published."""

import pytest
from django.core.exceptions import ValidationError

from reporting.letters.enums import LetterType
from reporting.letters.models import LetterTemplate
from reporting.letters.placeholders import PLACEHOLDERS, REQUIRED_PLACEHOLDERS, template_problems
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SNIPPETS = "/admin/snippets/letters/lettertemplate/"


def restriction_template():
    return LetterTemplate.objects.get(letter_type=LetterType.RESTRICTION)


def edit(client, template, *, subject=None, body, publish):
    data = {"subject": subject or template.subject, "body": body}
    if publish:
        data["action-publish"] = "action-publish"
    return client.post(f"{SNIPPETS}edit/{template.pk}/", data)


def test_every_letter_type_starts_with_a_published_template_that_says_what_it_must():
    templates = {t.letter_type: t for t in LetterTemplate.objects.all()}
    assert set(templates) == set(LetterType.values)
    for letter_type, template in templates.items():
        assert template.live
        assert template.live_revision_id is not None
        content = template.live_revision.as_object()
        assert content.body == template.body
        assert template_problems(letter_type, content.subject, content.body) == {}
        assert "Fernhollow" not in template.body  # the council's name comes from settings


def test_every_required_placeholder_exists():
    for names in REQUIRED_PLACEHOLDERS.values():
        assert set(names) <= set(PLACEHOLDERS)


def test_problems_name_the_missing_and_the_unknown_placeholders():
    template = restriction_template()
    body = template.body.replace("{ombudsman}", "").replace("{reasons}", "{reason}")
    problems = template_problems(LetterType.RESTRICTION, "Hello {customer}", body)
    assert "{customer}" in problems["subject"]
    assert "{reason}" in problems["body"]
    assert "must include {reasons}, {ombudsman}" in problems["body"]
    stray = template_problems(LetterType.WARNING, "Hello {customer_name", "")
    assert "curly bracket" in stray["subject"]


def test_the_admin_refuses_to_publish_a_template_missing_a_required_placeholder(
    client, superuser, soup
):
    template = restriction_template()
    live_revision = template.live_revision_id
    client.force_login(superuser)
    body = template.body.replace("{ombudsman}", "You may complain to an ombudsman.")
    response = edit(client, template, body=body, publish=True)
    assert response.status_code == 200
    errors = " ".join(p.get_text() for p in soup(response).select(".error-message"))
    assert "cannot be published" in errors
    assert "{ombudsman}" in errors
    template.refresh_from_db()
    assert template.live_revision_id == live_revision
    assert "{ombudsman}" in template.body


def test_the_same_template_can_still_be_saved_as_a_draft(client, superuser):
    template = restriction_template()
    live_revision = template.live_revision_id
    client.force_login(superuser)
    body = template.body.replace("{ombudsman}", "You may complain to an ombudsman.")
    response = edit(client, template, body=body, publish=False)
    assert response.status_code == 302
    template.refresh_from_db()
    assert template.live_revision_id == live_revision
    assert template.has_unpublished_changes
    assert template.latest_revision.as_object().body == body
    assert "{ombudsman}" in template.live_revision.as_object().body


def test_publishing_in_code_is_refused_too():
    template = restriction_template()
    live_revision = template.live_revision_id
    draft = template.get_latest_revision_as_object()
    draft.body = draft.body.replace("{reconsideration}", "")
    revision = draft.save_revision()
    with pytest.raises(ValidationError, match="reconsideration"):
        revision.publish()
    template.refresh_from_db()
    assert template.live_revision_id == live_revision
    assert "{reconsideration}" in template.body


def test_a_policy_approver_publishes_a_complete_template(client):
    template = LetterTemplate.objects.get(letter_type=LetterType.WARNING)
    client.force_login(UserFactory(username="approver", roles=["Policy approver"]))
    assert client.get(SNIPPETS).status_code == 200
    body = template.body.replace("Dear {customer_name}", "Dear {customer_name},")
    response = edit(client, template, body=body, publish=True)
    assert response.status_code == 302
    template.refresh_from_db()
    assert template.body == body
    assert template.live_revision.as_object().body == body


def test_the_letter_type_of_a_template_cannot_be_changed(client, superuser):
    template = LetterTemplate.objects.get(letter_type=LetterType.WARNING)
    client.force_login(superuser)
    data = {
        "letter_type": LetterType.ENDED,
        "subject": template.subject,
        "body": template.body,
        "action-publish": "action-publish",
    }
    client.post(f"{SNIPPETS}edit/{template.pk}/", data)
    template.refresh_from_db()
    assert template.letter_type == LetterType.WARNING


@pytest.mark.parametrize("roles", [["Staff"], ["Manager"], ["Comms editor"]])
def test_other_roles_cannot_edit_templates(client, roles):
    template = LetterTemplate.objects.get(letter_type=LetterType.WARNING)
    client.force_login(UserFactory(username="someone", roles=roles))
    response = edit(client, template, body="Dear {customer_name}", publish=False)
    assert response.status_code in (302, 403)
    template.refresh_from_db()
    assert template.body != "Dear {customer_name}"
    assert not template.has_unpublished_changes


def test_the_edit_page_lists_the_placeholders_and_what_each_type_requires(client, superuser):
    template = restriction_template()
    client.force_login(superuser)
    page = client.get(f"{SNIPPETS}edit/{template.pk}/").content.decode()
    assert "{reconsideration}" in page
    assert "Required for each letter type" in page
