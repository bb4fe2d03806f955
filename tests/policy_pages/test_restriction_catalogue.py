"""The restriction catalogue: seeded, edited by policy owners, listed on the policy page
in the words letters use, and frozen into each published version."""

import pytest

from policy_pages.models import PublishedVersion, RestrictionType
from tests.factories import UserFactory, make_policy, publish

pytestmark = pytest.mark.django_db

SNIPPETS = "/admin/snippets/policy_pages/restrictiontype/"


def catalogue_block(introduction="<p>We choose the lightest that will work.</p>"):
    return {"type": "restriction_catalogue", "value": {"introduction": introduction}}


def test_the_catalogue_starts_with_the_options_the_policy_describes():
    names = set(RestrictionType.objects.values_list("name", flat=True))
    assert {"Contact in writing only", "One named point of contact", "Post only"} <= names
    named = RestrictionType.objects.get(name="One named point of contact")
    assert named.needs_named_contact
    assert all(r.letter_wording.strip() for r in RestrictionType.objects.all())


def test_the_policy_block_lists_active_types_in_letter_words(client, soup):
    RestrictionType.objects.filter(name="Post only").update(active=False)
    policy = publish(make_policy(), note="First published.", body=[catalogue_block()])
    rows = soup(client.get(policy.url)).select(".sc-restriction-catalogue dt")
    listed = [row.get_text(strip=True) for row in rows]
    assert "Contact in writing only" in listed
    assert "Post only" not in listed
    wording = RestrictionType.objects.get(name="Contact in writing only").letter_wording
    assert wording in client.get(policy.url).content.decode()


def test_a_published_version_keeps_the_catalogue_as_it_was(client):
    policy = publish(make_policy(), note="First published.", body=[catalogue_block()])
    RestrictionType.objects.create(name="A later restriction", letter_wording="New words.")
    version = PublishedVersion.objects.get(page_id=policy.pk, number=1)
    assert "A later restriction" not in version.content_html
    assert "A later restriction" not in client.get(f"/versions/{policy.pk}/1/").content.decode()
    # The live page shows its version as published, until the policy is published again.
    assert "A later restriction" not in client.get(policy.url).content.decode()
    publish(policy, note="Adds the later restriction.")
    assert "A later restriction" in client.get(policy.url).content.decode()


def test_policy_approvers_edit_the_catalogue_and_others_cannot(client):
    client.force_login(UserFactory(username="approver", roles=["Policy approver"]))
    assert client.get(SNIPPETS).status_code == 200
    response = client.post(
        f"{SNIPPETS}add/",
        {
            "name": "Visits by appointment",
            "letter_wording": "Please book before visiting.",
            "sort_order": "20",
            "active": "on",
        },
    )
    assert response.status_code == 302
    assert RestrictionType.objects.filter(name="Visits by appointment").exists()

    client.force_login(UserFactory(username="frontline", roles=["Staff"]))
    assert client.get(SNIPPETS).status_code in (302, 403)


def test_editing_the_catalogue_asks_for_a_new_version_of_the_policy_that_lists_it(client):
    policy = publish(make_policy(), note="First published.", body=[catalogue_block()])
    client.force_login(UserFactory(username="approver", roles=["Policy approver"]))
    entry = RestrictionType.objects.get(name="Post only")
    response = client.post(
        f"{SNIPPETS}edit/{entry.pk}/",
        {
            "name": "Post only",
            "letter_wording": "Please write to us by post only.",
            "sort_order": str(entry.sort_order),
            "active": "on",
        },
        follow=True,
    )
    text = response.content.decode()
    assert "Publish a new version" in text
    assert f"/admin/pages/{policy.pk}/edit/" in text


def test_no_version_is_asked_for_when_no_page_lists_the_catalogue(client):
    publish(make_policy(), note="First published.")
    client.force_login(UserFactory(username="approver", roles=["Policy approver"]))
    entry = RestrictionType.objects.get(name="Post only")
    response = client.post(
        f"{SNIPPETS}edit/{entry.pk}/",
        {"name": "Post only", "letter_wording": "By post.", "sort_order": "3", "active": "on"},
        follow=True,
    )
    assert "Publish a new version" not in response.content.decode()
