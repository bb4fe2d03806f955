"""The demo restriction, with the warning that came first: the warning was given in
person at the counter months ago; the restriction was proposed this morning and decided
just now, relying on the policy as published today, and binds the person from the day
its letter is issued. Everything here is invented."""

from datetime import timedelta

from django.utils import timezone

from home.dates import long_date
from policy_pages.models import RestrictionType
from policy_pages.versions import cited_policy_version
from reporting.access.models import ServiceArea
from reporting.customers.demo import demo_customers
from reporting.incidents.demo import earlier_incidents

from .enums import Decision, RestrictionStatus, Scope, WarningChannel
from .models import CustomerWarning, Restriction
from .services.decisions import default_review_date


def load(context):
    if Restriction.objects.exists():
        return
    customer = demo_customers()[0]
    housing = ServiceArea.objects.get(name="Housing")
    manager = context.user("housing.manager")
    decider = context.user("decision.maker")
    first, second = earlier_incidents()
    now = timezone.now()
    today = timezone.localdate()
    warning = CustomerWarning.objects.create(
        customer=customer,
        behaviour=f"On {long_date(first.occurred_at.date())}, on a visit to the Civic Offices, "
        "you hit the counter screen and told our officer that you knew where she parked her "
        "car.",
        change_expected="Speak to our staff without threats, and leave the building when asked.",
        consequences="We may limit the ways you can contact us, for a set time.",
        channel=WarningChannel.IN_PERSON,
        given_on=today - timedelta(days=105),
        given_by=manager,
        recorded_at=now - timedelta(days=105),
    )
    warning.incidents.set([first])
    restriction = Restriction.objects.create(
        customer=customer,
        status=RestrictionStatus.DECIDED,
        concern="abusive",
        scope=Scope.SERVICE,
        arrangements="Write to the housing team at the Civic Offices, or e-mail "
        "housing@fernhollow.example. We answer within ten working days. No telephone calls "
        "or visits to the housing desk, except in an emergency.",
        named_contact="Housing team leader (housing@fernhollow.example)",
        essential_services="Emergency repairs: call 01632 960 100 at any hour. Anything about "
        "your safety: call 999.",
        behaviour=f"On {long_date(second.occurred_at.date())}, after our warning, you called "
        "the housing line nine times in two hours about a repair that already had a date, "
        "and shouted at each officer who answered.",
        reasons="The behaviour went on after a warning given in person and is wearing down a "
        "small team. Written contact lets us answer you properly while keeping staff safe.",
        checks_made="The repair complaint was answered at both stages; the repair is booked. "
        "Nothing new has been raised.",
        needs_considered="We asked about needs and adjustments at the warning; none were given.",
        alternatives="A meeting with the team leader was offered and refused. Written contact "
        "is the lightest step that stops the calls.",
        staff_told="Housing officers and the reception team; noted on the customer record.",
        reconsideration_contact="The Director of Corporate Services",
        warning=warning,
        starts_on=today,
        review_on=default_review_date(today),
        proposed_by=manager,
        proposed_at=now - timedelta(hours=3),
        decision=Decision.APPROVED,
        decided_by=decider,
        decided_by_role="Head of Legal Services",
        decided_at=now,
        policy_version=cited_policy_version(),
        decision_reasons="Proportionate: repairs and emergencies stay open by phone, and the "
        "limit is reviewed in three months.",
    )
    restriction.types.set(RestrictionType.objects.filter(name__icontains="writing")[:1])
    restriction.service_areas.set([housing])
    restriction.incidents.set([first, second])
    context.report(
        f"created restriction {restriction.reference}, decided and waiting for its letter"
    )
