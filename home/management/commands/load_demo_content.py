"""Load a fictional council's pages, settings and demo accounts, for development only."""

from base64 import b32encode

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from home.demo import content
from home.models import CouncilSettings, HomePage
from policy_pages.models import (
    CommitmentPage,
    PolicyPage,
    PosterIndexPage,
    PosterPage,
    PublishedVersion,
    StandardPage,
)
from reporting import demo as reporting_demo


class Command(BaseCommand):
    help = "Load demo content for a fictional council (development and test settings only)."

    def handle(self, *args, **options):
        if not getattr(settings, "DEMO_CONTENT_ALLOWED", False):
            raise CommandError(
                "Demo content is for development only: it adds accounts with a known "
                "password. Set DEMO_CONTENT_ALLOWED in the settings (the dev and test "
                "settings do) to load it."
            )
        home = HomePage.objects.filter(depth=2).first()
        if home is None:
            raise CommandError("There is no home page yet. Run `manage.py migrate` first.")

        self.changes = []
        with transaction.atomic():
            admin, accounts = self.create_users()
            self.fill_home_page(home, admin)
            commitment = self.load_commitment(home, admin)
            policy = self.load_policy(home, admin)
            accessibility = self.load_standard_page(home, admin, content.ACCESSIBILITY)
            privacy = self.load_standard_page(home, admin, content.PRIVACY)
            # Posters print the council's name, so the settings come first.
            self.fill_settings(policy, accessibility, privacy)
            self.load_posters(home, admin, policy)
            reporting_demo.load(password=settings.DEMO_PASSWORD, report=self.changes.append)
            demo_key = getattr(settings, "DEMO_TOTP_KEY", "")
            if demo_key:
                reporting_demo.load_authenticators(key_hex=demo_key, report=self.changes.append)

        if not self.changes:
            self.stdout.write("The demo content was already there; nothing was changed.")
            return
        for change in self.changes:
            self.stdout.write(f"- {change}")
        self.report_accounts(accounts)
        self.stdout.write(
            self.style.SUCCESS(
                f"Loaded demo content for {content.COUNCIL['name']}: "
                f"{commitment.url}, {policy.url}."
            )
        )

    # --- Accounts -----------------------------------------------------------------------

    def create_users(self):
        """Create the superuser and one account per existing role; return new accounts."""
        created = []
        admin, is_new = self.get_or_create_user(content.SUPERUSER, is_superuser=True)
        if is_new:
            created.append((admin, "superuser"))
        for group_name, username in content.DEMO_USERS.items():
            group = Group.objects.filter(name=group_name).first()
            if group is None:
                continue
            user, is_new = self.get_or_create_user(username)
            user.groups.add(group)
            if is_new:
                created.append((user, group_name))
        return admin, created

    def get_or_create_user(self, username, *, is_superuser=False):
        User = get_user_model()
        user = User.objects.filter(username=username).first()
        if user is not None:
            return user, False
        first_name, last_name = content.DEMO_NAMES.get(
            username, (username.split(".")[0].title(), "Demo")
        )
        user = User(
            username=username,
            email=f"{username}@fernhollow.example",
            first_name=first_name,
            last_name=last_name,
            is_staff=is_superuser,
            is_superuser=is_superuser,
        )
        user.set_password(settings.DEMO_PASSWORD)
        user.save()
        self.changes.append(f"created the account {username}")
        return user, True

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
            "Managers, decision makers, records officers and policy approvers also enter a "
            "code from an authenticator app. Add this key to one (the DEMO_TOTP_KEY "
            f"setting):\n  {secret}\n  otpauth://totp/SafeContact%3Ademo?secret={secret}"
            "&issuer=SafeContact"
        )

    # --- Pages --------------------------------------------------------------------------

    def fill_home_page(self, home, admin):
        home = home.specific
        if home.title == content.COUNCIL["name"] and home.body:
            return
        home.title = content.COUNCIL["name"]
        home.draft_title = home.title
        home.summary = content.HOME["summary"]
        home.body = content.HOME["body"]
        home.save_revision(user=admin).publish(user=admin)
        self.changes.append("filled in and published the home page")

    def child(self, home, slug):
        return home.get_children().filter(slug=slug).specific().first()

    def create_child(self, home, page):
        page.live = False
        home.add_child(instance=page)
        self.changes.append(f"created the page /{page.slug}/")
        return page

    def publish(self, page, admin, change_note=None):
        if change_note is not None:
            page.change_note = change_note
        revision = page.save_revision(user=admin)
        revision.publish(user=admin)
        return type(page).objects.get(pk=page.pk)

    def version_count(self, page):
        return PublishedVersion.objects.filter(page_id=page.pk).count()

    def load_commitment(self, home, admin):
        data = content.COMMITMENT
        page = self.child(home, data["slug"])
        if page is None:
            page = self.create_child(
                home,
                CommitmentPage(
                    title=data["title"],
                    slug=data["slug"],
                    summary=data["summary"],
                    show_in_menus=True,
                    what_to_expect=data["what_to_expect"],
                    how_you_can_help=data["how_you_can_help"],
                    feedback=data["feedback"],
                ),
            )
        if self.version_count(page) == 0:
            page = self.publish(page, admin, data["change_note"])
            self.changes.append(f"published version 1 of /{page.slug}/")
        return page

    def load_policy(self, home, admin):
        data = content.POLICY
        first = data["versions"][0]
        page = self.child(home, data["slug"])
        if page is None:
            page = self.create_child(
                home,
                PolicyPage(
                    title=data["title"],
                    slug=data["slug"],
                    summary=data["summary"],
                    show_in_menus=True,
                    body=first["body"],
                ),
            )
        # Publish whichever of the versions this page does not have yet, in order.
        for number, version in enumerate(data["versions"], start=1):
            if self.version_count(page) >= number:
                continue
            draft = page.get_latest_revision_as_object()
            draft.body = version["body"]
            page = self.publish(draft, admin, version["change_note"])
            self.changes.append(f"published version {number} of /{page.slug}/")
        return page

    def load_posters(self, home, admin, policy):
        data = content.POSTER_INDEX
        index = self.child(home, data["slug"])
        if index is None:
            index = self.create_child(
                home,
                PosterIndexPage(
                    title=data["title"],
                    slug=data["slug"],
                    summary=data["summary"],
                    show_in_menus=True,
                ),
            )
        if not index.live:
            index = self.publish(index, admin)
            self.changes.append(f"published /{index.slug}/")
        for poster in content.POSTERS:
            page = self.child(index, poster["slug"])
            if page is None:
                page = self.create_child(
                    index,
                    PosterPage(
                        title=poster["title"],
                        slug=poster["slug"],
                        theme=poster["theme"],
                        policy_page=policy,
                        **{k: v for k, v in poster["versions"][0].items() if k != "change_note"},
                    ),
                )
            for number, version in enumerate(poster["versions"], start=1):
                if self.version_count(page) >= number:
                    continue
                draft = page.get_latest_revision_as_object()
                for field, value in version.items():
                    setattr(draft, field, value)
                page = self.publish(draft, admin, version["change_note"])
                self.changes.append(f"published version {number} of the poster {page.slug}")

    def load_standard_page(self, home, admin, data):
        page = self.child(home, data["slug"])
        if page is None:
            page = self.create_child(
                home,
                StandardPage(
                    title=data["title"],
                    slug=data["slug"],
                    summary=data["summary"],
                    show_in_menus=False,
                    body=data["body"],
                ),
            )
        if not page.live:
            page = self.publish(page, admin)
            self.changes.append(f"published /{page.slug}/")
        return page

    # --- Settings -----------------------------------------------------------------------

    def fill_settings(self, policy, accessibility, privacy):
        """Fill in the council's details, leaving alone anything already filled in."""
        council = CouncilSettings.load()
        default_name = CouncilSettings._meta.get_field("name").default
        changed = False
        for field, value in content.COUNCIL.items():
            current = getattr(council, field)
            if not current or (field == "name" and current == default_name):
                setattr(council, field, value)
                changed = True
        links = {
            "cited_policy_page": policy,
            "accessibility_page": accessibility,
            "privacy_page": privacy,
        }
        for field, page in links.items():
            if getattr(council, f"{field}_id") is None:
                setattr(council, field, page)
                changed = True
        if changed:
            council.save()
            self.changes.append("filled in the council settings")
