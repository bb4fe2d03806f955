"""Tampered ids in choice fields get a form error, never a server error."""

import pytest
from django.core.exceptions import ValidationError

from home.forms import DayMonthYearField, SafeModelChoiceField, SafeModelMultipleChoiceField
from reporting.incidents.models import BehaviourCategory

pytestmark = pytest.mark.django_db

TAMPERED = ["9223372036854775808", "99999999999999999999999", "-1", "0", "1e3", "١٢", "x"]


@pytest.mark.parametrize("value", TAMPERED)
def test_single_choice_refuses_ids_the_database_cannot_hold(value):
    field = SafeModelChoiceField(queryset=BehaviourCategory.objects.all())
    with pytest.raises(ValidationError):
        field.clean(value)


@pytest.mark.parametrize("value", TAMPERED)
def test_multiple_choice_refuses_ids_the_database_cannot_hold(value):
    field = SafeModelMultipleChoiceField(queryset=BehaviourCategory.objects.all())
    with pytest.raises(ValidationError):
        field.clean([value])


def test_real_ids_still_work():
    category = BehaviourCategory.objects.first()
    assert (
        SafeModelChoiceField(queryset=BehaviourCategory.objects.all()).clean(str(category.pk))
        == category
    )
    chosen = SafeModelMultipleChoiceField(queryset=BehaviourCategory.objects.all()).clean(
        [str(category.pk)]
    )
    assert list(chosen) == [category]


def test_the_queue_filter_survives_a_huge_id(client):
    from tests.factories import UserFactory

    client.force_login(UserFactory(username="hs", roles=["Health and safety"]))
    response = client.get("/staff/incidents/", {"category": "9223372036854775808"})
    assert response.status_code == 200


HUGE = "99999999999999999999"


@pytest.mark.parametrize(
    "parts", [[HUGE, "3", "2026"], ["3", HUGE, "2026"], ["3", "3", HUGE]], ids=["d", "m", "y"]
)
def test_a_date_of_absurd_numbers_is_refused_with_a_message(parts):
    field = DayMonthYearField(name_in_errors="the review date")
    with pytest.raises(ValidationError) as refused:
        field.clean(parts)
    assert "The review date must be a real date" in refused.value.messages[0]


@pytest.mark.django_db
def test_absurd_dates_in_staff_forms_answer_with_a_message_not_an_error(client):
    from tests.factories import UserFactory

    client.force_login(UserFactory(username="hs", roles=["Health and safety"]))
    response = client.get(
        "/staff/incidents/",
        {"occurred_from_0": HUGE, "occurred_from_1": "1", "occurred_from_2": "2026"},
    )
    assert response.status_code == 200
    assert "must be a real date" in response.content.decode()
