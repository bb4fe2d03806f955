from django.apps import AppConfig


class CustomersConfig(AppConfig):
    name = "reporting.customers"
    label = "customers"
    verbose_name = "Customers"

    def ready(self):
        # A manager's stated reason to read a record in full widens what they read.
        from reporting.access.permissions import register_detail_grants

        from .selectors import granted_customer_ids

        register_detail_grants(granted_customer_ids)
