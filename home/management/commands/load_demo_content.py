"""Load a fictional council's pages, settings, records and demo accounts, for development
only. Each installed app adds its own share through its ``demo`` module."""

from base64 import b32encode
from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from home.demo import DemoContext, content, demo_allowed, home_page


def demo_loaders():
    """Each installed app's ``demo.load``, in the order of INSTALLED_APPS: the lowest
    layer first, so each app finds what the ones below it made."""
    for config in apps.get_app_configs():
        name = f"{config.name}.demo"
        if find_spec(config.name) is None or find_spec(name) is None:
            continue
        module = import_module(name)
        if hasattr(module, "load"):
            yield module.load


class Command(BaseCommand):
    help = "Load demo content for a fictional council (development and test settings only)."

    def handle(self, *args, **options):
        if not demo_allowed():
            raise CommandError(
                "Demo content is for development only: it adds accounts with a known "
                "password. Set DEMO_CONTENT_ALLOWED in the settings (the dev and test "
                "settings do) to load it."
            )
        if home_page() is None:
            raise CommandError("There is no home page yet. Run `manage.py migrate` first.")

        changes = []
        context = DemoContext(
            password=settings.DEMO_PASSWORD,
            report=changes.append,
            totp_key=getattr(settings, "DEMO_TOTP_KEY", ""),
        )
        with transaction.atomic():
            for load in demo_loaders():
                load(context)

        if not changes:
            self.stdout.write("The demo content was already there; nothing was changed.")
            return
        for change in changes:
            self.stdout.write(f"- {change}")
        self.report_accounts(context.accounts)
        home = home_page()
        pages = [page.url for page in home.get_children().live().filter(show_in_menus=True)[:2]]
        self.stdout.write(
            self.style.SUCCESS(
                f"Loaded demo content for {content.COUNCIL['name']}: {', '.join(pages)}."
            )
        )

    def report_accounts(self, accounts):
        if not accounts:
            return
        self.stdout.write(
            "Demo accounts (staff sign in at /staff/, editors at /admin/; "
            "the password is the DEMO_PASSWORD setting):"
        )
        for user, role in accounts:
            self.stdout.write(f"  {user.username:<18} {role:<18} {user.get_full_name()}")
        self.report_authenticator()

    def report_authenticator(self):
        demo_key = getattr(settings, "DEMO_TOTP_KEY", "")
        if not demo_key:
            return
        secret = b32encode(bytes.fromhex(demo_key)).decode()
        self.stdout.write(
            "Every account but plain Staff and the comms editor (the superuser included) "
            "also enters a code from an authenticator app. Add this key to one (the DEMO_TOTP_KEY "
            f"setting):\n  {secret}\n  otpauth://totp/SafeContact%3Ademo?secret={secret}"
            "&issuer=SafeContact"
        )
