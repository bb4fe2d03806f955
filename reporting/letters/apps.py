from django.apps import AppConfig


class LettersConfig(AppConfig):
    name = "reporting.letters"
    label = "letters"
    verbose_name = "Letters"
