from django.apps import AppConfig


class MarkersConfig(AppConfig):
    name = "reporting.markers"
    label = "markers"
    verbose_name = "Caution markers"
