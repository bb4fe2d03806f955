from django.apps import AppConfig


class RestrictionsConfig(AppConfig):
    name = "reporting.restrictions"
    label = "restrictions"
    verbose_name = "Restrictions"
