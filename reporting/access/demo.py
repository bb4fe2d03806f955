"""The demo council's services, its two managers and the demo authenticator. Everyone
here is invented."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import two_factor
from .enums import Role
from .models import ServiceArea

SERVICE_AREAS = [
    "Housing",
    "Council tax and benefits",
    "Waste and recycling",
    "Planning",
    "Libraries",
]

# Which demo account manages which service areas.
MANAGERS = {
    "housing.manager": ["Housing", "Council tax and benefits"],
    "waste.manager": ["Waste and recycling", "Planning", "Libraries"],
}


# A second decision maker, who took no part in the demo decision, so the demo can show a
# reconsideration decided by someone independent.
PANEL_CHAIR = "panel.chair"


def load(context):
    areas = {}
    for name in SERVICE_AREAS:
        areas[name], created = ServiceArea.objects.get_or_create(name=name)
        if created:
            context.report(f"created the service area {name}")
    managers = Group.objects.get(name=Role.MANAGER)
    for username, names in MANAGERS.items():
        user, _ = context.get_or_create_user(username)
        user.groups.add(managers)
        for name in names:
            areas[name].managers.add(user)
    chair, _ = context.get_or_create_user(PANEL_CHAIR)
    chair.groups.add(Group.objects.get(name=Role.DECISION_MAKER))
    if context.totp_key:
        load_authenticators(key_hex=context.totp_key, report=context.report)


def load_authenticators(*, key_hex, report):
    """Give each demo account that needs a second factor an authenticator with ``key_hex``.

    One known key for every account, so a developer adds it to an app once. Which
    accounts need one is ``two_factor.must_use_second_factor``'s answer (every role but
    plain Staff, and the superuser).
    """
    User = get_user_model()
    for user in User.objects.order_by("username"):
        if not two_factor.must_use_second_factor(user):
            continue
        if two_factor.confirmed_authenticator(user) is not None:
            continue
        TOTPDevice.objects.create(
            user=user, name=two_factor.AUTHENTICATOR_NAME, key=key_hex, confirmed=True
        )
        report(f"set up the demo authenticator for {user.username}")
