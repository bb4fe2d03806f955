from django.apps import AppConfig


class IncidentsConfig(AppConfig):
    name = "reporting.incidents"
    label = "incidents"
    verbose_name = "Incidents"

    def ready(self):
        # An incident links a person to a service: its managers may open the person's
        # record, and a merge moves the incidents to the record that stays.
        from reporting.access.permissions import register_customer_reach
        from reporting.customers.merging import register_moved_records

        from .models import Incident
        from .selectors import manager_reaches_customer

        register_customer_reach(manager_reaches_customer)
        register_moved_records("incidents", Incident)
