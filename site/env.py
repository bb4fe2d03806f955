"""Typed readers for the environment variables that configure SafeContact.

Every variable the project reads goes through these helpers, and every one of them is
listed in the README's table with its default.
"""

import os

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str | None = None) -> str:
    value = os.environ.get(name)
    if value is None:
        if default is None:
            raise ImproperlyConfigured(f"Set the {name} environment variable.")
        return default
    return value


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}.")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None:
        return default
    try:
        return int(value)
    except ValueError as error:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from error


def env_choice(name: str, choices: list[str], default: str) -> str:
    value = os.environ.get(name)
    if value is None:
        return default
    chosen = value.strip().lower()
    if chosen not in choices:
        raise ImproperlyConfigured(f"{name} must be {' or '.join(choices)}, not {value!r}.")
    return chosen


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None:
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


def env_mapping(name: str, default: dict[str, str]) -> dict[str, str]:
    """Pairs written ``key=value,key=value`` (spaces around either are dropped), as for
    OIDC_ROLE_GROUPS: ``sc-managers=Manager,sc-staff=Staff``."""
    value = os.environ.get(name)
    if value is None:
        return dict(default)
    pairs = {}
    for item in value.split(","):
        if not item.strip():
            continue
        key, sep, mapped = item.partition("=")
        if not sep or not key.strip() or not mapped.strip():
            raise ImproperlyConfigured(
                f"{name} must be pairs written key=value, separated by commas, not {item!r}."
            )
        pairs[key.strip()] = mapped.strip()
    return pairs
