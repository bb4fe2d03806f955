"""The words a letter and the policy share come from one place: the reconsideration
settings a policy approver keeps. Change them, and both say the new thing."""

import datetime

import pytest
from django.utils import timezone

from home.dates import add_working_days, long_date
from home.models import Ombudsman, ReconsiderationSettings
from reporting.letters.enums import LetterType
from reporting.letters.services import prepare_letter
from tests.factories import publish
from tests.letters.factories import cite_policy
from tests.restrictions.factories import RestrictionFactory

pytestmark = pytest.mark.django_db

SETTINGS_URL = "/admin/settings/home/reconsiderationsettings/"


@pytest.fixture
def policy():
    page = cite_policy()
    block = {"type": "reconsideration", "value": {"introduction": ""}}
    return publish(page, note="Says how to ask for a reconsideration.", body=[block])


def flat(text):
    return " ".join(text.split())


def test_a_policy_approver_changes_the_wording_and_letters_and_the_policy_follow(
    client, policy, policy_approver
):
    scotland = Ombudsman.objects.get(name="Scottish Public Services Ombudsman")
    client.force_login(policy_approver)
    edit_url = client.get(SETTINGS_URL).url
    assert client.get(edit_url).status_code == 200
    response = client.post(
        edit_url,
        {
            "period": "15",
            "period_unit": "calendar",
            "contact": "the Monitoring Officer, Town House, High Street",
            "ombudsmen": [str(scotland.pk)],
        },
    )
    assert response.status_code == 302
    prompt = client.get(response.url).content.decode()
    assert "The reconsideration and ombudsman wording is printed on" in prompt
    assert "Publish a new version" in prompt
    wording = ReconsiderationSettings.load()
    assert wording.period_words == "15 days"

    letter = prepare_letter(LetterType.RESTRICTION, restriction=RestrictionFactory())
    deadline = timezone.localdate() + datetime.timedelta(days=15)
    assert (
        f"within 15 days of the date of this letter, that is by {long_date(deadline)}. "
        "Write to the Monitoring Officer, Town House, High Street." in letter.body_text
    )
    assert "Scottish Public Services Ombudsman" in letter.body_text
    assert "spso.org.uk" in letter.body_text
    assert "Local Government and Social Care Ombudsman" not in letter.body_text

    # The live policy page shows its version as published, until a new version is.
    page = flat(client.get(policy.url).content.decode())
    assert "Write to the Monitoring Officer, Town House, High Street." not in page
    publish(policy, note="New reconsideration wording.")
    page = flat(client.get(policy.url).content.decode())
    assert "within <strong>15 days</strong> of the date of our letter" in page
    assert "Write to the Monitoring Officer, Town House, High Street." in page
    assert "Scottish Public Services Ombudsman" in page
    assert "Local Government and Social Care Ombudsman" not in page


def test_staff_without_the_policy_approver_role_cannot_change_the_wording(client, comms_editor):
    wording = ReconsiderationSettings.load()
    client.force_login(comms_editor)
    response = client.post(
        f"{SETTINGS_URL}{wording.pk}/", {"period": "5", "period_unit": "calendar"}
    )
    assert response.status_code in (302, 403)
    assert ReconsiderationSettings.load().period == 20


def test_working_days_skip_weekends_and_the_nations_bank_holidays():
    friday = datetime.date(2026, 12, 18)
    # Christmas Day and Boxing Day (observed on Monday 28th) are not working days.
    assert add_working_days(friday, 5, nation="england") == datetime.date(2026, 12, 29)
    # St Andrew's Day is a bank holiday in Scotland, not in England.
    before = datetime.date(2026, 11, 27)
    assert add_working_days(before, 1, nation="england") == datetime.date(2026, 11, 30)
    assert add_working_days(before, 1, nation="scotland") == datetime.date(2026, 12, 1)


def test_a_new_installation_applies_the_english_ombudsmen():
    names = [ombudsman.name for ombudsman in ReconsiderationSettings.load().ombudsmen_in_order()]
    assert names == ["Local Government and Social Care Ombudsman", "Housing Ombudsman"]
    assert ReconsiderationSettings.load().period_words == "20 working days"
