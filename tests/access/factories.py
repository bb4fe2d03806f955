"""Factories for the access app: service areas and the managers who run them."""

import factory

from reporting.access.models import ServiceArea
from tests.factories import UserFactory


class ServiceAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceArea
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Service {n}")


def manager_of(area, username=None):
    """A member of the Manager group who manages ``area``."""
    user = UserFactory(username=username or f"manager-{area.pk}", roles=["Manager"])
    area.managers.add(user)
    return user
