"""The demo council's incidents, in several states, and the two earlier ones the demo
restriction relies on. Everything here is invented."""

from datetime import timedelta

from django.utils import timezone

from reporting.access.models import ServiceArea
from reporting.customers.demo import demo_customers

from . import tallies
from .enums import Channel, IncidentStatus, LocationKind
from .models import BehaviourCategory, FollowUp, Incident

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


# The two incidents behind the demo restriction (reported before its warning and its
# decision), about the first demo customer: (days ago, place, channel, categories, text).
EARLIER = [
    (
        110,
        LocationKind.SITE,
        Channel.FACE_TO_FACE,
        ["Threats"],
        "Thumped the counter screen and told the officer he knew where she parked.",
    ),
    (
        98,
        LocationKind.REMOTE,
        Channel.PHONE,
        ["Very frequent contact", "Verbal abuse or intimidation"],
        "Called the housing line nine times in two hours about the same repair "
        "and shouted at each officer who answered.",
    ),
]


def load(context):
    if Incident.objects.exists():
        return
    customers = demo_customers()
    areas = {area.name: area for area in ServiceArea.objects.all()}
    reporter = context.user("frontline")
    manager = context.user("housing.manager")
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
                recorded_by=manager,
            )
    for days_ago, place, channel, categories, text in EARLIER:
        incident = Incident.objects.create(
            reported_by=reporter,
            customer=customers[0],
            occurred_at=now - timedelta(days=days_ago, hours=2),
            service_area=areas["Housing"],
            location_kind=place,
            site="Civic Offices reception" if place == LocationKind.SITE else "",
            channel=channel,
            description=text,
            status=IncidentStatus.CLOSED,
        )
        incident.categories.set(BehaviourCategory.objects.filter(name__in=categories))
    # Waste and recycling has seen the first person too: its manager reaches his record,
    # but reads Housing's records about him only after giving a reason.
    kerbside = Incident.objects.create(
        reported_by=reporter,
        customer=customers[0],
        occurred_at=now - timedelta(days=6, hours=1),
        service_area=areas["Waste and recycling"],
        location_kind=LocationKind.ELSEWHERE,
        site="Outside his home, on the collection round",
        channel=Channel.FACE_TO_FACE,
        description="Swore at the crew after a missed collection and blocked the lorry "
        "for ten minutes; the crew stayed in the cab and drove on once he moved.",
        status=IncidentStatus.NEW,
    )
    kerbside.categories.set(BehaviourCategory.objects.filter(name="Verbal abuse or intimidation"))
    tallies.recount()  # monitoring's monthly counts, made once for them all
    context.report(f"created {len(INCIDENTS) + len(EARLIER) + 1} incidents")


def earlier_incidents():
    """The two incidents the demo restriction relies on, oldest first."""
    return [Incident.objects.get(description=text) for *_, text in EARLIER]
