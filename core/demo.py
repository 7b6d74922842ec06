"""The demo organisation's settings: Parcours Location, the car-rental company of the seeds,
with its logo (demo_logo.png), colours, survey sender and privacy notice; and one webhook
subscription, paused, to a placeholder URL."""

from pathlib import Path

from django.core.files import File

from . import selectors, services
from .models import User, WebhookSubscription
from .webhooks import services as webhook_services

LOGO = Path(__file__).resolve().parent / "demo_logo.png"
ORGANISATION = {
    "name": "Parcours Location",
    "sender_name": "Parcours Location — Service client",
    "sender_email": "service-client@parcours-location.example",
    "primary_colour": "#0f4c81",
    "accent_colour": "#f2a900",
    "privacy_notice_url": "https://parcours-location.example/confidentialite",
}


WEBHOOK_URL = "https://crm.parcours-location.example/webhooks/parcours"
WEBHOOK_DESCRIPTION = {
    "en": "CRM (example): put its real address, then resume",
    "fr": "CRM (exemple) : indiquez sa vraie adresse, puis reprenez",
}


def load_demo(*, owner: User, language: str) -> str:
    """Sets the organisation up unless someone already named it; returns the lines to print.
    The same in every language: the company's name and sender are its own, French ones."""
    return f"{_organisation()}\n{_webhook(owner=owner, language=language)}"


def _organisation() -> str:
    if selectors.organisation_stored().name:
        return "Demo organisation: already set up"
    with LOGO.open("rb") as logo:
        services.organisation_update(data=ORGANISATION, logo=File(logo, name=LOGO.name))
    return f"Demo organisation: {ORGANISATION['name']}, with its logo"


def _webhook(*, owner: User, language: str) -> str:
    """Paused: the placeholder URL receives nothing until someone puts a real one."""
    if WebhookSubscription.objects.filter(url=WEBHOOK_URL).exists():
        return "Demo webhook: already there"
    webhook_services.subscription_create(
        owner=owner,
        url=WEBHOOK_URL,
        description=WEBHOOK_DESCRIPTION[language],
        event_types=["case.opened", "case.resolved", "response.created"],
        is_active=False,
    )
    return "Demo webhook: one subscription, paused"
