"""The demo organisation's settings: Parcours Location, the car-rental company of the seeds,
with its logo (demo_logo.png), colours, survey sender and privacy notice; and one webhook
subscription, paused, to a placeholder URL."""

from pathlib import Path

from django.core.files import File

from . import selectors, services
from .models import User, WebhookSubscription
from .roles import Role
from .scopes import EVENTS_WRITE
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


SERVICE_ACCOUNT = "crm-sync"
SERVICE_TOKEN = "CRM export"
WEBHOOK_URL = "https://crm.parcours-location.example/webhooks/parcours"
WEBHOOK_DESCRIPTION = {
    "en": "CRM (example): put its real address, then resume",
    "fr": "CRM (exemple) : indiquez sa vraie adresse, puis reprenez",
}


def load_demo(*, owner: User, language: str) -> str:
    """Sets the organisation up unless someone already named it, the CRM's service account
    and a paused webhook; returns the lines to print. The same in every language: the
    company's name and sender are its own, French ones."""
    return "\n".join(
        (_organisation(), _service_account_load(), _webhook(owner=owner, language=language))
    )


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


def _service_account_load() -> str:
    """The CRM's service account, of the integration role, with a token that may only post
    service events. Its secret is never printed: create one to use with api_token_create."""
    account, created = User.objects.get_or_create(
        username=SERVICE_ACCOUNT,
        defaults={"first_name": "CRM", "last_name": "sync", "email": "crm-sync@parcours.example"},
    )
    if created:
        account.set_unusable_password()
        account.save(update_fields=["password"])
    services.user_set_role(user=account, role=Role.INTEGRATION)
    if not account.api_tokens.filter(name=SERVICE_TOKEN).exists():
        services.api_token_create(
            user=account, name=SERVICE_TOKEN, expires_at=None, scopes=[EVENTS_WRITE]
        )
    return (
        f"Service account: {SERVICE_ACCOUNT} (integration), token “{SERVICE_TOKEN}” "
        f"({EVENTS_WRITE}); for a usable secret: python manage.py api_token_create "
        f"--user {SERVICE_ACCOUNT} --name … --scopes {EVENTS_WRITE}"
    )
