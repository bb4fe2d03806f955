from django.apps import AppConfig


class StaffConfig(AppConfig):
    name = "reporting.staff"
    label = "staff"
    verbose_name = "Staff area"
