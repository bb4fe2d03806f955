from django.apps import AppConfig


class PolicyPagesConfig(AppConfig):
    name = "policy_pages"
    verbose_name = "Policy pages"

    def ready(self):
        from . import signals  # noqa: F401  (connects the version recorder)
