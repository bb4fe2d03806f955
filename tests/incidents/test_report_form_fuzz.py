"""Whatever is posted to the report form, the answer is a page or a redirect, never a
server error."""

import pytest
from django.core.files.storage import FileSystemStorage
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reporting.incidents.forms.report import IncidentReportForm
from reporting.incidents.models import Evidence
from tests.access.factories import ServiceAreaFactory
from tests.customers.factories import CustomerFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

REPORT = "/staff/incidents/new/"


def field_names():
    """Every name the form reads, including the three boxes of the date."""
    names = ["action"]
    for name, field in IncidentReportForm.base_fields.items():
        widgets = getattr(field.widget, "widgets", None)
        if widgets:
            names.extend(f"{name}_{index}" for index in range(len(widgets)))
        else:
            names.append(name)
    return names


FIELD_NAMES = field_names()

# Plausible answers mixed with nonsense, so that the checks after the first ones run too.
ANSWERS = st.one_of(
    st.text(max_size=300),
    st.sampled_from(
        [
            "",
            " ",
            "yes",
            "no",
            "existing",
            "new",
            "unknown",
            "site",
            "remote",
            "face_to_face",
            "search",
            "enter",
            "send",
            "none",
            "race",
            "1",
            "0",
            "-1",
            "31",
            "2",
            "2024",
            "99999999999999999999999999",
            "14:30",
            "25:99",
            "12pm",
            "C-000001",
            "AB1 2CD",
            "x" * 5001,
            "\x00",
            "<script>alert(1)</script>",
        ]
    ),
    st.from_regex(r"[0-9]{1,30}", fullmatch=True),
)


@pytest.fixture
def signed_in(client, tmp_path, monkeypatch):
    field = Evidence._meta.get_field("file")
    monkeypatch.setattr(field, "storage", FileSystemStorage(location=tmp_path / "evidence"))
    client.force_login(UserFactory(username="frontline", roles=["Staff"]))
    ServiceAreaFactory(name="Housing")
    CustomerFactory(first_name="Alex", last_name="Morgan", postcode="AB1 2CD")
    return client


def test_the_fuzzed_names_cover_the_form():
    assert {"who", "occurred_on_0", "occurred_on_2", "evidence", "action"} <= set(FIELD_NAMES)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.dictionaries(st.sampled_from(FIELD_NAMES), ANSWERS, max_size=len(FIELD_NAMES)))
def test_any_answers_never_cause_a_server_error(signed_in, data):
    response = signed_in.post(REPORT, data)
    assert response.status_code < 500
    assert response.status_code in (200, 302)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    data=st.dictionaries(
        st.sampled_from(FIELD_NAMES),
        st.lists(ANSWERS, min_size=1, max_size=3),
        max_size=len(FIELD_NAMES),
    )
)
def test_repeated_answers_never_cause_a_server_error(signed_in, data):
    response = signed_in.post(REPORT, data)
    assert response.status_code in (200, 302)
