from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "reporting.access"
    label = "access"
    verbose_name = "Staff access"
