"""The staff home links each role to the pages it turns to besides its tasks."""

import pytest

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def tool_links(client, soup, user):
    client.force_login(user)
    page = soup(client.get("/staff/"))
    section = page.find(id="tools-heading")
    if section is None:
        return []
    return [a["href"] for a in section.find_next("ul").select("a")]


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("Staff", []),
        ("Decision maker", []),
        ("Manager", ["/staff/governance/monitoring/"]),
        ("Health and safety", ["/staff/governance/monitoring/"]),
        (
            "Information governance",
            [
                "/staff/governance/monitoring/",
                "/staff/governance/subject-access/",
                "/staff/governance/retention/",
                "/staff/reasons-given/",
                "/staff/audit/",
            ],
        ),
    ],
)
def test_each_role_finds_its_tools_on_the_home_page(client, soup, role, expected):
    assert tool_links(client, soup, UserFactory(roles=[role])) == expected
