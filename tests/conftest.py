import pytest
from bs4 import BeautifulSoup

from tests.access.factories import ServiceAreaFactory
from tests.factories import UserFactory


@pytest.fixture
def soup():
    """Parse a response's HTML."""

    def parse(response):
        return BeautifulSoup(response.content, "html.parser")

    return parse


@pytest.fixture
def comms_editor(db):
    return UserFactory(username="editor", roles=["Comms editor"])


@pytest.fixture
def policy_approver(db):
    return UserFactory(username="approver", roles=["Policy approver"])


@pytest.fixture
def superuser(db):
    return UserFactory(username="root", is_superuser=True, is_staff=True)


@pytest.fixture
def housing():
    """The Housing service area, where most staff-side tests file their records."""
    return ServiceAreaFactory(name="Housing")


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Each test stores its files in a folder of its own."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
