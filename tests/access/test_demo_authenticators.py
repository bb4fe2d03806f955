"""The demo gives every account that must use a second factor the demo authenticator."""

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from reporting.access.demo import load_authenticators
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

KEY = "42726f777365722d7465737473206f6e6c792121"


def test_each_account_that_needs_a_code_gets_the_demo_authenticator_once():
    needs = [
        UserFactory(username="admin", roles=[], is_superuser=True, is_staff=True),
        UserFactory(username="safety.officer", roles=["Health and safety"]),
        UserFactory(username="housing.manager", roles=["Manager"]),
        UserFactory(username="policy.approver", roles=["Policy approver"]),
    ]
    UserFactory(username="frontline", roles=["Staff"])
    UserFactory(username="comms.editor", roles=["Comms editor"])
    reported = []

    load_authenticators(key_hex=KEY, report=reported.append)
    load_authenticators(key_hex=KEY, report=reported.append)

    devices = TOTPDevice.objects.filter(confirmed=True)
    assert sorted(d.user.username for d in devices) == sorted(u.username for u in needs)
    assert {d.key for d in devices} == {KEY}
    assert len(reported) == len(needs)
