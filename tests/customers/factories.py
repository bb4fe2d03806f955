"""Factories for the customers app."""

import factory

from reporting.customers.models import Customer


class CustomerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Customer

    first_name = factory.Faker("first_name", locale="en_GB")
    last_name = factory.Faker("last_name", locale="en_GB")
    postcode = factory.Faker("postcode", locale="en_GB")
    # Letters go by post unless the person prefers e-mail: a record has somewhere to send them.
    address = factory.Faker("street_address", locale="en_GB")
