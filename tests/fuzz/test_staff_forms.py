"""Whatever is posted to a staff form, by the role that uses it, the answer is a page or
a redirect, never a server error.

Each form's fields are read from its own page (``values.form_fields``), then filled with
random answers (``values.fuzz_data``) from a ``Random`` seeded by Hypothesis. The records
change as the examples post (a follow-up, once saved, asks for less), so Hypothesis draws
only the seed: what it draws never depends on the page, and a failing seed replays. The
test client re-raises any uncaught exception, so "no server error" covers those too.
"""

import random

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import UserFactory
from tests.fuzz.forms import FORMS
from tests.fuzz.values import form_fields, fuzz_data

pytestmark = pytest.mark.django_db

EXAMPLES = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def signed_in_client(client, world, role):
    if role is not None:
        client.force_login(world.users[role])
    return client


SEEDS = st.integers(min_value=0, max_value=2**32 - 1)


def fuzz(client, path, extra, seed):
    rng = random.Random(seed)  # noqa: S311  (test data, not secrets)
    page = client.get(path)
    assert page.status_code < 500
    fields = (
        form_fields(page.content.decode(), action_path=path) if page.status_code == 200 else {}
    )
    data = fuzz_data(rng, fields, extra_names=extra)
    response = client.post(path, data)
    assert response.status_code < 500, (path, data)
    return fields


@pytest.mark.parametrize("name", sorted(FORMS))
@EXAMPLES
@given(seed=SEEDS)
def test_any_answers_never_cause_a_server_error(client, world, name, seed):
    role, path, extra = FORMS[name]
    signed_in_client(client, world, role)
    fuzz(client, path(world), extra, seed)


def test_the_pages_offer_their_fields(client, world):
    """The fuzzing reaches the forms: each page shows fields to fill."""
    for name, (role, path, _extra) in FORMS.items():
        if name in {"merge_undo", "marker_approve"}:
            continue  # buttons on other pages
        client.logout()
        signed_in_client(client, world, role)
        page = client.get(path(world))
        assert page.status_code == 200, name
        assert form_fields(page.content.decode(), action_path=path(world)), name


# The second factor ------------------------------------------------------------------


@pytest.fixture
def two_factor_on(settings):
    settings.TWO_FACTOR_REQUIRED = True


@EXAMPLES
@given(seed=SEEDS)
def test_setting_up_the_second_factor(client, world, two_factor_on, seed):
    client.force_login(world.users["Manager"])
    fuzz(client, "/staff/two-factor/set-up/", ("code",), seed)


@EXAMPLES
@given(seed=SEEDS)
def test_entering_a_code(client, world, two_factor_on, seed):
    manager = world.users["Manager"]
    TOTPDevice.objects.get_or_create(user=manager, name="default", defaults={"confirmed": True})
    client.force_login(manager)
    fuzz(client, "/staff/two-factor/", ("code",), seed)


@EXAMPLES
@given(seed=SEEDS)
def test_resetting_someone_s_second_factor(client, world, seed):
    client.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
    fuzz(client, "/staff/two-factor/reset/", ("username", "confirm"), seed)
