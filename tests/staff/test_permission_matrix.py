"""Every staff URL, asked for by every role: each gets exactly the answer it should.

Rows are URLs; columns are who asks. 302 is a redirect to sign in, 403 a refusal for the
role, 404 a record this person may not know exists (and so never sees named).
"""

import hashlib
from unittest.mock import patch

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from policy_pages.models import RestrictionType
from reporting.access.models import ServiceArea
from reporting.customers.models import DetailGrant
from reporting.incidents.models import Evidence
from reporting.letters.enums import LetterType
from reporting.letters.services import issue_letter
from reporting.markers.models import CautionMarker
from reporting.restrictions.models import ContactAttachment
from reporting.restrictions.services.reconsiderations import (
    decide_reconsideration,
    record_reconsideration,
)
from tests.access.factories import ServiceAreaFactory, manager_of
from tests.customers.factories import CustomerFactory
from tests.factories import UserFactory
from tests.incidents.factories import IncidentFactory
from tests.letters.factories import cite_policy
from tests.restrictions.factories import ContactItemFactory, RestrictionFactory

pytestmark = pytest.mark.django_db

WHO = (
    "anonymous",
    "staff",
    "manager_other",
    "manager_same",
    "decision_maker",
    "health_safety",
    "info_governance",
    "comms_editor",
    "policy_approver",
)

# url template -> expected status for each of WHO, in order.
MATRIX = {
    "/staff/": (302, 200, 200, 200, 200, 200, 200, 403, 403),
    "/staff/incidents/new/": (302, 200, 200, 200, 200, 200, 200, 403, 403),
    "/staff/my-reports/": (302, 200, 200, 200, 200, 200, 200, 403, 403),
    "/staff/check/": (302, 200, 200, 200, 200, 200, 200, 403, 403),
    "/staff/incidents/": (302, 403, 200, 200, 200, 200, 200, 403, 403),
    "/staff/incidents/{incident}/": (302, 404, 404, 200, 200, 200, 200, 403, 403),
    "/staff/incidents/{incident}/submitted/": (302, 404, 404, 404, 404, 404, 404, 403, 403),
    "/staff/incidents/{incident}/follow-up/": (302, 404, 404, 200, 403, 200, 403, 403, 403),
    "/staff/incidents/{incident}/triage/": (302, 404, 404, 200, 403, 200, 403, 403, 403),
    "/staff/incidents/{incident}/evidence/{evidence}/": (
        302, 404, 404, 200, 404, 200, 200, 403, 403,
    ),
    "/staff/customers/{customer}/": (302, 404, 404, 200, 200, 200, 200, 403, 403),
    "/staff/customers/{customer}/merge/": (302, 404, 404, 200, 403, 200, 403, 403, 403),
    "/staff/customers/{customer}/details/": (302, 404, 404, 200, 200, 200, 200, 403, 403),
    "/staff/customers/{customer}/equality/": (302, 404, 404, 200, 200, 200, 200, 403, 403),
    "/staff/customers/{customer}/markers/new/": (302, 404, 404, 200, 403, 403, 403, 403, 403),
    "/staff/customers/markers/{marker}/reasons/": (302, 404, 404, 200, 404, 200, 404, 403, 403),
    "/staff/customers/{customer}/warnings/new/": (302, 404, 404, 200, 403, 403, 403, 403, 403),
    "/staff/customers/{customer}/restrictions/new/": (
        302, 404, 404, 200, 403, 403, 403, 403, 403,
    ),
    "/staff/restrictions/{restriction}/": (302, 404, 404, 200, 200, 200, 200, 403, 403),
    # Only a decision maker who neither proposed it nor reported its incidents decides.
    "/staff/restrictions/{restriction}/decide/": (302, 404, 404, 403, 200, 403, 403, 403, 403),
    "/staff/reviews/": (302, 403, 200, 200, 200, 200, 403, 403, 403),
    # Managers of the person's services issue letters; others who open the record read them.
    "/staff/letters/new/restriction/{active}/": (302, 404, 404, 200, 403, 403, 403, 403, 403),
    "/staff/letters/{letter}/": (302, 404, 404, 200, 200, 200, 200, 403, 403),
    "/staff/letters/{letter}/pdf/": (302, 404, 404, 200, 200, 200, 200, 403, 403),
    # Decision makers review a restriction in force.
    "/staff/restrictions/{active}/review/": (302, 404, 404, 403, 200, 403, 403, 403, 403),
    # Decision makers check a restriction in force against a new version of the policy.
    "/staff/restrictions/{active}/policy-change/": (
        302, 404, 404, 403, 200, 403, 403, 403, 403,
    ),
    # Managers who issue its letters, and decision makers, record a request for
    # reconsideration; only a decision maker who took no part decides it or suspends it.
    "/staff/restrictions/{active}/reconsiderations/new/": (
        302, 404, 404, 200, 200, 403, 403, 403, 403,
    ),
    "/staff/reconsiderations/{reconsideration}/decide/": (
        302, 404, 404, 403, 200, 403, 403, 403, 403,
    ),
    "/staff/reconsiderations/{reconsideration}/suspend/": (
        302, 404, 404, 403, 200, 403, 403, 403, 403,
    ),
    "/staff/letters/new/reconsideration/{reconsidered}/": (
        302, 404, 404, 200, 403, 403, 403, 403, 403,
    ),
    # "Confirm it's you" sends everyone signed in straight back while two-factor is off
    # (as in these settings); anonymous visitors are asked to sign in.
    "/staff/two-factor/confirm/": (302, 302, 302, 302, 302, 302, 302, 302, 302),
    # A manager who reaches the person may give a reason to read other services' records;
    # the roles that see every service have no need to.
    "/staff/customers/{customer}/read-in-full/": (302, 404, 404, 200, 403, 403, 403, 403, 403),
    # Information governance reviews the reasons given.
    "/staff/reasons-given/": (302, 403, 403, 403, 403, 403, 200, 403, 403),
    # Only information governance reads the audit trail, on screen or as CSV.
    "/staff/audit/": (302, 403, 403, 403, 403, 403, 200, 403, 403),
    "/staff/audit/events.csv": (302, 403, 403, 403, 403, 403, 200, 403, 403),
    # Monitoring: managers (their services), health and safety and information governance.
    "/staff/governance/monitoring/": (302, 403, 200, 200, 403, 200, 200, 403, 403),
    "/staff/governance/monitoring/board-report.csv": (
        302, 403, 200, 200, 403, 200, 200, 403, 403,
    ),
    "/staff/governance/monitoring/board-report.xlsx": (
        302, 403, 200, 200, 403, 200, 200, 403, 403,
    ),
    "/staff/governance/monitoring/board-report.pdf": (
        302, 403, 200, 200, 403, 200, 200, 403, 403,
    ),
    # Only information governance answers a subject-access request.
    "/staff/governance/subject-access/": (302, 403, 403, 403, 403, 403, 200, 403, 403),
    # Only information governance read what the retention schedule has due and has removed.
    "/staff/governance/retention/": (302, 403, 403, 403, 403, 403, 200, 403, 403),
    # Read and file: the services' managers and decision makers log what the person sends
    # (so does the named reader, who is none of these); whoever opens the restriction reads
    # each item and downloads its attachments.
    "/staff/restrictions/{routed}/correspondence/new/": (
        302, 404, 404, 200, 200, 403, 403, 403, 403,
    ),
    "/staff/correspondence/{item}/": (302, 404, 404, 200, 200, 200, 200, 403, 403),
    "/staff/correspondence/{item}/attachments/{attachment}/": (
        302, 404, 404, 200, 200, 200, 200, 403, 403,
    ),
}  # fmt: skip

# Only health and safety approve markers: every other role is refused whatever the marker,
# which says nothing about whether it exists.
POST_MATRIX = {
    "/staff/customers/markers/{marker}/approve/": (302, 403, 403, 403, 403, 302, 403, 403, 403),
    "/staff/reasons-given/{grant}/reviewed/": (302, 403, 403, 403, 403, 403, 302, 403, 403),
    # With nothing listed first, the officer is sent back to find the person.
    "/staff/governance/subject-access/export/": (302, 403, 403, 403, 403, 403, 302, 403, 403),
    # Only the named reader records the reading: nobody in these columns is that person.
    "/staff/correspondence/{item}/": (302, 404, 404, 403, 403, 403, 403, 403, 403),
    # Only the managers who issue the letter record that they posted it; an empty form is
    # answered with its errors.
    "/staff/letters/{letter}/posted/": (302, 404, 404, 400, 403, 403, 403, 403, 403),
}  # fmt: skip


@pytest.fixture
def world():
    """One incident in one service, with its customer, evidence and a pending marker."""
    service = ServiceAreaFactory(name="Housing")
    other = ServiceAreaFactory(name="Libraries")
    reporter = UserFactory(username="reporter", roles=["Staff"])
    # A surname that no page's own words contain, so that finding it means the page
    # named the person (a generated one was once "Page", as in "Page not found").
    person = CustomerFactory(first_name="Morwenna", last_name="Trevethick")
    incident = IncidentFactory(customer=person, service_area=service, reported_by=reporter)
    evidence = Evidence(
        incident=incident,
        original_name="note.txt",
        content_type="text/plain",
        size=5,
        # Downloads check the stored bytes against this.
        sha256=hashlib.sha256(b"hello").hexdigest(),
        uploaded_by=reporter,
    )
    evidence.file.save("note.txt", ContentFile(b"hello"), save=True)
    same = manager_of(service, "manager_same")
    marker = CautionMarker.objects.create(
        customer=incident.customer,
        incident=incident,
        severity="low",
        safety_advice="Visit in pairs.",
        reasons="Threats recorded in the incident.",
        set_by=same,
        review_date=(timezone.now() + timezone.timedelta(days=60)).date(),
        person_told=True,
        told_on=timezone.now().date(),
    )
    users = {
        "anonymous": None,
        "staff": UserFactory(username="staff", roles=["Staff"]),
        "manager_other": manager_of(other, "manager_other"),
        "manager_same": same,
        "decision_maker": UserFactory(username="dm", roles=["Decision maker"]),
        "health_safety": UserFactory(username="hs", roles=["Health and safety"]),
        "info_governance": UserFactory(username="ig", roles=["Information governance"]),
        "comms_editor": UserFactory(username="comms", roles=["Comms editor"]),
        "policy_approver": UserFactory(username="approver", roles=["Policy approver"]),
    }
    restriction = RestrictionFactory(
        customer=incident.customer,
        status="proposed",
        proposed_by=same,
        decision="",
        decided_by=None,
        decided_at=None,
        incidents=[incident],
    )
    active = RestrictionFactory(customer=incident.customer, incidents=[incident])
    routed = RestrictionFactory(
        customer=incident.customer,
        incidents=[incident],
        types=[RestrictionType.objects.get(name="Settled matter: read and filed")],
        reader=UserFactory(username="reader", roles=["Staff"]),
    )
    item = ContactItemFactory(restriction=routed, logged_by=same)
    attachment = ContactAttachment(
        item=item,
        original_name="letter.txt",
        content_type="text/plain",
        size=5,
        # Downloads check the stored bytes against this.
        sha256=hashlib.sha256(b"hello").hexdigest(),
        uploaded_by=same,
    )
    attachment.file.save("letter.txt", ContentFile(b"hello"), save=True)
    cite_policy()
    with patch("reporting.letters.services.render_letter_pdf", return_value=b"%PDF-1.7 letter\n"):
        letter = issue_letter(LetterType.RESTRICTION, by=same, restriction=active)
    request = {
        "restriction": active,
        "by": same,
        "received_on": timezone.localdate(),
        "received_how": "letter",
        "requested_by": "customer",
        "grounds": "I was only asking about my repair.",
        "late_reason": "Accepted although late.",
    }
    reconsidered = decide_reconsideration(
        reconsideration=record_reconsideration(**request),
        by=users["decision_maker"],
        outcome="upheld",
        reasons="The grounds raise nothing new.",
        role="Head of Legal Services",
    )
    reconsideration = record_reconsideration(**request)
    grant = DetailGrant.objects.create(
        customer=incident.customer,
        granted_to=same,
        reason="Checking the housing history before a home visit.",
        expires_at=timezone.now(),
    )
    ids = {
        "grant": grant.pk,
        "active": active.reference,
        "reconsideration": reconsideration.reference,
        "reconsidered": reconsidered.reference,
        "letter": letter.reference,
        "restriction": restriction.reference,
        "incident": incident.reference,
        "customer": incident.customer.reference,
        "evidence": evidence.pk,
        "marker": marker.pk,
        "routed": routed.reference,
        "item": item.reference,
        "attachment": attachment.pk,
    }
    return users, ids, incident


def _ask(client, user, method, url):
    client.logout()
    if user is not None:
        client.force_login(user)
    return getattr(client, method)(url)


@pytest.mark.parametrize("template", list(MATRIX))
def test_every_role_gets_the_expected_answer(client, world, template):
    users, ids, incident = world
    url = template.format(**ids)
    got = {who: _ask(client, users[who], "get", url).status_code for who in WHO}
    assert got == dict(zip(WHO, MATRIX[template], strict=True))


@pytest.mark.parametrize("template", list(POST_MATRIX))
def test_every_role_gets_the_expected_answer_to_a_post(client, world, template):
    users, ids, incident = world
    url = template.format(**ids)
    got = {}
    for who in WHO:
        got[who] = _ask(client, users[who], "post", url).status_code
    assert got == dict(zip(WHO, POST_MATRIX[template], strict=True))


@pytest.mark.parametrize("template", [t for t in MATRIX if "{" in t])
def test_a_refused_record_never_shows_the_persons_name(client, world, template):
    users, ids, incident = world
    url = template.format(**ids)
    name = incident.customer.last_name.encode()
    for who in ("staff", "manager_other"):
        response = _ask(client, users[who], "get", url)
        assert response.status_code == 404
        assert name not in response.content


# A manager of a second service that has also seen the person reaches the record, but
# reads the first service's records only after giving a reason.
OTHER_SERVICES_RECORDS = (
    "/staff/incidents/{incident}/",
    "/staff/incidents/{incident}/evidence/{evidence}/",
    "/staff/customers/markers/{marker}/reasons/",
    "/staff/restrictions/{restriction}/",
    "/staff/restrictions/{active}/",
    "/staff/letters/{letter}/",
    "/staff/letters/{letter}/pdf/",
)


@pytest.fixture
def second_service(world):
    users, ids, incident = world
    libraries = ServiceArea.objects.get(name="Libraries")
    IncidentFactory(customer=incident.customer, service_area=libraries, reported_by=users["staff"])
    return users["manager_other"], ids


@pytest.mark.parametrize("template", OTHER_SERVICES_RECORDS)
def test_another_services_records_open_only_with_a_reason(client, second_service, template):
    manager, ids = second_service
    url = template.format(**ids)
    client.force_login(manager)
    assert client.get(f"/staff/customers/{ids['customer']}/").status_code == 200
    assert client.get(url).status_code == 404
    response = client.post(
        f"/staff/customers/{ids['customer']}/read-in-full/",
        {"reason": "A safeguarding referral names this person; checking the history."},
    )
    assert response.status_code == 302
    assert client.get(url).status_code == 200


def test_a_reason_given_lets_a_manager_read_another_services_letter_never_issue_it(
    client, second_service
):
    manager, ids = second_service
    url = f"/staff/letters/new/restriction/{ids['active']}/"
    client.force_login(manager)
    assert client.get(url).status_code == 404
    client.post(
        f"/staff/customers/{ids['customer']}/read-in-full/",
        {"reason": "A safeguarding referral names this person; checking the history."},
    )
    assert client.get(url).status_code == 403
