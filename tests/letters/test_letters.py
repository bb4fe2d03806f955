"""Letters: a manager previews a letter exactly as it will read, then issues it; the PDF
is stored with its SHA-256, cites the policy version in force, and never changes."""

import datetime
import hashlib
import re
import subprocess

import pytest
from django.utils import timezone

from home.dates import add_working_days
from home.models import CouncilSettings, ReconsiderationSettings
from home.rules import RuleError
from policy_pages.models import PublishedVersion, RestrictionType
from reporting.access.models import AuditEvent
from reporting.letters.enums import LetterType
from reporting.letters.models import Letter, LetterTemplate
from reporting.letters.services import fill_blocks, issue_letter, prepare_letter
from reporting.restrictions.enums import EndReason, RestrictionStatus, ReviewOutcome
from reporting.restrictions.models import RestrictionReview
from tests.access.factories import ServiceAreaFactory, manager_of
from tests.customers.factories import CustomerFactory
from tests.factories import UserFactory, make_policy, publish
from tests.incidents.factories import IncidentFactory
from tests.letters.factories import cite_policy
from tests.restrictions.factories import CustomerWarningFactory, RestrictionFactory

pytestmark = pytest.mark.django_db

REASONS = "The shouting went on after our written warning of 2 February."
BEHAVIOUR = "On 3 March you shouted at the receptionist at the Civic Offices."
RECONSIDERS = "the Director of Corporate Services"


def long_date(day):
    return f"{day.day} {day:%B %Y}"


def pdf_text(data, tmp_path):
    path = tmp_path / "letter.pdf"
    path.write_bytes(data)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def flat(text):
    return " ".join(text.split())


@pytest.fixture
def policy():
    return cite_policy()


@pytest.fixture
def manager(housing):
    return manager_of(housing, username="housing.manager")


@pytest.fixture
def customer(housing):
    person = CustomerFactory(
        first_name="Morwenna",
        last_name="Pascoe",
        address="4 Quarry Lane\nFernhollow",
        postcode="FH3 9QT",
    )
    IncidentFactory(customer=person, service_area=housing)
    return person


@pytest.fixture
def types():
    return [
        RestrictionType.objects.get(name="Contact in writing only"),
        RestrictionType.objects.get(name="One named point of contact"),
    ]


@pytest.fixture
def restriction(customer, housing, types):
    restriction = RestrictionFactory(
        customer=customer,
        types=types,
        incidents=list(customer.incidents.all()),
        behaviour=BEHAVIOUR,
        reasons=REASONS,
        reconsideration_contact=RECONSIDERS,
    )
    restriction.service_areas.set([housing])
    return restriction


def prepare_url(letter_type, record):
    return f"/staff/letters/new/{letter_type}/{record.reference}/"


# Preview ----------------------------------------------------------------------------


def test_a_manager_previews_the_letter_exactly_as_it_will_read(
    client, soup, policy, manager, restriction, types
):
    client.force_login(manager)
    response = client.get(prepare_url("restriction", restriction))
    assert response.status_code == 200
    page = soup(response)
    letter = page.select_one("article.sc-letter")
    words = flat(letter.get_text(" "))
    assert "We are limiting how you contact us" in words
    assert "Fernhollow District Council" in words
    assert "Morwenna Pascoe" in words
    assert "FH3 9QT" in words
    assert [li.get_text(strip=True) for li in letter.select("ul li")] == [
        t.letter_wording for t in types
    ]
    assert REASONS in words
    assert long_date(restriction.review_on) in words
    assert "until it is lifted at a review" in words
    version = PublishedVersion.objects.get(page_id=policy.pk)
    assert letter.select_one(f'a[href="{version.permanent_url}"]') is not None
    assert letter.select_one("svg title").get_text().startswith("QR code")
    form = page.select_one("main form[method=post]")
    assert form.select_one("input[name=csrfmiddlewaretoken]") is not None
    assert form.select_one("button").get_text(strip=True) == "Issue this letter"
    assert not Letter.objects.exists()
    assert AuditEvent.objects.filter(
        action="view", object_type="restriction", object_id=restriction.pk
    ).exists()


def test_the_preview_says_plainly_why_a_letter_cannot_be_written_yet(
    client, soup, policy, manager, restriction
):
    client.force_login(manager)
    cases = [
        ("review_continued", restriction, "has not been reviewed yet"),
        ("ended", restriction, "has not ended"),
        ("warning", restriction, "A warning letter is written about a warning"),
    ]
    for letter_type, record, message in cases:
        response = client.get(prepare_url(letter_type, record))
        assert response.status_code == 200
        page = soup(response)
        assert message in page.select_one(".govuk-error-summary").get_text()
        assert page.select_one("article.sc-letter") is None
        assert page.select_one("main form[method=post]") is None
    response = client.post(prepare_url("ended", restriction))
    assert response.status_code == 200
    assert "has not ended" in soup(response).select_one(".govuk-error-summary").get_text()
    assert not Letter.objects.exists()


def test_a_proposal_not_yet_decided_gets_no_restriction_letter(
    client, soup, policy, manager, restriction
):
    type(restriction).objects.filter(pk=restriction.pk).update(
        status=RestrictionStatus.PROPOSED, decided_by=None, decided_at=None, decision=""
    )
    client.force_login(manager)
    response = client.post(prepare_url("restriction", restriction))
    assert "approved" in soup(response).select_one(".govuk-error-summary").get_text()
    assert not Letter.objects.exists()


def test_without_a_cited_policy_no_letter_is_prepared(client, soup, manager, restriction):
    client.force_login(manager)
    response = client.get(prepare_url("restriction", restriction))
    assert "do not name one" in soup(response).select_one(".govuk-error-summary").get_text()
    policy = make_policy(slug="draft-policy")
    council = CouncilSettings.load()
    council.cited_policy_page = policy
    council.save()
    with pytest.raises(RuleError, match="no published version"):
        prepare_letter(LetterType.RESTRICTION, restriction=restriction)


def test_unknown_letter_types_and_references_are_not_found(client, policy, manager, restriction):
    client.force_login(manager)
    assert client.get(prepare_url("apology", restriction)).status_code == 404
    assert client.get("/staff/letters/new/restriction/R-999999/").status_code == 404
    assert client.get("/staff/letters/new/restriction/C-000001/").status_code == 404
    assert client.get("/staff/letters/FDC-2026-99999/").status_code == 404


# Issuing ----------------------------------------------------------------------------


def test_issuing_stores_the_pdf_its_fingerprint_and_what_it_cites(
    client, soup, policy, manager, restriction, tmp_path
):
    client.force_login(manager)
    response = client.post(prepare_url("restriction", restriction))
    letter = Letter.objects.get()
    assert response.status_code == 302
    assert response.url == f"/staff/letters/{letter.reference}/"
    year = timezone.localdate().year
    assert letter.reference == f"FDC-{year}-00001"
    data = letter.pdf.read()
    assert data.startswith(b"%PDF-")
    assert letter.sha256 == hashlib.sha256(data).hexdigest()
    assert letter.size == len(data)
    template = LetterTemplate.objects.get(letter_type="restriction")
    assert letter.template_revision_id == template.live_revision_id
    version = PublishedVersion.objects.get(page_id=policy.pk)
    assert letter.policy_version == version
    assert letter.policy_url == version.permanent_url
    assert letter.issued_by == manager
    assert letter.customer == restriction.customer
    assert REASONS in letter.body_text
    assert AuditEvent.objects.filter(action="create", object_type="letter").count() == 1

    page = soup(client.get(response.url))
    text = flat(page.select_one("main").get_text(" "))
    assert letter.reference in text
    assert letter.sha256 in text
    assert "Restriction decision" in text
    assert page.select_one(f'a[href="{version.permanent_url}"]') is not None
    assert page.select_one(f'a[href="/staff/letters/{letter.reference}/pdf/"]') is not None
    assert AuditEvent.objects.filter(
        action="view", object_type="letter", object_id=letter.pk
    ).exists()


def test_the_pdf_says_everything_the_customer_must_be_told(
    policy, manager, restriction, types, tmp_path
):
    wording = ReconsiderationSettings.load()
    wording.contact = "Customer Relations, Civic Offices, Market Street, Fernhollow"
    wording.save()
    letter = issue_letter(LetterType.RESTRICTION, restriction=restriction, by=manager)
    data = letter.pdf.read()
    text = flat(pdf_text(data, tmp_path))
    deadline = add_working_days(timezone.localdate(), 20, nation="england")
    for restriction_type in types:
        assert flat(restriction_type.letter_wording) in text
    assert REASONS in text
    assert BEHAVIOUR in text
    assert f"We will review it by {long_date(restriction.review_on)}" in text
    assert (
        f"Write to us within 20 working days of the date of this letter, that is by "
        f"{long_date(deadline)}. Write to Customer Relations, Civic Offices" in text
    )
    assert "Local Government and Social Care Ombudsman" in text
    assert "Housing Ombudsman" in text
    assert "12 months" in text
    assert letter.policy_url in text.replace(" ", "")
    assert letter.reference in text
    assert "Fernhollow District Council" in text
    assert "Morwenna Pascoe" in text
    assert "large print" in text
    # Tagged for screen readers, on A4, with the project's font embedded.
    path = tmp_path / "letter.pdf"
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
    assert re.search(r"Tagged:\s+yes", info)
    assert "(A4)" in info
    meta = subprocess.run(["pdfinfo", "-meta", str(path)], capture_output=True, text=True)
    assert 'pdfuaid:part="1"' in meta.stdout
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True).stdout
    assert "Atkinson-Hyperlegible" in fonts


def test_downloading_twice_returns_the_same_stored_bytes(
    client, policy, manager, restriction, fast_pdf
):
    letter = issue_letter(LetterType.RESTRICTION, restriction=restriction, by=manager)
    client.force_login(manager)
    first = client.get(f"/staff/letters/{letter.reference}/pdf/")
    second = client.get(f"/staff/letters/{letter.reference}/pdf/")
    assert first.status_code == second.status_code == 200
    assert first["Content-Type"] == "application/pdf"
    assert first["Content-Disposition"] == f'attachment; filename="{letter.reference}.pdf"'
    assert "Pascoe" not in first["Content-Disposition"]
    assert first.content == second.content == letter.pdf.read()
    assert hashlib.sha256(first.content).hexdigest() == letter.sha256
    downloads = AuditEvent.objects.filter(action="download", object_id=letter.pk)
    assert downloads.count() == 2


def test_a_pdf_changed_on_disk_is_never_served_and_governance_is_told(
    client,
    soup,
    policy,
    manager,
    restriction,
    fast_pdf,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    letter = issue_letter(LetterType.RESTRICTION, restriction=restriction, by=manager)
    with letter.pdf.storage.open(letter.pdf.name, "wb") as stored:
        stored.write(b"%PDF-1.7 altered")
    governance = UserFactory(username="ig", roles=["Information governance"])
    client.force_login(manager)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(f"/staff/letters/{letter.reference}/pdf/")
    assert response.status_code == 500
    assert b"altered" not in response.content
    assert response["Content-Type"].startswith("text/html")
    page = soup(response)
    assert "does not match what was issued" in page.h1.get_text()
    assert "Information governance has been told" in page.get_text()
    event = AuditEvent.objects.get(action="integrity", object_type="letter")
    assert event.actor == manager
    assert [message.to for message in mailoutbox] == [[governance.email]]
    assert letter.reference in mailoutbox[0].subject
    assert "Pascoe" not in mailoutbox[0].body


def test_references_run_on_without_gaps_within_the_year(
    policy, manager, restriction, customer, fast_pdf
):
    warning = CustomerWarningFactory(customer=customer)
    first = issue_letter(LetterType.RESTRICTION, restriction=restriction, by=manager)
    second = issue_letter(LetterType.WARNING, warning=warning, by=manager)
    numbers = [int(letter.reference.rsplit("-", 1)[1]) for letter in (first, second)]
    assert numbers == [1, 2]
    with pytest.raises(RuleError):
        issue_letter(LetterType.ENDED, restriction=restriction, by=manager)
    third = issue_letter(LetterType.RESTRICTION, restriction=restriction, by=manager)
    assert third.reference.endswith("-00003")


def test_only_a_manager_who_can_open_the_record_issues(policy, restriction, fast_pdf):
    decider = UserFactory(username="decider", roles=["Decision maker"])
    with pytest.raises(RuleError, match="Only a manager"):
        issue_letter(LetterType.RESTRICTION, restriction=restriction, by=decider)
    other = manager_of(ServiceAreaFactory(name="Libraries"), "libraries.manager")
    with pytest.raises(RuleError):
        issue_letter(LetterType.RESTRICTION, restriction=restriction, by=other)
    assert not Letter.objects.exists()


# Nothing changes an issued letter ----------------------------------------------------


def test_an_issued_letter_cannot_be_changed_or_deleted(
    client, superuser, policy, manager, restriction, fast_pdf
):
    letter = issue_letter(LetterType.RESTRICTION, restriction=restriction, by=manager)
    letter.subject = "Something else"
    with pytest.raises(TypeError):
        letter.save()
    with pytest.raises(TypeError):
        Letter.objects.filter(pk=letter.pk).update(subject="Something else")
    with pytest.raises(TypeError):
        letter.delete()
    with pytest.raises(TypeError):
        Letter.objects.filter(pk=letter.pk).delete()

    client.force_login(manager)
    for url in (f"/staff/letters/{letter.reference}/", f"/staff/letters/{letter.reference}/pdf/"):
        assert client.post(url, {"subject": "Changed"}).status_code == 405

    client.force_login(superuser)
    listing = client.get("/admin/staff-records/letters/")
    assert listing.status_code == 200
    for url in (
        f"/admin/staff-records/letters/edit/{letter.pk}/",
        f"/admin/staff-records/letters/delete/{letter.pk}/",
    ):
        assert client.get(url).status_code in (302, 403, 404)
        assert client.post(url, {"subject": "Changed"}).status_code in (302, 403, 404)
    assert client.get(f"/admin/staff-records/letters/inspect/{letter.pk}/").status_code == 200
    stored = Letter.objects.get(pk=letter.pk)
    assert stored.subject == "We are limiting how you contact us"
    assert stored.sha256 == letter.sha256


def test_a_corrected_letter_replaces_the_earlier_one_which_stays(
    client, soup, policy, manager, restriction, fast_pdf
):
    earlier = issue_letter(LetterType.RESTRICTION, restriction=restriction, by=manager)
    client.force_login(manager)
    page = soup(client.get(f"/staff/letters/{earlier.reference}/"))
    correct = page.find("a", string=re.compile("Issue a corrected letter"))
    response = client.get(correct["href"])
    assert earlier.reference in soup(response).select_one(".govuk-inset-text").get_text()
    response = client.post(correct["href"], {"supersedes": earlier.reference})
    corrected = Letter.objects.get(supersedes=earlier)
    assert response.url == f"/staff/letters/{corrected.reference}/"
    text = soup(client.get(f"/staff/letters/{earlier.reference}/")).get_text(" ")
    assert f"replaced by letter {corrected.reference}" in flat(text)

    with pytest.raises(RuleError, match="already been replaced"):
        issue_letter(
            LetterType.RESTRICTION, restriction=restriction, by=manager, supersedes=earlier
        )
    warning = CustomerWarningFactory(customer=restriction.customer)
    with pytest.raises(RuleError, match="same type about the same record"):
        issue_letter(LetterType.WARNING, warning=warning, by=manager, supersedes=corrected)
    assert Letter.objects.count() == 2


# Who may prepare, read and download ---------------------------------------------------


@pytest.fixture
def issued(policy, manager, restriction, fast_pdf):
    return issue_letter(LetterType.RESTRICTION, restriction=restriction, by=manager)


def test_frontline_staff_and_other_services_managers_find_nothing(client, issued, restriction):
    urls = [
        prepare_url("restriction", restriction),
        f"/staff/letters/{issued.reference}/",
        f"/staff/letters/{issued.reference}/pdf/",
    ]
    strangers = [
        UserFactory(username="frontline", roles=["Staff"]),
        manager_of(ServiceAreaFactory(name="Libraries"), "libraries.manager"),
    ]
    for user in strangers:
        client.force_login(user)
        for url in urls:
            response = client.get(url)
            assert response.status_code == 404
            assert b"Pascoe" not in response.content
        assert client.post(urls[0]).status_code == 404
    assert Letter.objects.count() == 1


def test_a_decision_maker_reads_letters_but_does_not_issue_them(client, issued, restriction):
    client.force_login(UserFactory(username="decider", roles=["Decision maker"]))
    assert client.get(prepare_url("restriction", restriction)).status_code == 403
    assert client.post(prepare_url("restriction", restriction)).status_code == 403
    assert client.get(f"/staff/letters/{issued.reference}/").status_code == 200
    assert client.get(f"/staff/letters/{issued.reference}/pdf/").status_code == 200
    assert Letter.objects.count() == 1


# What each type of letter says --------------------------------------------------------


def test_a_warning_letter_says_what_happened_what_must_change_and_what_follows(
    client, soup, policy, manager, customer
):
    warning = CustomerWarningFactory(
        customer=customer,
        behaviour="On 1 May you swore at the housing officer on the telephone.",
        change_expected="Please speak to staff without swearing.",
        consequences="We may limit how you can contact us.",
    )
    client.force_login(manager)
    response = client.get(prepare_url("warning", warning))
    words = flat(soup(response).select_one("article.sc-letter").get_text(" "))
    assert "swore at the housing officer" in words
    assert "Please speak to staff without swearing." in words
    assert "We may limit how you can contact us." in words
    assert "We have not limited how you contact us" in words


def review(restriction, outcome, *, by, **fields):
    values = {
        "due_on": restriction.review_on,
        "since_last": "Contact has been in writing and courteous.",
        "reasons": f"Reasons for the review: {outcome}.",
        "next_review_on": timezone.localdate() + datetime.timedelta(days=90),
    }
    return RestrictionReview.objects.create(
        restriction=restriction, reviewed_by=by, outcome=outcome, **{**values, **fields}
    )


def test_review_letters_follow_the_latest_review(policy, restriction):
    decider = UserFactory(username="decider", roles=["Decision maker"])
    review(restriction, ReviewOutcome.CONTINUE, by=decider)
    prepared = prepare_letter(LetterType.REVIEW_CONTINUED, restriction=restriction)
    assert "Reasons for the review: continue." in prepared.body_text
    next_review = long_date(timezone.localdate() + datetime.timedelta(days=90))
    assert f"review them again by {next_review}" in prepared.body_text
    with pytest.raises(RuleError, match="calls for"):
        prepare_letter(LetterType.VARIATION, restriction=restriction)

    review(restriction, ReviewOutcome.VARY, by=decider, changes="Calls are now allowed.")
    prepared = prepare_letter(LetterType.VARIATION, restriction=restriction)
    assert "Calls are now allowed." in prepared.body_text

    ended = timezone.localdate()
    review(restriction, ReviewOutcome.LIFT, by=decider, next_review_on=None)
    type(restriction).objects.filter(pk=restriction.pk).update(
        status=RestrictionStatus.ENDED, ended_on=ended, ended_reason=EndReason.LIFTED
    )
    restriction.refresh_from_db()
    prepared = prepare_letter(LetterType.REVIEW_LIFTED, restriction=restriction)
    assert f"ended on {long_date(ended)}. It no longer applies to you." in prepared.body_text
    with pytest.raises(RuleError, match="lifted at a review"):
        prepare_letter(LetterType.ENDED, restriction=restriction)


def test_a_restriction_that_reached_its_end_gets_the_ending_letter(policy, restriction):
    ended = timezone.localdate()
    type(restriction).objects.filter(pk=restriction.pk).update(
        status=RestrictionStatus.ENDED, ended_on=ended, ended_reason=EndReason.END_DATE
    )
    restriction.refresh_from_db()
    prepared = prepare_letter(LetterType.ENDED, restriction=restriction)
    assert prepared.subject == "The limits on how you contact us have ended"
    assert f"ended on {long_date(ended)}" in prepared.body_text
    with pytest.raises(RuleError):
        prepare_letter(LetterType.RESTRICTION, restriction=restriction)


def test_a_set_end_date_is_given_and_the_scope_names_the_services(policy, restriction):
    ends = timezone.localdate() + datetime.timedelta(days=180)
    type(restriction).objects.filter(pk=restriction.pk).update(ends_on=ends)
    restriction.refresh_from_db()
    text = prepare_letter(LetterType.RESTRICTION, restriction=restriction).body_text
    assert f"lasts until {long_date(ends)}." in text
    assert "It covers your contact with Housing." in text
    assert "It applies to you only" in text


def test_a_paragraph_of_just_the_restrictions_becomes_a_list():
    values = {"restrictions": ["Write to us.", "Call on Mondays."], "customer_name": "Ann"}
    blocks = fill_blocks(
        "Dear {customer_name}\n\n## What changes\n\n{restrictions}\n\nIn short: {restrictions}",
        values,
    )
    assert [block.kind for block in blocks] == ["paragraph", "heading", "list", "paragraph"]
    assert blocks[2].items == ("Write to us.", "Call on Mondays.")
    assert blocks[3].text == "In short: Write to us. Call on Mondays."


def test_a_letter_keeps_the_wording_and_policy_version_it_was_issued_with(
    policy, manager, restriction, fast_pdf
):
    earlier = issue_letter(LetterType.RESTRICTION, restriction=restriction, by=manager)
    template = LetterTemplate.objects.get(letter_type=LetterType.RESTRICTION)
    draft = template.get_latest_revision_as_object()
    draft.subject = "A decision about how you contact us"
    draft.save_revision().publish()
    publish(policy, note="Clearer wording.", body=[])

    later = issue_letter(LetterType.RESTRICTION, restriction=restriction, by=manager)
    assert later.subject == "A decision about how you contact us"
    assert later.policy_version.number == 2
    earlier = Letter.objects.get(pk=earlier.pk)
    assert earlier.subject == "We are limiting how you contact us"
    assert earlier.template_revision.as_object().subject == earlier.subject
    assert earlier.policy_version.number == 1
    assert earlier.policy_url.endswith(f"/versions/{policy.pk}/1/")


def test_the_decision_record_stops_offering_a_letter_once_it_is_issued(
    client, policy, manager, restriction, fast_pdf
):
    client.force_login(manager)
    record = f"/staff/restrictions/{restriction.reference}/"
    assert "Prepare the restriction letter" in client.get(record).content.decode()
    issue_letter(LetterType.RESTRICTION, by=manager, restriction=restriction)
    page = client.get(record).content.decode()
    assert "Prepare the restriction letter" not in page
    assert "restriction decision, issued" in page
