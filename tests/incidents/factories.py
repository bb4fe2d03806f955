"""Factories for the incidents app."""

import factory
from django.utils import timezone

from reporting.incidents import tallies
from reporting.incidents.enums import Channel, LocationKind
from reporting.incidents.models import BehaviourCategory, Incident
from tests.access.factories import ServiceAreaFactory
from tests.customers.factories import CustomerFactory
from tests.factories import UserFactory


class IncidentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Incident
        skip_postgeneration_save = True

    reported_by = factory.SubFactory(UserFactory, roles=["Staff"])
    customer = factory.SubFactory(CustomerFactory)
    occurred_at = factory.LazyFunction(lambda: timezone.now() - timezone.timedelta(hours=2))
    service_area = factory.SubFactory(ServiceAreaFactory)
    location_kind = LocationKind.SITE
    site = "Civic Offices reception"
    channel = Channel.FACE_TO_FACE
    description = "Shouted at the receptionist and refused to leave."

    @factory.post_generation
    def categories(self, create, extracted, **kwargs):
        chosen = extracted or [BehaviourCategory.objects.order_by("pk").first()]
        self.categories.set(chosen)
        if create:  # counted for monitoring, as a reported incident is
            tallies.count_reported(self, [category.pk for category in chosen if category])
