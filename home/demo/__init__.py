"""Demo content for a fictional council, for development and demonstrations only.

``manage.py load_demo_content`` asks each installed app, lowest layer first, for its
``demo`` module and calls its ``load(context)``: this one makes the accounts, the home
page and the council's details; the apps above add their own share. Each loader adds
only what is missing, so the command can run again safely.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from home.models import CouncilSettings, HomePage, ReconsiderationSettings

from . import content


@dataclass
class DemoContext:
    """What every app's loader is given: the demo password and authenticator key, a way
    to report each change, and the accounts made so far (for the closing summary)."""

    password: str
    report: object
    totp_key: str = ""
    accounts: list = field(default_factory=list)

    def user(self, username):
        return get_user_model().objects.get(username=username)

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
        user.set_password(self.password)
        user.save()
        self.report(f"created the account {username}")
        return user, True


def home_page():
    return HomePage.objects.filter(depth=2).first()


def load(context):
    """The accounts (one per role), the home page and the council's details."""
    admin = create_users(context)
    fill_home_page(home_page(), admin, context)
    fill_council_details(context)
    fill_reconsideration(context)


def create_users(context):
    """Create the superuser and one account per existing role."""
    admin, is_new = context.get_or_create_user(content.SUPERUSER, is_superuser=True)
    if is_new:
        context.accounts.append((admin, "superuser"))
    for group_name, username in content.DEMO_USERS.items():
        group = Group.objects.filter(name=group_name).first()
        if group is None:
            continue
        user, is_new = context.get_or_create_user(username)
        user.groups.add(group)
        if is_new:
            context.accounts.append((user, group_name))
    return admin


def fill_home_page(home, admin, context):
    home = home.specific
    if home.title == content.COUNCIL["name"] and home.body:
        return
    home.title = content.COUNCIL["name"]
    home.draft_title = home.title
    home.summary = content.HOME["summary"]
    home.body = content.HOME["body"]
    home.save_revision(user=admin).publish(user=admin)
    context.report("filled in and published the home page")


def fill_council_details(context):
    """Fill in the council's details, leaving alone anything already filled in. Posters
    and letters print them, so they come before the pages that do."""
    council = CouncilSettings.load()
    default_name = CouncilSettings._meta.get_field("name").default
    changed = False
    for name, value in content.COUNCIL.items():
        current = getattr(council, name)
        if not current or (name == "name" and current == default_name):
            setattr(council, name, value)
            changed = True
    if changed:
        council.save()
        context.report("filled in the council settings")


def fill_reconsideration(context):
    """The reconsideration wording letters and the policy share, if not yet written."""
    wording = ReconsiderationSettings.load()
    if wording.contact:
        return
    for name, value in content.RECONSIDERATION.items():
        setattr(wording, name, value)
    wording.save()
    context.report("filled in the reconsideration settings")


def demo_allowed():
    return getattr(settings, "DEMO_CONTENT_ALLOWED", False)
