"""`make bench`: issuing a letter — fill in the template, render the tagged PDF, store it.

``bench_letter_issue(measure, count)`` sets up what a letter needs (a published policy
that the council's settings cite, a manager, a customer and a restriction in force) with
plain ORM calls, then times ``issue_letter`` with run_bench's ``measure``. The PDFs it
stores are removed afterwards; the letter rows go with the benchmark's database.
"""

import datetime

LABEL = "letter issue (render, PDF, store)"


def _policy_page():
    from wagtail.models import Page

    from policy_pages.models import PolicyPage

    home = Page.objects.get(depth=2)
    page = PolicyPage(
        title="Unacceptable behaviour policy",
        slug="bench-behaviour-policy",
        live=False,
        body=[{"type": "paragraph", "value": "<p>How we respond to unacceptable behaviour.</p>"}],
    )
    home.add_child(instance=page)
    page = PolicyPage.objects.get(pk=page.pk)
    page.change_note = "First published."
    page.save_revision().publish()
    return PolicyPage.objects.get(pk=page.pk)


def _council(policy):
    from home.models import CouncilSettings, ReconsiderationSettings

    council = CouncilSettings.load()
    council.name = "Fernhollow District Council"
    council.address = "Civic Offices\nMarket Street\nFernhollow\nFH1 2AB"
    council.telephone = "01632 960123"
    council.email = "customer.relations@fernhollow.example"
    council.letterhead_details = "Customer Relations Team"
    council.cited_policy_page = policy
    council.save()
    wording = ReconsiderationSettings.load()
    wording.contact = "Customer Relations, Civic Offices, Market Street, Fernhollow"
    wording.decision_maker_roles = "Head of Legal Services"
    wording.save()


def _restriction():
    from django.contrib.auth.models import Group
    from django.utils import timezone

    from home.models import User
    from policy_pages.models import RestrictionType
    from reporting.access.models import ServiceArea
    from reporting.customers.models import Customer
    from reporting.incidents.enums import BehaviourKind, Channel, LocationKind
    from reporting.incidents.models import BehaviourCategory, Incident
    from reporting.restrictions.enums import Decision, RestrictionStatus, Scope
    from reporting.restrictions.models import Restriction

    area, _ = ServiceArea.objects.get_or_create(name="Housing")
    manager = User.objects.create(username="bench.letters.manager", first_name="Alex")
    manager.groups.add(Group.objects.get(name="Manager"))
    area.managers.add(manager)
    decider = User.objects.create(username="bench.letters.decider")
    decider.groups.add(Group.objects.get(name="Decision maker"))
    # Someone else reports it: filing a report never lets its author open the record.
    reporter = User.objects.create(username="bench.letters.staff")
    reporter.groups.add(Group.objects.get(name="Staff"))
    customer = Customer.objects.create(
        first_name="Morwenna",
        last_name="Pascoe",
        address="4 Quarry Lane\nFernhollow",
        postcode="FH3 9QT",
    )
    incident = Incident.objects.create(
        reported_by=reporter,
        customer=customer,
        occurred_at=timezone.now() - datetime.timedelta(days=20),
        service_area=area,
        location_kind=LocationKind.SITE,
        site="Civic Offices reception",
        channel=Channel.FACE_TO_FACE,
        description="Shouted at the receptionist and refused to leave.",
    )
    incident.categories.set([BehaviourCategory.objects.order_by("pk").first()])
    today = timezone.localdate()
    restriction = Restriction.objects.create(
        customer=customer,
        status=RestrictionStatus.ACTIVE,
        concern=BehaviourKind.ABUSIVE,
        scope=Scope.SERVICE,
        arrangements="Write to the housing team at housing@fernhollow.example. Please do not "
        "telephone; we will reply in writing within ten working days.",
        named_contact="Housing team leader, housing@fernhollow.example",
        essential_services="Report a housing emergency on 01632 960000 at any time, day or "
        "night. For anything urgent about your safety, call 999.",
        behaviour="On 3 March you shouted at the receptionist at the Civic Offices and would "
        "not leave when asked. On 10 March you called the housing team eleven times.",
        reasons="The behaviour continued after our written warning of 2 February, and it "
        "left staff frightened. Limiting contact to writing lets us keep helping you.",
        checks_made="The repairs complaint was answered in full; nothing new was raised.",
        needs_considered="No needs are recorded; we asked and none were given.",
        alternatives="A meeting was offered and declined; writing is the lightest limit.",
        staff_told="Housing officers and reception; noted on the customer record.",
        reconsideration_contact="the Director of Corporate Services",
        starts_on=today - datetime.timedelta(days=5),
        review_on=today + datetime.timedelta(days=85),
        proposed_by=manager,
        decision=Decision.APPROVED,
        decided_by=decider,
        decided_at=timezone.now(),
        decision_reasons="Proportionate; essential services stay open.",
        decided_by_role="Head of Legal Services",
    )
    restriction.types.set(RestrictionType.objects.order_by("sort_order")[:2])
    restriction.service_areas.set([area])
    restriction.incidents.set([incident])
    return restriction, manager


def bench_letter_issue(measure, count):
    """Time issuing a restriction letter, end to end; print and return run_bench's row."""
    from reporting.letters.enums import LetterType
    from reporting.letters.models import Letter
    from reporting.letters.services import issue_letter

    _council(_policy_page())
    restriction, manager = _restriction()
    first_pk = (Letter.objects.order_by("-pk").values_list("pk", flat=True).first()) or 0

    def issue():
        issue_letter(LetterType.RESTRICTION, restriction=restriction, by=manager)

    try:
        return measure(LABEL, issue, count)
    finally:
        for letter in Letter.objects.filter(pk__gt=first_pk):
            letter.pdf.storage.delete(letter.pdf.name)
