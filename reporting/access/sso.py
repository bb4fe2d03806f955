"""Staff single sign-on with OpenID Connect, through mozilla-django-oidc.

When OIDC_RP_CLIENT_ID is set (settings/sso.py), staff and the Wagtail admin sign in with
their council account at the council's identity provider:

- The first sign-in makes the account; every sign-in sets the person's roles from the
  provider's groups (OIDC_GROUPS_CLAIM, mapped by OIDC_ROLE_GROUPS). Only the mapped
  groups change; superuser is never given. Someone whose groups give no role is refused.
- When the ID token says the provider asked for a second factor (its ``amr`` claim holds
  one of OIDC_MFA_AMR), that counts as ours: the session is verified, and the time the
  provider signed them in counts as their last code (for "Confirm it's you"). Otherwise
  our own authenticator code is asked for, as with a password.
- Leavers: each signed-in session asks the provider every OIDC_RECHECK_SECONDS, with the
  refresh token it gave at sign-in, whether it still knows the person; the daily job asks
  the same for every account made this way. When the provider refuses the refresh token
  (``invalid_grant``: the person is removed or switched off there), or their groups give
  no role any more, the account is switched off, every one of its sessions ends, and the
  audit trail records it. A later single sign-on with a role switches it back on.
- Password sign-in is refused to everyone but superusers (the break-glass administrator)
  while single sign-on is on; without it, passwords work as before.
"""

import logging
import time
from urllib.parse import parse_qsl, urlencode

import requests
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, logout
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group
from django.contrib.auth.views import redirect_to_login
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, SuspiciousOperation
from django.db import transaction
from django.utils import timezone
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.utils import import_from_settings

from . import audit
from .enums import AuditAction
from .models import SingleSignOnAccount

logger = logging.getLogger(__name__)

# The session's last check with the provider (seconds since the epoch). Its presence
# marks a session signed in by single sign-on.
CHECKED_AT_SESSION_KEY = "sso_checked_at"
# When this session last went to the provider to sign in afresh for "Confirm it's you".
FRESH_ASKED_AT_SESSION_KEY = "sso_fresh_asked_at"
# Settings the provider's discovery document can give.
DISCOVERED = {
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "authorization_endpoint",
    "OIDC_OP_TOKEN_ENDPOINT": "token_endpoint",
    "OIDC_OP_USER_ENDPOINT": "userinfo_endpoint",
    "OIDC_OP_JWKS_ENDPOINT": "jwks_uri",
    "OIDC_OP_ISSUER": "issuer",
}
DISCOVERY_CACHE_SECONDS = 3600
# Two checks of one account closer together than this are one check (two requests of the
# same session at once, say).
CHECK_AGAIN_AFTER_SECONDS = 30

# What a check with the provider found.
KEPT = "kept"
LEFT = "left"
UNREACHABLE = "unreachable"
UNCHECKED = "unchecked"

LEFT_NOTE = "Signed out and switched off: the council's sign-in no longer knows them"
NO_ROLE_NOTE = "Signed out and switched off: no group gives them a role"


class SignOnRefused(Exception):
    """A single sign-on the site refuses; ``reason`` picks the page's words."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


def enabled() -> bool:
    return bool(getattr(settings, "SSO_ENABLED", False))


def _discovery() -> dict:
    url = getattr(settings, "OIDC_OP_DISCOVERY", "")
    if not url:
        return {}
    key = f"sso-discovery:{url}"
    document = cache.get(key)
    if document is None:
        response = requests.get(url, timeout=getattr(settings, "OIDC_TIMEOUT", 10))
        response.raise_for_status()
        document = response.json()
        cache.set(key, document, DISCOVERY_CACHE_SECONDS)
    return document


def setting(name, *default):
    """An OIDC setting: the endpoints and issuer from their own variable when it is set,
    else from the provider's discovery document."""
    if name in DISCOVERED:
        value = getattr(settings, name, "") or _discovery().get(DISCOVERED[name], "")
        if value or name in ("OIDC_OP_ISSUER", "OIDC_OP_USER_ENDPOINT"):
            return value
        raise ImproperlyConfigured(f"Set {name} or OIDC_OP_DISCOVERY for single sign-on.")
    return import_from_settings(name, *default)


def query_params(text: str) -> dict:
    return dict(parse_qsl(text or "", keep_blank_values=True))


# --- Roles from groups ----------------------------------------------------------------


def managed_roles() -> set[str]:
    """The role names single sign-on gives and takes away: those OIDC_ROLE_GROUPS names."""
    return set(getattr(settings, "OIDC_ROLE_GROUPS", {}).values())


def roles_for(claims) -> set[str]:
    """Our roles for the provider's groups: the mapped ones only."""
    groups = claims.get(getattr(settings, "OIDC_GROUPS_CLAIM", "groups")) or []
    if isinstance(groups, str):
        groups = [groups]
    mapping = getattr(settings, "OIDC_ROLE_GROUPS", {})
    return {mapping[group] for group in groups if isinstance(group, str) and group in mapping}


def set_roles(user, roles: set[str]) -> None:
    """Give ``user`` exactly ``roles`` among the managed ones; others stay as they are."""
    managed = managed_roles()
    current = set(user.groups.filter(name__in=managed).values_list("name", flat=True))
    if current == roles:
        return
    found = {group.name: group for group in Group.objects.filter(name__in=roles)}
    for missing in sorted(roles - set(found)):
        logger.warning("OIDC_ROLE_GROUPS names %r, which is not a role here", missing)
    user.groups.remove(*Group.objects.filter(name__in=current - roles))
    user.groups.add(*found.values())
    audit.record(
        actor=None,
        action=AuditAction.CHANGE,
        obj=user,
        note="Roles from single sign-on: " + (", ".join(sorted(found)) or "none"),
    )


def second_factor_asserted(claims) -> bool:
    """Whether the provider says it asked for a second factor (the ``amr`` claim)."""
    methods = claims.get("amr") or []
    if isinstance(methods, str):
        methods = [methods]
    accepted = {method.lower() for method in getattr(settings, "OIDC_MFA_AMR", [])}
    return any(isinstance(method, str) and method.lower() in accepted for method in methods)


def not_a_password_guess(request, credentials) -> bool:
    """For django-axes (AXES_WHITELIST_CALLABLE): the return from the provider is not a
    password to count towards a lock-out. Refusals there (no role, say) would otherwise
    lock everyone behind the same address out of single sign-on."""
    credentials = credentials or {}
    return "nonce" in credentials and not credentials.get("password")


# --- Switching off leavers --------------------------------------------------------------


def mark_left(account, note=LEFT_NOTE) -> None:
    """Switch the account off and end all its sessions (on every app server), and record
    why in the audit trail."""
    user = account.user
    with transaction.atomic():
        was_active = user.is_active
        user.is_active = False
        # A new unusable password changes the hash every session of the account carries,
        # so Django ends them all at their next request.
        user.set_unusable_password()
        user.save(update_fields=["is_active", "password"])
        user.groups.remove(*Group.objects.filter(name__in=managed_roles()))
        account.refresh_token = ""
        account.checked_at = timezone.now()
        if was_active or account.left_at is None:
            account.left_at = timezone.now()
        account.save(update_fields=["refresh_token", "checked_at", "left_at"])
        if was_active:
            audit.record(actor=None, action=AuditAction.CHANGE, obj=user, note=note)


def _post_token(data):
    return requests.post(
        setting("OIDC_OP_TOKEN_ENDPOINT"),
        data={
            **data,
            "client_id": settings.OIDC_RP_CLIENT_ID,
            "client_secret": settings.OIDC_RP_CLIENT_SECRET,
        },
        timeout=getattr(settings, "OIDC_TIMEOUT", 10),
    )


def _refused_grant(response) -> bool:
    """Whether the provider refused the refresh token itself (the person removed or
    switched off there, or their grant withdrawn), as opposed to failing or refusing us."""
    if response.status_code not in (400, 401):
        return False
    try:
        return response.json().get("error") == "invalid_grant"
    except ValueError:
        return False


def check_account(account) -> str:
    """Ask the provider, with the account's refresh token, whether it still knows the
    person and which groups they are in; switch the account off if not. Answers KEPT,
    LEFT, UNREACHABLE (the provider did not answer, or refused us: nothing changes) or
    UNCHECKED (the provider gave no refresh token to check with)."""
    with transaction.atomic():
        account = (
            SingleSignOnAccount.objects.select_for_update()
            .select_related("user")
            .get(pk=account.pk)
        )
        if not account.user.is_active:
            return LEFT
        if not account.refresh_token:
            return UNCHECKED
        if account.checked_at and (
            (timezone.now() - account.checked_at).total_seconds() < CHECK_AGAIN_AFTER_SECONDS
        ):
            return KEPT
        try:
            response = _post_token(
                {"grant_type": "refresh_token", "refresh_token": account.refresh_token}
            )
        except requests.RequestException:
            logger.warning("The identity provider could not be reached to check an account")
            return UNREACHABLE
        if _refused_grant(response):
            mark_left(account)
            return LEFT
        if response.status_code != 200:
            logger.warning(
                "The identity provider answered %s to an account check", response.status_code
            )
            return UNREACHABLE
        tokens = response.json()
        try:
            backend = SingleSignOnBackend()
            if not backend.configure():
                return UNREACHABLE
            claims = backend.claims_from_tokens(tokens)
        except (requests.RequestException, SuspiciousOperation):
            logger.warning("The identity provider's answer to an account check was not usable")
            return UNREACHABLE
        if claims.get("sub") not in (None, account.subject):
            logger.warning("The identity provider answered an account check for someone else")
            return UNREACHABLE
        if getattr(settings, "OIDC_GROUPS_CLAIM", "groups") in claims:
            roles = roles_for(claims)
            if not roles:
                mark_left(account, NO_ROLE_NOTE)
                return LEFT
            set_roles(account.user, roles)
        # Without the groups (a provider that puts them only in the first ID token), the
        # roles stay as the last sign-in set them.
        account.refresh_token = tokens.get("refresh_token") or account.refresh_token
        account.checked_at = timezone.now()
        account.save(update_fields=["refresh_token", "checked_at"])
        return KEPT


def check_every_account():
    """The daily job's part: check each active account made by single sign-on. Answers
    a count for each outcome."""
    counts = {KEPT: 0, LEFT: 0, UNREACHABLE: 0, UNCHECKED: 0}
    if not enabled():
        return counts
    accounts = SingleSignOnAccount.objects.filter(user__is_active=True).order_by("pk")
    for account in accounts:
        counts[check_account(account)] += 1
    return counts


def daily_line(counts) -> str:
    if not enabled():
        return ""
    checked = sum(counts.values())
    return (
        f"single sign-on: {checked} account{'s' if checked != 1 else ''} checked, "
        f"{counts[LEFT]} switched off, "
        f"{counts[UNREACHABLE] + counts[UNCHECKED]} could not be checked"
    )


# --- The backend --------------------------------------------------------------------------


class SingleSignOnBackend(OIDCAuthenticationBackend):
    """Signs people in from the provider's answer; inert while single sign-on is off.

    While it is on, it also refuses password sign-in to anyone but a superuser (it comes
    before Django's ModelBackend, and refusing stops the sign-in there)."""

    def __init__(self, *args, **kwargs):
        # The provider's settings are read (and its discovery document fetched) only for
        # a single sign-on, never for a password: the break-glass sign-in is for when the
        # provider is down.
        self.UserModel = get_user_model()
        self.enabled = enabled()
        self.configured = False

    def configure(self) -> bool:
        """Read the provider's settings; False when its discovery document cannot be read
        (single sign-on fails for now)."""
        if not self.configured:
            try:
                super().__init__()
            except requests.RequestException:
                logger.warning("The identity provider's discovery document could not be read")
                return False
            self.configured = True
        return True

    @staticmethod
    def get_settings(attr, *args):
        return setting(attr, *args)

    def authenticate(self, request, username=None, password=None, **kwargs):
        if not self.enabled:
            return None
        if password is not None or username is not None:
            self._refuse_password_unless_superuser(username, kwargs)
            return None
        self.tokens = {}
        if not self.configure():
            if request is not None and request.GET.get("code"):
                request.sso_refused = "failed"
            return None
        try:
            return super().authenticate(request, **kwargs)
        except SignOnRefused as refused:
            request.sso_refused = refused.reason
            return None
        except (requests.RequestException, SuspiciousOperation) as error:
            logger.warning("Single sign-on failed: %s", type(error).__name__)
            request.sso_refused = "failed"
            return None

    def _refuse_password_unless_superuser(self, username, kwargs):
        username = username or kwargs.get(self.UserModel.USERNAME_FIELD)
        user = self.UserModel._default_manager.filter(
            **{self.UserModel.USERNAME_FIELD: username or ""}
        ).first()
        if user is None or not user.is_superuser:
            raise PermissionDenied("Only the break-glass administrator signs in with a password")

    def get_user(self, user_id):
        # ModelBackend's: a switched-off account's sessions are signed out.
        return ModelBackend.get_user(self, user_id)

    def get_all_permissions(self, user_obj, obj=None):
        # Permissions are Django's ModelBackend's to answer, once.
        return set()

    def get_token(self, payload):
        self.tokens = super().get_token(payload)
        return self.tokens

    def verify_token(self, token, **kwargs):
        payload = super().verify_token(token, **kwargs)
        audience = payload.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        if self.OIDC_RP_CLIENT_ID not in audiences:
            raise SuspiciousOperation("The ID token is for another client")
        issuer = setting("OIDC_OP_ISSUER")
        if issuer and payload.get("iss") != issuer:
            raise SuspiciousOperation("The ID token is from another issuer")
        return payload

    def get_userinfo(self, access_token, id_token, payload):
        """The ID token's claims with the userinfo endpoint's over them (Entra ID, for
        one, puts the groups only in the ID token)."""
        claims = dict(payload)
        if self.OIDC_OP_USER_ENDPOINT:
            userinfo = super().get_userinfo(access_token, id_token, payload)
            if userinfo.get("sub", payload.get("sub")) != payload.get("sub"):
                raise SuspiciousOperation("The userinfo is about someone else")
            claims.update(userinfo)
        # How and when the person signed in come from the ID token alone.
        for name in ("amr", "auth_time"):
            if name in payload:
                claims[name] = payload[name]
            else:
                claims.pop(name, None)
        return claims

    def claims_from_tokens(self, tokens) -> dict:
        """The claims in a refresh's answer: its ID token, if any, and the userinfo."""
        payload = {}
        if tokens.get("id_token"):
            token = tokens["id_token"]
            key = self.OIDC_RP_IDP_SIGN_KEY or self.retrieve_matching_jwk(token)
            payload = self.get_payload_data(token, key)
            if self.OIDC_RP_CLIENT_ID not in (
                payload.get("aud")
                if isinstance(payload.get("aud"), list)
                else [payload.get("aud")]
            ):
                raise SuspiciousOperation("The ID token is for another client")
        if self.OIDC_OP_USER_ENDPOINT and tokens.get("access_token"):
            userinfo = OIDCAuthenticationBackend.get_userinfo(
                self, tokens["access_token"], tokens.get("id_token"), payload
            )
            if payload and userinfo.get("sub", payload.get("sub")) != payload.get("sub"):
                raise SuspiciousOperation("The userinfo is about someone else")
            payload = {**payload, **userinfo}
        return payload

    def verify_claims(self, claims):
        return bool(claims.get("sub"))

    def get_or_create_user(self, access_token, id_token, payload):
        claims = self.get_userinfo(access_token, id_token, payload)
        if not self.verify_claims(claims):
            raise SuspiciousOperation("The provider gave no subject")
        roles = roles_for(claims)
        with transaction.atomic():
            account = (
                SingleSignOnAccount.objects.select_for_update()
                .select_related("user")
                .filter(subject=claims["sub"])
                .first()
            )
            if account is not None and not account.user.is_active and account.left_at is None:
                # Switched off here by hand: single sign-on does not undo that.
                raise SignOnRefused("switched off")
            if not roles:
                if account is not None and account.user.is_active:
                    mark_left(account, NO_ROLE_NOTE)
                user = None
            elif account is None:
                user = self.create_user(claims)
                account = SingleSignOnAccount.objects.create(user=user, subject=claims["sub"])
            else:
                user = self.update_user(account.user, claims)
            if user is not None:
                set_roles(user, roles)
                account.refresh_token = self.tokens.get("refresh_token") or ""
                account.checked_at = timezone.now()
                account.left_at = None
                account.save()
        if user is None:
            # Refused after the block, so that switching the account off is kept.
            raise SignOnRefused("no role")
        self.request.sso_claims = {
            "second_factor": second_factor_asserted(claims),
            "auth_time": claims.get("auth_time"),
        }
        return user

    def _username(self, claims):
        wanted = (claims.get("preferred_username") or claims.get("email") or "").strip()
        taken = self.UserModel._default_manager.filter(username__iexact=wanted).exists()
        if not wanted or taken:
            wanted = f"sso-{claims['sub']}"
        return wanted[:150]

    def create_user(self, claims):
        user = self.UserModel.objects.create_user(
            self._username(claims),
            email=claims.get("email") or "",
            first_name=(claims.get("given_name") or "")[:150],
            last_name=(claims.get("family_name") or "")[:150],
        )
        if not (user.first_name or user.last_name) and claims.get("name"):
            user.first_name = claims["name"][:150]
            user.save(update_fields=["first_name"])
        audit.record(
            actor=None,
            action=AuditAction.CREATE,
            obj=user,
            note="Account made at first single sign-on",
        )
        return user

    def update_user(self, user, claims):
        changed = []
        values = {
            "email": claims.get("email") or user.email,
            "first_name": (claims.get("given_name") or user.first_name)[:150],
            "last_name": (claims.get("family_name") or user.last_name)[:150],
        }
        if not user.is_active:
            # Switched off as a leaver; the provider knows them again, with a role.
            values["is_active"] = True
        for name, value in values.items():
            if getattr(user, name) != value:
                setattr(user, name, value)
                changed.append(name)
        if changed:
            user.save(update_fields=changed)
            if "is_active" in changed:
                audit.record(
                    actor=None,
                    action=AuditAction.CHANGE,
                    obj=user,
                    note="Switched back on by single sign-on",
                )
        return user


# --- The session check ---------------------------------------------------------------------


class SingleSignOnCheckMiddleware:
    """Every OIDC_RECHECK_SECONDS, asks the provider whether it still knows the person
    signed in to this session; signs them out (the account is switched off) if not."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if enabled() and request.user.is_authenticated:
            checked_at = request.session.get(CHECKED_AT_SESSION_KEY)
            interval = getattr(settings, "OIDC_RENEW_ID_TOKEN_EXPIRY_SECONDS", 900)
            if isinstance(checked_at, int | float) and time.time() - checked_at >= interval:
                request.session[CHECKED_AT_SESSION_KEY] = time.time()
                if self._has_left(request.user):
                    return self.sign_out(request)
        return self.get_response(request)

    def _has_left(self, user) -> bool:
        account = SingleSignOnAccount.objects.filter(user=user).first()
        return account is not None and check_account(account) == LEFT

    def sign_out(self, request):
        logout(request)
        from .two_factor import PROTECTED_PREFIXES

        if not request.path.startswith(PROTECTED_PREFIXES):
            return self.get_response(request)
        messages.info(
            request,
            "You have been signed out because your council account no longer gives you "
            "access to SafeContact.",
        )
        return redirect_to_login(request.get_full_path())


def fresh_sign_in_url(next_url: str) -> str:
    """The way to the provider to sign in afresh, coming back to ``next_url``."""
    from django.urls import reverse

    return f"{reverse('staff:sso_start')}?{urlencode({'next': next_url, 'fresh': '1'})}"
