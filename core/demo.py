"""The demo organisation's settings: Parcours Location, the car-rental company of the seeds,
with its logo (demo_logo.png), colours, survey sender and privacy notice."""

from pathlib import Path

from django.core.files import File

from . import selectors, services
from .models import User

LOGO = Path(__file__).resolve().parent / "demo_logo.png"
ORGANISATION = {
    "name": "Parcours Location",
    "sender_name": "Parcours Location — Service client",
    "sender_email": "service-client@parcours-location.example",
    "primary_colour": "#0f4c81",
    "accent_colour": "#f2a900",
    "privacy_notice_url": "https://parcours-location.example/confidentialite",
}


def load_demo(*, owner: User, language: str) -> str:
    """Sets the organisation up unless someone already named it; returns the line to print.
    The same in every language: the company's name and sender are its own, French ones."""
    if selectors.organisation_stored().name:
        return "Demo organisation: already set up"
    with LOGO.open("rb") as logo:
        services.organisation_update(data=ORGANISATION, logo=File(logo, name=LOGO.name))
    return f"Demo organisation: {ORGANISATION['name']}, with its logo"
