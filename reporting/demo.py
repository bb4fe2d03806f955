"""Demo records for the staff area: service areas, customers and incidents in several states.

Everyone and everything here is invented. Loaded by `manage.py load_demo_content`.
"""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from home.demo.content import DEMO_NAMES
from reporting.enums import Channel, IncidentStatus, LocationKind, Role
from reporting.models import BehaviourCategory, Customer, FollowUp, Incident, ServiceArea

SERVICE_AREAS = [
    "Housing",
    "Council tax and benefits",
    "Waste and recycling",
    "Planning",
    "Libraries",
]

# Which demo account manages which service areas.
MANAGERS = {
    "housing.manager": ["Housing", "Council tax and benefits"],
    "waste.manager": ["Waste and recycling", "Planning", "Libraries"],
}

CUSTOMERS = [
    ("Gordon", "Hale", "FH2 7JB"),
    ("Maureen", "Tilsley", "FH1 3AD"),
    ("Declan", "Voss", "FH4 9QP"),
    ("Carys", "Fenwick", "FH3 2LN"),
]

# (customer index or None, service, days ago, channel, categories, status, description, flags)
INCIDENTS = [
    (
        0,
        "Housing",
        2,
        Channel.FACE_TO_FACE,
        ["Verbal abuse or intimidation", "Threats"],
        IncidentStatus.NEW,
        "Raised his voice at the housing desk about a repair, swore at the officer and said he "
        "would be waiting outside for her.",
        {"violence": False, "police_informed": False},
    ),
    (
        0,
        "Housing",
        20,
        Channel.PHONE,
        ["Very frequent contact"],
        IncidentStatus.UNDER_REVIEW,
        "Phoned eleven times in one morning about the same repair, which already has a date.",
        {},
    ),
    (
        1,
        "Council tax and benefits",
        9,
        Channel.EMAIL,
        ["Discriminatory remarks"],
        IncidentStatus.UNDER_REVIEW,
        "Sent an e-mail mocking an officer's accent and saying people like her should not work "
        "for the council.",
        {"protected_characteristics": ["race"]},
    ),
    (
        2,
        "Waste and recycling",
        5,
        Channel.SOCIAL_MEDIA,
        ["Abuse online or on social media"],
        IncidentStatus.NEW,
        "Posted a photo of a named crew member on a local group with insulting comments.",
        {},
    ),
    (
        None,
        "Libraries",
        30,
        Channel.FACE_TO_FACE,
        ["Violence or physical contact"],
        IncidentStatus.CLOSED,
        "A visitor pushed a library assistant who asked him to lower his voice, then left.",
        {
            "violence": True,
            "injury": True,
            "police_informed": True,
            "crime_reference": "FH/2611/0042",
        },
    ),
    (
        3,
        "Planning",
        12,
        Channel.LETTER,
        ["Repeating a settled matter", "Unreasonable demands"],
        IncidentStatus.CLOSED,
        "Fifth letter this month reopening a planning decision that went to appeal last year.",
        {},
    ),
]


def load(*, password, report):
    """Create what is missing; ``report`` is told each change. Returns nothing."""
    areas = {}
    for name in SERVICE_AREAS:
        areas[name], created = ServiceArea.objects.get_or_create(name=name)
        if created:
            report(f"created the service area {name}")

    User = get_user_model()
    managers = Group.objects.get(name=Role.MANAGER)
    for username, names in MANAGERS.items():
        user = User.objects.filter(username=username).first()
        if user is None:
            first_name, last_name = DEMO_NAMES.get(username, (username.title(), "Demo"))
            user = User(
                username=username,
                email=f"{username}@fernhollow.example",
                first_name=first_name,
                last_name=last_name,
            )
            user.set_password(password)
            user.save()
            report(f"created the account {username}")
        user.groups.add(managers)
        for name in names:
            areas[name].managers.add(user)

    if Incident.objects.exists():
        return
    reporter = User.objects.get(username="frontline")
    customers = []
    for first, last, postcode in CUSTOMERS:
        customers.append(
            Customer.objects.create(
                first_name=first, last_name=last, postcode=postcode, created_by=reporter
            )
        )
    now = timezone.now()
    for customer_index, area, days_ago, channel, categories, status, text, flags in INCIDENTS:
        incident = Incident.objects.create(
            reported_by=reporter,
            customer=customers[customer_index] if customer_index is not None else None,
            unknown_person_description=""
            if customer_index is not None
            else "Man in his forties, grey coat, did not give a name.",
            occurred_at=now - timedelta(days=days_ago, hours=3),
            service_area=areas[area],
            location_kind=LocationKind.REMOTE
            if channel in (Channel.PHONE, Channel.EMAIL, Channel.SOCIAL_MEDIA, Channel.LETTER)
            else LocationKind.SITE,
            site="" if channel != Channel.FACE_TO_FACE else "Civic Offices reception",
            channel=channel,
            description=text,
            status=status,
            **flags,
        )
        incident.categories.set(BehaviourCategory.objects.filter(name__in=categories))
        if status != IncidentStatus.NEW:
            FollowUp.objects.create(
                incident=incident,
                wellbeing_meeting_on=(now - timedelta(days=max(days_ago - 1, 0))).date(),
                support_agreed="Talked it through; offered the employee assistance programme.",
                outcome="Closed after a warning letter."
                if status == IncidentStatus.CLOSED
                else "",
                recorded_by=User.objects.get(username="housing.manager"),
            )
    report(f"created {len(CUSTOMERS)} customers and {len(INCIDENTS)} incidents")
    load_restriction(customers[0], areas["Housing"], report=report)


def load_restriction(customer, housing, *, report):
    """A restriction decided three months ago and now due for review, with the warning
    that came first and both letters, issued as a manager would have issued them."""
    from reporting.models import CustomerWarning, LetterType, Restriction, RestrictionType
    from reporting.models.restrictions import (
        Decision,
        RestrictionStatus,
        Scope,
        WarningChannel,
    )
    from reporting.services.letters import issue_letter

    User = get_user_model()
    manager = User.objects.get(username="housing.manager")
    decider = User.objects.get(username="decision.maker")
    reporter = User.objects.get(username="frontline")
    now = timezone.now()
    today = timezone.localdate()
    first = Incident.objects.create(
        reported_by=reporter,
        customer=customer,
        occurred_at=now - timedelta(days=110, hours=2),
        service_area=housing,
        location_kind=LocationKind.SITE,
        site="Civic Offices reception",
        channel=Channel.FACE_TO_FACE,
        description="Thumped the counter screen and told the officer he knew where she parked.",
        status=IncidentStatus.CLOSED,
    )
    first.categories.set(BehaviourCategory.objects.filter(name__in=["Threats"]))
    second = Incident.objects.create(
        reported_by=reporter,
        customer=customer,
        occurred_at=now - timedelta(days=98, hours=4),
        service_area=housing,
        location_kind=LocationKind.REMOTE,
        channel=Channel.PHONE,
        description="Called the housing line nine times in two hours about the same repair "
        "and shouted at each officer who answered.",
        status=IncidentStatus.CLOSED,
    )
    second.categories.set(
        BehaviourCategory.objects.filter(
            name__in=["Very frequent contact", "Verbal abuse or intimidation"]
        )
    )
    warning = CustomerWarning.objects.create(
        customer=customer,
        behaviour="On a visit to the Civic Offices you hit the counter screen and told our "
        "officer that you knew where she parked her car.",
        change_expected="Speak to our staff without threats, and leave the building when asked.",
        consequences="We may limit the ways you can contact us, for a set time.",
        channel=WarningChannel.LETTER,
        given_on=today - timedelta(days=105),
        given_by=manager,
        recorded_at=now - timedelta(days=105),
    )
    warning.incidents.set([first])
    restriction = Restriction.objects.create(
        customer=customer,
        status=RestrictionStatus.ACTIVE,
        concern="abusive",
        scope=Scope.SERVICE,
        arrangements="Write to the housing team at the Civic Offices, or e-mail "
        "housing@fernhollow.example. We answer within ten working days. No telephone calls "
        "or visits to the housing desk, except in an emergency.",
        named_contact="Housing team leader (housing@fernhollow.example)",
        essential_services="Emergency repairs: call 01632 960 100 at any hour. Anything about "
        "your safety: call 999.",
        behaviour="After our warning you called the housing line nine times in two hours "
        "about a repair that already had a date, and shouted at each officer who answered.",
        reasons="The behaviour went on after a written warning and is wearing down a small "
        "team. Written contact lets us answer you properly while keeping staff safe.",
        checks_made="The repair complaint was answered at both stages; the repair is booked. "
        "Nothing new has been raised.",
        needs_considered="We asked about needs and adjustments at the warning; none were given.",
        alternatives="A meeting with the team leader was offered and refused. Written contact "
        "is the lightest step that stops the calls.",
        staff_told="Housing officers and the reception team; noted on the customer record.",
        reconsideration_contact="The Director of Corporate Services",
        warning=warning,
        starts_on=today - timedelta(days=92),
        review_on=today + timedelta(days=3),
        proposed_by=manager,
        proposed_at=now - timedelta(days=94),
        decision=Decision.APPROVED,
        decided_by=decider,
        decided_at=now - timedelta(days=93),
        decision_reasons="Proportionate: repairs and emergencies stay open by phone, and the "
        "limit is reviewed in three months.",
    )
    restriction.types.set(RestrictionType.objects.filter(name__icontains="writing")[:1])
    restriction.service_areas.set([housing])
    restriction.incidents.set([first, second])
    issue_letter(LetterType.WARNING, by=manager, warning=warning)
    issue_letter(LetterType.RESTRICTION, by=manager, restriction=restriction)
    report(f"created restriction {restriction.reference}, due for review, with its letters")


def load_authenticators(*, key_hex, report):
    """Give each demo account that needs a second factor an authenticator with ``key_hex``.

    One known key for every account, so a developer adds it to an app once.
    """
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from reporting import two_factor

    User = get_user_model()
    for user in User.objects.filter(groups__name__in=two_factor.ROLES).distinct():
        if two_factor.confirmed_authenticator(user) is not None:
            continue
        TOTPDevice.objects.create(
            user=user, name=two_factor.AUTHENTICATOR_NAME, key=key_hex, confirmed=True
        )
        report(f"set up the demo authenticator for {user.username}")
