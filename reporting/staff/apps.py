from django.apps import AppConfig


class StaffConfig(AppConfig):
    name = "reporting.staff"
    label = "staff"
    verbose_name = "Staff area"

    def ready(self):
        from . import policy_notice  # noqa: F401  (hears of new policy versions)
