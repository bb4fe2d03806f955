"""Staff report an incident: the form, what a good report saves, what a bad one refuses,
the customer search, the e-mails, the confirmation page and the list of one's own reports."""

import datetime

import pytest
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from reporting.access.models import AuditEvent
from reporting.customers.models import Customer
from reporting.incidents.models import BehaviourCategory, Evidence, Incident
from tests.access.factories import ServiceAreaFactory, manager_of
from tests.customers.factories import CustomerFactory
from tests.factories import UserFactory
from tests.incidents.factories import IncidentFactory

pytestmark = pytest.mark.django_db

REPORT = "/staff/incidents/new/"
MY_REPORTS = "/staff/my-reports/"
STAFF_ROLES = ["Staff", "Manager", "Decision maker", "Health and safety", "Information governance"]

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 40
# The smallest PDF that opens: a catalogue and one blank page. (PDFs are opened to screen
# them, so a header and an end marker alone are no longer enough.)
PDF = (
    b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    b"2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
    b"3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >> endobj\n"
    b"trailer << /Root 1 0 R >>\n%%EOF\n"
)


@pytest.fixture(autouse=True)
def evidence_dir(tmp_path, monkeypatch):
    """Evidence goes to a folder of this test's own, so that it can be checked empty."""
    folder = tmp_path / "evidence"
    field = Evidence._meta.get_field("file")
    monkeypatch.setattr(field, "storage", FileSystemStorage(location=folder))
    return folder


def files_in(folder):
    return [path for path in folder.rglob("*") if path.is_file()] if folder.exists() else []


@pytest.fixture
def area():
    return ServiceAreaFactory(name="Housing")


@pytest.fixture
def reporter(client):
    """Unlike the app's ``reporter`` (tests/incidents/conftest.py), signed in as well."""
    user = UserFactory(username="frontline", roles=["Staff"])
    client.force_login(user)
    return user


def yesterday():
    return timezone.localdate() - datetime.timedelta(days=1)


def answers(area, **changes):
    """A complete, valid report about someone unknown; ``changes`` replace answers, and an
    answer given as None is left out."""
    day = yesterday()
    data = {
        "who": "unknown",
        "unknown_description": "Tall man in a red coat, about 40.",
        "occurred_on_0": str(day.day),
        "occurred_on_1": str(day.month),
        "occurred_on_2": str(day.year),
        "occurred_time": "14:30",
        "service_area": str(area.pk),
        "location_kind": "site",
        "site": "Civic Offices reception",
        "channel": "face_to_face",
        "categories": [str(BehaviourCategory.objects.get(name="Threats").pk)],
        "description": "Shouted at the receptionist and said he would wait outside for her.",
        "injury": "no",
        "violence": "no",
        "police_informed": "no",
        "riddor_reportable": "no",
        "safeguarding_concern": "no",
        "action": "send",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def counts():
    return (Incident.objects.count(), Customer.objects.count(), Evidence.objects.count())


def summary_links(page):
    summary = page.select_one(".govuk-error-summary")
    assert summary is not None, "no error summary"
    return {a["href"]: a.get_text(" ", strip=True) for a in summary.select("a")}


# The page and who may use it ---------------------------------------------------------


def test_the_form_asks_every_question_in_fieldsets_with_legends(client, soup, reporter, area):
    response = client.get(REPORT)
    assert response.status_code == 200
    page = soup(response)
    form = page.select_one("main form")
    assert form["method"] == "post"
    assert form["enctype"] == "multipart/form-data"
    assert page.select_one(".govuk-error-summary") is None
    legends = {legend.get_text(" ", strip=True) for legend in page.select("legend")}
    assert {
        "Who behaved in this way?",
        "Date",
        "Where did it happen?",
        "How was the contact made?",
        "What kind of behaviour was it?",
        "Was anyone hurt?",
        "Is there a safeguarding concern?",
    } <= legends
    # The first radio carries the field's id, which the error summary links to.
    assert page.select_one("#id_who")["type"] == "radio"
    # Revealed questions sit in the page, so they work without JavaScript.
    assert page.select_one("#conditional-id_who-3 #id_unknown_description") is not None
    # Behaviour categories sit under the two kinds of behaviour.
    groups = [p.get_text(strip=True) for p in page.select("[id^=id_categories-group-]")]
    assert groups == [
        "Threatening, abusive or discriminatory behaviour",
        "Unreasonably persistent or demanding contact",
    ]
    assert page.select_one("#id_evidence")["type"] == "file"
    assert page.select_one("#id_evidence").has_attr("multiple")
    assert "Housing" in page.select_one("#id_service_area").get_text()


def test_inactive_service_areas_are_not_offered(client, soup, reporter, area):
    ServiceAreaFactory(name="Closed service", active=False)
    page = soup(client.get(REPORT))
    assert "Closed service" not in page.select_one("#id_service_area").get_text()


@pytest.mark.parametrize("role", STAFF_ROLES)
def test_every_staff_role_may_report(client, role):
    client.force_login(UserFactory(username="someone", roles=[role]))
    assert client.get(REPORT).status_code == 200
    assert client.get(MY_REPORTS).status_code == 200


@pytest.mark.parametrize("roles", [["Comms editor"], ["Policy approver"], []])
def test_other_accounts_are_refused(client, area, roles):
    client.force_login(UserFactory(username="publisher", roles=roles))
    before = counts()
    assert client.get(REPORT).status_code == 403
    assert client.post(REPORT, answers(area)).status_code == 403
    assert client.get(MY_REPORTS).status_code == 403
    incident = IncidentFactory()
    assert client.get(f"/staff/incidents/{incident.reference}/submitted/").status_code == 403
    assert Incident.objects.count() == before[0] + 1


def test_anonymous_visitors_are_asked_to_sign_in(client, area):
    for url in (REPORT, MY_REPORTS, "/staff/incidents/INC-000001/submitted/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/staff/sign-in/?next=")
    response = client.post(REPORT, answers(area))
    assert response.status_code == 302
    assert Incident.objects.count() == 0


# A good report -----------------------------------------------------------------------


def test_a_valid_report_saves_everything_and_shows_the_reference(
    client, soup, reporter, area, evidence_dir, django_capture_on_commit_callbacks
):
    categories = BehaviourCategory.objects.filter(name__in=["Threats", "Very frequent contact"])
    data = answers(
        area,
        who="new",
        first_name="Jo",
        last_name="Bloggs",
        postcode="ab1  2cd",
        address="1 High Street, Anytown",
        email="jo@example.com",
        telephone="01632 960 001",
        unknown_description="This answer does not apply and is dropped.",
        categories=[str(c.pk) for c in categories],
        protected_characteristics=["age", "sex"],
        people_affected="The receptionist on duty",
        witnesses="A colleague, Sam",
        injury="yes",
        injury_details="Bruised arm",
        police_informed="yes",
        crime_reference="CR/123/25",
        support_requested=["one_to_one", "eap"],
        evidence=[
            SimpleUploadedFile("photo.png", PNG, content_type="image/png"),
            SimpleUploadedFile("letter.pdf", PDF, content_type="application/pdf"),
        ],
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(REPORT, data)
    incident = Incident.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/staff/incidents/{incident.reference}/submitted/"

    customer = Customer.objects.get()
    assert (customer.first_name, customer.last_name, customer.postcode) == (
        "Jo",
        "Bloggs",
        "AB1 2CD",
    )
    assert (customer.email, customer.telephone, customer.created_by) == (
        "jo@example.com",
        "01632 960 001",
        reporter,
    )
    assert incident.customer == customer
    assert incident.unknown_person_description == ""
    assert incident.reported_by == reporter
    assert timezone.localtime(incident.occurred_at).date() == yesterday()
    assert timezone.localtime(incident.occurred_at).time() == datetime.time(14, 30)
    assert incident.service_area == area
    assert (incident.location_kind, incident.site, incident.channel) == (
        "site",
        "Civic Offices reception",
        "face_to_face",
    )
    assert set(incident.categories.all()) == set(categories)
    assert incident.protected_characteristics == ["age", "sex"]
    assert incident.hate_incident is False
    assert (incident.injury, incident.injury_details) == (True, "Bruised arm")
    assert (incident.police_informed, incident.crime_reference) == (True, "CR/123/25")
    assert incident.support_requested == ["one_to_one", "eap"]
    assert incident.status == "new"

    stored = {item.original_name: item for item in Evidence.objects.all()}
    assert set(stored) == {"photo.png", "letter.pdf"}
    assert stored["photo.png"].content_type == "image/png"
    assert stored["letter.pdf"].content_type == "application/pdf"
    assert stored["photo.png"].size == len(PNG)
    assert all(item.uploaded_by == reporter for item in stored.values())
    assert all(item.incident == incident for item in stored.values())
    assert len(files_in(evidence_dir)) == 2

    events = AuditEvent.objects.filter(action="create")
    assert {(e.object_type, e.object_id, e.actor) for e in events} == {
        ("incident", incident.pk, reporter),
        ("customer", customer.pk, reporter),
    }

    page = soup(client.get(response["Location"]))
    panel = page.select_one(".govuk-panel--confirmation")
    assert "Incident reported" in panel.get_text()
    assert incident.reference in panel.get_text()


def test_a_report_about_someone_on_our_records_links_to_them(
    client, reporter, area, django_capture_on_commit_callbacks
):
    customer = CustomerFactory(first_name="Alex", last_name="Morgan")
    data = answers(
        area,
        who="existing",
        customer_search="Alex Morgan",
        customer=str(customer.pk),
        first_name="Not used",
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(REPORT, data)
    assert response.status_code == 302
    incident = Incident.objects.get()
    assert incident.customer == customer
    assert Customer.objects.count() == 1
    assert not AuditEvent.objects.filter(object_type="customer", action="create").exists()


def test_a_report_about_someone_unknown_keeps_the_description(client, reporter, area):
    response = client.post(REPORT, answers(area))
    assert response.status_code == 302
    incident = Incident.objects.get()
    assert incident.customer is None
    assert incident.unknown_person_description == "Tall man in a red coat, about 40."
    assert Customer.objects.count() == 0


def test_answers_to_questions_that_do_not_apply_are_dropped(client, reporter, area):
    data = answers(
        area,
        location_kind="remote",
        site="Not a site",
        channel="phone",
        injury="no",
        injury_details="Should go",
        police_informed="no",
        crime_reference="Should go",
        safeguarding_concern="no",
        safeguarding_details="Should go",
    )
    assert client.post(REPORT, data).status_code == 302
    incident = Incident.objects.get()
    assert (incident.site, incident.injury_details) == ("", "")
    assert (incident.crime_reference, incident.safeguarding_details) == ("", "")


@pytest.mark.parametrize("typed", ["2:30pm", "14.30", "14:30"])
def test_the_time_can_be_written_in_several_ways(client, reporter, area, typed):
    assert client.post(REPORT, answers(area, occurred_time=typed)).status_code == 302
    occurred = timezone.localtime(Incident.objects.get().occurred_at)
    assert occurred.time() == datetime.time(14, 30)


# A bad report ------------------------------------------------------------------------


def tomorrow_parts():
    day = timezone.localdate() + datetime.timedelta(days=1)
    return {"occurred_on_0": str(day.day), "occurred_on_1": str(day.month)} | {
        "occurred_on_2": str(day.year)
    }


INVALID = {
    "not known with no description": (
        {"unknown_description": ""},
        "#id_unknown_description",
        "Describe the person",
    ),
    "a date in the future": (tomorrow_parts(), "#id_occurred_on", "today or in the past"),
    "a date that does not exist": (
        {"occurred_on_0": "31", "occurred_on_1": "2"},
        "#id_occurred_on",
        "must be a real date",
    ),
    "no time": ({"occurred_time": ""}, "#id_occurred_time", "Enter the time"),
    "a time that does not exist": (
        {"occurred_time": "25:70"},
        "#id_occurred_time",
        "Enter a real time",
    ),
    "over-long description": (
        {"description": "x" * 5001},
        "#id_description",
        "5,000 characters or fewer",
    ),
    "over-long witnesses": (
        {"witnesses": "y" * 1001},
        "#id_witnesses",
        "1,000 characters or fewer",
    ),
    "safeguarding without details": (
        {"safeguarding_concern": "yes", "safeguarding_details": ""},
        "#id_safeguarding_details",
        "safeguarding concern is",
    ),
    "an injury without details": (
        {"injury": "yes", "injury_details": ""},
        "#id_injury_details",
        "Describe the injuries",
    ),
    "at a site with no site": ({"site": ""}, "#id_site", "Enter the site"),
    "no behaviour chosen": ({"categories": None}, "#id_categories", "at least one kind"),
    "a new customer with no last name": (
        {"who": "new", "first_name": "Jo", "last_name": "", "postcode": "AB1 2CD"},
        "#id_last_name",
        "last name",
    ),
    "a new customer with a made-up postcode": (
        {"who": "new", "first_name": "Jo", "last_name": "Bloggs", "postcode": "NOT A CODE"},
        "#id_postcode",
        "real postcode",
    ),
    "a new customer with a bad e-mail address": (
        {
            "who": "new",
            "first_name": "Jo",
            "last_name": "Bloggs",
            "postcode": "AB1 2CD",
            "email": "jo-at-example",
        },
        "#id_email",
        "right format",
    ),
    "an existing customer not chosen": (
        {"who": "existing", "customer_search": ""},
        "#id_customer_search",
        "Search for the person",
    ),
    "a customer who does not exist": (
        {"who": "existing", "customer_search": "Nobody", "customer": "999999"},
        "#id_customer_search",
        "Search for the person",
    ),
    "a service that is not offered": (
        {"service_area": "999999"},
        "#id_service_area",
        "Select the council service",
    ),
    "no support and some support": (
        {"support_requested": ["none", "eap"]},
        "#id_support_requested",
        "No support needed just now",
    ),
}


@pytest.mark.parametrize(("changes", "link", "message"), INVALID.values(), ids=INVALID.keys())
def test_a_bad_answer_is_explained_and_nothing_is_saved(
    client, soup, reporter, area, evidence_dir, changes, link, message
):
    before = counts()
    data = answers(area, **changes)
    data["evidence"] = SimpleUploadedFile("photo.png", PNG, content_type="image/png")
    response = client.post(REPORT, data)
    assert response.status_code == 200
    page = soup(response)
    links = summary_links(page)
    assert link in links, links
    assert message in links[link]
    # The link lands on a real element.
    assert page.select_one(link) is not None
    assert page.select_one("title").get_text().startswith("Error:")
    assert counts() == before
    assert files_in(evidence_dir) == []
    # The files must be chosen again, and the page says so.
    assert "Choose your files again" in page.get_text()


def test_missing_answers_are_each_linked_from_the_summary(client, soup, reporter, area):
    response = client.post(REPORT, {"action": "send"})
    assert response.status_code == 200
    links = summary_links(soup(response))
    assert {
        "#id_who",
        "#id_occurred_on",
        "#id_occurred_time",
        "#id_service_area",
        "#id_location_kind",
        "#id_channel",
        "#id_categories",
        "#id_description",
        "#id_injury",
        "#id_violence",
        "#id_police_informed",
        "#id_riddor_reportable",
        "#id_safeguarding_concern",
    } <= set(links)
    assert links["#id_who"] == "Select who behaved in this way"
    assert counts() == (0, 0, 0)


def test_a_time_later_today_is_refused(client, soup, reporter, area):
    now = timezone.localtime()
    if now.hour == 23:
        pytest.skip("no later hour today")
    later = (now + datetime.timedelta(hours=1)).strftime("%H:%M")
    day = now.date()
    data = answers(
        area,
        occurred_on_0=str(day.day),
        occurred_on_1=str(day.month),
        occurred_on_2=str(day.year),
        occurred_time=later,
    )
    links = summary_links(soup(client.post(REPORT, data)))
    assert "must be in the past" in links["#id_occurred_time"]
    assert Incident.objects.count() == 0


def test_what_was_typed_is_kept_after_a_problem(client, soup, reporter, area):
    data = answers(
        area,
        description="He threw a chair.",
        occurred_time="",
        violence="yes",
        protected_characteristics=["race"],
        support_requested=["mhfa"],
    )
    page = soup(client.post(REPORT, data))
    assert page.select_one("#id_description").get_text().strip() == "He threw a chair."
    assert page.select_one("#id_unknown_description").get_text().strip() == (
        "Tall man in a red coat, about 40."
    )
    assert page.select_one("#id_site")["value"] == "Civic Offices reception"
    assert page.select_one("input[name=who][value=unknown]").has_attr("checked")
    assert page.select_one("input[name=violence][value=yes]").has_attr("checked")
    assert page.select_one("input[name=protected_characteristics][value=race]").has_attr("checked")
    assert page.select_one("input[name=support_requested][value=mhfa]").has_attr("checked")
    assert page.select_one("#id_occurred_on_0")["value"] == str(yesterday().day)
    # The revealed answer stays open.
    reveal = page.select_one("#conditional-id_who-3")
    assert "govuk-radios__conditional--hidden" not in reveal["class"]


# The customer search -----------------------------------------------------------------


@pytest.fixture
def customers():
    return {
        "alex": CustomerFactory(first_name="Alex", last_name="Morgan", postcode="AB1 2CD"),
        "alexis": CustomerFactory(first_name="Alexis", last_name="Price", postcode="ZZ9 9ZZ"),
        "sam": CustomerFactory(first_name="Sam", last_name="Morgan", postcode="XY1 1XY"),
    }


def search(client, term, **extra):
    return client.post(REPORT, {"action": "search", "customer_search": term, **extra})


def offered(page):
    return {
        label.get_text(strip=True)
        for label in page.select("input[name=customer] + label.govuk-radios__label")
    }


@pytest.mark.parametrize(
    ("term", "expected"),
    [
        ("Alex Morgan", {"Alex Morgan"}),
        ("alex", {"Alex Morgan", "Alexis Price"}),
        ("Morgan", {"Alex Morgan", "Sam Morgan"}),
        ("ab1 2cd", {"Alex Morgan"}),
        ("AB12CD", {"Alex Morgan"}),
        ("Morgan XY1 1XY", {"Sam Morgan"}),
        ("Nobody Here", set()),
    ],
)
def test_the_search_finds_people_by_name_and_postcode(
    client, soup, reporter, customers, term, expected
):
    response = search(client, term)
    assert response.status_code == 200
    page = soup(response)
    assert offered(page) == expected
    # A search is not a submission: no problems are shown yet.
    assert page.select_one(".govuk-error-summary") is None
    assert page.select_one("input[name=who][value=existing]").has_attr("checked")
    if not expected:
        assert "No records match" in page.get_text()


def test_the_search_finds_people_by_customer_reference(client, soup, reporter, customers):
    alex = customers["alex"]
    for term in (alex.reference, alex.reference.lower(), alex.reference.replace("-", "")):
        page = soup(search(client, term))
        assert offered(page) == {"Alex Morgan"}
        hint = page.select_one("#id_customer-item-hint")
        assert alex.reference in hint.get_text()


def test_the_search_offers_only_current_records(client, soup, reporter, customers):
    old = CustomerFactory(first_name="Alex", last_name="Morgan", postcode="AB1 2CD")
    old.merged_into = customers["alex"]
    old.save()
    page = soup(search(client, "Alex Morgan"))
    assert offered(page) == {"Alex Morgan"}
    values = {radio["value"] for radio in page.select("input[name=customer]")}
    assert values == {str(customers["alex"].pk)}
    # The old reference leads to the record it was merged into.
    page = soup(search(client, old.reference))
    values = {radio["value"] for radio in page.select("input[name=customer]")}
    assert values == {str(customers["alex"].pk)}


def test_the_search_is_posted_and_keeps_names_out_of_the_address(
    client, soup, reporter, customers
):
    page = soup(client.get(REPORT))
    button = page.select_one("button[value=search]")
    assert button.find_parent("form")["method"] == "post"
    response = search(client, "Alex Morgan")
    assert response.request["PATH_INFO"] == REPORT
    assert response.request["QUERY_STRING"] == ""


def test_the_search_keeps_every_other_answer(client, soup, reporter, customers, area):
    data = answers(area, who=None, description="Kept after the search.")
    data.update(action="search", customer_search="Morgan")
    page = soup(client.post(REPORT, data))
    assert page.select_one("#id_description").get_text().strip() == "Kept after the search."
    assert offered(page) == {"Alex Morgan", "Sam Morgan"}
    assert Incident.objects.count() == 0


def test_pressing_enter_in_the_search_box_searches(client, soup, reporter, customers):
    response = client.post(
        REPORT, {"action": "enter", "who": "existing", "customer_search": "Morgan"}
    )
    page = soup(response)
    assert offered(page) == {"Alex Morgan", "Sam Morgan"}
    assert page.select_one(".govuk-error-summary") is None


def test_an_empty_search_asks_for_something_to_search_for(client, soup, reporter):
    links = summary_links(soup(search(client, " ")))
    assert "Enter a name, customer reference or postcode" in links["#id_customer_search"]


def test_the_records_a_search_shows_are_in_the_audit_trail(client, reporter, customers):
    search(client, "Morgan")
    seen = AuditEvent.objects.filter(action="view", object_type="customer")
    assert {event.object_id for event in seen} == {customers["alex"].pk, customers["sam"].pk}
    assert {event.actor for event in seen} == {reporter}


def test_a_long_list_of_matches_is_cut_short(client, soup, reporter):
    CustomerFactory.create_batch(25, last_name="Smith")
    page = soup(search(client, "Smith"))
    assert len(page.select("input[name=customer]")) == 20
    assert "More than 20 records match" in page.get_text()


# The e-mails -------------------------------------------------------------------------


def send(client, data, capture):
    with capture(execute=True):
        response = client.post(REPORT, data)
    assert response.status_code == 302, response.content[:2000]
    return Incident.objects.latest("pk")


@pytest.fixture
def health_and_safety(db):
    active = UserFactory(username="safety", roles=["Health and safety"])
    UserFactory(username="left", roles=["Health and safety"], is_active=False)
    return active


def test_the_managers_of_the_service_are_emailed_without_personal_details(
    client, reporter, area, health_and_safety, mailoutbox, django_capture_on_commit_callbacks
):
    first, second = manager_of(area, "manager-a"), manager_of(area, "manager-b")
    manager_of(ServiceAreaFactory(name="Parks"), "manager-parks")
    data = answers(
        area,
        who="new",
        first_name="Jolene",
        last_name="Bloggsworth",
        postcode="AB1 2CD",
        description="A very particular description of what happened.",
        categories=[not_a_threat()],
    )
    incident = send(client, data, django_capture_on_commit_callbacks)
    assert sorted(m.to[0] for m in mailoutbox) == sorted([first.email, second.email])
    for message in mailoutbox:
        assert len(message.to) == 1
        text = message.subject + message.body
        assert incident.reference in message.subject
        assert f"https://council.example/staff/incidents/{incident.reference}/" in message.body
        for secret in ("Jolene", "Bloggsworth", "AB1 2CD", "particular description"):
            assert secret not in text


def not_a_threat():
    """A kind of behaviour that goes to the service's managers only."""
    return str(BehaviourCategory.objects.get(name="Verbal abuse or intimidation").pk)


@pytest.mark.parametrize(
    "changes",
    [
        {"protected_characteristics": ["race"], "categories": "not a threat"},
        {"violence": "yes", "categories": "not a threat"},
        {
            "safeguarding_concern": "yes",
            "safeguarding_details": "Threatened to harm himself.",
            "categories": "not a threat",
        },
        {"injury": "yes", "injury_details": "A bruised arm.", "categories": "not a threat"},
        {
            "injury": "yes",
            "injury_details": "A broken wrist.",
            "riddor_reportable": "yes",
            "categories": "not a threat",
        },
        {},
    ],
    ids=["hate", "violence", "safeguarding", "injury", "riddor", "threat"],
)
def test_health_and_safety_are_emailed_about_riddor_injury_violence_threats_hate_and_safeguarding(
    client,
    reporter,
    area,
    health_and_safety,
    mailoutbox,
    django_capture_on_commit_callbacks,
    changes,
):
    manager = manager_of(area)
    if changes.get("categories") == "not a threat":
        changes = {**changes, "categories": [not_a_threat()]}
    incident = send(client, answers(area, **changes), django_capture_on_commit_callbacks)
    assert incident.needs_health_and_safety
    recipients = sorted(m.to[0] for m in mailoutbox)
    assert recipients == sorted([manager.email, health_and_safety.email])
    safety = next(m for m in mailoutbox if m.to == [health_and_safety.email])
    assert incident.reference in safety.subject
    assert f"/staff/incidents/{incident.reference}/" in safety.body
    assert "Threatened" not in safety.body
    assert "red coat" not in safety.body


def test_health_and_safety_are_not_emailed_about_other_incidents(
    client, reporter, area, health_and_safety, mailoutbox, django_capture_on_commit_callbacks
):
    manager = manager_of(area)
    incident = send(
        client,
        answers(area, protected_characteristics=["age"], categories=[not_a_threat()]),
        django_capture_on_commit_callbacks,
    )
    assert not incident.needs_health_and_safety
    assert [m.to for m in mailoutbox] == [[manager.email]]


def test_nothing_is_emailed_for_a_bad_report(
    client, reporter, area, mailoutbox, django_capture_on_commit_callbacks
):
    manager_of(area)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(REPORT, answers(area, description=""))
    assert mailoutbox == []


# The confirmation page ---------------------------------------------------------------


def test_only_the_reporter_may_open_the_confirmation(client, soup, reporter, area):
    client.post(REPORT, answers(area))
    incident = Incident.objects.get()
    url = f"/staff/incidents/{incident.reference}/submitted/"
    page = soup(client.get(url))
    assert incident.reference in page.select_one(".govuk-panel__body").get_text()
    assert "No manager is set up for Housing" in page.get_text()
    client.force_login(UserFactory(username="colleague", roles=["Manager"]))
    assert client.get(url).status_code == 404
    assert client.get("/staff/incidents/INC-999999/submitted/").status_code == 404


# My reports --------------------------------------------------------------------------


def test_my_reports_lists_only_my_own_newest_first(client, soup, reporter, area):
    now = timezone.now()
    older = IncidentFactory(reported_by=reporter, reported_at=now - datetime.timedelta(days=3))
    newer = IncidentFactory(reported_by=reporter, reported_at=now, status="under_review")
    someone_elses = IncidentFactory()
    page = soup(client.get(MY_REPORTS))
    rows = page.select("tbody tr")
    references = [row.select_one("td").get_text(strip=True) for row in rows]
    assert references == [newer.reference, older.reference]
    assert someone_elses.reference not in page.get_text()
    assert rows[0].select_one(".govuk-tag").get_text(strip=True) == "Under review"
    assert newer.service_area.name in rows[0].get_text()


def test_my_reports_come_in_pages(client, soup, reporter):
    IncidentFactory.create_batch(25, reported_by=reporter)
    first = soup(client.get(MY_REPORTS))
    assert len(first.select("tbody tr")) == 20
    assert first.select_one(".govuk-pagination") is not None
    second = soup(client.get(MY_REPORTS, {"page": 2}))
    assert len(second.select("tbody tr")) == 5
    assert client.get(MY_REPORTS, {"page": "nonsense"}).status_code == 404


def test_my_reports_says_when_there_are_none(client, soup, reporter):
    page = soup(client.get(MY_REPORTS))
    assert "You have not reported any incidents yet" in page.get_text()
