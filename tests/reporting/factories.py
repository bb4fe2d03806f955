"""Factories for the staff side: service areas, customers, incidents and staff in roles."""

import factory
from django.utils import timezone

from reporting.enums import Channel, LocationKind
from reporting.models import BehaviourCategory, Customer, Incident, ServiceArea
from tests.factories import UserFactory


class ServiceAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceArea
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Service {n}")


class CustomerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Customer

    first_name = factory.Faker("first_name", locale="en_GB")
    last_name = factory.Faker("last_name", locale="en_GB")
    postcode = factory.Faker("postcode", locale="en_GB")


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


def manager_of(area, username=None):
    """A member of the Manager group who manages ``area``."""
    user = UserFactory(username=username or f"manager-{area.pk}", roles=["Manager"])
    area.managers.add(user)
    return user
