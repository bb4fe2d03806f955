"""Factories for the restrictions app: warnings given and restrictions in force."""

import factory
from django.utils import timezone

from policy_pages.models import RestrictionType
from reporting.incidents.enums import BehaviourKind
from reporting.restrictions.enums import (
    ContactChannel,
    Decision,
    RestrictionStatus,
    Scope,
    WarningChannel,
)
from reporting.restrictions.models import ContactItem, CustomerWarning, Restriction
from tests.customers.factories import CustomerFactory
from tests.factories import UserFactory


class CustomerWarningFactory(factory.django.DjangoModelFactory):
    """A warning given on one of the customer's incidents."""

    class Meta:
        model = CustomerWarning
        skip_postgeneration_save = True

    customer = factory.SubFactory(CustomerFactory)
    behaviour = "On 3 March you shouted at staff at the Civic Offices and would not leave."
    change_expected = "Speak to staff calmly and leave when asked."
    consequences = "We may limit how you can contact us."
    channel = WarningChannel.LETTER
    given_on = factory.LazyFunction(lambda: timezone.localdate() - timezone.timedelta(days=30))
    given_by = factory.SubFactory(UserFactory, roles=["Manager"])

    @factory.post_generation
    def incidents(self, create, extracted, **kwargs):
        # By default it rests on the incidents already recorded about the person, as a
        # real one must: those say which services hold it.
        if extracted is None:
            extracted = list(self.customer.incidents.all())
        self.incidents.set(extracted)


class RestrictionFactory(factory.django.DjangoModelFactory):
    """A restriction in force, decided by a decision maker, relying on one incident."""

    class Meta:
        model = Restriction
        skip_postgeneration_save = True

    customer = factory.SubFactory(CustomerFactory)
    status = RestrictionStatus.ACTIVE
    concern = BehaviourKind.ABUSIVE
    scope = Scope.SERVICE
    arrangements = "Write to the housing team; no telephone calls."
    named_contact = "Housing team leader, housing@fernhollow.example"
    essential_services = "Report a housing emergency on 01632 960000 at any time."
    behaviour = "On 3 March you shouted at staff at the Civic Offices."
    reasons = "The behaviour continued after a written warning."
    checks_made = "The repairs complaint was answered in full; nothing new has been raised."
    needs_considered = "No needs are recorded; we asked and none were given."
    alternatives = "A meeting was offered and declined; written contact is the least limit."
    staff_told = "Housing officers and reception; noted on the customer record."
    reconsideration_contact = "The Director of Corporate Services"
    starts_on = factory.LazyFunction(lambda: timezone.localdate() - timezone.timedelta(days=10))
    review_on = factory.LazyFunction(lambda: timezone.localdate() + timezone.timedelta(days=80))
    proposed_by = factory.SubFactory(UserFactory, roles=["Manager"])
    decision = Decision.APPROVED
    decided_by = factory.SubFactory(UserFactory, roles=["Decision maker"])
    decided_at = factory.LazyFunction(timezone.now)
    decision_reasons = "Proportionate to the behaviour; essential services stay open."
    decided_by_role = "Head of Legal Services"

    @factory.post_generation
    def types(self, create, extracted, **kwargs):
        chosen = extracted or [RestrictionType.objects.order_by("sort_order").first()]
        self.types.set(chosen)

    @factory.post_generation
    def incidents(self, create, extracted, **kwargs):
        # By default it rests on the incidents already recorded about the person, as a
        # real one must: those say which services hold it.
        if extracted is None:
            extracted = list(self.customer.incidents.all())
        self.incidents.set(extracted)


class ContactItemFactory(factory.django.DjangoModelFactory):
    """An unread item the person sent under a read-and-file restriction."""

    class Meta:
        model = ContactItem

    restriction = factory.SubFactory(RestrictionFactory)
    received_on = factory.LazyFunction(timezone.localdate)
    channel = ContactChannel.LETTER
    summary = "Another letter about the settled repairs complaint; nothing new in it."
    logged_by = factory.SubFactory(UserFactory, roles=["Manager"])
