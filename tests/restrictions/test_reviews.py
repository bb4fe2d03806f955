"""The review queue and the review itself: what is due comes first, each outcome changes
the restriction as the decision maker said, and bad input changes nothing."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Page

from home.dates import add_months
from home.rules import RuleError
from policy_pages.models import PublishedVersion, RestrictionType
from reporting.access.models import AuditEvent
from reporting.letters.enums import LetterType
from reporting.letters.models import Letter, LetterTemplate
from reporting.markers.models import CautionMarker
from reporting.restrictions.enums import EndReason, RestrictionStatus
from reporting.restrictions.models import RestrictionReview
from reporting.restrictions.services.reviews import record_review
from tests.access.factories import ServiceAreaFactory, manager_of
from tests.customers.factories import CustomerFactory
from tests.factories import UserFactory
from tests.incidents.factories import IncidentFactory
from tests.restrictions.factories import RestrictionFactory

pytestmark = pytest.mark.django_db

QUEUE = "/staff/reviews/"


def today():
    return timezone.localdate()


def in_days(days):
    return today() + datetime.timedelta(days=days)


def review_url(restriction):
    return f"/staff/restrictions/{restriction.reference}/review/"


def day_fields(prefix, day):
    return {f"{prefix}_0": day.day, f"{prefix}_1": day.month, f"{prefix}_2": day.year}


@pytest.fixture
def safety():
    return UserFactory(username="safety", roles=["Health and safety"])


def restriction_due(customer, days, **values):
    """A restriction in force on ``customer`` whose review is ``days`` from today."""
    return RestrictionFactory(
        customer=customer,
        review_on=in_days(days),
        incidents=list(customer.incidents.all()),
        **values,
    )


@pytest.fixture
def restriction(customer):
    return restriction_due(customer, 0)


def queue_rows(soup, response):
    return [
        [cell.get_text(" ", strip=True) for cell in row.select("th, td")]
        for row in soup(response).select("table tbody tr")
    ]


def references(rows):
    return [row[0] for row in rows]


def valid_review(**changes):
    values = {
        "since_last": "Two letters in three months, both polite; no visits to reception.",
        "outcome": "continue",
        "reasons": "Contact is settling down but a month of calm is not yet enough.",
        **day_fields("next_review_on", add_months(today(), 2)),
    }
    values.update(changes)
    return values


# The queue ---------------------------------------------------------------------------


def test_the_queue_lists_reviews_due_and_overdue_earliest_first(client, soup, customer, decider):
    later = restriction_due(customer, 10)
    overdue = restriction_due(customer, -5)
    soon = restriction_due(customer, 3)
    not_yet = restriction_due(customer, 40)
    client.force_login(decider)
    rows = queue_rows(soup, client.get(QUEUE))
    assert references(rows) == [overdue.reference, soon.reference, later.reference]
    assert not_yet.reference not in references(rows)


def test_reviews_due_the_same_day_are_ordered_by_reference(client, soup, customer, decider):
    first, second = restriction_due(customer, 2), restriction_due(customer, 2)
    client.force_login(decider)
    assert references(queue_rows(soup, client.get(QUEUE))) == [first.reference, second.reference]


def test_overdue_reviews_are_tagged_with_the_days_over(client, soup, customer, decider):
    overdue = restriction_due(customer, -5)
    soon = restriction_due(customer, 3)
    client.force_login(decider)
    page = soup(client.get(QUEUE))
    tags = {
        row.th.get_text(strip=True): row.select_one(".govuk-tag").get_text(strip=True)
        for row in page.select("table tbody tr")
    }
    assert tags == {overdue.reference: "Overdue", soon.reference: "Due soon"}
    rows = {row[0]: row for row in queue_rows(soup, client.get(QUEUE))}
    assert "5 days overdue" in rows[overdue.reference][3]
    assert "Due in 3 days" in rows[soon.reference][3]
    assert "Morwenna Pascoe" in rows[overdue.reference][1]


def test_a_filter_shows_every_restriction_in_force_but_not_proposals_or_ended_ones(
    client, soup, customer, decider
):
    near, far = restriction_due(customer, 1), restriction_due(customer, 70)
    restriction_due(customer, -3, status=RestrictionStatus.PROPOSED)
    restriction_due(customer, -3, status=RestrictionStatus.ENDED)
    client.force_login(decider)
    rows = queue_rows(soup, client.get(QUEUE, {"show": "all"}))
    assert references(rows) == [near.reference, far.reference]


def test_the_queue_offers_the_review_to_decision_makers_only(
    client, soup, restriction, decider, manager
):
    client.force_login(decider)
    links = [a["href"] for a in soup(client.get(QUEUE)).select("table a")]
    assert review_url(restriction) in links
    client.force_login(manager)
    rows = soup(client.get(QUEUE)).select("table tbody tr")
    assert len(rows) == 1
    assert review_url(restriction) not in [a["href"] for a in rows[0].select("a")]


def test_a_manager_of_another_service_sees_none_of_it(client, soup, customer, restriction):
    CautionMarker.objects.create(**marker_values(customer, review_date=in_days(2)))
    other = manager_of(ServiceAreaFactory(name="Libraries"), username="libraries.manager")
    client.force_login(other)
    response = client.get(QUEUE)
    assert response.status_code == 200
    assert queue_rows(soup, response) == []
    for show in ("all", "markers", "letters"):
        assert queue_rows(soup, client.get(QUEUE, {"show": show})) == []
    assert "Morwenna" not in response.content.decode()


@pytest.mark.parametrize("role", ["Staff", "Information governance"])
def test_roles_without_reviews_are_refused_the_queue(client, restriction, role):
    client.force_login(UserFactory(username="refused", roles=[role]))
    assert client.get(QUEUE).status_code == 403


def test_signing_in_comes_first(client):
    response = client.get(QUEUE)
    assert response.status_code == 302
    assert "/staff/sign-in/" in response["Location"]


@pytest.mark.parametrize("who", ["manager", "decider", "safety"])
def test_managers_decision_makers_and_health_and_safety_use_the_queue(
    client, restriction, who, request
):
    client.force_login(request.getfixturevalue(who))
    assert client.get(QUEUE).status_code == 200


# Caution markers in the queue ---------------------------------------------------------


def marker_values(customer, **changes):
    values = {
        "customer": customer,
        "incident": customer.incidents.first(),
        "severity": "low",
        "safety_advice": "Visit in pairs.",
        "reasons": "Threatened a visiting officer with a dog.",
        "status": "active",
        "set_by": UserFactory(username="marker.setter", roles=["Manager"]),
        "review_date": in_days(5),
        "person_told": True,
        "told_on": today(),
    }
    values.update(changes)
    return values


def test_markers_due_for_review_show_without_their_reasons(client, soup, customer, safety):
    due = CautionMarker.objects.create(**marker_values(customer, review_date=in_days(-2)))
    CautionMarker.objects.create(**marker_values(customer, review_date=in_days(60)))
    CautionMarker.objects.create(**marker_values(customer, status="pending"))
    client.force_login(safety)
    response = client.get(QUEUE, {"show": "markers"})
    rows = queue_rows(soup, response)
    assert len(rows) == 1
    assert rows[0][0] == customer.reference
    assert "2 days overdue" in rows[0][2]
    assert "Threatened" not in response.content.decode()
    links = [a["href"] for a in soup(response).select("table a")]
    assert links == [f"/staff/customers/markers/{due.pk}/reasons/"]


def test_a_manager_sees_markers_on_people_their_services_have_seen(
    client, soup, customer, manager
):
    CautionMarker.objects.create(**marker_values(customer))
    stranger = CustomerFactory()
    IncidentFactory(customer=stranger, service_area=ServiceAreaFactory(name="Parks"))
    CautionMarker.objects.create(**marker_values(stranger))
    client.force_login(manager)
    rows = queue_rows(soup, client.get(QUEUE, {"show": "markers"}))
    assert [row[0] for row in rows] == [customer.reference]


def test_decision_makers_are_not_shown_caution_markers(client, soup, customer, decider):
    CautionMarker.objects.create(**marker_values(customer))
    client.force_login(decider)
    page = soup(client.get(QUEUE, {"show": "markers"}))
    lists = page.select_one("nav[aria-label='Review queue lists']").get_text()
    assert "Caution markers due" not in lists
    assert page.select_one("h2.govuk-heading-l").get_text(strip=True) == "Reviews due or overdue"


# Letters waiting -------------------------------------------------------------------------


def issued(restriction, letter_type, *, review=None, by):
    """An issued letter row, as the letters service leaves it."""
    template = LetterTemplate.objects.filter(letter_type=letter_type).first()
    if template is None:
        template = LetterTemplate.objects.create(
            letter_type=letter_type, subject="Your contact with us", body="Dear {customer_name}"
        )
    version = PublishedVersion.objects.first() or PublishedVersion.objects.create(
        page=Page.objects.get(depth=1),
        number=1,
        title="Behaviour policy",
        published_at=timezone.now(),
        change_note="First version",
        content_html="<p>Policy</p>",
        content_sha256="0" * 64,
    )
    return Letter.objects.create(
        reference=f"L-{Letter.objects.count() + 1:05d}",
        letter_type=letter_type,
        customer=restriction.customer,
        restriction=restriction,
        review=review,
        template=template,
        template_revision=template.save_revision(),
        policy_version=version,
        policy_url="https://council.example/versions/1/1/",
        subject="Your contact with us",
        body_text="Text",
        pdf="letters/2026/test.pdf",
        sha256="0" * 64,
        size=1,
        issued_by=by,
    )


def test_a_review_waits_for_its_letter_until_one_is_issued(
    client, soup, restriction, decider, manager
):
    review = record_review(
        restriction, by=decider, since_last="Quiet.", outcome="lift", reasons="No contact."
    )
    client.force_login(manager)
    response = client.get(QUEUE, {"show": "letters"})
    rows = queue_rows(soup, response)
    assert [(row[0], row[2]) for row in rows] == [
        (restriction.reference, "Review: restriction lifted")
    ]
    links = [a["href"] for a in soup(response).select("table a")]
    assert f"/staff/letters/new/review_lifted/{restriction.reference}/" in links

    issued(restriction, LetterType.REVIEW_LIFTED, review=review, by=manager)
    assert queue_rows(soup, client.get(QUEUE, {"show": "letters"})) == []


def test_only_the_latest_review_needs_a_letter(client, soup, restriction, decider, manager):
    first = record_review(restriction, **continue_values(decider))
    issued(restriction, LetterType.REVIEW_CONTINUED, review=first, by=manager)
    restriction.refresh_from_db()
    record_review(
        restriction,
        **continue_values(decider, next_review_on=add_months(today(), 1)),
    )
    client.force_login(manager)
    rows = queue_rows(soup, client.get(QUEUE, {"show": "letters"}))
    assert [row[2] for row in rows] == ["Review: restriction continues"]


def test_an_ended_restriction_waits_until_its_ended_letter_is_issued(
    client, soup, restriction, decider, manager
):
    review = record_review(restriction, **continue_values(decider))
    issued(restriction, LetterType.REVIEW_CONTINUED, review=review, by=manager)
    restriction.refresh_from_db()
    restriction.status = RestrictionStatus.ENDED
    restriction.ended_on = in_days(-1)
    restriction.ended_reason = EndReason.END_DATE
    restriction.save()
    client.force_login(manager)
    rows = queue_rows(soup, client.get(QUEUE, {"show": "letters"}))
    assert [(row[0], row[2]) for row in rows] == [(restriction.reference, "Restriction has ended")]
    issued(restriction, LetterType.ENDED, by=manager)
    assert queue_rows(soup, client.get(QUEUE, {"show": "letters"})) == []


def test_decision_makers_see_letters_waiting_but_are_not_offered_them(
    client, soup, restriction, decider
):
    record_review(restriction, **continue_values(decider))
    client.force_login(decider)
    response = client.get(QUEUE, {"show": "letters"})
    rows = queue_rows(soup, response)
    assert rows[0][-1] == "For a manager to issue"
    assert not [a for a in soup(response).select("table a") if "/letters/" in a["href"]]


# The review form -------------------------------------------------------------------------


def continue_values(by, **changes):
    values = {
        "by": by,
        "since_last": "Quiet.",
        "outcome": "continue",
        "reasons": "Still needed.",
        "next_review_on": add_months(today(), 3),
    }
    values.update(changes)
    return values


def next_review_shown(soup, response):
    page = soup(response)
    return tuple(
        int(page.select_one(f"input[name=next_review_on_{part}]")["value"]) for part in range(3)
    )


def test_the_next_review_defaults_to_three_months_after_the_date_answered(
    client, soup, restriction, decider
):
    client.force_login(decider)
    response = client.get(review_url(restriction))
    assert response.status_code == 200
    expected = add_months(today(), 3)
    assert next_review_shown(soup, response) == (expected.day, expected.month, expected.year)


def test_an_overdue_review_keeps_the_three_month_cycle(client, soup, customer, decider):
    overdue = restriction_due(customer, -10)
    client.force_login(decider)
    expected = add_months(in_days(-10), 3)
    shown = next_review_shown(soup, client.get(review_url(overdue)))
    assert shown == (expected.day, expected.month, expected.year)


def test_an_early_review_never_suggests_more_than_three_months_from_today(
    client, soup, customer, decider
):
    early = restriction_due(customer, 12)
    client.force_login(decider)
    latest = add_months(today(), 3)
    assert next_review_shown(soup, client.get(review_url(early))) == (
        latest.day,
        latest.month,
        latest.year,
    )


def test_continuing_sets_the_next_review_and_keeps_the_terms(client, soup, restriction, decider):
    answered = restriction.review_on
    types = set(restriction.types.all())
    client.force_login(decider)
    next_review = add_months(today(), 2)
    response = client.post(review_url(restriction), valid_review())
    assert response.status_code == 302
    assert response["Location"] == QUEUE
    restriction.refresh_from_db()
    assert restriction.status == RestrictionStatus.ACTIVE
    assert restriction.review_on == next_review
    assert set(restriction.types.all()) == types
    review = RestrictionReview.objects.get()
    assert (review.outcome, review.due_on, review.next_review_on) == (
        "continue",
        answered,
        next_review,
    )
    assert review.reviewed_by == decider
    assert review.since_last.startswith("Two letters")
    event = AuditEvent.objects.filter(object_reference=restriction.reference).latest("pk")
    assert event.action == "change"
    assert "Morwenna" not in event.note
    assert "Pascoe" not in event.note


def test_after_a_review_the_queue_says_what_happened_and_where_the_letter_is(
    client, soup, restriction, decider
):
    client.force_login(decider)
    response = client.post(review_url(restriction), valid_review(), follow=True)
    banner = soup(response).select_one(".govuk-notification-banner--success")
    assert f"Restriction {restriction.reference} continues" in banner.get_text()
    assert banner.select_one("a")["href"] == f"{QUEUE}?show=letters"


def test_a_decision_maker_who_also_manages_the_service_is_linked_to_the_letter(
    client, soup, restriction, housing
):
    both = manager_of(housing, username="head.of.housing")
    both.groups.add(*UserFactory(username="dm2", roles=["Decision maker"]).groups.all())
    client.force_login(both)
    response = client.post(review_url(restriction), valid_review(), follow=True)
    link = soup(response).select_one(".govuk-notification-banner--success a")
    assert link["href"] == f"/staff/letters/new/review_continued/{restriction.reference}/"


def test_varying_changes_the_restriction_as_described(client, restriction, decider):
    writing = RestrictionType.objects.get(name__icontains="writing")
    contact = RestrictionType.objects.filter(needs_named_contact=True).order_by("pk").first()
    ends = in_days(60)
    client.force_login(decider)
    response = client.post(
        review_url(restriction),
        valid_review(
            outcome="vary",
            changes="Telephone calls are allowed again on Tuesday mornings.",
            types=[str(writing.pk), str(contact.pk)],
            arrangements="Write to the housing team, or telephone on Tuesdays 9am to 12pm.",
            named_contact="Tenancy services manager",
            **day_fields("ends_on", ends),
        ),
    )
    assert response.status_code == 302
    restriction.refresh_from_db()
    assert set(restriction.types.all()) == {writing, contact}
    assert restriction.arrangements.endswith("Tuesdays 9am to 12pm.")
    assert restriction.named_contact == "Tenancy services manager"
    assert restriction.ends_on == ends
    assert restriction.review_on == add_months(today(), 2)
    review = RestrictionReview.objects.get()
    assert review.outcome == "vary"
    assert review.changes.startswith("Telephone calls")


def test_lifting_ends_the_restriction_today(client, restriction, decider):
    client.force_login(decider)
    response = client.post(
        review_url(restriction),
        {"since_last": "No contact at all.", "outcome": "lift", "reasons": "No longer needed."},
    )
    assert response.status_code == 302
    restriction.refresh_from_db()
    assert restriction.status == RestrictionStatus.ENDED
    assert restriction.ended_on == today()
    assert restriction.ended_reason == EndReason.LIFTED
    assert RestrictionReview.objects.get().next_review_on is None


def errors_on(soup, response):
    return [item.get_text(strip=True) for item in soup(response).select(".govuk-error-summary li")]


def unchanged(restriction):
    before = (restriction.status, restriction.review_on, restriction.arrangements)
    restriction.refresh_from_db()
    after = (restriction.status, restriction.review_on, restriction.arrangements)
    return before == after and not RestrictionReview.objects.exists()


def test_an_empty_review_says_what_is_missing_and_changes_nothing(
    client, soup, restriction, decider
):
    client.force_login(decider)
    response = client.post(review_url(restriction), {})
    assert response.status_code == 200
    assert errors_on(soup, response) == [
        "Say what has happened since the decision or the last review",
        "Choose whether the restriction continues, is varied or is lifted",
        "Give the reasons for the outcome",
    ]
    assert soup(response).title.get_text().startswith("Error:")
    assert unchanged(restriction)


@pytest.mark.parametrize(
    ("next_review", "message"),
    [
        (lambda: add_months(today(), 4), "Restrictions are reviewed at least every 3 months"),
        (lambda: today(), "The next review must be after today"),
        (lambda: in_days(-20), "The next review must be after today"),
    ],
)
def test_a_next_review_outside_three_months_is_refused(
    client, soup, restriction, decider, next_review, message
):
    client.force_login(decider)
    response = client.post(
        review_url(restriction), valid_review(**day_fields("next_review_on", next_review()))
    )
    assert any(error.startswith(message) for error in errors_on(soup, response))
    assert unchanged(restriction)


def test_continuing_needs_a_next_review_date(client, soup, restriction, decider):
    values = valid_review()
    for part in range(3):
        values[f"next_review_on_{part}"] = ""
    client.force_login(decider)
    response = client.post(review_url(restriction), values)
    assert errors_on(soup, response) == ["Enter the date of the next review"]
    assert unchanged(restriction)


def test_varying_needs_the_changes_in_words(client, soup, restriction, decider):
    client.force_login(decider)
    writing = RestrictionType.objects.get(name__icontains="writing")
    response = client.post(
        review_url(restriction),
        valid_review(outcome="vary", types=[str(writing.pk)], arrangements="Post only."),
    )
    assert errors_on(soup, response) == ["Say what changes, in words the letter can use"]
    assert unchanged(restriction)


def test_varying_without_changing_anything_is_refused(client, soup, restriction, decider):
    client.force_login(decider)
    response = client.post(
        review_url(restriction),
        valid_review(
            outcome="vary",
            changes="Nothing really.",
            types=[str(t.pk) for t in restriction.types.all()],
            arrangements=restriction.arrangements,
            named_contact=restriction.named_contact,
        ),
    )
    assert errors_on(soup, response)[0].startswith("You chose to vary the restriction but")
    assert unchanged(restriction)


def test_varying_to_no_restriction_at_all_is_refused(client, soup, restriction, decider):
    client.force_login(decider)
    response = client.post(
        review_url(restriction),
        valid_review(outcome="vary", changes="Drop it all.", arrangements="Anything."),
    )
    assert "Choose at least one restriction" in errors_on(soup, response)
    assert unchanged(restriction)


def test_an_end_date_in_the_past_is_refused(client, soup, restriction, decider):
    client.force_login(decider)
    response = client.post(
        review_url(restriction),
        valid_review(
            outcome="vary",
            changes="It ends.",
            types=[str(t.pk) for t in restriction.types.all()],
            arrangements=restriction.arrangements,
            named_contact=restriction.named_contact,
            **day_fields("ends_on", in_days(-1)),
        ),
    )
    assert "The end date cannot be in the past" in errors_on(soup, response)
    assert unchanged(restriction)


# Who may review ----------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["manager", "safety"])
def test_only_a_decision_maker_reviews(client, restriction, who, request):
    client.force_login(request.getfixturevalue(who))
    assert client.get(review_url(restriction)).status_code == 403
    assert client.post(review_url(restriction), valid_review()).status_code == 403
    assert unchanged(restriction)


def test_a_manager_of_another_service_is_told_it_does_not_exist(client, restriction):
    client.force_login(manager_of(ServiceAreaFactory(name="Parks"), username="parks.manager"))
    assert client.post(review_url(restriction), valid_review()).status_code == 404
    assert unchanged(restriction)


@pytest.mark.parametrize("status", ["proposed", "refused", "ended"])
def test_only_a_restriction_in_force_is_reviewed(client, customer, decider, status):
    restriction = restriction_due(customer, 0, status=status)
    client.force_login(decider)
    assert client.get(review_url(restriction)).status_code == 404
    assert client.post(review_url(restriction), valid_review()).status_code == 404


def test_opening_the_review_form_is_audited(client, restriction, decider):
    client.force_login(decider)
    client.get(review_url(restriction))
    event = AuditEvent.objects.get(object_reference=restriction.reference)
    assert (event.action, event.actor) == ("view", decider)


def test_the_service_refuses_anyone_but_a_decision_maker(restriction, manager):
    with pytest.raises(RuleError, match="Only a decision maker"):
        record_review(restriction, **continue_values(manager))
    assert unchanged(restriction)


def test_the_service_refuses_a_restriction_no_longer_in_force(restriction, decider):
    record_review(restriction, by=decider, since_last="x", outcome="lift", reasons="y")
    with pytest.raises(RuleError, match="in force"):
        record_review(restriction, **continue_values(decider))
    assert RestrictionReview.objects.count() == 1


def test_a_varied_end_date_can_be_cleared(restriction, decider):
    restriction.ends_on = in_days(30)
    restriction.save()
    record_review(
        restriction,
        **continue_values(decider, outcome="vary", changes="No end date now.", ends_on=None),
    )
    restriction.refresh_from_db()
    assert restriction.ends_on is None


# Queries ---------------------------------------------------------------------------------


def queries_for(client, query):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(QUEUE, query).status_code == 200
    return len(captured)


@pytest.mark.parametrize("show", ["due", "all", "markers", "letters"])
@pytest.mark.parametrize("who", ["manager", "decider", "safety"])
def test_the_queue_runs_as_many_queries_for_30_restrictions_as_for_3(
    client, customer, decider, manager, show, who, request
):
    def add(count):
        for _ in range(count):
            person = CustomerFactory()
            IncidentFactory(customer=person, service_area=customer.incidents.first().service_area)
            restriction_due(person, -1)
            CautionMarker.objects.create(**marker_values(person))
            record_review(restriction_due(person, 50), **continue_values(decider))

    add(3)
    client.force_login(request.getfixturevalue(who))
    client.get(QUEUE)  # The first request of all creates the council's settings.
    small = queries_for(client, {"show": show})
    add(27)
    assert queries_for(client, {"show": show}) == small
    assert queries_for(client, {"show": show, "page": 2}) == small


def test_the_vary_questions_are_revealed_without_aria_radios_may_not_carry(
    client, soup, restriction, decider
):
    client.force_login(decider)
    page = soup(client.get(review_url(restriction)))
    radios = page.select("input[name=outcome]")
    assert [radio["value"] for radio in radios] == ["continue", "vary", "lift"]
    assert radios[0]["id"] == "id_outcome"  # where the error summary's link lands
    for radio in radios:
        assert not radio.has_attr("aria-controls")
        assert not radio.has_attr("aria-expanded")
    revealed = page.select_one(f"#{radios[1]['data-reveals']}")
    assert revealed.select_one("textarea[name=changes]") is not None
    assert revealed.select_one("input[name=types]") is not None
