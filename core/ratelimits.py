"""Rates for django-ratelimit, read from the settings at request time (tests can change them)."""

from django.conf import settings


def survey_rate(group, request) -> str:
    """How many survey answers one client IP may post, e.g. "30/m"."""
    return settings.SURVEY_RATE_LIMIT
