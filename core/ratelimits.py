"""Client addresses and rates for django-ratelimit, django-axes and the login and password-reset
limits, read from the settings at request time (tests can change them)."""

import ipaddress

from django.conf import settings

_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def client_ip(request) -> str:
    """The client's address: REMOTE_ADDR, or behind TRUSTED_PROXY_COUNT reverse proxies that each
    append the address they see to X-Forwarded-For, the entry the outermost one appended.
    Entries further left are whatever the client sent, so never trusted (DRF's NUM_PROXIES
    reads the header the same way)."""
    remote_addr = request.META.get("REMOTE_ADDR", "")
    proxies = settings.TRUSTED_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if not proxies or not forwarded:
        return remote_addr
    entries = forwarded.split(",")
    candidate = entries[-min(proxies, len(entries))].strip()
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote_addr


def rate_period_seconds(rate: str) -> int:
    """The window of a django-ratelimit rate: "10/m" -> 60, "3/2h" -> 7200."""
    period = rate.partition("/")[2]
    return int(period[:-1] or 1) * _SECONDS[period[-1]]


def survey_rate(group, request) -> str:
    """How many survey answers one client IP may post, e.g. "30/m"."""
    return settings.SURVEY_RATE_LIMIT


def login_username_rate(group, request) -> str:
    """How many login attempts one username may get, from all addresses together."""
    return settings.LOGIN_RATE_PER_USERNAME


def login_username(group, request) -> str:
    """The username being tried, as the user would see it (case and spaces do not count)."""
    return request.POST.get("username", "").strip().casefold()


def password_reset_address_rate(group, request) -> str:
    """How many reset e-mails one address may be sent, whoever asks."""
    return settings.PASSWORD_RESET_RATE_PER_ADDRESS


def password_reset_client_rate(group, request) -> str:
    """How many password resets one client IP may ask for, whatever the addresses."""
    return settings.PASSWORD_RESET_RATE_PER_CLIENT


def password_reset_address(group, request) -> str:
    """The address a reset is asked for (case and spaces do not count)."""
    return request.POST.get("email", "").strip().casefold()


def share_link_password_rate(group, request) -> str:
    """How many passwords one client IP may try on the shared maps' password form."""
    return settings.SHARE_LINK_PASSWORD_RATE
