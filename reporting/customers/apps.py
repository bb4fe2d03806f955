from django.apps import AppConfig


class CustomersConfig(AppConfig):
    name = "reporting.customers"
    label = "customers"
    verbose_name = "Customers"
